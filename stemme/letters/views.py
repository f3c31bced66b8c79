"""Staff pages about letters: everything sent about a child, and what the safety restriction
stopped. Every page gets the child from ``stemme.access`` (404 when not visible; logged)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.audit.models import AccessAction
from stemme.cases.models import Decision, Intake
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.core.pdf import pdf_ua_from_html
from stemme.letters import selectors, services
from stemme.letters.forms import LetterReceivedForm
from stemme.letters.models import Channel, Letter, LetterStatus, RecipientKind


def _letter_or_404(request, child, letter_id):
    letter = selectors.letters_for_child(child=child).filter(pk=letter_id).first()
    if letter is None:
        raise access.nested_refused(
            under=child,
            kind="letter",
            nested_id=letter_id,
            purpose="letters",
            own=Letter.objects.filter(child=child),
        )
    return letter


def _shown_to(request, letter, seen: dict | None = None) -> str:
    """The recipient's name; a reporter's only to the case team (access.fields). ``seen``
    remembers the answer per case, so a list asks once per case."""
    if letter.recipient_kind != RecipientKind.REPORTER:
        return letter.recipient_name
    seen = {} if seen is None else seen
    if letter.case_id not in seen:
        seen[letter.case_id] = letter.case is not None and access.may_see_reporter_identity(
            request.user, letter.case
        )
    return letter.recipient_name if seen[letter.case_id] else _("The reporter")


@require_GET
@staff_with_child_access
def letter_list(request, child_id):
    child = access.access_child_by_id(request.user, child_id, purpose="letters")
    paginator = Paginator(selectors.letters_for_child(child=child), settings.STEMME_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("side"))
    seen: dict = {}
    for letter in page.object_list:
        letter.shown_to = _shown_to(request, letter, seen)
    return render(
        request,
        "letters/letter_list.html",
        {"child": child, "page": page, "counts": selectors.letter_counts(child=child)},
    )


@require_GET
@staff_with_child_access
def letter_detail(request, child_id, letter_id):
    child = access.access_child_by_id(request.user, child_id, purpose="letters")
    letter = _letter_or_404(request, child, letter_id)
    letter.shown_to = _shown_to(request, letter)
    return _detail(request, child, letter)


def _detail(request, child, letter, *, received_form=None, status=200):
    may_record = services.receipt_may_be_recorded(letter)
    received_on = selectors.received_on_for(letter) if may_record else None
    return render(
        request,
        "letters/letter_detail.html",
        {
            "child": child,
            "letter": letter,
            "marks": selectors.marks_for(letter),
            "blocks": selectors.letter_blocks(letter.body),
            "received_on": received_on,
            "delivery_reference": selectors.delivery_reference(letter),
            # A refused form is shown with its errors even when a day was recorded meanwhile.
            "received_form": received_form
            or (LetterReceivedForm() if may_record and received_on is None else None),
        },
        status=status,
    )


def _print_html(request, child, letter) -> str:
    if letter.status == LetterStatus.BLOCKED:
        raise Http404  # a letter the safety restriction stopped is never printed
    letter.shown_to = _shown_to(request, letter)
    return render_to_string(
        "letters/letter_print.html",
        {"child": child, "letter": letter, "blocks": selectors.letter_blocks(letter.body)},
        request=request,
    )


@require_GET
@staff_with_child_access
def letter_print(request, child_id, letter_id):
    """The letter as it is printed (print CSS); the PDF is made from the same template."""
    child = access.access_child_by_id(
        request.user, child_id, purpose="letters", action=AccessAction.PRINT
    )
    letter = _letter_or_404(request, child, letter_id)
    response = HttpResponse(_print_html(request, child, letter))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@staff_with_child_access
def letter_pdf(request, child_id, letter_id):
    """The letter as a tagged PDF (PDF/UA-1: structure, language, title, embedded fonts)."""
    child = access.access_child_by_id(
        request.user, child_id, purpose="letters", action=AccessAction.EXPORT
    )
    letter = _letter_or_404(request, child, letter_id)
    html = _print_html(request, child, letter)
    pdf = pdf_ua_from_html(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brev-{letter.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_with_child_access
def letter_mark(request, child_id, letter_id):
    """The caseworker records that the letter was printed, posted or handed over."""
    child = access.access_child_by_id(request.user, child_id, purpose="letters")
    letter = _letter_or_404(request, child, letter_id)
    try:
        services.letter_mark(actor=request.user, letter=letter, step=request.POST.get("step", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved: %(step)s.") % {"step": _("Letter status")})
    return redirect("letters:detail", child_id=child.pk, letter_id=letter.pk)


@require_POST
@staff_with_child_access
def letter_received(request, child_id, letter_id):
    """The caseworker records the day the party received a decision letter sent by post."""
    child = access.access_child_by_id(request.user, child_id, purpose="letters")
    letter = _letter_or_404(request, child, letter_id)
    if selectors.received_on_for(letter) is not None:  # a double submit: the page shows the day
        messages.info(request, _("The day the letter was received has already been recorded."))
        return redirect("letters:detail", child_id=child.pk, letter_id=letter.pk)
    form = LetterReceivedForm(request.POST)
    if form.is_valid():
        try:
            services.letter_received_record(
                actor=request.user, letter=letter, received_on=form.cleaned_data["received_on"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Saved: the party received the letter on %(day)s. The 4 weeks to complain "
                    "run from the first party's day."
                )
                % {"day": date_format(form.cleaned_data["received_on"], "DATE_FORMAT")},
            )
            return redirect("letters:detail", child_id=child.pk, letter_id=letter.pk)
    letter.shown_to = _shown_to(request, letter)
    return _detail(request, child, letter, received_form=form, status=400)


def _channel(request) -> str:
    """How the letters go out (the form's choice; post when the form had none)."""
    return request.POST.get("channel") or Channel.LETTER


@require_POST
@staff_with_child_access
@once_per_token
def decision_letters_make(request, child_id, decision_id):
    """Make the decision letters (parents with custody, and the child from 10)."""
    child = access.access_child_by_id(request.user, child_id, purpose="letters")
    decision = (
        Decision.objects.filter(pk=decision_id, case__child=child).select_related("case").first()
    )
    if decision is None:
        raise access.nested_refused(
            under=child,
            kind="decision",
            nested_id=decision_id,
            purpose="letters",
            own=Decision.objects.filter(case__child=child),
        )
    try:
        letters = services.decision_letters_make(
            actor=request.user, decision=decision, channel=_channel(request)
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("cases:detail", decision.case_id)
    messages.success(
        request, _("%(count)s decision letters are ready to send.") % {"count": len(letters)}
    )
    return redirect("letters:list", child_id=child.pk)


@require_POST
@staff_with_child_access
@once_per_token
def receipt_letter_make(request, child_id, intake_id):
    """Make the receipt to the professional reporter of an underretning."""
    child = access.access_child_by_id(request.user, child_id, purpose="letters")
    intake = Intake.objects.filter(pk=intake_id, case__child=child).select_related("case").first()
    if intake is None:
        raise access.nested_refused(
            under=child,
            kind="intake",
            nested_id=intake_id,
            purpose="letters",
            own=Intake.objects.filter(case__child=child),
        )
    try:
        letter = services.receipt_letter_make(
            actor=request.user, intake=intake, channel=_channel(request)
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("cases:detail", intake.case_id)
    messages.success(request, _("The receipt is ready to send."))
    return redirect("letters:detail", child_id=child.pk, letter_id=letter.pk)
