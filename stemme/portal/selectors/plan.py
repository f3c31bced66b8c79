"""Reads for "My plan": the child's active goals, in the child's own words.

Only the goals of the current plan (the latest ``Plan``) of each open case are the child's
goals now; earlier plans and ended goals are history the caseworker keeps. Everything is looked
up through the account's own child, so another child's goal is never found.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from stemme.cases.models import GoalRating, Plan, PlanGoal, Stage


def current_plans(*, child) -> list[Plan]:
    """The current plan of each of the child's open cases (one query)."""
    latest: dict = {}
    plans = (
        Plan.objects.filter(case__child=child)
        .exclude(case__stage=Stage.CLOSED)
        .order_by("case_id", "-made_on", "-recorded_at")
        .only("id", "case_id", "made_on", "kind")
    )
    for plan in plans:
        latest.setdefault(plan.case_id, plan)
    return list(latest.values())


def _active_goals(plans):
    return PlanGoal.objects.filter(plan__in=plans, ended_on__isnull=True)


@dataclass
class PlanPage:
    has_plan: bool
    goals: list = field(default_factory=list)


def plan_page(*, child) -> PlanPage:
    """The child's active goals, each with the child's own latest rating as
    ``goal.latest_rating`` (3 queries however many goals and ratings there are)."""
    plans = current_plans(child=child)
    if not plans:
        return PlanPage(has_plan=False)
    goals = list(
        _active_goals(plans)
        .order_by("plan__made_on", "position", "created_at")
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=GoalRating.objects.order_by("-created_at", "-pk")[:1],
                to_attr="latest",
            )
        )
    )
    for goal in goals:
        goal.latest_rating = goal.latest[0] if goal.latest else None
    return PlanPage(has_plan=True, goals=goals)


def goal_is_childs(*, child, goal_id) -> bool:
    """Whether ``goal_id`` is a goal in one of the child's plans (active or not)."""
    return PlanGoal.objects.filter(pk=goal_id, plan__case__child=child).exists()


def goal_for_child(*, child, goal_id) -> PlanGoal | None:
    """An active goal of the current plan of one of the child's open cases, or None."""
    plans = current_plans(child=child)
    if not plans:
        return None
    return _active_goals(plans).filter(pk=goal_id).select_related("plan__case").first()
