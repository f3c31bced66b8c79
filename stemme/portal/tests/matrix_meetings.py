"""Access-matrix entries for "My meetings" in Min sag (collected by stemme/access/tests).

The meetings are world.child's, made through the meetings services. The child's own account
gets the pages (a write redirects); another child gets 404 for them (guessed ids alike); a
parent sees only the list; staff and a restricted parent have no portal session (login).
"""

from django.utils import timezone

from stemme.access.testing import portal_page
from stemme.meetings import services
from stemme.meetings.tests.factories import plan

MEETING = {"meeting_id": "meeting.pk"}


def _planned(world):
    return {"meeting": plan(world)}


def _held(world):
    meeting = plan(world)
    return {
        "meeting": services.meeting_hold(
            actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
        )
    }


def _post(setup, data):
    return portal_page(method="post", kwargs=MEETING, data=data, writes=True, setup=setup)


ENTRIES = {
    # The list names no object: another child gets their own (empty) list, a parent the
    # upcoming meetings' time, place and purpose.
    "portal:meetings": [
        portal_page(setup=_planned, parent=200, other_child=200, shows_child=False),
        portal_page(setup=_held, parent=200, other_child=200, shows_child=False),
    ],
    "portal:meeting": [
        portal_page(kwargs=MEETING, setup=_planned, shows_child=False),
        portal_page(kwargs=MEETING, setup=_held, shows_child=False),
        _post(_planned, {"action": "topic", "topic-text": "Min hund"}),
        _post(_planned, {"action": "place_time", "place-words": "På skolen efter kl. 14"}),
        _post(
            _planned,
            {"action": "bisidder", "bisidder-bisidder": "other", "bisidder-words": "Moster Bodil"},
        ),
    ],
    "portal:meeting_feedback": [
        portal_page(kwargs=MEETING, setup=_held, shows_child=False),
        _post(_held, {"smiley": "4", "heard": "yes", "words": "Jeg blev hørt."}),
    ],
}
