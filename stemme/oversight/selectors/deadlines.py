"""Deadline compliance per rule (catalogue: deadlines-met-on-time, -overdue, -due-soon).

Read from the deadline engine's ``Obligation`` rows, which are rewritten in the same transaction
as every write to a case, so a figure is as fresh as the case; a counts-only scope reads the
whole past months from ``DeadlineTally``, kept in that same transaction (docs/oversight.md).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from stemme.accounts.models import Team
from stemme.deadlines.labels import legal_basis_display, rule_title
from stemme.deadlines.models import DeadlineTally, Obligation, ObligationStatus
from stemme.deadlines.rules import RULES_BY_ID
from stemme.oversight.catalogue import AUDIT_ITEMS, KEY_RULES
from stemme.survey.disclosure import wilson

CRITERIA = ("overskredet", "7-dage", "14-dage")
_NOT_COUNTED = (ObligationStatus.WAIVED, ObligationStatus.LAPSED)


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int

    @property
    def percent(self) -> int | None:
        return round(self.numerator / self.denominator * 100) if self.denominator else None

    @property
    def interval(self) -> tuple[int, int] | None:
        if not self.denominator:
            return None
        low, high = wilson(self.numerator, self.denominator)
        return round(low * 100), round(high * 100)


@dataclass(frozen=True)
class RuleRow:
    rule_id: str
    overdue: int
    due_7: int
    due_14: int
    met: Share

    @property
    def title(self) -> str:
        return rule_title(self.rule_id)

    @property
    def legal_basis(self) -> str:
        rule = RULES_BY_ID.get(self.rule_id)
        return legal_basis_display(rule.legal_basis) if rule else ""

    @property
    def audit_item(self):
        return AUDIT_ITEMS.get(self.rule_id)

    @property
    def is_key(self) -> bool:
        return self.rule_id in KEY_RULES


def _counts(now: dt.datetime, period, live=None) -> dict:
    """The aggregates of a compliance row. ``live``: the date ranges whose duties are counted
    here for "met on time" (the rest of the period is read from the tallies); default the
    whole period."""
    ranges = live if live is not None else [(period.start, period.end)]
    in_ranges = Q(pk__in=[])
    for start, end in ranges:
        in_ranges |= Q(due_date__gte=start, due_date__lte=end)
    fell_due = in_ranges & Q(due_at__lt=now) & ~Q(status__in=_NOT_COUNTED)
    return {
        "overdue": Count("pk", filter=Q(is_pending=True, due_at__lt=now)),
        "due_7": Count(
            "pk", filter=Q(is_pending=True, due_at__gte=now, due_at__lt=now + dt.timedelta(7))
        ),
        "due_14": Count(
            "pk", filter=Q(is_pending=True, due_at__gte=now, due_at__lt=now + dt.timedelta(14))
        ),
        "due": Count("pk", filter=fell_due),
        "on_time": Count("pk", filter=fell_due & Q(status=ObligationStatus.MET, met_late=False)),
    }


def _relevant(scope: QuerySet, period, live=None) -> QuerySet:
    ranges = live if live is not None else [(period.start, period.end)]
    wanted = Q(is_pending=True)
    for start, end in ranges:
        wanted |= Q(due_date__gte=start, due_date__lte=end)
    return Obligation.objects.filter(case__in=scope.values("pk")).filter(wanted)


def _tallies(teams, months: list[dt.date]) -> QuerySet:
    return DeadlineTally.objects.filter(team__in=teams, month__in=months)


def _month_end(month: dt.date) -> dt.date:
    return month_start(month, -1) - dt.timedelta(1)


def tallied_months(period, today: dt.date) -> tuple[list[dt.date], list[tuple]]:
    """The whole months of the period before this month, read from the tallies (every duty of
    such a month has fallen due), and the date ranges left to count from the obligations."""
    months = []
    month = period.start if period.start.day == 1 else month_start(period.start, -1)
    this_month = today.replace(day=1)
    while month < this_month and _month_end(month) <= period.end:
        months.append(month)
        month = month_start(month, -1)
    if not months:
        return [], [(period.start, period.end)]
    live = []
    if period.start < months[0]:
        live.append((period.start, months[0] - dt.timedelta(1)))
    after = _month_end(months[-1]) + dt.timedelta(1)
    if after <= period.end:
        live.append((after, period.end))
    return months, live


def _order(rule_id: str) -> tuple:
    return (KEY_RULES.index(rule_id) if rule_id in KEY_RULES else len(KEY_RULES), rule_id)


def deadline_compliance(*, scope: QuerySet, period, now: dt.datetime) -> list[RuleRow]:
    """Per rule with anything to count: overdue now, due in 7 and 14 days, and met on time in
    the period. One query, grouped by rule. The key rules (``KEY_RULES``) first."""
    rows = (
        _relevant(scope, period)
        .values("rule_id")
        .annotate(**_counts(now, period))
        .order_by("rule_id")
    )
    result = [
        RuleRow(
            rule_id=row["rule_id"],
            overdue=row["overdue"],
            due_7=row["due_7"],
            due_14=row["due_14"],
            met=Share(row["on_time"], row["due"]),
        )
        for row in rows
        if row["overdue"] or row["due_14"] or row["due"]
    ]
    return sorted(result, key=lambda row: _order(row.rule_id))


def totals(rows: list[RuleRow]) -> RuleRow:
    """All rules together, as one row."""
    return RuleRow(
        rule_id="",
        overdue=sum(row.overdue for row in rows),
        due_7=sum(row.due_7 for row in rows),
        due_14=sum(row.due_14 for row in rows),
        met=Share(sum(row.met.numerator for row in rows), sum(row.met.denominator for row in rows)),
    )


def rule_met(*, scope: QuerySet, period, now: dt.datetime, rule_id: str) -> Share:
    """One rule's duties met on time in the period, of those that fell due (one query)."""
    counts = _counts(now, period)
    row = (
        Obligation.objects.filter(case__in=scope.values("pk"), rule_id=rule_id)
        .filter(due_date__gte=period.start, due_date__lte=period.end)
        .aggregate(due=counts["due"], on_time=counts["on_time"])
    )
    return Share(row["on_time"], row["due"])


@dataclass(frozen=True)
class TeamRow:
    team_id: int
    name: str
    overdue: int
    due_14: int
    met: Share


def deadline_compliance_split(
    *, scope: QuerySet, period, now: dt.datetime, teams=None
) -> tuple[list[RuleRow], list[TeamRow]]:
    """``deadline_compliance`` and the same per team (all rules together) from one query,
    grouped by team and rule and summed here: across a whole municipality each is a pass over every
    obligation (~125 ms at 10,000 children), so the page reads them once.

    ``teams``: the scope is exactly these teams' cases (a counts-only scope). Then the whole past
    months of the period come from ``DeadlineTally`` and only the pending duties and the rest of
    the period from the obligations: the same figures from far fewer rows."""
    # Grouped by the team's id only (its name would widen the sort past PostgreSQL's work_mem,
    # 230 instead of 120 ms across a municipality); the names are a second, tiny query.
    months, live = (
        tallied_months(period, timezone.localdate(now)) if teams is not None else ([], None)
    )
    rows = list(
        _relevant(scope, period, live)
        .values("rule_id", "case__team_id")
        .annotate(**_counts(now, period, live))
        .order_by()
    )
    if months:
        # The whole past months from the tallies (the read model kept with the obligations).
        rows += [
            {**row, "case__team_id": row["team_id"], "overdue": 0, "due_7": 0, "due_14": 0}
            for row in _tallies(teams, months)
            .values("rule_id", "team_id")
            .annotate(due=Sum("due"), on_time=Sum("on_time"))
            .order_by()
        ]
    names = dict(
        Team.objects.filter(pk__in={row["case__team_id"] for row in rows}).values_list("pk", "name")
    )
    for row in rows:
        row["case__team__name"] = names.get(row["case__team_id"], "")
    fields = ("overdue", "due_7", "due_14", "due", "on_time")
    by_rule: dict[str, dict] = {}
    by_team: dict[int, dict] = {}
    for row in rows:
        rule = by_rule.setdefault(row["rule_id"], dict.fromkeys(fields, 0))
        team = by_team.setdefault(
            row["case__team_id"], {"name": row["case__team__name"], **dict.fromkeys(fields, 0)}
        )
        for name in fields:
            rule[name] += row[name]
            team[name] += row[name]
    rules = [
        RuleRow(
            rule_id=rule_id,
            overdue=counts["overdue"],
            due_7=counts["due_7"],
            due_14=counts["due_14"],
            met=Share(counts["on_time"], counts["due"]),
        )
        for rule_id, counts in by_rule.items()
        if counts["overdue"] or counts["due_14"] or counts["due"]
    ]
    teams = [
        TeamRow(
            team_id=team_id,
            name=counts["name"],
            overdue=counts["overdue"],
            due_14=counts["due_14"],
            met=Share(counts["on_time"], counts["due"]),
        )
        for team_id, counts in sorted(by_team.items(), key=lambda item: (item[1]["name"], item[0]))
    ]
    return sorted(rules, key=lambda row: _order(row.rule_id)), teams


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    met: Share


def month_start(day: dt.date, back: int) -> dt.date:
    """The first day of the month ``back`` months before ``day``'s."""
    month = day.year * 12 + day.month - 1 - back
    return dt.date(month // 12, month % 12 + 1, 1)


def on_time_by_month(
    *, scope: QuerySet, months: int, today: dt.date, now, teams=None
) -> list[MonthRow]:
    """The share met on time per month of the deadline, for the last ``months`` months up to
    this one (a month with nothing due is shown empty). One query; with ``teams`` (the scope
    is exactly their cases) the past months from the tallies and this month from the
    obligations, two small ones."""
    first = month_start(today, months - 1)
    found = {}
    if teams is not None:
        this_month = today.replace(day=1)
        for row in (
            _tallies(teams, [month_start(today, back) for back in range(months - 1, 0, -1)])
            .values("month")
            .annotate(due=Sum("due"), on_time=Sum("on_time"))
        ):
            found[row["month"]] = Share(row["on_time"], row["due"])
        first = this_month
    rows = (
        Obligation.objects.filter(
            case__in=scope.values("pk"), due_date__gte=first, due_date__lte=today, due_at__lt=now
        )
        .exclude(status__in=_NOT_COUNTED)
        .annotate(month=TruncMonth("due_date"))
        .values("month")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(status=ObligationStatus.MET, met_late=False)),
        )
        .order_by("month")
    )
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        found[month.replace(day=1)] = Share(row["on_time"], row["due"])
    return [
        MonthRow(month, found.get(month, Share(0, 0)))
        for month in (month_start(today, back) for back in range(months - 1, -1, -1))
    ]


def obligations_drilled(*, scope: QuerySet, rule_id: str, criterion: str, now) -> QuerySet:
    """The duties behind one number of the compliance table (``criterion`` in ``CRITERIA``),
    within ``scope`` (which must be what the user may see): most urgent first."""
    rows = Obligation.objects.filter(case__in=scope.values("pk"), is_pending=True)
    if rule_id:
        rows = rows.filter(rule_id=rule_id)
    if criterion == "overskredet":
        rows = rows.filter(due_at__lt=now)
    else:
        days = 7 if criterion == "7-dage" else 14
        rows = rows.filter(due_at__gte=now, due_at__lt=now + dt.timedelta(days))
    return rows.select_related("child", "case").order_by("due_at", "rule_id", "pk")
