"""Access-matrix entries for the week view, moving a meeting from it and the calendar files
(collected by stemme/access/tests)."""

import dataclasses

from django.utils import timezone

from stemme.access.testing import CASE_TEAM, STAFF_CHILD_LIST, Entry, child_page
from stemme.meetings.tests.factories import plan
from stemme.meetings.tests.matrix_meetings import MEETING, _meeting, _meeting_with_parent


def _meeting_today(world):
    """A meeting today, so the child is on this week's page."""
    now = timezone.localtime()
    return {"meeting": plan(world, starts_at=now.replace(hour=23, minute=0, second=0))}


def _file(entry: Entry) -> Entry:
    # The .ics never names the child: nothing of the child's shows in the body.
    return dataclasses.replace(entry, shows_child=False)


ENTRIES: dict[str, list[Entry]] = {
    # The caseworker's own caseload, or the leader's team: a deputy's week does not include the
    # covered caseworker's children (as on the worklist).
    "meetings:week": [
        Entry(
            status=STAFF_CHILD_LIST,
            shows_child=True,
            logs_access=True,
            sees=CASE_TEAM,
            setup=_meeting_today,
        )
    ],
    "meetings:move": [
        child_page(
            method="post",
            kwargs=MEETING,
            data={"day": "2099-05-04", "time": "10:30", "version": "1", "uge": "2099-W19"},
            writes=True,
            setup=_meeting,
        )
    ],
    "meetings:ics": [_file(child_page(kwargs=MEETING, setup=_meeting))],
    "meetings:participant_ics": [
        _file(
            child_page(
                kwargs={"meeting_id": "meeting.pk", "participant_id": "participant.pk"},
                setup=_meeting_with_parent,
            )
        )
    ],
}
