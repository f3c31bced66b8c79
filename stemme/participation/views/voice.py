"""Staff pages for the child's voice: the child's rights (age-adapted texts, what was given,
a letter in one click) and the child's own words on a case.

Conversations with the child are case steps (``cases:step`` with ``samtale`` and
``samtale-undladt``), so they sit with the other steps of the case.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.participation.forms.voice import RightsForm, RightsLetterForm, StatementForm
from stemme.participation.selectors import voice as selectors
from stemme.participation.services import voice as services


def _rights_page(request, child, form, letter_form, status=200):
    band, texts = selectors.rights_texts(child=child)
    return render(
        request,
        "participation/voice/rights.html",
        {
            "child": child,
            "band": band,
            "band_label": selectors.AGE_BANDS[band],
            "texts": texts,
            "history": selectors.rights_history(child=child),
            "form": form,
            "letter_form": letter_form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def rights(request, child_id):
    """The child's rights in words for the child's age; log what was explained, how and when."""
    child = access.access_child_by_id(request.user, child_id, purpose="rights")
    _band, texts = selectors.rights_texts(child=child)
    form = RightsForm(request.POST or None, topics=[text.topic for text in texts])
    if request.method == "POST" and form.is_valid():
        try:
            services.rights_inform(actor=request.user, child=child, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved: the child was told about their rights."))
            return redirect("participation:rights", child_id=child.pk)
    return _rights_page(request, child, form, RightsLetterForm())


@require_POST
@staff_with_child_access
@once_per_token
def rights_letter(request, child_id):
    """Send the child the letter about their rights (one click) and log it."""
    child = access.access_child_by_id(request.user, child_id, purpose="rights_letter")
    letter_form = RightsLetterForm(request.POST)
    if letter_form.is_valid():
        try:
            letter = services.rights_letter_send(
                actor=request.user, child=child, channel=letter_form.cleaned_data["channel"]
            )
        except ValidationError as error:
            apply_errors(letter_form, error)
        else:
            if letter.status == "blocked":
                messages.warning(request, _("The letter was stopped by the safety restriction."))
            else:
                messages.success(request, _("The letter about the child's rights was sent."))
            return redirect("participation:rights", child_id=child.pk)
    _band, texts = selectors.rights_texts(child=child)
    form = RightsForm(topics=[text.topic for text in texts])
    return _rights_page(request, child, form, letter_form)


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def statement_add(request, case_id):
    """Record the child's view in the child's own words on a case."""
    case = access.access_case_by_id(request.user, case_id, purpose="statement_add")
    initial = {key: request.GET[key] for key in ("informs_ref",) if key in request.GET}
    form = StatementForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_record(
                actor=request.user, child=case.child, case=case, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved: the child's own words."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "participation/voice/statement_form.html",
        {"case": case, "child": case.child, "form": form},
    )
