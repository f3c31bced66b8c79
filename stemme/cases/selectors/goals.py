"""Reads about the goals of the child's plan (M5), for the staff case page and the goal forms.

The child's ratings from Min sag (``GoalRating``) are read here too: the caseworker sees
how the child thinks each goal is going next to the goal itself.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from stemme.cases.models import Case, GoalRating, Plan, PlanGoal
from stemme.cases.services.goals import MAX_ACTIVE_GOALS, current_plan

RATING_HISTORY = 3  # the latest rating and the two before it
ENDED_SHOWN = 5


def latest_ratings(limit: int) -> Prefetch:
    """Each goal's ``limit`` newest ratings as ``goal.recent_ratings``, newest first. One query
    however many goals and ratings there are (Django slices a prefetch per goal in SQL)."""
    return Prefetch(
        "ratings",
        queryset=GoalRating.objects.order_by("-created_at", "-pk")[:limit],
        to_attr="recent_ratings",
    )


@dataclass
class GoalsPanel:
    plan: Plan | None
    active: list = field(default_factory=list)
    ended: list = field(default_factory=list)
    ended_count: int = 0

    @property
    def can_add(self) -> bool:
        return self.plan is not None and len(self.active) < MAX_ACTIVE_GOALS

    @property
    def max_active(self) -> int:
        return MAX_ACTIVE_GOALS


def goals_panel(*, case: Case) -> GoalsPanel:
    """The current plan's goals, active first in their order, each with the child's newest
    ratings (``goal.recent_ratings``, newest first) — 3 queries however much there is (2 on the
    case page, which has read the case's plans already: case_records_prefetch)."""
    # The plan in force as current_plan finds it, from the plans read for the page if they were.
    plan = max(case.plans.all(), key=lambda plan: (plan.made_on, plan.recorded_at), default=None)
    if plan is None:
        return GoalsPanel(plan=None)
    goals = list(
        PlanGoal.objects.filter(plan=plan)
        .order_by("position", "created_at")
        .prefetch_related(latest_ratings(RATING_HISTORY))
    )
    today = timezone.localdate()
    for goal in goals:
        goal.latest_rating = goal.recent_ratings[0] if goal.recent_ratings else None
        goal.review_due = goal.review_on is not None and goal.review_on <= today
    active = [goal for goal in goals if goal.ended_on is None]
    ended = sorted(
        (goal for goal in goals if goal.ended_on is not None),
        key=lambda goal: goal.ended_on,
        reverse=True,
    )
    return GoalsPanel(plan=plan, active=active, ended=ended[:ENDED_SHOWN], ended_count=len(ended))


def goal_of_case(*, case: Case, goal_id) -> PlanGoal | None:
    """An active goal of the case's current plan, or None: ended goals and the goals of earlier
    plans are history, not edited."""
    plan = current_plan(case=case)
    if plan is None:
        return None
    return (
        PlanGoal.objects.filter(plan=plan, pk=goal_id, ended_on__isnull=True)
        .select_related("plan")
        .first()
    )
