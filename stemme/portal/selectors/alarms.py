"""Reads for a child's alarm: which words may be serious, who must know, when an adult reads it.

A message from a child raises an alarm when the child says it is urgent, or when it holds a
word from the municipality's list (``Municipality.portal_alarm_words``). An alarm stays open on
every staff page of the people who must know until one of them acknowledges it. Who must know
is decided in one place, ``alarm_recipients``; the in-app banner, the inboxes and the worklist
read the same rule through ``open_alarms_for`` so they never disagree.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from stemme.access.selectors import children_visible_to
from stemme.accounts.models import Role, Team, User
from stemme.cases.models import CaseworkerAssignment
from stemme.deadlines.calendar import COPENHAGEN, is_working_day
from stemme.participation.models import PortalMessage
from stemme.portal.selectors.messages import holiday_options_for, message_words

BANNER_SIZE = 3

# --- Words that may be serious -------------------------------------------------------------------


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def alarm_word_list(municipality) -> list[str]:
    """The municipality's entries, one per line (commas also separate), empty lines dropped."""
    entries = re.split(r"[\n,;]+", municipality.portal_alarm_words or "")
    return [" ".join(_normalise(entry).split()) for entry in entries if entry.strip()]


def _pattern(entry: str) -> re.Pattern:
    prefix = entry.endswith("*")
    words = entry.rstrip("*").split()
    body = r"\s+".join(re.escape(word) for word in words)
    # Word boundaries by letters, so "dø" matches "dø" but not "døgn", and "slå*" matches
    # "slår" and "slåssede". \w covers æ, ø and å.
    tail = r"\w*" if prefix else ""
    return re.compile(r"(?<!\w)(" + body + tail + r")(?!\w)")


def alarm_matches(text: str, entries: list[str]) -> list[str]:
    """The words of ``text`` that match the list, as the child wrote them (lower case), each
    once, in the order they appear. Pure: no queries."""
    normalised = _normalise(text)
    found: list[tuple[int, str]] = []
    for entry in entries:
        if not entry.rstrip("*").strip():
            continue
        for match in _pattern(entry).finditer(normalised):
            found.append((match.start(), " ".join(match.group(1).split())))
    seen: dict[str, None] = {}
    for _start, word in sorted(found):
        seen.setdefault(word, None)
    return list(seen)


def message_alarm_words(message: PortalMessage, *, municipality) -> list[str]:
    """The possibly serious words in everything the child wrote in ``message``."""
    return alarm_matches(message_words(message), alarm_word_list(municipality))


# --- When an adult reads it ----------------------------------------------------------------------


@dataclass(frozen=True)
class DutyWindow:
    """Whether the team's duty inbox is read right now, until when, and when it next opens."""

    open_now: bool
    closes_at: dt.datetime | None
    next_opens_at: dt.datetime | None
    opens_today: bool = False


def duty_window(team: Team | None, *, now: dt.datetime | None = None) -> DutyWindow:
    """The team's duty hours on Danish working days (the municipality's closing days
    included), seen from ``now``. No team: nobody can be promised (closed, no next time)."""
    now = now or timezone.now()
    if team is None:
        return DutyWindow(open_now=False, closes_at=None, next_opens_at=None)
    options = holiday_options_for(team.municipality)
    local = now.astimezone(COPENHAGEN)
    day = local.date()

    def at(day_: dt.date, time_: dt.time) -> dt.datetime:
        return dt.datetime.combine(day_, time_, tzinfo=COPENHAGEN)

    if is_working_day(day, options):
        opens, closes = at(day, team.duty_opens), at(day, team.duty_closes)
        if opens <= local < closes:
            return DutyWindow(open_now=True, closes_at=closes, next_opens_at=None)
        if local < opens:
            return DutyWindow(open_now=False, closes_at=None, next_opens_at=opens, opens_today=True)
    for offset in range(1, 15):
        candidate = day + dt.timedelta(days=offset)
        if is_working_day(candidate, options):
            return DutyWindow(
                open_now=False, closes_at=None, next_opens_at=at(candidate, team.duty_opens)
            )
    return DutyWindow(open_now=False, closes_at=None, next_opens_at=None)


def urgent_reading(*, message: PortalMessage, now: dt.datetime | None = None) -> DutyWindow:
    """When an adult reads the child's urgent message: the duty hours of the team that holds
    the child's case (what the child is told, honestly, right after sending it)."""
    team = (
        Team.objects.select_related("municipality").filter(cases__pk=message.case_id).first()
        if message.case_id
        else None
    )
    return duty_window(team, now=now)


# --- Who must know -------------------------------------------------------------------------------


def alarm_recipients(message: PortalMessage) -> list[User]:
    """Everyone who must know about the alarm at once: the child's current caseworkers on the
    message's case and the caseworkers and team leaders of that case's team (the duty inbox's
    people). Active staff of the child's municipality only. The one rule every channel uses."""
    if message.case_id is None:
        return []
    case = message.case
    assigned = CaseworkerAssignment.objects.filter(
        case_id=message.case_id, ended_on__isnull=True
    ).values("caseworker_id")
    return list(
        User.objects.filter(is_active=True, municipality_id=message.child.municipality_id)
        .filter(
            Q(pk__in=assigned) | Q(teams=case.team_id, role__in=[Role.CASEWORKER, Role.TEAM_LEADER])
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def _recipient_filter(user) -> Q | None:
    """The open alarms ``user`` must know about, as a filter on PortalMessage (the same rule as
    ``alarm_recipients``, read from the user's side)."""
    if not user.is_authenticated or user.role not in (Role.CASEWORKER, Role.TEAM_LEADER):
        return None
    if not user.is_active or user.municipality_id is None:
        return None
    assigned = CaseworkerAssignment.objects.filter(
        caseworker_id=user.pk, ended_on__isnull=True
    ).values("case_id")
    return Q(child__municipality_id=user.municipality_id) & (
        Q(case_id__in=assigned) | Q(case__team_id__in=user.teams.values("pk"))
    )


def open_alarms_for(user) -> QuerySet[PortalMessage]:
    """Unacknowledged alarms ``user`` must know about, newest first, each annotated with
    ``visible``: whether the user may open the child (only then may a page name the child)."""
    where = _recipient_filter(user)
    if where is None:
        return PortalMessage.objects.none()
    return (
        PortalMessage.objects.filter(alarm=True, acknowledged_at__isnull=True)
        .filter(where)
        .annotate(visible=Exists(children_visible_to(user).filter(pk=OuterRef("child_id"))))
        .select_related("child", "case__team")
        .order_by("-created_at")
    )


def alarm_banner(user) -> dict:
    """What the banner on every staff page shows: the number of open alarms and the newest few
    (one query on a page without alarms, three at most; none for users who never receive
    alarms). The banner names no child: it is seen on shared screens, and the message page that
    names the child logs the access."""
    where = _recipient_filter(user)
    if where is None:
        return {"count": 0, "alarms": []}
    # The newest few first, and only then whether the user may open each one's child: on most
    # pages there is no alarm, and building that check (the user's whole reach) into the query
    # cost every staff page more than the query itself (docs/performance.md).
    alarms = list(
        PortalMessage.objects.filter(alarm=True, acknowledged_at__isnull=True)
        .filter(where)
        .select_related("case__team")
        .order_by("-created_at")[:BANNER_SIZE]
    )
    if not alarms:
        return {"count": 0, "alarms": []}
    openable = set(
        children_visible_to(user)
        .filter(pk__in={alarm.child_id for alarm in alarms})
        .values_list("pk", flat=True)
    )
    for alarm in alarms:
        alarm.visible = alarm.child_id in openable
    count = (
        len(alarms)
        if len(alarms) < BANNER_SIZE
        else PortalMessage.objects.filter(alarm=True, acknowledged_at__isnull=True)
        .filter(where)
        .count()
    )
    return {"count": count, "alarms": alarms}


__all__ = [
    "DutyWindow",
    "alarm_banner",
    "alarm_matches",
    "alarm_recipients",
    "alarm_word_list",
    "duty_window",
    "message_alarm_words",
    "open_alarms_for",
    "urgent_reading",
]
