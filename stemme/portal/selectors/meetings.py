"""Reads for "My meetings" in Min sag (what the child sent, as staff see it on the meeting page,
is read in stemme/meetings/selectors.py).

Everything a portal account reads is filtered by the account's own child, so a meeting of
another child answers exactly like one that does not exist (404). A parent's account gets only
the upcoming meetings' time, place and purpose: never the agenda, the child's topics, wishes or
feedback. Cancelled meetings are left out (why a meeting was cancelled is a staff note).
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from stemme.access.selectors import AccessRefused
from stemme.children.models import PortalAccount
from stemme.meetings.models import Meeting, MeetingFeedback, MeetingStatus, MeetingWish
from stemme.participation.selectors.registers import bisiddere_for_meeting

# Held meetings stay on the child's list for about a year.
PAST_DAYS = 366


@dataclass
class MeetingList:
    upcoming: list = field(default_factory=list)
    past: list = field(default_factory=list)


def _start_of_today() -> dt.datetime:
    today = timezone.localdate()
    return timezone.make_aware(dt.datetime.combine(today, dt.time.min))


def meetings_for_account(*, account: PortalAccount) -> MeetingList:
    """The child's planned meetings from today on (soonest first) and the meetings held in the
    last year (newest first), from open and closed cases (one query). A parent gets only the
    planned ones they are invited to."""
    today = timezone.localdate()
    planned = Meeting.objects.filter(
        case__child=account.child,
        status=MeetingStatus.PLANNED,
        starts_at__gte=_start_of_today(),
    )
    if account.is_parent:
        # Only meetings the parent is invited to (not, say, a conversation with the child alone
        # or one at the placement), and only what a parent is shown of them.
        rows = planned.filter(participants__person_id=account.person_id).distinct()
        rows = rows.only("pk", "starts_at", "duration_minutes", "place", "purpose_for_child")
        return MeetingList(upcoming=list(rows.order_by("starts_at")))
    held = Meeting.objects.filter(
        case__child=account.child,
        status=MeetingStatus.HELD,
        held_on__gte=today - dt.timedelta(days=PAST_DAYS),
    )
    rows = (planned | held).annotate(
        feedback_given=Exists(
            MeetingFeedback.objects.filter(meeting=OuterRef("pk"), account=account)
        )
    )
    result = MeetingList()
    for meeting in rows.order_by("starts_at"):
        meeting.child_summary = child_summary(meeting)
        if meeting.status == MeetingStatus.PLANNED:
            result.upcoming.append(meeting)
        else:
            result.past.append(meeting)
    result.past.sort(key=lambda m: (m.held_on, m.starts_at), reverse=True)
    return result


def child_summary(meeting: Meeting) -> str:
    """'What we decided and why', once the caseworker has given it to the child; else ""."""
    if meeting.status == MeetingStatus.HELD and meeting.summary_delivered_on:
        return meeting.summary_for_child
    return ""


def meeting_for_account(*, account: PortalAccount, meeting_id) -> Meeting:
    """One of the account's child's meetings, or Http404 (guessed ids and other children's
    meetings alike). Parents see no single meeting: 404 for them too."""
    if account.is_parent:
        raise Http404
    try:
        pk = uuid.UUID(str(meeting_id))
    except ValueError as exc:
        raise Http404 from exc
    meeting = (
        Meeting.objects.select_related("case").filter(pk=pk, case__child=account.child).first()
    )
    if meeting is None:  # another child's meeting or a guessed id: logged as refused
        raise AccessRefused(requested=f"meeting:{pk}", purpose="meeting")
    return meeting


def meeting_open_for_wishes(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """May the child still add topics and wishes? Only to a planned meeting that has not begun,
    in an open case."""
    now = now or timezone.now()
    return (
        meeting.status == MeetingStatus.PLANNED and meeting.starts_at > now and meeting.case.is_open
    )


@dataclass
class MeetingPage:
    meeting: Meeting
    participants: list
    items: list
    wishes: list
    feedback: MeetingFeedback | None
    bisiddere: list
    open_for_wishes: bool

    @property
    def summary(self) -> str:
        return child_summary(self.meeting)

    @property
    def child_items(self) -> int:
        return sum(1 for item in self.items if item.from_child)


def meeting_page(*, account: PortalAccount, meeting: Meeting) -> MeetingPage:
    """What the child's meeting page shows (a fixed number of queries)."""
    open_for_wishes = meeting_open_for_wishes(meeting)
    participants = list(meeting.participants.all())
    wishes = list(
        MeetingWish.objects.filter(meeting=meeting, account=account)
        .select_related("bisidder")
        .order_by("created_at")
    )
    bisiddere = []
    if open_for_wishes:
        # Not offered again: who is already coming, and who the child has already asked for.
        coming = {p.bisidder_id for p in participants if p.bisidder_id}
        coming |= {w.bisidder_id for w in wishes if w.bisidder_id and w.handled_at is None}
        bisiddere = [
            bisidder
            for bisidder in bisiddere_for_meeting(
                child=account.child, meeting_date=meeting.starts_at
            )
            if bisidder.pk not in coming
        ]
    return MeetingPage(
        meeting=meeting,
        participants=participants,
        items=list(meeting.agenda_items.all()),
        wishes=wishes,
        feedback=feedback_for(account=account, meeting=meeting),
        bisiddere=bisiddere,
        open_for_wishes=open_for_wishes,
    )


def feedback_for(*, account: PortalAccount, meeting: Meeting) -> MeetingFeedback | None:
    return MeetingFeedback.objects.filter(meeting=meeting, account=account).first()
