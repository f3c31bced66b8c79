"""Reads about the organisation (teams and staff) and a staff member's second factor.
No child data."""

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stemme.accounts.models import AccountLock, Department, EnrolmentCode, Team, User
from stemme.audit.models import Event

RECENT_LOCKS = dt.timedelta(days=30)  # how far back the organisation page lists locks


def teams_of_municipality(*, municipality) -> QuerySet[Team]:
    return (
        Team.objects.filter(municipality=municipality)
        .select_related("department")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


def departments_of_municipality(*, municipality) -> QuerySet[Department]:
    return Department.objects.filter(municipality=municipality).order_by("name")


def staff_of_municipality(*, municipality) -> QuerySet[User]:
    return (
        User.objects.filter(municipality=municipality)
        .prefetch_related("teams")
        .order_by("role", "first_name", "last_name")
    )


def team_of_municipality(*, municipality, team_id: int) -> Team | None:
    """One team of ``municipality``, or None (another municipality's team is not found)."""
    return Team.objects.filter(municipality=municipality, pk=team_id).first()


def mfa_status(*, user) -> dict:
    """The user's second factor: when the authenticator was set up (None: not set up) and how
    many recovery codes are left. Two queries."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).only("created_at").first()
    return {
        "set_up_at": device.created_at if device is not None else None,
        "recovery_codes_left": StaticToken.objects.filter(
            device__user=user, device__confirmed=True
        ).count(),
    }


def has_authenticator(*, user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def staff_with_authenticator_ids(*, municipality) -> set[int]:
    """Ids of the municipality's staff who have set up two-step login (one query)."""
    return set(
        TOTPDevice.objects.filter(user__municipality=municipality, confirmed=True).values_list(
            "user_id", flat=True
        )
    )


def staff_with_pending_enrolment_code(*, municipality) -> dict[int, "dt.datetime"]:
    """The municipality's staff with an enrolment code not yet used, expired or voided: user id
    to when the code expires (one query)."""
    return dict(
        EnrolmentCode.objects.filter(
            user__municipality=municipality,
            redeemed_at__isnull=True,
            voided_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).values_list("user_id", "expires_at")
    )


def account_locks_recent(*, municipality) -> QuerySet[AccountLock]:
    """Locks of the municipality's staff accounts after many wrong passwords from many
    addresses, the last 30 days, newest first."""
    return (
        AccountLock.objects.filter(
            user__municipality=municipality, started_at__gte=timezone.now() - RECENT_LOCKS
        )
        .select_related("user")
        .order_by("-started_at")
    )


# --- Staff administration (views/staff.py) -------------------------------------------------------

STAFF_SORTS = {
    "": ("first_name", "last_name", "pk"),
    "username": ("username", "pk"),
    "role": ("role", "first_name", "last_name", "pk"),
    "last_login": (F("last_login").desc(nulls_last=True), "first_name", "last_name", "pk"),
}
STAFF_HISTORY_LIMIT = 100


def staff_list(
    *,
    municipality,
    search: str = "",
    role: str = "",
    team=None,
    active: str = "",
    sort: str = "",
) -> QuerySet[User]:
    """The municipality's staff for the administrator's list: ``search`` in the names and the
    username, ``role``, ``team`` (a Team), ``active`` ("yes" / "no" / "" for both), sorted by
    ``sort`` (a key of STAFF_SORTS). Each row knows its teams (prefetched) and whether two-step
    login is set up (``has_authenticator``): two queries a page."""
    staff = User.objects.filter(municipality=municipality)
    for word in search.split()[:5]:
        staff = staff.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
        )
    if role:
        staff = staff.filter(role=role)
    if team is not None:
        staff = staff.filter(teams=team)
    if active == "yes":
        staff = staff.filter(is_active=True)
    elif active == "no":
        staff = staff.filter(is_active=False)
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        staff.annotate(has_authenticator=Exists(confirmed))
        .prefetch_related("teams")
        .order_by(*STAFF_SORTS.get(sort, STAFF_SORTS[""]))
    )


def staff_member(*, municipality, user_id: int) -> User | None:
    """One staff member of ``municipality`` (another municipality's is not found)."""
    if municipality is None:
        return None
    return (
        User.objects.filter(municipality=municipality, pk=user_id).prefetch_related("teams").first()
    )


def staff_children_assigned(*, user) -> int:
    """How many children ``user`` is still assigned to (an open assignment on a case that is
    not closed): the count the administrator sees before closing a leaver's account. A number
    only, no child's data. Through the reverse relation of cases.CaseworkerAssignment, so
    accounts imports no app above it ("closed" is cases.Stage.CLOSED)."""
    return (
        User.objects.filter(pk=user.pk).aggregate(
            children=Count(
                "assignments__case__child",
                distinct=True,
                filter=Q(assignments__ended_on__isnull=True)
                & ~Q(assignments__case__stage="closed"),
            )
        )["children"]
        or 0
    )


def staff_history(*, user, limit: int = STAFF_HISTORY_LIMIT) -> list[Event]:
    """The events about a staff account (created, changed, closed, reopened; two-step login
    and password), newest first, from its municipality's event log."""
    if user.municipality_id is None:
        return []
    return list(
        Event.objects.filter(municipality_id=user.municipality_id, ref=f"user:{user.pk}")
        .select_related("actor")
        .order_by("-occurred_at", "-id")[:limit]
    )
