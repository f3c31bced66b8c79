"""Reads for notifications: who is told about what, and what is due to be told.

Who must know is never decided here a second time: an urgent message goes to the people
``portal.selectors.alarms.alarm_recipients`` names (the case's current caseworkers and the
caseworkers and team leaders of the case's team, the duty inbox's people), and so does a message
left unread past the municipality's escalation time; emergency access goes to the team leaders
who review it (the rule of ``access.selectors.emergency_accesses_for_review``, read from the
use's side); a handover to the caseworker who receives the case.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from stemme.access.models import EmergencyAccess
from stemme.access.selectors import cases_visible_to
from stemme.accounts.models import Municipality, Role, Team, User
from stemme.cases.models import CaseworkerAssignment
from stemme.continuity.models import Handover
from stemme.deadlines.selectors import worklist
from stemme.notifications.models import Kind, Notification, NotificationPreference
from stemme.participation.models import PortalMessage
from stemme.portal.selectors.alarms import alarm_recipients
from stemme.portal.selectors.messages import escalation_cutoff

# How far back a sweep looks for something not yet told: a new installation (or a worker that
# was down for a weekend) does not mail about last year's handovers.
LOOKBACK = dt.timedelta(days=7)


# --- Preferences ---------------------------------------------------------------------------------


def preference_for(user) -> NotificationPreference:
    """The user's choices, or the defaults (an unsaved row) when they never chose."""
    found = NotificationPreference.objects.filter(user_id=user.pk).first()
    return found or NotificationPreference(user=user)


def preferences_for(users: list) -> dict[int, NotificationPreference]:
    """Each user's choices by user id (one query; defaults for those who never chose)."""
    saved = {p.user_id: p for p in NotificationPreference.objects.filter(user__in=users)}
    return {user.pk: saved.get(user.pk) or NotificationPreference(user=user) for user in users}


# --- Who is told ---------------------------------------------------------------------------------


def current_caseworker_ids(case_id) -> set[int]:
    """The case's current caseworkers (primary and secondary)."""
    if case_id is None:
        return set()
    return set(
        CaseworkerAssignment.objects.filter(case_id=case_id, ended_on__isnull=True).values_list(
            "caseworker_id", flat=True
        )
    )


def message_by_id(message_id) -> PortalMessage | None:
    """A child's message with its child and case (only its id travels through the queue)."""
    return PortalMessage.objects.select_related("child", "case").filter(pk=message_id).first()


def message_recipients(message: PortalMessage) -> list[User]:
    """The people told about a child's message: the alarm's recipients (one rule)."""
    return alarm_recipients(message)


def emergency_reviewers(access: EmergencyAccess) -> list[User]:
    """The team leaders who review a use of emergency access: leaders of a team of the user who
    used it, or of a team with a case of the child; in the child's municipality; never the user
    themselves (nobody reviews their own use)."""
    teams = Team.objects.filter(Q(members=access.user_id) | Q(cases__child_id=access.child_id))
    return list(
        User.objects.filter(
            is_active=True,
            role=Role.TEAM_LEADER,
            municipality_id=access.child.municipality_id,
            teams__in=teams,
        )
        .exclude(pk=access.user_id)
        .distinct()
        .order_by("pk")
    )


def handover_recipients(handover: Handover) -> list[User]:
    """The caseworker who receives the case, unless they handed it to themselves."""
    receiver = handover.to_caseworker
    if not receiver.is_active or receiver.pk == handover.created_by_id:
        return []
    return [receiver]


# --- What is due to be told (the sweep) ----------------------------------------------------------


def _told(kind: str, refs: list[str]) -> set[str]:
    return set(
        Notification.objects.filter(kind=kind, subject_ref__in=refs).values_list(
            "subject_ref", flat=True
        )
    )


def unread_messages_due(*, now: dt.datetime) -> list[PortalMessage]:
    """Messages on a case left unread past their municipality's escalation time (within the
    lookback), not already told about. Alarms are told at once and are left out."""
    due: list[PortalMessage] = []
    for municipality in Municipality.objects.all():
        cutoff = escalation_cutoff(municipality=municipality, now=now)
        due += list(
            PortalMessage.objects.filter(
                child__municipality=municipality,
                case__isnull=False,
                read_at__isnull=True,
                alarm=False,
                created_at__lte=cutoff,
                created_at__gte=cutoff - LOOKBACK,
            ).select_related("child", "case")
        )
    told = _told(Kind.UNREAD_MESSAGE, [m.ref for m in due])
    return [m for m in due if m.ref not in told]


def emergency_accesses_due(*, now: dt.datetime) -> list[EmergencyAccess]:
    """Unreviewed uses of emergency access (within the lookback) not already told about."""
    rows = list(
        EmergencyAccess.objects.filter(
            reviewed_at__isnull=True, granted_at__gte=now - LOOKBACK, granted_at__lte=now
        ).select_related("child")
    )
    told = _told(Kind.EMERGENCY_ACCESS, [f"emergency_access:{row.pk}" for row in rows])
    return [row for row in rows if f"emergency_access:{row.pk}" not in told]


def handovers_due(*, now: dt.datetime) -> list[Handover]:
    """Handovers made within the lookback whose receiver was not told yet."""
    rows = list(
        Handover.objects.filter(created_at__gte=now - LOOKBACK, created_at__lte=now).select_related(
            "to_caseworker"
        )
    )
    told = _told(Kind.HANDOVER, [row.ref for row in rows])
    return [row for row in rows if row.ref not in told]


def digest_recipients() -> QuerySet[User]:
    """Everyone who may have duties: active caseworkers and team leaders of a municipality."""
    return User.objects.filter(
        is_active=True,
        role__in=[Role.CASEWORKER, Role.TEAM_LEADER],
        municipality__isnull=False,
    ).order_by("pk")


def duty_counts(user, *, now: dt.datetime | None = None) -> dict[str, int]:
    """How many of the duties on the user's worklist are overdue and due today (the worklist's
    own counts, so the e-mail and the page agree)."""
    now = now or timezone.now()
    result = worklist(cases=cases_visible_to(user, now=now), page_size=1, now=now)
    return {"overdue": result.counts["overdue"], "today": result.counts["today"]}


__all__ = [
    "LOOKBACK",
    "current_caseworker_ids",
    "digest_recipients",
    "duty_counts",
    "emergency_accesses_due",
    "emergency_reviewers",
    "handover_recipients",
    "handovers_due",
    "message_by_id",
    "message_recipients",
    "preference_for",
    "preferences_for",
    "unread_messages_due",
]
