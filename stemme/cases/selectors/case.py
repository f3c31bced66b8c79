"""Reads about cases and caseloads."""

from django.db.models import Count, Q, QuerySet

from stemme.accounts.models import Role, User
from stemme.cases.models import Stage
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


def case_steps(*, case) -> dict:
    """Everything recorded in the case's steps, newest first, in a fixed number of queries."""
    return {
        "intakes": list(case.intakes.order_by("-received_at")),
        "screenings": list(case.screenings.order_by("-screened_on")),
        "investigations": list(case.investigations.order_by("-started_on")),
        "decisions": list(case.decisions.order_by("-decided_on")),
        "measures": list(case.measures.select_related("decision").order_by("-started_on")),
        "plans": list(case.plans.order_by("-made_on")),
        "startup_meetings": list(case.startup_meetings.order_by("-held_on")),
        "follow_ups": list(case.follow_ups.order_by("-held_on")),
        "supervision_visits": list(case.supervision_visits.order_by("-visited_on")),
        "milestones": list(case.milestones.order_by("-happened_on")),
        "closures": list(case.closures.order_by("-closed_on")),
    }


def children_with_cpr(*, municipality_id, cpr: str) -> list:
    """The municipality's children registered with ``cpr`` (a normalised number): what the "new
    report" form's duplicate check finds, so the view can log it as a search."""

    return list(Child.objects.filter(municipality_id=municipality_id, cpr=cpr))
