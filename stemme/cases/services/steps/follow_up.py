"""S6–S10: barnets plan, the start-up meeting, follow-up and supervision visits. Part of the case
steps (see the package docstring).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stemme.cases.models import (
    Case,
    FollowUp,
    FollowUpOutcome,
    Paragraph,
    Plan,
    PlanKind,
    Stage,
    StartUpMeeting,
    SupervisionVisit,
)
from stemme.cases.services.steps.common import required_check
from stemme.cases.services.steps.decision import rights_occasion_record
from stemme.cases.services.unit import (
    case_locked,
    date_not_future,
    fact_record,
    obligations_refresh,
    occurred_at_for,
    stage_move,
)
from stemme.deadlines import events

# --- S6–S10 plan, meetings, follow-up, supervision ---------------------------------------------


def plan_make(*, actor, case: Case, kind: str, made_on: dt.date, summary: str) -> Plan:
    date_not_future(made_on, "made_on")
    required_check({"summary": summary.strip()})
    if kind not in PlanKind.values:
        raise ValidationError({"kind": _("Choose the kind of plan.")})
    with transaction.atomic():
        case = case_locked(case)
        plan = Plan.objects.create(
            case=case, recorded_by=actor, kind=kind, made_on=made_on, summary=summary.strip()
        )
        fact_record(
            actor=actor,
            case=case,
            ref=plan.ref,
            at=occurred_at_for(made_on),
            fact=events.plan_made(
                ungeplan=kind == PlanKind.UNGEPLAN, summary=summary.strip()[:160]
            ),
        )
        rights_occasion_record(
            actor=actor, case=case, ref=plan.ref, occasion="plan", at=occurred_at_for(made_on)
        )
        if case.stage == Stage.PLAN:
            stage_move(case, Stage.START_UP_MEETING)
        obligations_refresh(case)
    return plan


def start_up_meeting_hold(
    *, actor, case: Case, held_on: dt.date, concern_and_change: str, first_follow_up_on: dt.date
) -> StartUpMeeting:
    date_not_future(held_on, "held_on")
    required_check({"concern_and_change": concern_and_change.strip()})
    if first_follow_up_on <= held_on:
        raise ValidationError(
            {"first_follow_up_on": _("The first follow-up must be after the meeting.")}
        )
    with transaction.atomic():
        case = case_locked(case)
        meeting = StartUpMeeting.objects.create(
            case=case,
            recorded_by=actor,
            held_on=held_on,
            concern_and_change=concern_and_change.strip(),
            first_follow_up_on=first_follow_up_on,
        )
        fact_record(
            actor=actor,
            case=case,
            ref=meeting.ref,
            at=occurred_at_for(held_on),
            fact=events.start_up_meeting_held(next=first_follow_up_on),
        )
        _follow_up_scheduled(
            actor=actor,
            case=case,
            ref=meeting.ref,
            due_on=first_follow_up_on,
            at=occurred_at_for(held_on),
        )
        stage_move(case, Stage.MEASURE_RUNNING)
        obligations_refresh(case)
    return meeting


def follow_up_hold(
    *,
    actor,
    case: Case,
    held_on: dt.date,
    assessment: str,
    outcome: str,
    next_follow_up_on: dt.date | None,
    talked_with_child_alone: bool = False,
    goals_reviewed: bool = False,
    all_measures_reviewed: bool = False,
    child_wishes_for_frequency: str = "",
) -> FollowUp:
    """A follow-up (§ 95) with its checklist. Unless the case is to close, the next date is set."""
    date_not_future(held_on, "held_on")
    required_check({"assessment": assessment.strip()})
    if outcome not in FollowUpOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the follow-up.")})
    if outcome != FollowUpOutcome.CLOSE and next_follow_up_on is None:
        raise ValidationError(
            {"next_follow_up_on": _("Set the date of the next follow-up before you finish.")}
        )
    if next_follow_up_on is not None and next_follow_up_on <= held_on:
        raise ValidationError(
            {"next_follow_up_on": _("The next follow-up must be after this one.")}
        )
    with transaction.atomic():
        case = case_locked(case)
        follow_up = FollowUp.objects.create(
            case=case,
            recorded_by=actor,
            held_on=held_on,
            talked_with_child_alone=talked_with_child_alone,
            goals_reviewed=goals_reviewed,
            all_measures_reviewed=all_measures_reviewed,
            child_wishes_for_frequency=child_wishes_for_frequency.strip(),
            assessment=assessment.strip(),
            outcome=outcome,
            next_follow_up_on=next_follow_up_on,
        )
        fact_record(
            actor=actor,
            case=case,
            ref=follow_up.ref,
            at=occurred_at_for(held_on),
            fact=events.follow_up_held(
                outcome=outcome,
                talked_with_child_alone=talked_with_child_alone,
                next=next_follow_up_on,
                summary=follow_up.get_outcome_display(),
            ),
        )
        if next_follow_up_on is not None:
            _follow_up_scheduled(
                actor=actor,
                case=case,
                ref=follow_up.ref,
                due_on=next_follow_up_on,
                at=occurred_at_for(held_on),
            )
        next_stage = {
            FollowUpOutcome.CLOSE: Stage.CLOSING,
            FollowUpOutcome.NEW_INVESTIGATION: Stage.BFU,
            FollowUpOutcome.NEW_MEASURE: Stage.CHOICE_OF_MEASURE,
        }.get(outcome, Stage.MEASURE_RUNNING)
        stage_move(case, next_stage)
        obligations_refresh(case)
    return follow_up


def _follow_up_scheduled(*, actor, case: Case, ref: str, due_on: dt.date, at: dt.datetime) -> None:
    """The agreed follow-up date starts the task: talk with the child alone before it."""
    fact_record(
        actor=actor,
        case=case,
        ref=f"{ref}#next",
        at=at,
        fact=events.follow_up_scheduled(due_on=due_on),
    )


def supervision_visit_record(
    *,
    actor,
    case: Case,
    visited_on: dt.date,
    notes: str,
    talked_with_child: bool = True,
    staff_present: bool = False,
) -> SupervisionVisit:
    """Personrettet tilsyn at the placement (§ 156, stk. 5)."""
    date_not_future(visited_on, "visited_on")
    required_check({"notes": notes.strip()})
    placed = case.measures.filter(
        decision__paragraph__in=Paragraph.placements(), started_on__lte=visited_on
    ).exclude(ended_on__lt=visited_on)
    if not placed.exists():
        raise ValidationError(_("Supervision visits are for children placed outside the home."))
    with transaction.atomic():
        case = case_locked(case)
        visit = SupervisionVisit.objects.create(
            case=case,
            recorded_by=actor,
            visited_on=visited_on,
            talked_with_child=talked_with_child,
            staff_present=staff_present,
            notes=notes.strip(),
        )
        fact_record(
            actor=actor,
            case=case,
            ref=visit.ref,
            at=occurred_at_for(visited_on),
            fact=events.supervision_held(
                with_child_conversation=talked_with_child, staff_present=staff_present
            ),
        )
        obligations_refresh(case)
    return visit
