"""Staff pages of the journal: a case's notes (filters, search, pages), a note with its versions,
a new note, a correction, the child's words filed from a note, and a search across the user's
cases. Every page gets the case from ``stemme.access`` (404 when not visible; logged)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.audit import services as audit
from stemme.core.conflicts import edit_save
from stemme.core.forms import apply_errors, tidy_choices
from stemme.core.idempotency import once_per_token
from stemme.journal import selectors, services
from stemme.journal.forms import CorrectionForm, FilterForm, NoteForm, SearchForm, WordsForm
from stemme.journal.models import JournalNote

LIST_PURPOSE = "case_overview"
NOTE_PURPOSE = "case_step"
SEARCH_PURPOSE = "child_search"


def _note(case, note_id) -> JournalNote:
    note = selectors.note_of_case(case=case, note_id=note_id)
    if note is None:
        raise access.nested_refused(
            under=case,
            kind="journal_note",
            nested_id=note_id,
            purpose=NOTE_PURPOSE,
            own=JournalNote.objects.filter(case=case),
        )
    return note


def _note_url(case, note) -> str:
    return reverse("journal:detail", kwargs={"case_id": case.pk, "note_id": note.pk})


@require_GET
@staff_with_child_access
def note_list(request, case_id):
    """The case's journal, newest first: filters, search in subject and text, pages of 50."""
    case = access.access_case_by_id(request.user, case_id, purpose=LIST_PURPOSE)
    filter_form = FilterForm(request.GET or None)
    filters = filter_form.filters() if request.GET else {}
    paginator = Paginator(selectors.notes_for_case(case=case, **filters), settings.STEMME_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("side"))
    query = QueryDict(mutable=True)
    query.update({key: value for key, value in request.GET.items() if key in filter_form.fields})
    return render(
        request,
        "journal/note_list.html",
        {
            "case": case,
            "child": case.child,
            "filter_form": filter_form,
            "filtered": any(value not in ("", None) for value in filters.values()),
            "page": page,
            "query": query.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def note_new(request, case_id):
    case = access.access_case_by_id(request.user, case_id, purpose=NOTE_PURPOSE)
    persons = selectors.persons_of_child(child=case.child)
    form = NoteForm(request.POST or None, persons=persons)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.note_write(
                actor=request.user, case=case, **form.content(), **form.words()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The journal note is saved."))
            return redirect(_note_url(case, note))
    tidy_choices(form)
    return render(
        request, "journal/note_form.html", {"case": case, "child": case.child, "form": form}
    )


def _detail(request, case, note, *, words_form=None, status=200):
    versions = selectors.note_versions(note=note)
    if words_form is None and note.statement_id is None and case.is_open:
        words_form = WordsForm()
    if words_form is not None:
        tidy_choices(words_form)
    return render(
        request,
        "journal/note_detail.html",
        {
            "case": case,
            "child": case.child,
            "note": note,
            "versions": versions,
            "words_form": words_form,
        },
        status=status,
    )


@require_GET
@staff_with_child_access
def note_detail(request, case_id, note_id):
    """A note as it reads now, and every version before it with who corrected it and why."""
    case = access.access_case_by_id(request.user, case_id, purpose=NOTE_PURPOSE)
    return _detail(request, case, _note(case, note_id))


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def note_correct(request, case_id, note_id):
    """Correct a note: a new version with the reason (the earlier text stays). Two caseworkers
    correcting at once: the second gets the conflict page, nothing is overwritten."""
    case = access.access_case_by_id(request.user, case_id, purpose=NOTE_PURPOSE)
    note = _note(case, note_id)
    persons = selectors.persons_of_child(child=case.child)
    initial = {name: getattr(note, name) for name in services.CONTENT_FIELDS}
    initial["present_persons"] = list(note.present_persons.all())
    initial["version"] = note.version
    form = CorrectionForm(request.POST or None, initial=initial, persons=persons)
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: services.note_correct(
                actor=request.user,
                note=note,
                expected_version=form.cleaned_data["version"] or 0,
                reason=form.cleaned_data["reason"],
                **form.content(),
            ),
            success=_("The correction is saved. The earlier version is kept."),
            done=lambda corrected: redirect(_note_url(case, corrected)),
            back_url=_note_url(case, note),
            subject=note.title,
        )
        if saved is not None:
            return saved
    tidy_choices(form)
    return render(
        request,
        "journal/note_correct.html",
        {"case": case, "child": case.child, "note": note, "form": form},
    )


@require_POST
@staff_with_child_access
@once_per_token
def note_words(request, case_id, note_id):
    """File the child's own words from the note as the child's statement."""
    case = access.access_case_by_id(request.user, case_id, purpose=NOTE_PURPOSE)
    note = _note(case, note_id)
    form = WordsForm(request.POST)
    if form.is_valid():
        try:
            services.note_words_file(actor=request.user, note=note, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The child's words are filed as the child's statement of %(date)s.")
                % {"date": date_format(note.happened_on, "DATE_FORMAT")},
            )
            return redirect(_note_url(case, note))
    return _detail(request, case, note, words_form=form)


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def search(request):
    """Search the subject and text of the journal notes in every case the user may see. A POST,
    so the words searched for stay out of addresses and server logs; the search is logged with
    its criterion and each child shown."""
    form = SearchForm(request.POST or None)
    notes, more = [], False
    if request.method == "POST" and form.is_valid():
        query = form.cleaned_data["q"].strip()
        notes, more = selectors.notes_search(user=request.user, q=query)
        audit.access_log_search(
            user=request.user,
            criterion=query,
            children=list({note.case.child_id: note.case.child for note in notes}.values()),
            purpose=SEARCH_PURPOSE,
        )
    return render(
        request,
        "journal/search.html",
        {
            "form": form,
            "notes": notes,
            "more": more,
            "searched": request.method == "POST" and form.is_valid(),
            "limit": selectors.SEARCH_LIMIT,
        },
    )
