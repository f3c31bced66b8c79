"""Reads of obligations: the worklist, a case's obligations, each child's next deadline."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Min, QuerySet
from django.utils import timezone

from stemme.deadlines.models import Obligation

WORKLIST_LIMIT = 300


def urgency(obligation: Obligation, *, now: dt.datetime) -> str:
    """overdue / today / week / later, by the clock now (a stored status goes stale)."""
    if not obligation.is_pending:
        return "done"
    if obligation.due_at < now:
        return "overdue"
    today = timezone.localdate(now)
    if obligation.due_date == today:
        return "today"
    end_of_week = today + dt.timedelta(days=6 - today.weekday())
    if obligation.due_date <= end_of_week:
        return "week"
    return "later"


@dataclass
class Worklist:
    groups: dict = field(default_factory=dict)  # urgency -> list of obligations
    counts: dict = field(default_factory=dict)
    truncated: bool = False


def worklist(*, cases: QuerySet, now: dt.datetime | None = None) -> Worklist:
    """Pending obligations on ``cases`` (already limited by access), grouped by urgency."""
    now = now or timezone.now()
    pending = list(
        Obligation.objects.filter(case__in=cases, is_pending=True)
        .select_related("child", "case")
        .order_by("due_at", "rule_id")[: WORKLIST_LIMIT + 1]
    )
    result = Worklist(truncated=len(pending) > WORKLIST_LIMIT)
    result.groups = {key: [] for key in ("overdue", "today", "week", "later")}
    for obligation in pending[:WORKLIST_LIMIT]:
        result.groups[urgency(obligation, now=now)].append(obligation)
    result.counts = {key: len(items) for key, items in result.groups.items()}
    return result


def obligations_for_case(*, case) -> list[Obligation]:
    return list(Obligation.objects.filter(case=case).order_by("-is_pending", "due_at", "rule_id"))


def obligations_for_child(*, child, now: dt.datetime | None = None) -> list[Obligation]:
    """The child's obligations across cases: pending first, then the 10 most recently met."""
    now = now or timezone.now()
    rows = list(Obligation.objects.filter(child=child).order_by("-is_pending", "due_at"))
    pending = [o for o in rows if o.is_pending]
    done = sorted((o for o in rows if not o.is_pending), key=lambda o: o.due_at, reverse=True)
    for obligation in rows:
        obligation.urgency = urgency(obligation, now=now)
    return pending + done[:10]


def next_deadlines(*, child_ids) -> dict:
    """The earliest pending due time per child, in one query."""
    rows = (
        Obligation.objects.filter(child_id__in=child_ids, is_pending=True)
        .values("child_id")
        .annotate(next_due=Min("due_at"))
    )
    return {row["child_id"]: row["next_due"] for row in rows}


@dataclass
class RuleRow:
    rule: object
    title: str
    override: object | None
    effective_duration: int | None
    enabled: bool


def rules_for_municipality(*, municipality) -> list[RuleRow]:
    """Every rule with its default and the municipality's override, for the settings page."""
    from stemme.deadlines.labels import rule_title
    from stemme.deadlines.models import RuleOverride
    from stemme.deadlines.rules import RULES

    overrides = {o.rule_id: o for o in RuleOverride.objects.filter(municipality=municipality)}
    rows = []
    for rule in RULES:
        override = overrides.get(rule.id)
        rows.append(
            RuleRow(
                rule=rule,
                title=rule_title(rule.id),
                override=override,
                effective_duration=(
                    override.duration if override and override.duration else rule.duration
                ),
                enabled=override.enabled if override else True,
            )
        )
    return rows
