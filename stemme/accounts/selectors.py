"""Reads about the organisation: teams and staff. No child data."""

from django.db.models import Count, QuerySet

from stemme.accounts.models import Team, User


def teams_of_municipality(*, municipality) -> QuerySet[Team]:
    return (
        Team.objects.filter(municipality=municipality)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


def staff_of_municipality(*, municipality) -> QuerySet[User]:
    return (
        User.objects.filter(municipality=municipality)
        .prefetch_related("teams")
        .order_by("role", "first_name", "last_name")
    )


def team_of_municipality(*, municipality, team_id: int) -> Team | None:
    """One team of ``municipality``, or None (another municipality's team is not found)."""
    return Team.objects.filter(municipality=municipality, pk=team_id).first()
