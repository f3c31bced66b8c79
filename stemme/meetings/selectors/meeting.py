"""Reads about meetings with the child. Each selector runs a fixed number of queries."""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from stemme.access.selectors import AccessRefused, access_case_by_id
from stemme.audit.models import AccessAction, Event
from stemme.children.models import Smiley
from stemme.deadlines.calendar import COPENHAGEN, HolidayOptions, add_working_days
from stemme.deadlines.selectors import holiday_options_for
from stemme.letters.models import Letter
from stemme.meetings.models import (
    Meeting,
    MeetingFeedback,
    MeetingStatus,
    MeetingWish,
    NextTimeTopic,
    Understood,
)
from stemme.participation import selectors as participation

RECENT_MEETINGS = 5


MEETING_DAY_STARTS = dt.time(9, 0)  # a new meeting's default start: working hours, 9 to 15


def default_meeting_start(*, municipality=None, now: dt.datetime | None = None) -> dt.datetime:
    """9:00 on the next working day after today (weekends, Danish holidays and the
    municipality's closing days skipped; one query for those with a municipality)."""

    options = HolidayOptions()
    if municipality is not None:
        options = holiday_options_for(municipality=municipality)
    today = timezone.localdate(now or timezone.now())
    day = add_working_days(today, 1, options)
    return dt.datetime.combine(day, MEETING_DAY_STARTS, tzinfo=COPENHAGEN)


def access_meeting_by_id(user, meeting_id, *, purpose: str, action=AccessAction.VIEW) -> Meeting:
    """The meeting, if ``user`` may see its case (access logged there), else Http404.

    A meeting that does not exist and one on a case the user may not see answer alike.
    """
    try:
        pk = uuid.UUID(str(meeting_id))
    except ValueError as exc:
        raise Http404 from exc
    # A meeting id that is not there is a probe as much as one on another child's case: both
    # are refused alike and logged with the id that was asked for (issue 13).
    refused = AccessRefused(requested=f"meeting:{pk}", purpose=purpose)
    meeting = Meeting.objects.filter(pk=pk).first()
    if meeting is None:
        raise refused
    try:
        meeting.case = access_case_by_id(user, meeting.case_id, purpose=purpose, action=action)
    except AccessRefused as exc:
        raise refused from exc
    return meeting


def _with_counts(meetings: QuerySet) -> QuerySet:
    """Agenda counts, and the face the child chose in Min sag after the meeting (if any)."""
    first_feedback = MeetingFeedback.objects.filter(meeting=OuterRef("pk")).order_by("created_at")
    return meetings.annotate(
        child_items=Count("agenda_items", filter=Q(agenda_items__from_child=True), distinct=True),
        all_items=Count("agenda_items", distinct=True),
        child_smiley=Subquery(first_feedback.values("smiley")[:1]),
    )


def _with_faces(meetings: list[Meeting]) -> list[Meeting]:
    for meeting in meetings:
        meeting.child_face = Smiley(meeting.child_smiley) if meeting.child_smiley else None
    return meetings


def meetings_for_case(*, case) -> list[Meeting]:
    """Every meeting of the case, newest first, with its agenda counts (1 query)."""
    return _with_faces(list(_with_counts(Meeting.objects.filter(case=case)).order_by("-starts_at")))


# A face this much lower than the average of the child's previous ones is a drop worth asking
# about (the faces are 1-5).
FEEDBACK_DROP = 1
FEEDBACK_EARLIER = 3


@dataclass
class FeedbackTrend:
    """The faces the child gave after the case's meetings, oldest first, and whether the
    latest is clearly lower than the ones before (at least two earlier faces to compare)."""

    faces: list  # [(meeting, Smiley)]
    dropped: bool


def feedback_trend(*, meetings: list[Meeting]) -> FeedbackTrend:
    """From ``meetings`` as ``meetings_for_case`` gives them (no query of its own)."""
    faces = sorted(
        ((m, m.child_face) for m in meetings if m.child_face is not None),
        key=lambda pair: pair[0].starts_at,
    )
    dropped = False
    if len(faces) >= 3:
        earlier = [face.value for _m, face in faces[-1 - FEEDBACK_EARLIER : -1]]
        dropped = faces[-1][1].value <= sum(earlier) / len(earlier) - FEEDBACK_DROP
    return FeedbackTrend(faces=faces, dropped=dropped)


@dataclass
class CasePanel:
    upcoming: list = field(default_factory=list)
    recent: list = field(default_factory=list)
    open_tasks: int = 0


def case_panel(*, case, now=None) -> CasePanel:
    """Upcoming (planned) meetings, soonest first, and the most recent other ones (1 query)."""
    now = now or timezone.now()
    meetings = _with_faces(
        list(_with_counts(Meeting.objects.filter(case=case)).order_by("starts_at"))
    )
    planned = [m for m in meetings if m.status == MeetingStatus.PLANNED]
    others = [m for m in reversed(meetings) if m.status != MeetingStatus.PLANNED]
    for meeting in meetings:
        meeting.is_past = meeting.starts_at < now
        meeting.needs_summary = meeting.status == MeetingStatus.HELD and not (
            meeting.summary_delivered_on
        )
    return CasePanel(upcoming=planned, recent=others[:RECENT_MEETINGS])


@dataclass
class ChildPanel:
    next_meeting: Meeting | None
    topics: list


def child_topics(*, child) -> list[NextTimeTopic]:
    """The child's topics for next time that no planned meeting has taken up yet (1 query)."""
    return list(
        NextTimeTopic.objects.filter(meeting__case__child=child, used_in__isnull=True)
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )


def child_panel(*, child, now=None) -> ChildPanel:
    now = now or timezone.now()
    upcoming = (
        _with_counts(
            Meeting.objects.filter(
                case__child=child, status=MeetingStatus.PLANNED, starts_at__gte=now
            )
        )
        .select_related("case")
        .order_by("starts_at")
        .first()
    )
    return ChildPanel(next_meeting=upcoming, topics=child_topics(child=child))


@dataclass
class MeetingPage:
    meeting: Meeting
    participants: list
    items: list
    topics: list
    letters: list
    restricted_participants: set
    child_items: int


def meeting_page(*, meeting: Meeting) -> MeetingPage:
    """Everything the meeting page shows (a fixed number of queries)."""
    child = meeting.case.child
    participants = list(meeting.participants.select_related("person", "network_member", "bisidder"))
    items = list(meeting.agenda_items.select_related("carried_from"))
    topics = list(meeting.next_time_topics.select_related("used_in"))
    letters = list(
        Letter.objects.filter(child=child, related_ref=meeting.ref).order_by("-created_at")
    )
    restricted = participation.restricted_people(child=child)
    flagged = (
        {
            participant.pk
            for participant in participants
            if participation.is_restricted(
                child=child,
                person=participant.person,
                network_member=participant.network_member,
                restricted=restricted,
            )
        }
        if restricted.active
        else set()
    )
    return MeetingPage(
        meeting=meeting,
        participants=participants,
        items=items,
        topics=topics,
        letters=letters,
        restricted_participants=flagged,
        child_items=sum(1 for item in items if item.from_child),
    )


def child_agenda(*, meeting: Meeting) -> dict:
    """What the child's agenda page and the agenda letter show."""
    return {
        "meeting": meeting,
        "child": meeting.case.child,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "participants": list(meeting.participants.all()),
        "items": list(meeting.agenda_items.all()),
    }


def meeting_indicators(*, meetings: QuerySet | None = None) -> dict:
    """Counts for the involvement indicators over ``meetings`` (default: all), in one query.

    - held: meetings that took place;
    - agenda_before: held meetings where the child had the agenda before the meeting began;
    - summary_delivered: held meetings where the child was given "what we decided and why";
    - with_child_items: held meetings with at least one of the child's own agenda items;
    - understood: held meetings where the child understood the summary (yes).
    """
    meetings = meetings if meetings is not None else Meeting.objects.all()
    held = meetings.filter(status=MeetingStatus.HELD)
    child_item_meetings = held.filter(agenda_items__from_child=True).values("pk")
    return held.aggregate(
        held=Count("pk"),
        agenda_before=Count("pk", filter=Q(agenda_sent_at__lt=F("starts_at"))),
        summary_delivered=Count("pk", filter=Q(summary_delivered_on__isnull=False)),
        with_child_items=Count("pk", filter=Q(pk__in=child_item_meetings)),
        understood=Count("pk", filter=Q(child_understood=Understood.YES)),
    )


# --- What the child sent from Min sag, on the staff meeting page ---------------------------------


@dataclass
class StaffMeetingPortal:
    """What the child sent about one meeting from Min sag, for the caseworker."""

    wishes: list
    feedback: list
    portal_item_ids: set

    @property
    def open_wishes(self) -> int:
        return sum(1 for wish in self.wishes if wish.handled_at is None)

    @property
    def is_empty(self) -> bool:
        return not (self.wishes or self.feedback or self.portal_item_ids)


def staff_meeting_portal(*, meeting: Meeting) -> StaffMeetingPortal:
    """The child's wishes (open first), feedback and which agenda items the child added in Min
    sag (three queries). Those items are recognised by their ``portal.topic_added`` event."""
    wishes = list(
        MeetingWish.objects.filter(meeting=meeting)
        .select_related("bisidder", "handled_by")
        .order_by("created_at")
    )
    wishes.sort(key=lambda wish: wish.handled_at is not None)
    feedback = list(MeetingFeedback.objects.filter(meeting=meeting).order_by("created_at"))
    for given in feedback:
        given.face = Smiley(given.smiley)
    item_ids = {
        (data or {}).get("item")
        for data in Event.objects.filter(
            child_id=meeting.case.child_id, kind="portal.topic_added", ref=meeting.ref
        ).values_list("data", flat=True)
    }
    return StaffMeetingPortal(wishes=wishes, feedback=feedback, portal_item_ids=item_ids - {None})


def wish_for_meeting(*, meeting: Meeting, wish_id) -> MeetingWish | None:
    """A wish sent about ``meeting`` (whose access the caller has checked), or None."""
    wish = MeetingWish.objects.filter(pk=wish_id, meeting=meeting).first()
    if wish is None:
        return None
    wish.meeting = meeting
    return wish
