"""Staff pages for the hearing of the parties (partshøring, forvaltningsloven § 19): the case's
hearings with a form to send a new one, and each hearing's page with the parties, their answers
and silence, where an answer is recorded and the hearing closed after its deadline.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.cases.forms.hearing import HearingAnswerForm, HearingForm
from stemme.cases.models import Hearing
from stemme.cases.selectors import hearing as selectors
from stemme.cases.services import hearing as services
from stemme.core.forms import apply_errors, tidy_choices
from stemme.core.idempotency import once_per_token

PURPOSE = "hearing"


def _hearing(case, hearing_id):
    hearing = selectors.hearing_of_case(case=case, hearing_id=hearing_id)
    if hearing is None:
        raise access.nested_refused(
            under=case,
            kind="hearing",
            nested_id=hearing_id,
            purpose=PURPOSE,
            own=Hearing.objects.filter(case=case),
        )
    return hearing


def _detail(request, case, hearing, *, answer_form=None, answer_party=None, close_error=""):
    today = timezone.localdate()
    parties = []
    for party in hearing.parties.all():
        form = None
        if party.answered_on is None and hearing.closed_on is None:
            if answer_party is not None and answer_party == party.pk:
                form = answer_form
            else:
                form = HearingAnswerForm(initial={"party": party.pk}, prefix=f"p{party.position}")
        parties.append({"party": party, "form": form})
    return render(
        request,
        "cases/hearing_detail.html",
        {
            "case": case,
            "child": case.child,
            "hearing": hearing,
            "parties": parties,
            "complete": services.is_complete(hearing, on=today),
            "deadline_passed": hearing.answer_due_on is not None and hearing.answer_due_on < today,
            "today": today,
            "close_error": close_error,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def hearings(request, case_id):
    """The case's hearings, and the form to send a new one."""
    case = access.access_case_by_id(request.user, case_id, purpose=PURPOSE)
    form = HearingForm(request.POST or None)
    tidy_choices(form)
    if request.method == "POST" and form.is_valid():
        try:
            hearing = services.hearing_start(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The hearing is sent to the parties."))
            return redirect("cases:hearing_detail", case_id=case.pk, hearing_id=hearing.pk)
    today = timezone.localdate()
    return render(
        request,
        "cases/hearings.html",
        {
            "case": case,
            "child": case.child,
            "form": form,
            "hearings": selectors.hearings_of_case(case=case),
            "parties": services.hearing_parties(
                case=case, paragraph=form["paragraph"].value() or "", on=today
            ),
            "today": today,
        },
    )


@require_http_methods(["GET"])
@staff_with_child_access
def hearing_detail(request, case_id, hearing_id):
    case = access.access_case_by_id(request.user, case_id, purpose=PURPOSE)
    return _detail(request, case, _hearing(case, hearing_id))


@require_POST
@staff_with_child_access
@once_per_token
def hearing_answer(request, case_id, hearing_id):
    case = access.access_case_by_id(request.user, case_id, purpose=PURPOSE)
    hearing = _hearing(case, hearing_id)
    # Each party's form has its own prefix; the one posted names the party.
    party = next((p for p in hearing.parties.all() if f"p{p.position}-party" in request.POST), None)
    if party is None:
        return _detail(
            request, case, hearing, close_error=_("Choose one of the hearing's parties.")
        )
    form = HearingAnswerForm(request.POST, prefix=f"p{party.position}")
    if form.is_valid():
        if form.cleaned_data["party"] != party.pk:
            form.add_error(None, _("Choose one of the hearing's parties."))
        else:
            try:
                services.hearing_answer(
                    actor=request.user,
                    party=party,
                    answer=form.cleaned_data["answer"],
                    answered_on=form.cleaned_data["answered_on"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The answer is recorded."))
                return redirect("cases:hearing_detail", case_id=case.pk, hearing_id=hearing.pk)
    return _detail(
        request, case, _hearing(case, hearing_id), answer_form=form, answer_party=party.pk
    )


@require_POST
@staff_with_child_access
def hearing_close(request, case_id, hearing_id):
    case = access.access_case_by_id(request.user, case_id, purpose=PURPOSE)
    hearing = _hearing(case, hearing_id)
    try:
        services.hearing_close(actor=request.user, hearing=hearing)
    except ValidationError as error:
        return _detail(request, case, hearing, close_error=" ".join(error.messages))
    messages.success(request, _("The hearing is closed. Parties who did not answer were silent."))
    return redirect("cases:hearing_detail", case_id=case.pk, hearing_id=hearing.pk)
