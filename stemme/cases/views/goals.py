"""Staff pages for the goals of the child's plan: add a goal, change it, end it.

The goals are shown on the case page (the ``plan_goals_panel`` tag); these pages hold the forms.
Every write is a plain form POST that redirects back to the case page; when the service refuses
(3 active goals, a stale edit …) the form is shown again with the service's message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.cases.forms.goals import GoalEndForm, GoalForm
from stemme.cases.models import PlanGoal
from stemme.cases.selectors import goals as selectors
from stemme.cases.services import goals as services
from stemme.core.conflicts import edit_save
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token

GOAL_FIELDS = services.EDITABLE_FIELDS


def _to_case(case):
    return redirect(reverse("cases:detail", kwargs={"case_id": case.pk}) + "#plan-goals")


def _goal_url(case, goal):
    return reverse("cases:goal_edit", kwargs={"case_id": case.pk, "goal_id": goal.pk})


def _goal(case, goal_id):
    goal = selectors.goal_of_case(case=case, goal_id=goal_id)
    if goal is None:
        raise access.nested_refused(
            under=case,
            kind="plan_goal",
            nested_id=goal_id,
            purpose="plan_goals",
            own=PlanGoal.objects.filter(plan__case=case),
        )
    return goal


def _page(request, case, *, form, goal=None, end_form=None, plan=None):
    return render(
        request,
        "cases/plan_goal_form.html",
        {
            "case": case,
            "child": case.child,
            "form": form,
            "goal": goal,
            "end_form": end_form,
            "plan": plan if plan is not None else (goal.plan if goal else None),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def goal_add(request, case_id):
    case = access.access_case_by_id(request.user, case_id, purpose="plan_goals")
    plan = services.current_plan(case=case)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {field: form.cleaned_data[field] for field in GOAL_FIELDS}
        try:
            services.goal_add(actor=request.user, case=case, **values)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The goal is added to the plan."))
            return _to_case(case)
    return _page(request, case, form=form, plan=plan)


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def goal_edit(request, case_id, goal_id):
    case = access.access_case_by_id(request.user, case_id, purpose="plan_goals")
    goal = _goal(case, goal_id)
    initial = {field: getattr(goal, field) for field in GOAL_FIELDS} | {"version": goal.version}
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: services.goal_change(
                actor=request.user,
                goal=goal,
                expected_version=form.cleaned_data["version"] or 0,
                **{field: form.cleaned_data[field] for field in GOAL_FIELDS},
            ),
            success=_("The goal is changed."),
            done=lambda _goal: _to_case(case),
            back_url=_goal_url(case, goal),
            subject=goal.words,
        )
        if saved is not None:
            return saved
    end_form = GoalEndForm(initial={"version": goal.version}, prefix="end")
    return _page(request, case, form=form, goal=goal, end_form=end_form)


@require_POST
@staff_with_child_access
def goal_end(request, case_id, goal_id):
    case = access.access_case_by_id(request.user, case_id, purpose="plan_goals")
    goal = _goal(case, goal_id)
    end_form = GoalEndForm(request.POST, prefix="end")
    saved = edit_save(
        request,
        end_form,
        lambda: services.goal_end(
            actor=request.user, goal=goal, expected_version=end_form.cleaned_data["version"]
        ),
        success=_("The goal has ended. It stays in the plan's history."),
        done=lambda _goal: _to_case(case),
        back_url=_goal_url(case, goal),
        subject=goal.words,
        editable=False,
    )
    if saved is not None:
        return saved
    initial = {field: getattr(goal, field) for field in GOAL_FIELDS} | {"version": goal.version}
    return _page(request, case, form=GoalForm(initial=initial), goal=goal, end_form=end_form)
