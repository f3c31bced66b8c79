"""Staff pages for a case: the case page, its steps, and registering a report on a child."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.audit import services as audit
from stemme.cases import selectors
from stemme.cases.forms import IntakeForm, NewChildForm
from stemme.cases.forms.intake import ParentForm
from stemme.cases.services import steps as step_services
from stemme.cases.views.registry import STEPS_BY_SLUG, available_steps
from stemme.core.conflicts import edit_save
from stemme.core.forms import apply_errors, tidy_choices
from stemme.core.idempotency import once_per_token
from stemme.deadlines import selectors as deadline_selectors


@require_GET
@staff_with_child_access
def case_detail(request, case_id):
    case = access.access_case_by_id(request.user, case_id, purpose="case_overview")
    # Read once: the steps, the child's voice and the steps offered all show these records.
    selectors.case_records_prefetch(case)
    now = timezone.now()
    obligations = deadline_selectors.obligations_for_case(case=case)
    for obligation in obligations:
        obligation.urgency = deadline_selectors.urgency(obligation, now=now)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "child": case.child,
            "steps": selectors.case_steps(case=case),
            "obligations": obligations,
            "actions": available_steps(case),
        },
    )


# The query parameters a link may prefill a step's form with, per step (the buttons on the case
# page: participation/voice/_case_panel.html). Every other parameter is ignored, so a crafted
# link cannot preset a date, a text or a tick box that the caseworker then saves unawares.
STEP_PREFILL = {
    "samtale": ("about_ref",),
    "samtale-undladt": ("task",),
    "forklaring": ("decision",),
}
MAX_PREFILL_CHARS = 200


def _step_prefill(request, step: str) -> dict:
    return {
        key: request.GET[key]
        for key in STEP_PREFILL.get(step, ())
        if len(request.GET.get(key, "")) in range(1, MAX_PREFILL_CHARS + 1)
    }


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def case_step(request, case_id, step):
    case = access.access_case_by_id(request.user, case_id, purpose="case_step")
    definition = STEPS_BY_SLUG.get(step)
    if definition is None or case.stage not in definition.stages:
        raise Http404
    kwargs = {"case": case, **definition.form_kwargs(case)}
    # A link may prefill the form (the case page's "Hold conversation" names the task).
    initial = _step_prefill(request, step)
    form = definition.form(request.POST or None, initial=initial, **kwargs)
    tidy_choices(form)
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: definition.run(request.user, case, form),
            success=_("Saved: %(step)s.") % {"step": definition.title},
            done=lambda _record: redirect("cases:detail", case_id=case.pk),
            back_url=reverse("cases:step", kwargs={"case_id": case.pk, "step": step}),
            subject=definition.title,
        )
        if saved is not None:
            return saved
    return render(
        request,
        definition.template,
        {
            "case": case,
            "child": case.child,
            "step": definition,
            "form": form,
            **definition.context(case),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def intake_new(request, child_id):
    """Register an underretning, a henvendelse or the child's own request on a child."""
    child = access.access_child_by_id(request.user, child_id, purpose="intake_new")
    form = IntakeForm(request.POST or None)
    tidy_choices(form)
    if request.method == "POST" and form.is_valid():
        try:
            intake = step_services.intake_register(
                actor=request.user, child=child, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The report is registered. Assess its urgency now."))
            return redirect("cases:detail", case_id=intake.case_id)
    return render(request, "cases/intake_form.html", {"child": child, "form": form})


def _log_cpr_check(user, cpr: str) -> None:
    """The form told the caseworker that a child with this CPR number is already registered
    (they need to know, to avoid a second file): log it as the search page logs a CPR search —
    the criterion, and the child it found — whether or not the caseworker may see that child."""
    found = selectors.children_with_cpr(municipality_id=user.municipality_id, cpr=cpr)
    audit.access_log_search(user=user, criterion=cpr, children=found, purpose="intake_new_child")


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def intake_new_child(request):
    """Register a report about a child who is not registered in the municipality yet, and, if
    the caseworker knows them now, the parents (optional: everything else about the people
    around the child is added on the child's page, after the urgency is assessed)."""
    child_form = NewChildForm(request.POST or None, prefix="child")
    parent_forms = [
        ParentForm(request.POST or None, prefix=f"parent{number}", initial={"relation": relation})
        for number, relation in ((1, "mother"), (2, "father"))
    ]
    form = IntakeForm(request.POST or None)
    for each in (child_form, *parent_forms, form):
        tidy_choices(each)
    # Every form is checked (no short cut), so all their errors show at once.
    checked = [each.is_valid() for each in (child_form, *parent_forms, form)]
    if request.method == "POST" and all(checked):
        parents = [p for p in (each.parent() for each in parent_forms) if p is not None]
        try:
            intake = step_services.intake_register_for_new_child(
                actor=request.user, parents=parents, **child_form.cleaned_data, **form.cleaned_data
            )
        except ValidationError as error:
            child_fields = set(child_form.fields)
            refused = getattr(error, "error_dict", {})
            if any(key.startswith("parent") for key in refused):
                given = [each for each in parent_forms if each.parent() is not None]
                for number, parent_form in enumerate(given, start=1):
                    if f"parent{number}" in refused:
                        parent_form.add_error(None, refused[f"parent{number}"])
            else:
                if "cpr" in refused:
                    _log_cpr_check(request.user, child_form.cleaned_data["cpr"])
                if set(refused) & child_fields:
                    apply_errors(child_form, error)
                else:
                    apply_errors(form, error)
        else:
            messages.success(request, _("The report is registered. Assess its urgency now."))
            return redirect("cases:detail", case_id=intake.case_id)
    return render(
        request,
        "cases/intake_form.html",
        {
            "child": None,
            "child_form": child_form,
            "parent_forms": parent_forms,
            "parents_open": any(each.is_bound and each.has_changed() for each in parent_forms),
            "form": form,
        },
    )
