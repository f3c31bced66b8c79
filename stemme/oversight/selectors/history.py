"""The history of the figures that are a state (catalogue: history): overdue duties, duties due
within 14 days, open cases and the caseworkers holding them, per team at the end of a day.

``team_states_at`` counts them for a moment from the cases and duties (the nightly run stores
what it finds in ``TeamDay``); ``history`` reads the stored days back, month by month.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from stemme.cases.models import AssignmentRole, Case, CaseworkerAssignment, Stage
from stemme.deadlines.models import Obligation, ObligationStatus
from stemme.oversight.models import TeamDay
from stemme.oversight.selectors.deadlines import month_start

FIELDS = ("overdue", "due_14", "open_cases", "caseworkers")


def team_states_at(*, municipality_id: int, moment: dt.datetime) -> dict[int, dict]:
    """Per team of the municipality (team id → FIELDS), as at ``moment``: a duty counts as
    pending then if it had started and is still not done, or was done only after ``moment``
    (waived and lapsed duties never count: when they were waived is not kept); a case is open
    from its opening day until its closing day; a caseworker counts when their primary
    assignment to an open case ran that day. For a past moment this reads the cases as they are
    now (a case that moved team counts on its team of today). Three queries."""
    day = timezone.localdate(moment)
    pending_then = Q(started_at__lte=moment) & (
        Q(is_pending=True) | Q(status=ObligationStatus.MET, met_at__gt=moment)
    )
    states: dict[int, dict] = {}

    def of(team_id: int) -> dict:
        return states.setdefault(team_id, dict.fromkeys(FIELDS, 0))

    duties = (
        Obligation.objects.filter(
            pending_then,
            case__team__municipality_id=municipality_id,
            due_at__lt=moment + dt.timedelta(14),
        )
        .values("case__team_id")
        .annotate(
            overdue=Count("pk", filter=Q(due_at__lt=moment)),
            due_14=Count("pk", filter=Q(due_at__gte=moment)),
        )
        .order_by()
    )
    for row in duties:
        of(row["case__team_id"]).update(overdue=row["overdue"], due_14=row["due_14"])
    open_then = Q(opened_on__lte=day) & (
        Q(closed_on__gt=day) | (Q(closed_on__isnull=True) & ~Q(stage=Stage.CLOSED))
    )
    cases = (
        Case.objects.filter(open_then, team__municipality_id=municipality_id)
        .values("team_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in cases:
        of(row["team_id"])["open_cases"] = row["n"]
    people = (
        CaseworkerAssignment.objects.filter(
            role=AssignmentRole.PRIMARY,
            started_on__lte=day,
            case__in=Case.objects.filter(open_then, team__municipality_id=municipality_id).values(
                "pk"
            ),
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .values("case__team_id")
        .annotate(n=Count("caseworker_id", distinct=True))
        .order_by()
    )
    for row in people:
        of(row["case__team_id"])["caseworkers"] = row["n"]
    return states


@dataclass(frozen=True)
class MonthState:
    month: dt.date
    day: dt.date | None  # the last day of the month with figures; None: none stored
    overdue: int = 0
    due_14: int = 0
    open_cases: int = 0
    caseworkers: int = 0
    reconstructed: bool = False

    @property
    def per_caseworker(self) -> float | None:
        return round(self.open_cases / self.caseworkers, 1) if self.caseworkers else None


def history(*, teams, months: int, today: dt.date) -> list[MonthState]:
    """For the teams, per month of the last ``months`` up to this one: the figures of the last
    day stored in that month, all the teams together (a month with none stored is empty). One
    query, a row per stored day."""
    first = month_start(today, months - 1)
    rows = (
        TeamDay.objects.filter(team__in=teams, day__gte=first, day__lte=today)
        .values("day")
        .annotate(
            **{name: Sum(name) for name in FIELDS},
            reconstructed=Count("pk", filter=Q(reconstructed=True)),
        )
        .order_by("day")
    )
    last: dict[dt.date, dict] = {}
    for row in rows:
        last[row["day"].replace(day=1)] = row  # ordered by day: the month's last day wins
    result = []
    for back in range(months - 1, -1, -1):
        month = month_start(today, back)
        row = last.get(month)
        if row is None:
            result.append(MonthState(month, None))
            continue
        result.append(
            MonthState(
                month,
                row["day"],
                **{name: row[name] or 0 for name in FIELDS},
                reconstructed=bool(row["reconstructed"]),
            )
        )
    return result
