"""Repeated concern with no investigation (catalogue: repeated-concern)."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, QuerySet

from stemme.cases.models import Intake, IntakeKind, Investigation
from stemme.children.models import Child
from stemme.deadlines.calendar import add_calendar_months


def _since(today: dt.date) -> dt.date:
    return add_calendar_months(today, -12)


def repeated_concern(*, scope: QuerySet, today: dt.date, threshold: int | None = None) -> QuerySet:
    """Children with ``threshold`` or more reports of concern received in the last 12 months on
    their cases in scope, and no afdækning or BFU started since the first of those reports.
    Rows of ``child_id``, ``reports`` and ``latest``; the most reports first. One query."""
    threshold = threshold or settings.STEMME_REPEATED_CONCERN_REPORTS
    since = _since(today)
    investigated = Investigation.objects.filter(
        case__child_id=OuterRef("case__child_id"), started_on__gte=since
    )
    return (
        Intake.objects.filter(
            case__in=scope.values("pk"),
            kind=IntakeKind.UNDERRETNING,
            received_at__date__gte=since,
            received_at__date__lte=today,
        )
        .filter(~Exists(investigated))
        .values("case__child_id")
        .annotate(reports=Count("pk"), latest=Max("received_at"))
        .filter(reports__gte=threshold)
        .order_by("-reports", "-latest", "case__child_id")
    )


def repeated_concern_children(
    *, scope: QuerySet, today: dt.date
) -> list[tuple[Child, int, dt.datetime]]:
    """The same children as rows to show (child, reports, latest): two queries."""
    rows = list(repeated_concern(scope=scope, today=today))
    children = Child.objects.in_bulk([row["case__child_id"] for row in rows])
    return [
        (children[row["case__child_id"]], row["reports"], row["latest"])
        for row in rows
        if row["case__child_id"] in children
    ]
