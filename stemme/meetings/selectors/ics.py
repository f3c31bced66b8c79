"""A meeting as a calendar invitation (an .ics file: RFC 5545, with iTIP's METHOD, RFC 5546).

The file goes to phones and calendars that a family shares and syncs, so it says as little as
it can: a neutral title, the place, the time — never the child's name, the case or the kind of
meeting. The same meeting always has the same UID, and its SEQUENCE grows whenever its time or
place changes or it is cancelled (``Meeting.sequence``, counted by the meeting services), so a
calendar that imported it replaces the old entry instead of adding a second one.
"""

import datetime as dt
import re

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from stemme.deadlines.calendar import COPENHAGEN
from stemme.meetings.models import Meeting, MeetingStatus
from stemme.participation import selectors as participation

# Always Danish, whatever language the caseworker's screen uses: the file is for the family.
SUMMARY = "Møde med din rådgiver"
PRODID = "-//Stemme//Møder//DA"
ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's one UID in every calendar: its id at the municipality's domain."""
    return f"moede-{meeting.pk}@{settings.STEMME_CALENDAR_DOMAIN}"


def _names_the_child(text: str, child) -> bool:
    words = {word.casefold() for word in re.findall(r"\w+", text)}
    names = {
        part.casefold()
        for name in (child.first_name, child.last_name)
        for part in re.findall(r"\w+", name or "")
        if len(part) > 1
    }
    return bool(words & names)


def meeting_calendar(*, meeting: Meeting, now: dt.datetime | None = None) -> bytes:
    """The .ics for ``meeting`` (whose case and child the caller has loaded): an invitation
    (METHOD:REQUEST), or for a cancelled meeting its cancellation (METHOD:CANCEL)."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    starts_at = meeting.starts_at.astimezone(COPENHAGEN)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", (now or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", starts_at)
    event.add("dtend", meeting.ends_at.astimezone(COPENHAGEN))
    event.add("summary", SUMMARY)
    # The place is the only free text in the file; a place that names the child is left out.
    if meeting.place and not _names_the_child(meeting.place, meeting.case.child):
        event.add("location", meeting.place)
    event.add("class", "PRIVATE")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:ikke-svar@{settings.STEMME_CALENDAR_DOMAIN}")
    event.add("organizer", organizer)
    calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=dt.date(starts_at.year - 1, 1, 1), last_date=dt.date(starts_at.year + 2, 1, 1)
    )
    return calendar.to_ical()


def calendar_filename(meeting: Meeting) -> str:
    return f"moede-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.ics"


def participant_restricted(*, meeting: Meeting, participant) -> bool:
    """May nothing about the child reach this participant? (the child's safety restriction,
    ``participation.selectors.safety``: 3 queries)"""
    child = meeting.case.child
    return participation.is_restricted(
        child=child,
        person=participant.person,
        network_member=participant.network_member,
        restricted=participation.restricted_people(child=child),
        name=participant.name,
    )
