"""The entry point: every obligation of a case, with its status as of a moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from ..calendar import COPENHAGEN, require_aware
from ..facts import CaseFacts
from ..rules import DEFAULT_CONFIG, Rule, RuleConfig, Unit, Verification, effective_rules
from .schedules import _SCHEDULES
from .timeline import _Draft, _Facts, _utc


class Status(StrEnum):
    OPEN = "open"
    MET = "met"
    OVERDUE = "overdue"
    WAIVED = "waived"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class Obligation:
    rule_id: str
    legal_basis: str
    verification: Verification
    case_ref: str
    child_ref: str
    trigger_ref: str  # unique together with rule_id within a case
    started_at: datetime  # when the clock started (Europe/Copenhagen)
    due_at: datetime  # for day/month units: end_of_day(due_date)
    due_date: date  # local date of due_at
    unit: Unit
    status: Status
    met_by_ref: str | None
    met_at: datetime | None
    met_late: bool
    waived_reason: str | None


def _local(moment: datetime) -> datetime:
    return moment.astimezone(COPENHAGEN)


def derive_obligations(
    case: CaseFacts, *, as_of: datetime, config: RuleConfig = DEFAULT_CONFIG
) -> list[Obligation]:
    """Every obligation the facts of ``case`` give rise to, with its status at ``as_of``.

    Sorted by (due_at, rule_id, trigger_ref). Same input, same output.
    """
    require_aware(as_of, "as_of")
    as_of = _utc(as_of)
    ctx = _Facts(case, as_of)
    holidays = config.holidays
    rows: list[tuple[datetime, str, str, Rule, _Draft]] = []
    for rule in effective_rules(config):
        for draft in _SCHEDULES[rule.schedule](rule, ctx, holidays):
            rows.append((draft.due_at, rule.id, draft.trigger_ref, rule, draft))
    # Sort on UTC instants (see module docstring about the DST fold).
    rows.sort(key=lambda row: row[:3])

    result = []
    for due_at, _rule_id, _trigger_ref, rule, draft in rows:
        met = draft.met
        waived_reason = ctx.waivers.get((rule.id, draft.trigger_ref))
        if met is not None:
            status = Status.MET
        elif waived_reason is not None:
            status = Status.WAIVED
        elif draft.occasion_end is not None or _lapsed(ctx, draft):
            status = Status.LAPSED
        elif rule.window and as_of > due_at:
            status = Status.LAPSED  # the period ran out: nothing was owed
        elif as_of > due_at:
            status = Status.OVERDUE
        else:
            status = Status.OPEN
        local_due = _local(due_at)
        result.append(
            Obligation(
                rule_id=rule.id,
                legal_basis=rule.legal_basis,
                verification=rule.verification,
                case_ref=case.case_ref,
                child_ref=case.child_ref,
                trigger_ref=draft.trigger_ref,
                started_at=_local(draft.started_at),
                due_at=local_due,
                due_date=local_due.date(),
                unit=rule.unit,
                status=status,
                met_by_ref=met.ref if met is not None else None,
                met_at=_local(met.at) if met is not None else None,
                met_late=met is not None and met.at > due_at,
                waived_reason=waived_reason if status is Status.WAIVED else None,
            )
        )
    return result


def _lapsed(ctx: _Facts, draft: _Draft) -> bool:
    """The duty ended (case closed, or the measure ended) before it fell due."""
    ends = [t for t in (ctx.first_closure_from(draft.opened_at), draft.ended_at) if t is not None]
    return bool(ends) and min(ends) < draft.due_at
