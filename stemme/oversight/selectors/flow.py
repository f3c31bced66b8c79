"""Flow times from a report of concern to help (catalogue: flow-times)."""

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from stemme.cases.models import Decision, Intake, IntakeKind, Measure
from stemme.participation.models import Conversation

STEPS = (
    ("assessed", _("Urgency assessed"), "hours"),
    ("conversation", _("First conversation with the child"), "days"),
    ("decision", _("First decision"), "days"),
    ("help", _("Help started"), "days"),
)
# The buckets of a step counted in days (Primero buckets the time to closing the same way).
DAY_BUCKETS = ((0, 7), (7, 30), (30, 91), (91, 182), (182, None))
HOUR_BUCKETS = ((0, 24), (24, 72), (72, None))


def _percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (no interpolation: a real report's time)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    unit: str
    reports: int
    times: tuple

    @property
    def reached(self) -> int:
        return len(self.times)

    @property
    def not_yet(self) -> int:
        return self.reports - self.reached

    @property
    def median(self) -> float | None:
        return _percentile(list(self.times), 0.5) if self.times else None

    @property
    def p90(self) -> float | None:
        return _percentile(list(self.times), 0.9) if self.times else None

    @property
    def buckets(self) -> list[tuple[int, int | None, int]]:
        bands = HOUR_BUCKETS if self.unit == "hours" else DAY_BUCKETS
        return [
            (low, high, sum(1 for t in self.times if t >= low and (high is None or t < high)))
            for low, high in bands
        ]


def _first(model, field: str, **extra) -> Subquery:
    return Subquery(
        model.objects.filter(
            case_id=OuterRef("case_id"), **{f"{field}__gte": OuterRef("received_on")}, **extra
        )
        .order_by()
        .values("case_id")
        .annotate(first=Min(field))
        .values("first")[:1]
    )


def flow_times(*, scope: QuerySet, period) -> list[Step]:
    """Each report of concern received in the period, and when its case reached each step (the
    first such record on or after the day of the report). One query."""
    rows = list(
        Intake.objects.filter(
            case__in=scope.values("pk"),
            kind=IntakeKind.UNDERRETNING,
            received_at__date__gte=period.start,
            received_at__date__lte=period.end,
        )
        .annotate(received_on=TruncDate("received_at"))
        .annotate(
            conversation=_first(Conversation, "happened_on", held=True),
            decision=_first(Decision, "decided_on"),
            help=_first(Measure, "started_on"),
        )
        .values(
            "received_at", "received_on", "urgency_assessed_at", "conversation", "decision", "help"
        )
        .order_by()
    )
    times: dict[str, list[float]] = {key: [] for key, _label, _unit in STEPS}
    for row in rows:
        if row["urgency_assessed_at"] is not None:
            hours = (row["urgency_assessed_at"] - row["received_at"]).total_seconds() / 3600
            times["assessed"].append(round(max(hours, 0.0), 1))
        received = row["received_on"]
        if isinstance(received, dt.datetime):
            received = received.date()
        for key in ("conversation", "decision", "help"):
            if row[key] is not None:
                times[key].append((row[key] - received).days)
    return [Step(key, str(label), unit, len(rows), tuple(times[key])) for key, label, unit in STEPS]
