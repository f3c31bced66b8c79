"""Milestones, waived duties and closing the case. Part of the case steps (see the package
docstring).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.cases.models import (
    Case,
    Closure,
    Intake,
    Milestone,
    MilestoneKind,
    Stage,
)
from stemme.cases.services.steps.common import required_check
from stemme.cases.services.steps.decision import measure_end_write
from stemme.cases.services.unit import (
    case_locked,
    date_not_future,
    fact_record,
    obligations_refresh,
    occurred_at_for,
    stage_move,
)
from stemme.deadlines import events

# --- Milestones, waivers, closure --------------------------------------------------------------

_MILESTONE_EVENTS = {
    MilestoneKind.CONVERSATION: events.conversation_held,
    MilestoneKind.PARTY_STATUS_INFORMED: events.party_status_informed,
    MilestoneKind.UNGEPLAN_DECIDED: events.ungeplan_decided,
    MilestoneKind.SIBLING_BFU_DECIDED: events.sibling_bfu_decided,
}


def milestone_record(
    *,
    actor,
    case: Case,
    kind: str,
    happened_on: dt.date,
    note: str = "",
    child_alone: bool = False,
    intake: Intake | None = None,
    sibling=None,
    sibling_person=None,
) -> Milestone:
    """A conversation with the child, information given, or a smaller decision that meets a duty.

    The decision on investigating a sibling names a registered child (``sibling``) or a sibling
    registered in the child's household (``sibling_person``, § 21, stk. 2)."""
    date_not_future(happened_on, "happened_on")
    if kind not in MilestoneKind.values:
        raise ValidationError({"kind": _("Choose what happened.")})
    if kind == MilestoneKind.SIBLING_BFU_DECIDED and sibling is None and sibling_person is None:
        raise ValidationError({"sibling": _("Choose the sibling.")})
    if (
        sibling_person is not None
        and not case.child.relations.filter(person=sibling_person).exists()
    ):
        raise ValidationError({"sibling_person": _("Choose the sibling.")})
    if intake is not None and intake.case_id != case.pk:
        raise ValidationError({"intake": _("The report belongs to another case.")})
    with transaction.atomic():
        case = case_locked(case)
        milestone = Milestone.objects.create(
            case=case,
            recorded_by=actor,
            kind=kind,
            happened_on=happened_on,
            child_alone=child_alone,
            intake=intake,
            sibling=sibling,
            sibling_person=sibling_person,
            note=note.strip(),
        )
        args: dict = {"summary": note.strip()[:160] or None}
        if kind == MilestoneKind.CONVERSATION:
            args["alone"] = child_alone
            args["underretning"] = intake.ref if intake is not None else None
        if sibling is not None:
            args["sibling"] = f"child:{sibling.pk}"
        elif sibling_person is not None:
            args["sibling"] = f"person:{sibling_person.pk}"
        fact_record(
            actor=actor,
            case=case,
            ref=milestone.ref,
            at=occurred_at_for(happened_on),
            fact=_MILESTONE_EVENTS[kind](**args),
        )
        obligations_refresh(case)
    return milestone


def obligation_waive(*, actor, case: Case, rule_id: str, trigger_ref: str, reason: str) -> None:
    """Waive one obligation with a reason; it stays visible as waived, never silently gone."""
    import uuid

    required_check({"reason": reason.strip()})
    with transaction.atomic():
        case = case_locked(case)
        if not case.obligations.filter(rule_id=rule_id, trigger_ref=trigger_ref).exists():
            raise ValidationError(_("The deadline no longer exists; reload the page."))
        fact_record(
            actor=actor,
            case=case,
            ref=f"waiver:{uuid.uuid4()}",
            at=timezone.now(),
            fact=events.obligation_waived(
                rule_id=rule_id, trigger_ref=trigger_ref, reason=reason.strip()
            ),
        )
        obligations_refresh(case)


def case_close(
    *, actor, case: Case, closed_on: dt.date, purpose_achieved: str, if_worry_returns: str
) -> Closure:
    """Close the case (S11–S12). Running measures end on the closing date."""
    date_not_future(closed_on, "closed_on")
    required_check(
        {"purpose_achieved": purpose_achieved.strip(), "if_worry_returns": if_worry_returns.strip()}
    )
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("The case is already closed."))
    with transaction.atomic():
        case = case_locked(case)
        closure = closure_write(
            actor=actor,
            case=case,
            closed_on=closed_on,
            purpose_achieved=purpose_achieved,
            if_worry_returns=if_worry_returns,
        )
        obligations_refresh(case)
    return closure


def closure_write(*, actor, case, closed_on, purpose_achieved, if_worry_returns) -> Closure:
    for measure in case.measures.filter(ended_on__isnull=True).select_related("decision"):
        measure_end_write(actor=actor, case=case, measure=measure, ended_on=closed_on)
    closure = Closure.objects.create(
        case=case,
        recorded_by=actor,
        closed_on=closed_on,
        purpose_achieved=purpose_achieved.strip(),
        if_worry_returns=if_worry_returns.strip(),
    )
    fact_record(
        actor=actor,
        case=case,
        ref=closure.ref,
        at=occurred_at_for(closed_on),
        fact=events.case_closed(stage=Stage.CLOSED, summary=purpose_achieved.strip()[:160]),
    )
    stage_move(case, Stage.CLOSED, closed_on=closed_on)
    return closure
