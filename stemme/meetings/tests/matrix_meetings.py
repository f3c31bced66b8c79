"""Access-matrix entries for the meeting pages (collected by stemme/access/tests)."""

from django.utils import timezone

from stemme.access.testing import Entry, child_page
from stemme.children.models import PortalAccount
from stemme.meetings import services
from stemme.meetings.models import MeetingWishKind
from stemme.meetings.tests.factories import held_with_summary, parent, plan
from stemme.portal.services import meetings as portal_meetings
from stemme.portal.testing import active_account

CASE = {"case_id": "case.pk"}
MEETING = {"meeting_id": "meeting.pk"}


def _meeting(world):
    return {"meeting": plan(world)}


def _meeting_with_parent(world):
    meeting = plan(world)
    participant = services.meeting_participant_add(
        actor=world.assigned_caseworker,
        meeting=meeting,
        kind="person",
        person=parent(world),
        role_for_child="Din mor.",
    )
    return {"meeting": meeting, "participant": participant}


def _meeting_with_items(world):
    meeting = plan(world)
    services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Skolen", from_child=False
    )
    item = services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Mit værelse", from_child=True
    )
    return {"meeting": meeting, "item": item}


def _held(world):
    meeting = plan(world)
    return {
        "meeting": services.meeting_hold(
            actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
        )
    }


def _summarised(world):
    return {"meeting": held_with_summary(world)}


def _meeting_with_wish(world):
    """A planned meeting and a wish the child sent about it from Min sag."""
    meeting = plan(world)
    account = PortalAccount.objects.filter(child=world.child, kind="child").first()
    wish = portal_meetings.meeting_wish_send(
        account=account or active_account(world),
        meeting=meeting,
        kind=MeetingWishKind.PLACE_TIME,
        words="Efter skole, på biblioteket.",
    )
    return {"meeting": meeting, "wish": wish}


def _write(setup, data, kwargs=MEETING):
    return child_page(method="post", kwargs=kwargs, data=data, writes=True, setup=setup)


TODAY = timezone.localdate

ENTRIES: dict[str, list[Entry]] = {
    "meetings:case_meetings": [child_page(kwargs=CASE, setup=_meeting)],
    "meetings:plan": [
        child_page(kwargs=CASE),
        _write(
            None,
            {
                "kind": "follow_up",
                "purpose_for_child": "Vi taler om skolen.",
                "starts_at": "2099-05-01T14:00",
                "duration_minutes": "45",
                "place": "Klubben",
                "child_chose_place_time": "on",
                "child_attends": "on",
            },
            kwargs=CASE,
        ),
    ],
    "meetings:detail": [child_page(kwargs=MEETING, setup=_meeting)],
    "meetings:edit": [
        child_page(kwargs=MEETING, setup=_meeting),
        _write(
            _meeting,
            {
                "version": "1",
                "kind": "follow_up",
                "purpose_for_child": "Vi taler om skolen og fritiden.",
                "starts_at": "2099-05-02T14:00",
                "duration_minutes": "60",
                "place": "Skolen",
                "child_chose_place_time": "on",
                "child_attends": "on",
            },
        ),
    ],
    "meetings:agenda": [child_page(kwargs=MEETING, setup=_meeting)],
    "meetings:participant_add": [
        _write(
            _meeting,
            {
                "participant-kind": "professional",
                "participant-name": "Lærer Lise",
                "participant-role_for_child": "Din lærer.",
            },
        )
    ],
    "meetings:participant_remove": [
        _write(
            _meeting_with_parent,
            {},
            kwargs={"meeting_id": "meeting.pk", "participant_id": "participant.pk"},
        )
    ],
    "meetings:item_add": [_write(_meeting, {"item-text": "Mine venner", "item-from_child": "on"})],
    "meetings:item_remove": [
        _write(_meeting_with_items, {}, kwargs={"meeting_id": "meeting.pk", "item_id": "item.pk"})
    ],
    "meetings:item_move": [
        _write(
            _meeting_with_items,
            {"direction": "up"},
            kwargs={"meeting_id": "meeting.pk", "item_id": "item.pk"},
        )
    ],
    "meetings:send_agenda": [_write(_meeting, {"agenda-channel": "digital_post"})],
    "meetings:invite": [_write(_meeting_with_parent, {"invite-channel": "digital_post"})],
    "meetings:hold": [_write(_meeting, {"hold-held_on": str(TODAY())})],
    "meetings:summary": [
        _write(
            _held,
            {
                "summary-summary_for_child": "Vi besluttede noget, fordi du ønskede det.",
                "summary-child_understood": "yes",
                "summary-next_time_topics": "Fodbold",
                "summary-version": "meeting.version",
            },
        )
    ],
    "meetings:deliver": [
        _write(_summarised, {"deliver-delivered_on": str(TODAY()), "deliver-how": "conversation"})
    ],
    "meetings:cancel": [_write(_meeting, {"cancel-reason": "Barnet er syg."})],
    "meetings:wish_handle": [
        _write(_meeting_with_wish, {}, kwargs={"meeting_id": "meeting.pk", "wish_id": "wish.pk"})
    ],
}
