"""Min sag: "My meetings", one meeting (topics and wishes) and feedback after a meeting."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import AccessAction, AccessLog, Event
from stemme.children.models import Child
from stemme.meetings import services as meetings
from stemme.meetings.models import MeetingFeedback, MeetingWish, MeetingWishKind
from stemme.meetings.tests.factories import bisidder, held_with_summary, plan
from stemme.participation.models import ChildStatement
from stemme.portal.services import meetings as services
from stemme.portal.testing import active_account, client_log_in, invite, parent_person

pytestmark = pytest.mark.django_db

LIST = reverse("portal:meetings")


def _detail(meeting) -> str:
    return reverse("portal:meeting", kwargs={"meeting_id": meeting.pk})


def _feedback(meeting) -> str:
    return reverse("portal:meeting_feedback", kwargs={"meeting_id": meeting.pk})


@pytest.fixture
def account(world):
    return active_account(world)


@pytest.fixture
def child_client(client, account):
    client_log_in(client, account)
    return client


def _held(world, **kwargs):
    return meetings.meeting_hold(
        actor=world.assigned_caseworker, meeting=plan(world, **kwargs), held_on=timezone.localdate()
    )


def _deliver(world, meeting):
    return meetings.meeting_deliver_summary(
        actor=world.assigned_caseworker,
        meeting=meeting,
        delivered_on=timezone.localdate(),
        how="conversation",
    )


# --- The list ----------------------------------------------------------------------------------


def test_the_list_shows_upcoming_then_held_meetings_and_the_summary_only_once_given(
    world, child_client
):
    soon = plan(world, days=3, purpose_for_child="Vi taler om din skole.", place="Klubben")
    later = plan(world, days=20, purpose_for_child="Vi taler om ferien.")
    not_given = held_with_summary(world, purpose_for_child="Det første møde.")
    given = _deliver(world, held_with_summary(world, purpose_for_child="Det andet møde."))
    cancelled = meetings.meeting_cancel(
        actor=world.assigned_caseworker,
        meeting=plan(world, purpose_for_child="Aflyst møde."),
        reason="Rådgiveren er syg (intern note).",
    )

    body = child_client.get(LIST).content.decode()

    assert body.index("Vi taler om din skole.") < body.index("Vi taler om ferien.")
    assert body.index("Vi taler om ferien.") < body.index("Earlier meetings")
    assert "Klubben" in body
    assert _detail(soon) in body
    assert _detail(later) in body
    # "What we decided and why" only once the caseworker has given it to the child.
    assert body.count("Vi besluttede, at du får en kontaktperson") == 1
    assert body.index("Det andet møde.") < body.index("Vi besluttede")
    assert "Your caseworker will tell you what we decided." in body
    assert _feedback(not_given) in body
    assert _feedback(given) in body
    assert "Tell us how it was" in body
    # Cancelled meetings and the staff's reason are not shown.
    assert "Aflyst møde." not in body
    assert "intern note" not in body
    assert str(cancelled.pk) not in body


def test_the_list_thanks_for_feedback_already_given(world, account, child_client):
    meeting = _held(world)
    services.meeting_feedback_give(account=account, meeting=meeting, smiley=5)
    body = child_client.get(LIST).content.decode()
    assert "You told us how it was. Thank you!" in body
    assert _feedback(meeting) not in body


def test_the_list_shows_only_the_childs_own_meetings(world, child_client):
    from conftest import make_case

    other_case = make_case(world.other_child, world.other_team, world.other_team_caseworker)
    plan(world, case=other_case, actor=world.other_team_caseworker, purpose_for_child="Ottos møde")
    plan(world, purpose_for_child="Zenias møde")
    body = child_client.get(LIST).content.decode()
    assert "Zenias møde" in body
    assert "Ottos møde" not in body


def test_old_held_meetings_and_stale_planned_ones_drop_off_the_list(world, child_client):
    plan(world, days=-2, purpose_for_child="Glemt at registrere")
    held = _held(world, purpose_for_child="Gammelt møde")
    type(held).objects.filter(pk=held.pk).update(
        held_on=timezone.localdate() - dt.timedelta(days=400)
    )
    body = child_client.get(LIST).content.decode()
    assert "Glemt at registrere" not in body
    assert "Gammelt møde" not in body
    assert "No meetings are planned right now." in body


def test_the_list_runs_a_fixed_number_of_queries(world, account, child_client):
    plan(world)
    _held(world)
    with CaptureQueriesContext(connection) as few:
        assert child_client.get(LIST).status_code == 200
    for days in range(2, 8):
        plan(world, days=days)
        meeting = _held(world, days=days)
        services.meeting_feedback_give(account=account, meeting=meeting, smiley=3)
    _deliver(world, held_with_summary(world))
    with CaptureQueriesContext(connection) as many:
        assert child_client.get(LIST).status_code == 200
    assert len(many) == len(few)


def test_under_10_gets_the_simplest_words(world, child_client):
    Child.objects.filter(pk=world.child.pk).update(birth_date=dt.date(2019, 5, 1))
    _held(world)
    body = child_client.get(LIST).content.decode()
    assert "Look at them with a grown-up." in body
    assert "How was it?" in body


# --- A parent ------------------------------------------------------------------------------------


def test_a_parent_sees_only_upcoming_time_place_and_purpose(world, client):
    mother = parent_person(world)
    account = active_account(world, person=mother)
    meeting = plan(world, purpose_for_child="Vi taler om skolen.", place="Rådhuset")
    invite(world, meeting, mother)
    # A meeting the parent is not invited to (e.g. a talk with the child alone) is not shown.
    plan(world, purpose_for_child="Vi snakker kun os to.", place="Klubben")
    services.meeting_topic_add(
        account=active_account(world), meeting=meeting, text="Mit hemmelige emne"
    )
    held = _deliver(world, held_with_summary(world, purpose_for_child="Holdt møde"))
    client_log_in(client, account)

    response = client.get(LIST)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Vi taler om skolen." in body
    assert "Rådhuset" in body
    assert "Mit hemmelige emne" not in body
    assert "Vi snakker kun os to." not in body
    assert "Holdt møde" not in body
    assert "Vi besluttede" not in body
    assert _detail(meeting) not in body
    assert _feedback(held) not in body
    for url in (_detail(meeting), _detail(held), _feedback(held)):
        assert client.get(url).status_code == 404
    assert client.post(_detail(meeting), {"action": "topic", "topic-text": "x"}).status_code == 404


# --- One meeting -------------------------------------------------------------------------------


def test_the_meeting_page_shows_what_when_where_who_and_the_agenda(world, child_client):
    meeting = plan(world, purpose_for_child="Vi taler om din skole.", place="Klubben")
    meetings.meeting_participant_add(
        actor=world.assigned_caseworker,
        meeting=meeting,
        kind="professional",
        name="Lærer Lise",
        role_for_child="Din lærer. Fortæller, hvordan det går i skolen.",
    )
    meetings.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Skolen", from_child=False
    )
    meetings.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Mine venner", from_child=True
    )

    response = child_client.get(_detail(meeting))

    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Vi taler om din skole.", "Klubben", "45 minutes", "Lærer Lise", "Din lærer."):
        assert text in body
    # The child's own row says "You", not the child's name.
    assert '<span class="p-person__name">You</span>' in body
    assert world.child.first_name not in body
    assert body.count("Your topic") == 1
    assert body.index("Mine venner") < body.index("Your topic")
    assert reverse("portal:meetings") in body
    for action in ("topic", "place_time", "bisidder"):
        assert f'name="action" value="{action}"' in body
    assert "A bisidder must be 15 or older." in body


def test_another_childs_meeting_and_a_guessed_id_are_404(world, client):
    meeting = plan(world)
    held = _held(world)
    other = active_account(world, child=world.other_child)
    client_log_in(client, other)
    guessed = uuid.uuid4()
    for url in (
        _detail(meeting),
        _feedback(held),
        reverse("portal:meeting", kwargs={"meeting_id": guessed}),
        reverse("portal:meeting_feedback", kwargs={"meeting_id": uuid.uuid4()}),
    ):
        assert client.get(url).status_code == 404
    # Each refusal is in the access log, with the account as the actor and no child linked.
    denied = AccessLog.objects.filter(action=AccessAction.DENIED, portal_account=other)
    assert denied.count() == 4
    assert set(denied.values_list("user", "child")) == {(None, None)}
    criteria = set(denied.values_list("criterion", flat=True))
    assert {f"meeting:{meeting.pk}", f"meeting:{held.pk}", f"meeting:{guessed}"} <= criteria
    before = Event.objects.count()
    assert client.post(_detail(meeting), {"action": "topic", "topic-text": "x"}).status_code == 404
    assert client.post(_feedback(held), {"smiley": "3"}).status_code == 404
    assert Event.objects.count() == before
    assert not MeetingFeedback.objects.exists()


def test_adding_a_topic(world, child_client):
    meeting = plan(world)
    response = child_client.post(
        _detail(meeting), {"action": "topic", "topic-text": "Jeg vil bo hos mormor"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{_detail(meeting)}?sendt=emne#sent"
    item = meeting.agenda_items.get()
    assert (item.text, item.from_child) == ("Jeg vil bo hos mormor", True)
    assert ChildStatement.objects.get().words == "Jeg vil bo hos mormor"

    body = child_client.get(response["Location"]).content.decode()
    assert "Your topic is on the list. Thank you!" in body
    assert "Jeg vil bo hos mormor" in body


def test_an_empty_topic_shows_an_error_and_saves_nothing(world, child_client):
    meeting = plan(world)
    response = child_client.post(_detail(meeting), {"action": "topic", "topic-text": "  "})
    assert response.status_code == 200
    assert "Write what you want to talk about." in response.content.decode()
    assert not meeting.agenda_items.exists()
    assert not ChildStatement.objects.exists()


def test_an_unknown_action_is_404(world, child_client):
    assert child_client.post(_detail(plan(world)), {"action": "hack"}).status_code == 404


def test_sending_where_and_when(world, child_client):
    meeting = plan(world)
    response = child_client.post(
        _detail(meeting), {"action": "place_time", "place-words": "Hjemme hos mig, om fredagen"}
    )
    assert response.status_code == 302
    wish = MeetingWish.objects.get()
    assert (wish.kind, wish.words) == (MeetingWishKind.PLACE_TIME, "Hjemme hos mig, om fredagen")
    body = child_client.get(response["Location"]).content.decode()
    assert "Your caseworker will see your wish. Thank you!" in body
    assert "Hjemme hos mig, om fredagen" in body
    assert "Sent" in body


def test_bringing_a_bisidder_chosen_from_the_register(world, child_client):
    meeting = plan(world, days=10)
    bodil = bisidder(world, birth_date=dt.date(1980, 1, 1))
    day = timezone.localdate(meeting.starts_at)
    bisidder(world, birth_date=day.replace(year=day.year - 14), name="Unge Ulla")

    page = child_client.get(_detail(meeting)).content.decode()
    assert "Bodil Bisidder" in page
    assert "Unge Ulla" not in page  # 14 on the day: cannot come as bisidder, so not offered
    assert "Someone else" in page
    assert 'id="id_bisidder-bisidder_0"' in page  # radios with their own labels
    assert 'for="id_bisidder-bisidder_1"' in page

    response = child_client.post(
        _detail(meeting), {"action": "bisidder", "bisidder-bisidder": str(bodil.pk)}
    )
    assert response.status_code == 302
    wish = MeetingWish.objects.get()
    assert (wish.kind, wish.bisidder, wish.words) == (MeetingWishKind.BISIDDER, bodil, "")


def test_bringing_someone_by_name_and_choosing_nothing(world, child_client):
    meeting = plan(world)
    response = child_client.post(_detail(meeting), {"action": "bisidder"})
    assert response.status_code == 200
    assert "Choose your bisidder, or write a name." in response.content.decode()
    assert not MeetingWish.objects.exists()

    response = child_client.post(
        _detail(meeting),
        {"action": "bisidder", "bisidder-bisidder": "other", "bisidder-words": "Min træner"},
    )
    assert response.status_code == 302
    assert MeetingWish.objects.get().words == "Min træner"


def test_a_held_meeting_takes_no_topics_and_says_so(world, child_client):
    meeting = _held(world)
    page = child_client.get(_detail(meeting)).content.decode()
    assert "The meeting is over." in page
    assert 'name="action"' not in page
    assert _feedback(meeting) in page

    response = child_client.post(_detail(meeting), {"action": "topic", "topic-text": "For sent"})
    assert response.status_code == 200
    assert "The meeting is over. You cannot add more to it." in response.content.decode()
    assert not meeting.agenda_items.exists()


def test_the_summary_shows_on_the_meeting_page_once_given(world, child_client):
    meeting = held_with_summary(world)
    assert "Vi besluttede" not in child_client.get(_detail(meeting)).content.decode()
    _deliver(world, meeting)
    body = child_client.get(_detail(meeting)).content.decode()
    assert "What we decided and why" in body
    assert "Vi besluttede, at du får en kontaktperson" in body


def test_a_cancelled_meeting_shows_no_reason(world, child_client):
    meeting = meetings.meeting_cancel(
        actor=world.assigned_caseworker, meeting=plan(world), reason="Intern grund"
    )
    body = child_client.get(_detail(meeting)).content.decode()
    assert "The meeting is cancelled." in body
    assert "Intern grund" not in body
    assert 'name="action"' not in body


# --- Feedback ----------------------------------------------------------------------------------


def test_feedback_in_a_few_taps_and_only_once(world, account, child_client):
    meeting = _held(world)
    page = child_client.get(_feedback(meeting)).content.decode()
    assert 'name="smiley"' in page
    assert 'name="heard"' in page

    response = child_client.post(_feedback(meeting), {"smiley": "4", "heard": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"{_feedback(meeting)}?tak=1"
    body = child_client.get(response["Location"]).content.decode()
    assert "Thank you for telling us!" in body
    assert "You said: Good" in body

    again = child_client.post(_feedback(meeting), {"smiley": "1", "words": "Ændret"})
    assert again.status_code == 200
    assert "You have already told us. Thank you!" in again.content.decode()
    feedback = MeetingFeedback.objects.get()
    assert (feedback.smiley, feedback.heard, feedback.words) == (4, "yes", "")
    assert not ChildStatement.objects.exists()
    assert "You have already told us" in child_client.get(_feedback(meeting)).content.decode()


def test_feedback_needs_a_face(world, child_client):
    meeting = _held(world)
    response = child_client.post(_feedback(meeting), {"heard": "no", "words": "Hmm"})
    assert response.status_code == 200
    assert "Choose a face." in response.content.decode()
    assert not MeetingFeedback.objects.exists()


def test_feedback_words_are_filed(world, child_client):
    meeting = _held(world)
    child_client.post(_feedback(meeting), {"smiley": "2", "words": "Der var for mange voksne."})
    statement = ChildStatement.objects.get()
    assert statement.words == "Der var for mange voksne."
    assert statement.informs_ref == meeting.ref


def test_no_feedback_page_for_a_meeting_not_held(world, child_client):
    assert child_client.get(_feedback(plan(world))).status_code == 404
