"""Reads for "tell my caseworker": the child's own messages, the staff inboxes and the panel.

Escalation is derived when a page is read, never by a job: a message is in the team's duty
inbox while it is unread and older than the municipality's ``portal_escalate_after_hours``.
The answer date promised to the child is ``portal_answer_within_days`` working days after the
message was sent, on the same Danish working-day calendar as the statutory deadlines.
"""

import datetime as dt

from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from stemme.access.selectors import children_visible_to
from stemme.cases.models import AssignmentRole, Case, CaseworkerAssignment, Stage
from stemme.children.models import PortalAccount, Smiley
from stemme.deadlines.calendar import HolidayOptions, add_working_days, local_date
from stemme.deadlines.models import HolidaySettings
from stemme.participation.models import MessageKind, PortalMessage

PREVIEW_CHARS = 120
PANEL_SIZE = 5


# --- The words of a message --------------------------------------------------------------------


def message_words(message: PortalMessage) -> str:
    """The message as one readable text, in the active language: what is filed verbatim as the
    child's statement, and what staff see as a preview. Only what the child filled in appears."""
    if message.kind == MessageKind.MOOD:
        mood = Smiley(message.mood).label if message.mood in Smiley.values else "?"
        words = _("Mood: %(mood)s.") % {"mood": mood}
        if message.text.strip():
            words += " " + _("Why: %(why)s") % {"why": message.text.strip()}
        return words
    if message.kind == MessageKind.THREE_HOUSES:
        houses = [
            (_("Good things"), message.good_things),
            (_("Worries"), message.worries),
            (_("Dreams"), message.dreams),
        ]
        return "\n".join(f"{label}: {text.strip()}" for label, text in houses if text.strip())
    return message.text.strip()


def with_words(messages) -> list[PortalMessage]:
    """The messages as a list, each with ``words`` and a short ``preview`` (no queries)."""
    rows = list(messages)
    for message in rows:
        message.words = message_words(message)
        message.preview = Truncator(" ".join(message.words.split())).chars(PREVIEW_CHARS)
    return rows


# --- When the child can expect an answer -------------------------------------------------------


def holiday_options_for(municipality) -> HolidayOptions:
    """The municipality's closing days (as the deadline engine reads them; one query)."""
    settings = HolidaySettings.objects.filter(municipality=municipality).first()
    if settings is None:
        return HolidayOptions()
    return HolidayOptions(
        grundlovsdag=settings.grundlovsdag,
        juleaftensdag=settings.juleaftensdag,
        nytaarsaftensdag=settings.nytaarsaftensdag,
    )


def answer_expected_by(
    *, municipality, sent_at: dt.datetime, options: HolidayOptions | None = None
) -> dt.date:
    """The date by which the child is told to expect an answer: the municipality's number of
    working days after the day the message was sent (that day itself does not count)."""
    return add_working_days(
        local_date(sent_at),
        municipality.portal_answer_within_days,
        options if options is not None else holiday_options_for(municipality),
    )


def escalation_cutoff(*, municipality, now: dt.datetime | None = None) -> dt.datetime:
    """Messages unread since this moment (or earlier) are in the team's duty inbox."""
    return (now or timezone.now()) - dt.timedelta(hours=municipality.portal_escalate_after_hours)


# --- The child's side ----------------------------------------------------------------------------


def _current_assignments(child) -> QuerySet[CaseworkerAssignment]:
    return CaseworkerAssignment.objects.filter(case__child=child, ended_on__isnull=True).exclude(
        case__stage=Stage.CLOSED
    )


def message_reader(*, child):
    """Who reads the child's messages: the primary caseworker of the open case, else another
    current caseworker, else None (then the team's duty inbox is the route). One query."""
    assignment = (
        _current_assignments(child)
        .select_related("caseworker")
        .order_by(
            models.Case(When(role=AssignmentRole.PRIMARY, then=Value(0)), default=Value(1)),
            "started_on",
        )
        .first()
    )
    return assignment.caseworker if assignment else None


def tell_page(*, account: PortalAccount) -> dict:
    """What the "tell" page needs: whether there is an open case, who reads, and when the child
    can expect an answer to a message sent now."""
    child = account.child
    has_case = Case.objects.filter(child=child).exclude(stage=Stage.CLOSED).exists()
    return {
        "has_case": has_case,
        "reader": message_reader(child=child) if has_case else None,
        "answer_by": answer_expected_by(municipality=child.municipality, sent_at=timezone.now()),
    }


def messages_of_child(*, account: PortalAccount) -> QuerySet[PortalMessage]:
    """The child's own messages, newest first. Never for a parent's account."""
    if account.is_parent:
        return PortalMessage.objects.none()
    return (
        PortalMessage.objects.filter(child=account.child)
        .select_related("answered_by")
        .order_by("-created_at")
    )


def with_answer_dates(messages: list[PortalMessage], *, municipality) -> list[PortalMessage]:
    """Set ``answer_by`` on each unanswered message, and ``answer_late`` when that day has
    passed (one query for the holiday settings)."""
    waiting = [m for m in messages if not m.answered_at]
    if waiting:
        options = holiday_options_for(municipality)
        today = timezone.localdate()
        for message in waiting:
            message.answer_by = answer_expected_by(
                municipality=municipality, sent_at=message.created_at, options=options
            )
            message.answer_late = message.answer_by < today
    return messages


# --- Staff: inbox, duty inbox, one message, the panel --------------------------------------------


def _unread_first():
    return models.Case(When(read_at__isnull=True, then=Value(0)), default=Value(1))


def _alarms_first():
    """An alarm nobody has acknowledged comes before everything else (red and first)."""
    return models.Case(
        When(alarm=True, acknowledged_at__isnull=True, then=Value(0)), default=Value(1)
    )


def _assigned_child_ids(user):
    """Children on whose open case ``user`` is a current caseworker (primary or secondary)."""
    return (
        CaseworkerAssignment.objects.filter(caseworker_id=user.pk, ended_on__isnull=True)
        .exclude(case__stage=Stage.CLOSED)
        .values("case__child_id")
    )


def inbox_messages(*, user) -> QuerySet[PortalMessage]:
    """Messages from the children whose caseworker ``user`` is now: unread first, then newest."""
    return (
        PortalMessage.objects.filter(
            child__in=children_visible_to(user), child_id__in=_assigned_child_ids(user)
        )
        .select_related("child", "read_by", "answered_by", "acknowledged_by")
        .order_by(_alarms_first(), _unread_first(), "-created_at")
    )


def inbox_unread_count(*, user) -> int:
    """Unread messages in the user's own inbox, open alarms included even when read (one
    query; the navigation shows it)."""
    return PortalMessage.objects.filter(
        models.Q(read_at__isnull=True) | models.Q(alarm=True, acknowledged_at__isnull=True),
        child_id__in=_assigned_child_ids(user),
    ).count()


def _team_child_ids(user):
    return (
        Case.objects.filter(team__in=user.teams.all())
        .exclude(stage=Stage.CLOSED)
        .values("child_id")
    )


def _primary_caseworker(field: str):
    return Subquery(
        CaseworkerAssignment.objects.filter(
            case__child_id=OuterRef("child_id"), role=AssignmentRole.PRIMARY, ended_on__isnull=True
        )
        .exclude(case__stage=Stage.CLOSED)
        .order_by("-started_on")
        .values(f"caseworker__{field}")[:1]
    )


def _in_duty_inbox(user, now) -> models.Q:
    """In the duty inbox: unread for longer than the municipality allows, or an alarm (urgent
    or possibly serious) nobody has acknowledged yet, which is there at once."""
    cutoff = escalation_cutoff(municipality=user.municipality, now=now)
    return models.Q(read_at__isnull=True, created_at__lte=cutoff) | models.Q(
        alarm=True, acknowledged_at__isnull=True
    )


def duty_inbox_messages(*, user, now: dt.datetime | None = None) -> QuerySet[PortalMessage]:
    """Messages nobody has read within the municipality's hours, from children whose open case
    is on one of the user's teams and whom the user may see: the oldest first."""
    if user.municipality_id is None:
        return PortalMessage.objects.none()
    return (
        PortalMessage.objects.filter(
            _in_duty_inbox(user, now),
            child__in=children_visible_to(user),
            child_id__in=_team_child_ids(user),
        )
        .select_related("child")
        .annotate(
            caseworker_first_name=_primary_caseworker("first_name"),
            caseworker_last_name=_primary_caseworker("last_name"),
        )
        .order_by(_alarms_first(), "created_at")
    )


def duty_inbox_count(*, user, now: dt.datetime | None = None) -> int:
    """How many messages wait in the user's team duty inbox (one query)."""
    if user.municipality_id is None:
        return 0
    return PortalMessage.objects.filter(
        _in_duty_inbox(user, now),
        child__in=children_visible_to(user),
        child_id__in=_team_child_ids(user),
    ).count()


def message_by_id(*, message_id) -> PortalMessage | None:
    """The message (any child's). The caller must check access to ``message.child`` next."""
    return (
        PortalMessage.objects.filter(pk=message_id)
        .select_related(
            "statement", "case", "read_by", "answered_by", "account", "acknowledged_by", "report"
        )
        .first()
    )


def child_messages_panel(*, child, now: dt.datetime | None = None) -> dict:
    """The latest messages from the child and the unread count, for the child and case pages
    (two queries)."""
    latest = with_words(
        PortalMessage.objects.filter(child=child)
        .select_related("answered_by")
        .order_by("-created_at")[:PANEL_SIZE]
    )
    mark_escalated(latest, municipality=child.municipality, now=now)
    unread = PortalMessage.objects.filter(child=child, read_at__isnull=True).count()
    return {"messages": latest, "unread": unread}


def mark_escalated(messages: list[PortalMessage], *, municipality, now=None) -> list:
    """Set ``escalated`` on each message (unread for longer than the municipality allows)."""
    cutoff = escalation_cutoff(municipality=municipality, now=now)
    for message in messages:
        message.escalated = message.read_at is None and message.created_at <= cutoff
    return messages


__all__ = [
    "answer_expected_by",
    "child_messages_panel",
    "duty_inbox_count",
    "duty_inbox_messages",
    "escalation_cutoff",
    "holiday_options_for",
    "inbox_messages",
    "inbox_unread_count",
    "mark_escalated",
    "message_by_id",
    "message_reader",
    "message_words",
    "messages_of_child",
    "tell_page",
    "with_answer_dates",
    "with_words",
]
