"""The child's topics, wishes and feedback from Min sag (stemme/portal/services/meetings.py)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from stemme.audit.models import Event
from stemme.meetings import services as meetings
from stemme.meetings.models import AgendaItem, MeetingFeedback, MeetingWish, MeetingWishKind
from stemme.meetings.tests.factories import bisidder, plan
from stemme.participation.models import ChildStatement, StatementMode
from stemme.portal.services import meetings as services
from stemme.portal.tests.factories import active_account, parent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted by their English msgids, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.fixture
def account(world):
    return active_account(world)


@pytest.fixture
def meeting(world):
    return plan(world)


def _held(world):
    return meetings.meeting_hold(
        actor=world.assigned_caseworker, meeting=plan(world), held_on=timezone.localdate()
    )


def _counts():
    return (
        AgendaItem.objects.count(),
        MeetingWish.objects.count(),
        MeetingFeedback.objects.count(),
        ChildStatement.objects.count(),
        Event.objects.count(),
    )


def _kinds(since: int) -> list[str]:
    return list(Event.objects.filter(pk__gt=since).order_by("pk").values_list("kind", flat=True))


def _last_event_pk() -> int:
    return Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- Topics ----------------------------------------------------------------------------------


def test_a_topic_goes_on_the_agenda_as_the_childs_own_and_is_filed_verbatim(
    world, account, meeting
):
    meetings.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Skolen", from_child=False
    )
    since = _last_event_pk()
    version = meeting.version

    item = services.meeting_topic_add(
        account=account, meeting=meeting, text="  Jeg vil tale om min hund, Bamse.  "
    )

    assert item.from_child is True
    assert item.text == "Jeg vil tale om min hund, Bamse."
    assert list(meeting.agenda_items.values_list("text", flat=True)) == [
        "Skolen",
        "Jeg vil tale om min hund, Bamse.",
    ]
    statement = ChildStatement.objects.get()
    assert statement.words == "Jeg vil tale om min hund, Bamse."
    assert statement.mode == StatementMode.PORTAL
    assert statement.informs_ref == meeting.ref
    assert statement.case == world.case
    assert _kinds(since) == ["meeting.changed", "statement.recorded", "portal.topic_added"]
    event = Event.objects.get(kind="portal.topic_added")
    assert event.ref == meeting.ref
    assert event.actor is None
    assert event.child == world.child
    assert event.data["item"] == item.pk
    assert event.data["statement"] == statement.ref
    # A new agenda row: the meeting itself is untouched, so a caseworker's edit is not stale.
    meeting.refresh_from_db()
    assert meeting.version == version


def test_a_caseworkers_edit_and_a_childs_topic_never_overwrite_each_other(world, account, meeting):
    staff_item = meetings.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Skolen", from_child=False
    )
    seen_by_caseworker = [staff_item.pk]  # the agenda as the caseworker loaded it
    version = meeting.version

    child_item = services.meeting_topic_add(account=account, meeting=meeting, text="Min hund")

    # The caseworker's edit of the meeting still goes through and keeps the child's topic.
    meetings.meeting_update(
        actor=world.assigned_caseworker,
        meeting=meeting,
        expected_version=version,
        place="Biblioteket",
    )
    assert set(meeting.agenda_items.values_list("pk", flat=True)) == {staff_item.pk, child_item.pk}
    # Reordering an agenda that no longer matches what the caseworker saw is refused.
    with pytest.raises(ValidationError, match="agenda changed"):
        meetings.meeting_agenda_reorder(
            actor=world.assigned_caseworker, meeting=meeting, item_ids=seen_by_caseworker
        )
    assert AgendaItem.objects.filter(pk=child_item.pk).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write what you want to talk about"), ("   ", "Write what"), ("x" * 301, "too long")],
)
def test_a_bad_topic_writes_nothing(account, meeting, text, message):
    before = _counts()
    with pytest.raises(ValidationError, match=message) as error:
        services.meeting_topic_add(account=account, meeting=meeting, text=text)
    assert "text" in error.value.message_dict
    assert _counts() == before


def test_topics_only_for_a_planned_meeting_that_has_not_begun(world, account):
    held = _held(world)
    started = plan(world, days=-1)
    cancelled = meetings.meeting_cancel(
        actor=world.assigned_caseworker, meeting=plan(world), reason="Syg"
    )
    before = _counts()
    for meeting, message in (
        (held, "The meeting is over"),
        (started, "The meeting has started"),
        (cancelled, "The meeting is cancelled"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.meeting_topic_add(account=account, meeting=meeting, text="Min hund")
        with pytest.raises(ValidationError, match=message):
            services.meeting_wish_send(
                account=account, meeting=meeting, kind=MeetingWishKind.PLACE_TIME, words="Her"
            )
    assert _counts() == before


def test_no_more_than_ten_topics_from_the_child(account, meeting):
    for number in range(services.MAX_CHILD_TOPICS):
        services.meeting_topic_add(account=account, meeting=meeting, text=f"Emne {number}")
    before = _counts()
    with pytest.raises(ValidationError, match="many topics"):
        services.meeting_topic_add(account=account, meeting=meeting, text="Et til")
    assert _counts() == before


def test_a_parent_and_another_child_cannot_write(world, meeting):
    parent_account = active_account(world, person=parent(world))
    other = active_account(world, child=world.other_child)
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.meeting_topic_add(account=parent_account, meeting=meeting, text="Forælder")
    with pytest.raises(PermissionDenied):
        services.meeting_topic_add(account=other, meeting=meeting, text="Andet barn")
    with pytest.raises(PermissionDenied):
        services.meeting_wish_send(
            account=other, meeting=meeting, kind=MeetingWishKind.PLACE_TIME, words="Her"
        )
    assert _counts() == before


# --- Wishes ----------------------------------------------------------------------------------


def test_a_place_and_time_wish_is_sent_and_filed(world, account, meeting):
    since = _last_event_pk()
    wish = services.meeting_wish_send(
        account=account,
        meeting=meeting,
        kind=MeetingWishKind.PLACE_TIME,
        words="På skolen, efter kl. 14.",
    )
    assert wish.kind == MeetingWishKind.PLACE_TIME
    assert wish.words == "På skolen, efter kl. 14."
    assert wish.handled_at is None
    statement = ChildStatement.objects.get()
    assert (statement.words, statement.mode, statement.informs_ref) == (
        "På skolen, efter kl. 14.",
        StatementMode.PORTAL,
        meeting.ref,
    )
    assert _kinds(since) == ["statement.recorded", "portal.wish_sent"]
    event = Event.objects.get(kind="portal.wish_sent")
    assert event.data["wish"] == str(wish.pk)
    assert event.data["wish_kind"] == "place_time"


def test_a_place_and_time_wish_needs_words(account, meeting):
    before = _counts()
    with pytest.raises(ValidationError, match="Write where and when"):
        services.meeting_wish_send(
            account=account, meeting=meeting, kind=MeetingWishKind.PLACE_TIME, words=" "
        )
    with pytest.raises(ValidationError, match="Choose what"):
        services.meeting_wish_send(account=account, meeting=meeting, kind="pony", words="Nu")
    assert _counts() == before


def test_bring_a_registered_bisidder(world, account, meeting):
    bodil = bisidder(world, birth_date=dt.date(1980, 1, 1))
    wish = services.meeting_wish_send(
        account=account, meeting=meeting, kind=MeetingWishKind.BISIDDER, bisidder=bodil
    )
    assert wish.bisidder == bodil
    assert wish.words == ""
    assert not ChildStatement.objects.exists()  # no words of the child's to file
    assert Event.objects.filter(kind="portal.wish_sent", data__bisidder=bodil.pk).exists()
    # Asking twice for the same bisidder is answered kindly, and nothing is written.
    before = _counts()
    with pytest.raises(ValidationError, match="already asked to bring Bodil Bisidder"):
        services.meeting_wish_send(
            account=account, meeting=meeting, kind=MeetingWishKind.BISIDDER, bisidder=bodil
        )
    assert _counts() == before


def test_bring_someone_by_name_files_the_childs_words(account, meeting):
    wish = services.meeting_wish_send(
        account=account, meeting=meeting, kind=MeetingWishKind.BISIDDER, words="Min moster Lise"
    )
    assert wish.bisidder is None
    assert ChildStatement.objects.get().words == "Min moster Lise"


def test_a_bisidder_must_be_15_on_the_day_and_the_childs_own(world, account):
    meeting = plan(world, days=10)
    # Turns 15 the day after the meeting: too young on the day.
    day = timezone.localdate(meeting.starts_at)
    young = bisidder(world, birth_date=day.replace(year=day.year - 15) + dt.timedelta(days=1))
    someone_elses = bisidder(world, birth_date=dt.date(1980, 1, 1), name="Anden Voksen")
    someone_elses.child = world.other_child
    someone_elses.save()
    before = _counts()
    with pytest.raises(ValidationError, match="15 or older"):
        services.meeting_wish_send(
            account=account, meeting=meeting, kind=MeetingWishKind.BISIDDER, bisidder=young
        )
    with pytest.raises(ValidationError, match="your own"):
        services.meeting_wish_send(
            account=account, meeting=meeting, kind=MeetingWishKind.BISIDDER, bisidder=someone_elses
        )
    with pytest.raises(ValidationError, match="Choose your bisidder, or write a name"):
        services.meeting_wish_send(account=account, meeting=meeting, kind=MeetingWishKind.BISIDDER)
    assert _counts() == before


def test_a_bisidder_already_coming_is_not_asked_for_again(world, account, meeting):
    bodil = bisidder(world, birth_date=dt.date(1980, 1, 1))
    meetings.meeting_participant_add(
        actor=world.assigned_caseworker,
        meeting=meeting,
        kind="bisidder",
        bisidder=bodil,
        role_for_child="Din bisidder. Hjælper dig.",
    )
    with pytest.raises(ValidationError, match="already coming"):
        services.meeting_wish_send(
            account=account, meeting=meeting, kind=MeetingWishKind.BISIDDER, bisidder=bodil
        )


def test_the_caseworker_marks_a_wish_handled_once(world, account, meeting):
    wish = services.meeting_wish_send(
        account=account, meeting=meeting, kind=MeetingWishKind.PLACE_TIME, words="Hjemme"
    )
    handled = meetings.wish_handle(actor=world.assigned_caseworker, wish=wish)
    assert handled.handled_at is not None
    assert handled.handled_by == world.assigned_caseworker
    event = Event.objects.get(kind="portal.wish_handled")
    assert event.actor == world.assigned_caseworker
    assert event.case == world.case
    assert event.data == {"wish": str(wish.pk), "wish_kind": "place_time"}
    before = _counts()
    with pytest.raises(ValidationError, match="already marked as handled"):
        meetings.wish_handle(actor=world.assigned_caseworker, wish=wish)
    assert _counts() == before


# --- Feedback --------------------------------------------------------------------------------


def test_feedback_after_a_held_meeting_once(world, account):
    meeting = _held(world)
    since = _last_event_pk()
    feedback, created = services.meeting_feedback_give(
        account=account, meeting=meeting, smiley=4, heard="partly", words="De lyttede lidt."
    )
    assert created
    assert (feedback.smiley, feedback.heard, feedback.words) == (4, "partly", "De lyttede lidt.")
    statement = ChildStatement.objects.get()
    assert (statement.words, statement.mode, statement.informs_ref) == (
        "De lyttede lidt.",
        StatementMode.PORTAL,
        meeting.ref,
    )
    assert _kinds(since) == ["statement.recorded", "portal.feedback_given"]
    assert Event.objects.get(kind="portal.feedback_given").data["smiley"] == 4

    before = _counts()
    again, created = services.meeting_feedback_give(
        account=account, meeting=meeting, smiley=1, heard="no", words="Nej"
    )
    assert not created
    assert again.pk == feedback.pk
    again.refresh_from_db()
    assert (again.smiley, again.heard, again.words) == (4, "partly", "De lyttede lidt.")
    assert _counts() == before


def test_feedback_with_only_a_face_files_no_words(world, account):
    meeting = _held(world)
    feedback, created = services.meeting_feedback_give(account=account, meeting=meeting, smiley=5)
    assert created
    assert feedback.heard == ""
    assert feedback.words == ""
    assert not ChildStatement.objects.exists()
    assert Event.objects.filter(kind="portal.feedback_given").count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"smiley": None}, "smiley"),
        ({"smiley": 6}, "smiley"),
        ({"smiley": "x"}, "smiley"),
        ({"smiley": 3, "heard": "maybe"}, "heard"),
        ({"smiley": 3, "words": "x" * 2001}, "words"),
    ],
)
def test_bad_feedback_writes_nothing(world, account, values, field):
    meeting = _held(world)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.meeting_feedback_give(account=account, meeting=meeting, **values)
    assert field in error.value.message_dict
    assert _counts() == before


def test_no_feedback_before_the_meeting_is_held_or_from_a_parent(world, account, meeting):
    before = _counts()
    with pytest.raises(ValidationError, match="after the meeting"):
        services.meeting_feedback_give(account=account, meeting=meeting, smiley=3)
    with pytest.raises(PermissionDenied):
        services.meeting_feedback_give(
            account=active_account(world, person=parent(world)), meeting=_held(world), smiley=3
        )
    assert MeetingFeedback.objects.count() == before[2]


def test_no_topics_for_a_planned_meeting_in_a_closed_case(world, account, meeting):
    from stemme.cases.models import Case, Stage

    Case.objects.filter(pk=world.case.pk).update(stage=Stage.CLOSED)
    before = _counts()
    with pytest.raises(ValidationError, match="You cannot add more to this meeting now"):
        services.meeting_topic_add(account=account, meeting=meeting, text="Min hund")
    assert _counts() == before
