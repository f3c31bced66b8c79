"""Reads about the organisation (teams and staff) and a staff member's second factor.
No child data."""

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stemme.accounts.models import AccountLock, EnrolmentCode, Team, User

RECENT_LOCKS = dt.timedelta(days=30)  # how far back the organisation page lists locks


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
