"""Min sag: "My plan" (rate my goals), "Decisions about me" and "What happens next".

The plan and the decisions are the child's own: a parent's account gets a 404 there. "What
happens next" is shown to a parent too, in neutral words. Every goal is looked up through the
account's own child; another child's goal, or a guessed id, is a 404. The rating form is a plain
POST that redirects back to the plan (with a short flag in the query string, no personal data),
so it works without JavaScript.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from stemme.access.selectors import AccessRefused
from stemme.children.models import Smiley
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.portal.selectors import decisions as decision_selectors
from stemme.portal.selectors import next as next_selectors
from stemme.portal.selectors import plan as plan_selectors
from stemme.portal.services import plan as plan_services
from stemme.portal.session import portal_login_required
from stemme.portal.views.common import portal_render

RATED_FLAG = "tak"


class RatingForm(forms.Form):
    smiley = forms.TypedChoiceField(
        label=_("How is it going?"),
        choices=Smiley.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a face.")},
    )
    words = forms.CharField(
        label=_("Do you want to say more?"),
        max_length=plan_services.WORDS_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, goal, **kwargs):
        # Field names stay plain (the POST goes to the goal's own URL); the ids are made unique
        # so several goals' forms can share one page.
        super().__init__(*args, auto_id=f"goal-{goal.pk}-%s", **kwargs)


def _child_only(request) -> None:
    if request.portal_account.is_parent:
        raise Http404


def _plan_page(request, *, failed_goal=None, failed_form=None, status=200):
    page = plan_selectors.plan_page(child=request.portal_account.child)
    rated = request.GET.get(RATED_FLAG, "")
    for goal in page.goals:
        goal.just_rated = str(goal.pk) == rated
        if failed_goal is not None and goal.pk == failed_goal.pk:
            goal.form = failed_form
        else:
            goal.form = RatingForm(goal=goal)
    return portal_render(request, "portal/plan.html", {"page": page}, status=status)


@require_GET
@portal_login_required
def plan(request):
    _child_only(request)
    return _plan_page(request)


@require_POST
@portal_login_required
@once_per_token
def goal_rate(request, goal_id):
    _child_only(request)
    account = request.portal_account
    goal = plan_selectors.goal_for_child(child=account.child, goal_id=goal_id)
    if goal is None and not plan_selectors.goal_is_childs(child=account.child, goal_id=goal_id):
        raise AccessRefused(requested=f"plan_goal:{goal_id}", purpose="plan_goals")
    if goal is None:  # the child's own goal, no longer active: nothing to rate
        raise Http404
    form = RatingForm(request.POST, goal=goal)
    if form.is_valid():
        try:
            plan_services.goal_rate(
                account=account,
                goal=goal,
                rating=form.cleaned_data["smiley"],
                words=form.cleaned_data["words"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            url = reverse("portal:plan")
            return redirect(f"{url}?{RATED_FLAG}={goal.pk}#goal-{goal.pk}")
    return _plan_page(request, failed_goal=goal, failed_form=form)


@require_GET
@portal_login_required
def decisions(request):
    _child_only(request)
    return portal_render(
        request,
        "portal/decisions.html",
        {"decisions": decision_selectors.child_decisions(child=request.portal_account.child)},
    )


@require_GET
@portal_login_required
def next_steps(request):
    """What happens next and why. A parent sees it too, in neutral words."""
    account = request.portal_account
    return portal_render(
        request,
        "portal/next.html",
        {
            "page": next_selectors.next_page(
                child=account.child, person=account.person if account.is_parent else None
            )
        },
    )
