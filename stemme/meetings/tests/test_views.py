import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemme.letters.models import Letter, LetterStatus
from stemme.meetings import services
from stemme.meetings.models import Meeting, MeetingStatus
from stemme.meetings.tests.factories import held_with_summary, parent, plan, restrict

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(client, world):
    client.force_login(world.assigned_caseworker)
    return client


def _url(name, meeting, **extra):
    return reverse(f"meetings:{name}", kwargs={"meeting_id": meeting.pk, **extra})


def test_plan_page_and_planning_a_meeting(caseworker, world):
    held_with_summary(world, topics=["Mine venner"])
    url = reverse("meetings:plan", kwargs={"case_id": world.case.pk})

    page = caseworker.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Mine venner" in body  # the child's topic from last time is shown before planning

    response = caseworker.post(
        url,
        {
            "kind": "network",
            "purpose_for_child": "Vi taler om, hvem der kan hjælpe dig.",
            "starts_at": (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60",
            "place": "Biblioteket",
            "child_chose_place_time": "on",
            "child_attends": "on",
            "child_wants_to_say": "Jeg vil have min moster med.",
        },
    )
    meeting = Meeting.objects.get(kind="network")
    assert response.status_code == 302
    assert response["Location"] == _url("detail", meeting)
    assert list(meeting.agenda_items.values_list("text", flat=True)) == ["Mine venner"]


def test_plan_page_shows_errors_and_saves_nothing(caseworker, world):
    url = reverse("meetings:plan", kwargs={"case_id": world.case.pk})
    response = caseworker.post(url, {"kind": "follow_up", "duration_minutes": "2"})
    assert response.status_code == 200
    assert "Nothing has been saved yet" in response.content.decode()
    assert not Meeting.objects.exists()


def test_case_meetings_list(caseworker, world):
    meeting = plan(world)
    services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Mit", from_child=True
    )
    response = caseworker.get(reverse("meetings:case_meetings", kwargs={"case_id": world.case.pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert _url("detail", meeting) in body
    assert "Not sent" in body


def test_meeting_page_before_and_after(caseworker, world):
    meeting = plan(world)
    body = caseworker.get(_url("detail", meeting)).content.decode()
    for text in (
        "Before the meeting",
        "After the meeting",
        "Send the agenda to the child",
        "Send invitations",
        "Record that the meeting was held",
        "Vi taler om, hvordan det går i skolen.",
    ):
        assert text in body

    held = held_with_summary(world)
    body = caseworker.get(_url("detail", held)).content.decode()
    assert "What we decided and why" in body
    assert "Summary given to the child" in body
    assert "Send the agenda to the child" not in body


def test_edit_page_saves_and_refuses_a_stale_version(caseworker, world):
    meeting = plan(world)
    data = {
        "version": "1",
        "kind": "follow_up",
        "purpose_for_child": meeting.purpose_for_child,
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "30",
        "place": "Hjemme",
        "child_chose_place_time": "on",
        "child_attends": "on",
    }
    assert caseworker.get(_url("edit", meeting)).status_code == 200
    assert caseworker.post(_url("edit", meeting), data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Hjemme"
    assert meeting.duration_minutes == 30

    stale = caseworker.post(_url("edit", meeting), {**data, "place": "Skolen"})
    assert stale.status_code == 409  # the conflict page: both versions, nothing saved
    body = stale.content.decode()
    assert "Someone saved a change while you were editing" in body
    assert "Skolen" in body
    assert "Hjemme" in body
    meeting.refresh_from_db()
    assert meeting.place == "Hjemme"


def test_child_agenda_page_is_plain_and_printable(caseworker, world):
    meeting = plan(world)
    services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Mit værelse", from_child=True
    )
    response = caseworker.get(_url("agenda", meeting))
    body = response.content.decode()
    assert response.status_code == 200
    assert "meetings/agenda.css" in body
    for text in (
        "Your meeting, Zenia",
        "What the meeting is about",
        "Who comes and what they do",
        "Mit værelse",
        "your item",
        "Jeg vil gerne skifte klasse.",
        "Ungdomsklubben",
    ):
        assert text in body
    assert world.child.cpr not in body


def test_send_agenda_in_one_click(caseworker, world):
    meeting = plan(world)
    response = caseworker.post(_url("send_agenda", meeting), {"agenda-channel": "digital_post"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is not None
    body = caseworker.get(_url("detail", meeting)).content.decode()
    assert "Agenda sent to the child" in body


def test_invitations_show_who_was_blocked(caseworker, world):
    meeting = plan(world)
    father = parent(world, first_name="Farid", relation="father")
    mother = parent(world, first_name="Mona")
    for person in (father, mother):
        services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind="person",
            person=person,
            role_for_child="Din forælder.",
        )
    restrict(world, persons=[father])

    page = caseworker.get(_url("detail", meeting)).content.decode()
    assert "Safety restriction: receives nothing" in page

    response = caseworker.post(
        _url("invite", meeting), {"invite-channel": "digital_post"}, follow=True
    )
    body = response.content.decode()
    assert "Farid Hemmeligsen" in body
    assert "safety restriction names them" in body
    assert "Invitations sent to: Mona Hemmeligsen." in body
    assert Letter.objects.get(person=father).status == LetterStatus.BLOCKED


def test_participant_and_agenda_editing(caseworker, world):
    meeting = plan(world)
    response = caseworker.post(
        _url("participant_add", meeting),
        {"participant-kind": "professional", "participant-name": "Lise"},
    )
    assert response.status_code == 200  # the role for the child is required
    assert "Nothing has been saved yet" in response.content.decode()

    caseworker.post(
        _url("participant_add", meeting),
        {
            "participant-kind": "professional",
            "participant-name": "Lise",
            "participant-role_for_child": "Din lærer.",
        },
    )
    lise = meeting.participants.get(name="Lise")
    caseworker.post(_url("item_add", meeting), {"item-text": "Skolen"})
    caseworker.post(_url("item_add", meeting), {"item-text": "Venner", "item-from_child": "on"})
    friends = meeting.agenda_items.get(text="Venner")
    assert friends.from_child
    caseworker.post(_url("item_move", meeting, item_id=friends.pk), {"direction": "up"})
    assert list(meeting.agenda_items.values_list("text", flat=True)) == ["Venner", "Skolen"]
    caseworker.post(_url("item_remove", meeting, item_id=friends.pk))
    caseworker.post(_url("participant_remove", meeting, participant_id=lise.pk))
    assert list(meeting.agenda_items.values_list("text", flat=True)) == ["Skolen"]
    assert not meeting.participants.filter(name="Lise").exists()


def test_items_of_another_meeting_are_404(caseworker, world):
    meeting = plan(world)
    other = plan(world)
    item = services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=other, text="X", from_child=False
    )
    response = caseworker.post(_url("item_remove", meeting, item_id=item.pk))
    assert response.status_code == 404


def test_after_the_meeting_flow(caseworker, world):
    meeting = plan(world)
    today = str(timezone.localdate())
    # Giving the summary before writing it is refused with a message.
    caseworker.post(_url("hold", meeting), {"hold-held_on": today})
    refused = caseworker.post(
        _url("deliver", meeting), {"deliver-delivered_on": today, "deliver-how": "conversation"}
    )
    assert refused.status_code == 200
    assert "Write the summary for the child before giving it." in refused.content.decode()

    meeting.refresh_from_db()
    caseworker.post(
        _url("summary", meeting),
        {
            "summary-summary_for_child": "Du får en kontaktperson.",
            "summary-child_understood": "yes",
            "summary-next_time_topics": "Fodbold\nFerie",
            "summary-version": str(meeting.version),
        },
    )
    response = caseworker.post(
        _url("deliver", meeting), {"deliver-delivered_on": today, "deliver-how": "portal"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.summary_delivered_on == timezone.localdate()
    assert list(meeting.next_time_topics.values_list("text", flat=True)) == ["Fodbold", "Ferie"]
    assert Letter.objects.filter(kind="meeting_summary", channel="portal").count() == 1


def test_cancel_a_meeting(caseworker, world):
    meeting = plan(world)
    assert caseworker.post(_url("cancel", meeting), {"cancel-reason": ""}).status_code == 200
    assert caseworker.post(_url("cancel", meeting), {"cancel-reason": "Syg"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_other_caseworkers_get_404(client, world):
    meeting = plan(world)
    client.force_login(world.other_team_caseworker)
    assert client.get(_url("detail", meeting)).status_code == 404
    assert client.get(_url("agenda", meeting)).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(world, meeting, count):
    for index in range(count):
        services.meeting_agenda_item_add(
            actor=world.assigned_caseworker, meeting=meeting, text=f"Punkt {index}", from_child=True
        )
        services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind="person",
            person=parent(world, first_name=f"Person{index}", relation="other_family"),
            role_for_child="Familie.",
        )


def test_meeting_page_query_count_is_constant(caseworker, world):
    meeting = plan(world)
    _grow(world, meeting, 1)
    services.meeting_invite(actor=world.assigned_caseworker, meeting=meeting)
    small = _queries(caseworker, _url("detail", meeting))
    _grow(world, meeting, 8)
    services.meeting_invite(actor=world.assigned_caseworker, meeting=meeting)
    assert _queries(caseworker, _url("detail", meeting)) == small
    assert _queries(caseworker, _url("agenda", meeting)) <= small


def test_case_page_panel_and_its_query_count(caseworker, world):
    url = reverse("cases:detail", kwargs={"case_id": world.case.pk})
    plan(world)
    first = _queries(caseworker, url)
    body = caseworker.get(url).content.decode()
    assert "Meetings with the child" in body
    assert "Plan a meeting" in body
    for days in (3, 9, 12):
        plan(world, days=days)
    held_with_summary(world, topics=["Fodbold"])
    assert _queries(caseworker, url) == first


def test_child_page_panel_shows_next_meeting_and_topics(caseworker, world):
    held_with_summary(world, topics=["Fodbold"])
    url = reverse("children:detail", kwargs={"child_id": world.child.pk})
    body = caseworker.get(url).content.decode()
    assert "No meeting planned." in body
    assert "Fodbold" in body
    upcoming = plan(world, days=4)
    body = caseworker.get(url).content.decode()
    assert _url("detail", upcoming) in body
    assert "Fodbold" not in body.split("topics for next time")[-1].split("</section>")[0]


def test_plan_and_meeting_pages_show_the_participation_profile(caseworker, world):
    from stemme.participation.models import ParticipationProfile

    ParticipationProfile.objects.create(
        child=world.child, version=1, communication="Tegner gerne", meeting_places="Klubben"
    )
    meeting = plan(world)
    for url in (
        reverse("meetings:plan", kwargs={"case_id": world.case.pk}),
        _url("detail", meeting),
    ):
        body = caseworker.get(url).content.decode()
        assert "How the child wants to take part" in body
        assert "Tegner gerne" in body
        assert "Klubben" in body


def test_a_new_meeting_starts_at_9_on_the_next_working_day(world):
    import zoneinfo

    from stemme.deadlines.models import HolidaySettings
    from stemme.meetings.selectors import default_meeting_start

    cph = zoneinfo.ZoneInfo("Europe/Copenhagen")

    def start(*when, municipality=None):
        moment = dt.datetime(*when, tzinfo=cph)
        return default_meeting_start(municipality=municipality, now=moment)

    # A Tuesday afternoon: Wednesday at 9.
    assert start(2026, 3, 3, 15) == dt.datetime(2026, 3, 4, 9, 0, tzinfo=cph)
    # A Friday: Monday, not Saturday.
    assert start(2026, 3, 6, 10) == dt.datetime(2026, 3, 9, 9, 0, tzinfo=cph)
    # Maundy Thursday 2026: past Good Friday, the Easter weekend and Easter Monday.
    assert start(2026, 4, 2, 10) == dt.datetime(2026, 4, 7, 9, 0, tzinfo=cph)
    # 4 June: Constitution Day is closed by default, open if the municipality says so.
    assert start(2026, 6, 4, 10, municipality=world.municipality).date() == dt.date(2026, 6, 8)
    HolidaySettings.objects.create(municipality=world.municipality, grundlovsdag=False)
    assert start(2026, 6, 4, 10, municipality=world.municipality).date() == dt.date(2026, 6, 5)


def test_plan_form_suggests_the_next_working_day_at_9(caseworker, world):
    from stemme.meetings.selectors import default_meeting_start

    html = caseworker.get(reverse("meetings:plan", kwargs={"case_id": world.case.pk})).content
    expected = default_meeting_start().strftime("%Y-%m-%dT09:00")
    assert f'value="{expected}"' in html.decode()


def test_held_on_starts_at_the_meetings_own_date(caseworker, world):
    from stemme.meetings.forms import HoldForm

    meeting = plan(world)
    past = timezone.now() - dt.timedelta(days=3)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=past)
    body = caseworker.get(_url("detail", meeting)).content.decode()
    assert f'name="hold-held_on" value="{timezone.localdate(past).isoformat()}"' in body
    # A meeting whose time is still to come: today, never a date in the future.
    meeting.starts_at = timezone.now() + dt.timedelta(days=3)
    assert HoldForm(meeting=meeting).initial["held_on"] == timezone.localdate()
