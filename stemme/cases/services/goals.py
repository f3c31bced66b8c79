"""Writes for the goals of the child's plan (M5): add, change and end a goal.

Goals belong to the case's current plan (its latest ``Plan``) and are written in the child's own
words. A plan has at most ``MAX_ACTIVE_GOALS`` active goals, so the child can keep them in mind
and the follow-up can look at each one (PRODUCT.md M5). Like the step services, every write locks
the case row, so two caseworkers adding a goal at once cannot both get past the limit, and
records its event in the same transaction. Changes carry the goal's ``version``: an edit made on
an old copy of the goal is refused instead of silently overwriting a colleague's change.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.cases.models import Case, Plan, PlanGoal, Stage
from stemme.cases.services.unit import case_locked, fact_record
from stemme.core.conflicts import EditConflict, conflict_of, update_versioned

MAX_ACTIVE_GOALS = 3
WORDS_MAX = 300
SUCCESS_MAX = 300
RESPONSIBLE_MAX = 200
EDITABLE_FIELDS = ("words", "success", "responsible", "review_on", "proposed_by_child")


def current_plan(*, case: Case) -> Plan | None:
    """The plan in force: the latest one made (plan history is kept, the newest one counts)."""
    return case.plans.order_by("-made_on", "-recorded_at").first()


def _event(*, actor, case: Case, kind: str, goal: PlanGoal, data: dict) -> None:
    """A goal's fact names its plan too."""
    data = {"plan": f"plan:{goal.plan_id}", **data}
    fact_record(actor=actor, case=case, kind=kind, ref=goal.ref, data=data)


def _conflict(goal: PlanGoal, *, mine: dict | None = None) -> EditConflict:
    """The goal as saved now, for the conflict page (``mine``: what ending it would write)."""
    return conflict_of(
        goal,
        EDITABLE_FIELDS + tuple(mine or ()),
        message=_(
            "Someone else changed this goal while you were working on it. "
            "Reload the page to see the goal as it is now, and try again."
        ),
        mine=mine,
    )


def _clean(
    *,
    words: str,
    success: str,
    responsible: str,
    review_on: dt.date | None,
    check_review_on: bool = True,
) -> dict:
    """The goal's values, stripped, or a ValidationError naming every field that is wrong."""
    values = {
        "words": (words or "").strip(),
        "success": (success or "").strip(),
        "responsible": (responsible or "").strip(),
        "review_on": review_on,
    }
    errors = {}
    if not values["words"]:
        errors["words"] = _("Write the goal, in the child's own words.")
    elif len(values["words"]) > WORDS_MAX:
        errors["words"] = _("Keep the goal short: at most %(max)d characters.") % {"max": WORDS_MAX}
    if len(values["success"]) > SUCCESS_MAX:
        errors["success"] = _("Keep it short: at most %(max)d characters.") % {"max": SUCCESS_MAX}
    if len(values["responsible"]) > RESPONSIBLE_MAX:
        errors["responsible"] = _("Keep it short: at most %(max)d characters.") % {
            "max": RESPONSIBLE_MAX
        }
    if check_review_on and review_on is not None and review_on < timezone.localdate():
        errors["review_on"] = _("The date to look at the goal again cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    return values


def _refuse_closed(case: Case) -> None:
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("The case is closed; its plan can no longer change."))


def _too_many() -> ValidationError:
    return ValidationError(
        _(
            "The plan already has %(max)d active goals. End a goal before you add a new one: "
            "a few goals at a time are easier for the child to keep in mind."
        )
        % {"max": MAX_ACTIVE_GOALS}
    )


def goal_add(
    *,
    actor,
    case: Case,
    words: str,
    success: str = "",
    responsible: str = "",
    review_on: dt.date | None = None,
    proposed_by_child: bool = False,
) -> PlanGoal:
    """Add a goal to the case's current plan. Refused without a plan or with 3 active goals."""
    values = _clean(words=words, success=success, responsible=responsible, review_on=review_on)
    with transaction.atomic():
        case = case_locked(case.pk)
        _refuse_closed(case)
        plan = current_plan(case=case)
        if plan is None:
            raise ValidationError(_("Make the child's plan first; then add its goals."))
        goals = PlanGoal.objects.filter(plan=plan)
        if goals.filter(ended_on__isnull=True).count() >= MAX_ACTIVE_GOALS:
            raise _too_many()
        last = goals.aggregate(last=Max("position"))["last"]
        goal = PlanGoal.objects.create(
            plan=plan,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            proposed_by_child=bool(proposed_by_child),
            position=0 if last is None else last + 1,
            **values,
        )
        _event(
            actor=actor,
            case=case,
            kind="plan.goal_added",
            goal=goal,
            data={
                "words": goal.words[:160],
                "proposed_by_child": goal.proposed_by_child,
                "review_on": review_on.isoformat() if review_on else None,
            },
        )
    return goal


def _locked_goal(goal: PlanGoal) -> tuple[Case, PlanGoal]:
    """Lock the goal's case, then read the goal as it is now and check it may still change."""
    case = case_locked(Plan.objects.values_list("case_id", flat=True).get(pk=goal.plan_id))
    _refuse_closed(case)
    current = PlanGoal.objects.select_related("plan").get(pk=goal.pk)
    if current.ended_on is not None:
        raise ValidationError(_("The goal has ended; it can no longer change."))
    return case, current


def goal_change(
    *,
    actor,
    goal: PlanGoal,
    expected_version: int,
    words: str,
    success: str = "",
    responsible: str = "",
    review_on: dt.date | None = None,
    proposed_by_child: bool = False,
) -> PlanGoal:
    """Change a goal. ``expected_version`` is the version the caseworker saw; an older one is
    refused. A look-again date already in the past may stay as it is, but not be set anew."""
    values = _clean(
        words=words,
        success=success,
        responsible=responsible,
        review_on=review_on,
        check_review_on=review_on != goal.review_on,
    )
    values["proposed_by_child"] = bool(proposed_by_child)
    with transaction.atomic():
        case, current = _locked_goal(goal)
        changed = {
            field: value for field, value in values.items() if getattr(current, field) != value
        }
        if not changed:
            return current  # the same as saved: nothing to overwrite, even from an old page
        update_versioned(
            PlanGoal,
            pk=current.pk,
            expected_version=expected_version,
            on_conflict=_conflict,
            **changed,
        )
        current.refresh_from_db()
        _event(
            actor=actor,
            case=case,
            kind="plan.goal_changed",
            goal=current,
            data={
                "changed": sorted(changed),
                "words": current.words[:160],
                "review_on": current.review_on.isoformat() if current.review_on else None,
            },
        )
    return current


def goal_end(
    *, actor, goal: PlanGoal, expected_version: int, ended_on: dt.date | None = None
) -> PlanGoal:
    """End a goal (reached, or no longer the right goal). It stays in the plan's history."""
    ended_on = ended_on or timezone.localdate()
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        case, current = _locked_goal(goal)
        if ended_on < timezone.localdate(current.created_at):
            raise ValidationError({"ended_on": _("A goal cannot end before it was added.")})
        update_versioned(
            PlanGoal,
            pk=current.pk,
            expected_version=expected_version,
            on_conflict=lambda saved: _conflict(saved, mine={"ended_on": ended_on}),
            ended_on=ended_on,
        )
        current.refresh_from_db()
        _event(
            actor=actor,
            case=case,
            kind="plan.goal_ended",
            goal=current,
            data={"words": current.words[:160], "ended_on": ended_on.isoformat()},
        )
    return current
