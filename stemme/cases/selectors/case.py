"""Reads about cases and caseloads."""

from operator import attrgetter

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from stemme.accounts.models import Role, User
from stemme.cases.models import Measure, Stage
from stemme.children.models import Child


def caseload_for_teams(*, teams) -> QuerySet[User]:
    """Caseworkers on ``teams`` with their number of open cases as primary and as secondary."""
    current_open = Q(assignments__ended_on__isnull=True) & ~Q(assignments__case__stage=Stage.CLOSED)
    return (
        User.objects.filter(role=Role.CASEWORKER, teams__in=teams, is_active=True)
        .distinct()
        .annotate(
            primary_cases=Count(
                "assignments", filter=current_open & Q(assignments__role="primary"), distinct=True
            ),
            secondary_cases=Count(
                "assignments",
                filter=current_open & Q(assignments__role="secondary"),
                distinct=True,
            ),
        )
        .order_by("first_name", "last_name")
    )


# The case's step records, as related names of Case, with the date each list is shown by.
CASE_RECORDS = {
    "intakes": "received_at",
    "screenings": "screened_on",
    "investigations": "started_on",
    "decisions": "decided_on",
    "measures": "started_on",
    "plans": "made_on",
    "startup_meetings": "held_on",
    "follow_ups": "held_on",
    "supervision_visits": "visited_on",
    "milestones": "happened_on",
    "closures": "closed_on",
}


def case_records_prefetch(case) -> None:
    """Read every step record of the case once, into the case's prefetch cache: the case page's
    panels (the child's voice, the steps offered) then read them from there instead of asking
    again (one query per kind of record)."""
    prefetch_related_objects(
        [case],
        *(name for name in CASE_RECORDS if name != "measures"),
        Prefetch("measures", queryset=Measure.objects.select_related("decision")),
    )


def case_steps(*, case) -> dict:
    """Everything recorded in the case's steps, newest first, in a fixed number of queries (none
    after ``case_records_prefetch``)."""
    return {
        name: sorted(getattr(case, name).all(), key=attrgetter(field), reverse=True)
        for name, field in CASE_RECORDS.items()
    }


def children_with_cpr(*, municipality_id, cpr: str) -> list:
    """The municipality's children registered with ``cpr`` (a normalised number): what the "new
    report" form's duplicate check finds, so the view can log it as a search."""

    return list(Child.objects.filter(municipality_id=municipality_id, cpr=cpr))
