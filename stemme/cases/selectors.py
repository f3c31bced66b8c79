"""Reads about cases and caseloads."""

from django.db.models import Count, Q, QuerySet

from stemme.accounts.models import Role, User
from stemme.cases.models import Stage


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
