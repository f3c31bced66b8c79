"""The week view ("Min uge", "Teamets uge"), moving a meeting from it, and the .ics invitation."""

import datetime as dt

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_case, make_child
from stemme.audit.models import AccessLog, Event
from stemme.cases.models import FollowUp, StartUpMeeting, SupervisionVisit
from stemme.core.navigation import menu_for
from stemme.deadlines.calendar import COPENHAGEN
from stemme.meetings import selectors, services
from stemme.meetings.models import MeetingParticipant
from stemme.meetings.tests.factories import parent, plan, restrict

pytestmark = pytest.mark.django_db

# A week in the future, so every meeting planned in it is still to come: 2099-W18 is
# Monday 27 April to Sunday 3 May 2099 (Danish summer time).
MONDAY = dt.date(2099, 4, 27)
WEEK = "2099-W18"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=COPENHAGEN)


def week_url(week: str = WEEK) -> str:
    return f"{reverse('meetings:week')}?uge={week}"


def _colleague_child(world):
    """A child on the leader's team, held by the assigned caseworker's colleague."""
    child = make_child(world.municipality, first_name="Kamma", last_name="Kollegabarn")
    return make_case(child, world.team, world.same_team_caseworker)


# --- which week -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "monday"),
    [
        ("2099-W18", MONDAY),
        ("2099-w18", MONDAY),
        ("2099-04-30", MONDAY),
        ("2099-05-03", MONDAY),
        ("2026-W53", dt.date(2026, 12, 28)),  # 2026 has 53 ISO weeks
        ("", dt.date(2026, 12, 7)),
        ("uge 18", dt.date(2026, 12, 7)),
        ("2099-W60", dt.date(2026, 12, 7)),
        ("9999-12-31", dt.date(2026, 12, 7)),
        ("0001-W01", dt.date(2026, 12, 7)),
    ],
)
def test_week_start_reads_an_iso_week_or_a_date(value, monday):
    today = dt.date(2026, 12, 9)  # a Wednesday
    assert selectors.week_start(value, today=today) == monday
    assert selectors.week_label(MONDAY) == WEEK


# --- the selector ---------------------------------------------------------------------------------


def test_the_week_by_day_with_meetings_contacts_and_duties(world):
    first = plan(world, starts_at=at(MONDAY, 9), place="Skolen")
    late = plan(world, starts_at=at(MONDAY + dt.timedelta(days=2), 15, 30))
    plan(world, starts_at=at(MONDAY + dt.timedelta(days=7), 9))  # next week
    plan(world, starts_at=at(MONDAY - dt.timedelta(days=1), 23, 30))  # the Sunday before
    StartUpMeeting.objects.create(
        case=world.case,
        held_on=MONDAY - dt.timedelta(days=30),
        concern_and_change="Trivsel",
        first_follow_up_on=MONDAY + dt.timedelta(days=3),
    )
    SupervisionVisit.objects.create(
        case=world.case, visited_on=MONDAY + dt.timedelta(days=1), notes="Besøg"
    )

    week = selectors.week_for(
        user=world.assigned_caseworker, monday=MONDAY, now=at(MONDAY + dt.timedelta(days=2), 8)
    )

    assert [day.day for day in week.days] == [MONDAY + dt.timedelta(days=n) for n in range(7)]
    assert [day.is_today for day in week.days] == [False, False, True, False, False, False, False]
    assert [[m.pk for m in day.meetings] for day in week.days] == [
        [first.pk],
        [],
        [late.pk],
        [],
        [],
        [],
        [],
    ]
    assert [str(c.label) for c in week.days[3].contacts] == ["Agreed follow-up"]
    assert [str(c.label) for c in week.days[1].contacts] == ["Supervision visit"]
    # The agenda duty of each meeting is due before it: the duties of the week are there.
    duties = [o for day in week.days for o in day.duties]
    assert duties
    assert all(MONDAY <= o.due_date <= week.sunday for o in duties)
    assert {o.rule_id for o in duties} == {"moede-dagsorden"}
    assert week.children == [world.child]
    assert week.label == WEEK
    assert week.previous == "2099-W17"
    assert week.next == "2099-W19"
    assert week.meeting_count == 2
    assert not week.is_team


def test_an_agreed_follow_up_leaves_the_week_once_a_follow_up_is_held(world):
    agreed = MONDAY + dt.timedelta(days=4)
    StartUpMeeting.objects.create(
        case=world.case,
        held_on=MONDAY - dt.timedelta(days=60),
        concern_and_change="Trivsel",
        first_follow_up_on=agreed,
    )
    FollowUp.objects.create(
        case=world.case,
        held_on=MONDAY - dt.timedelta(days=5),
        assessment="Godt",
        outcome="continue",
        next_follow_up_on=MONDAY + dt.timedelta(days=5),
    )
    week = selectors.week_for(user=world.assigned_caseworker, monday=MONDAY)
    labels = {day.day: [str(c.label) for c in day.contacts] for day in week.days}
    assert labels[agreed] == []  # the start-up's date was replaced by the follow-up's
    assert labels[MONDAY + dt.timedelta(days=5)] == ["Agreed follow-up"]


def test_only_the_caseworkers_own_children_and_the_leaders_team(world):
    mine = plan(world, starts_at=at(MONDAY, 10))
    colleague_case = _colleague_child(world)
    colleagues = plan(
        world, case=colleague_case, actor=world.same_team_caseworker, starts_at=at(MONDAY, 11)
    )
    other_team = plan(
        world,
        case=world.other_child.cases.get(),
        actor=world.other_team_caseworker,
        starts_at=at(MONDAY, 12),
    )

    def shown(user):
        week = selectors.week_for(user=user, monday=MONDAY)
        return {m.pk for day in week.days for m in day.meetings}, week

    assert shown(world.assigned_caseworker)[0] == {mine.pk}
    assert shown(world.same_team_caseworker)[0] == {colleagues.pk}
    team, week = shown(world.leader)
    assert team == {mine.pk, colleagues.pk}
    assert week.is_team
    assert shown(world.other_leader)[0] == {other_team.pk}
    assert shown(world.administrator)[0] == set()
    assert shown(world.other_municipality_caseworker)[0] == set()


def test_a_scope_too_large_for_a_list_of_ids_shows_the_same_week(world, monkeypatch):
    """Past ID_LIST_LIMIT the week's queries keep the access scope as a sub-query: same week."""
    plan(world, starts_at=at(MONDAY, 10))
    plan(world, case=_colleague_child(world), starts_at=at(MONDAY + dt.timedelta(days=1), 11))
    StartUpMeeting.objects.create(
        case=world.case, held_on=MONDAY, concern_and_change="Trivsel", first_follow_up_on=MONDAY
    )

    def seen(user):
        week = selectors.week_for(user=user, monday=MONDAY)
        return (
            [m.pk for day in week.days for m in day.meetings],
            [(c.day, c.case_id, str(c.label)) for day in week.days for c in day.contacts],
            [o.pk for day in week.days for o in day.duties],
        )

    as_lists = {user.pk: seen(user) for user in (world.leader, world.assigned_caseworker)}
    assert all(meetings for meetings, _contacts, _duties in as_lists.values())
    monkeypatch.setattr("stemme.meetings.selectors.week.ID_LIST_LIMIT", 1)
    for user in (world.leader, world.assigned_caseworker):
        assert seen(user) == as_lists[user.pk]


def test_the_week_is_a_fixed_number_of_queries(world):
    # A meeting on Thursday: its agenda duty (due two days before) is in the week too.
    plan(world, starts_at=at(MONDAY + dt.timedelta(days=3), 10))
    with CaptureQueriesContext(connection) as few:
        selectors.week_for(user=world.leader, monday=MONDAY)
    for n in range(4):
        child = make_child(world.municipality, first_name=f"Barn{n}", last_name="Mange")
        case = make_case(child, world.team, world.assigned_caseworker)
        for hour in (9, 13):
            plan(world, case=case, starts_at=at(MONDAY + dt.timedelta(days=n), hour))
        StartUpMeeting.objects.create(
            case=case,
            held_on=MONDAY,
            concern_and_change="Trivsel",
            first_follow_up_on=MONDAY + dt.timedelta(days=n),
        )
    with CaptureQueriesContext(connection) as many:
        week = selectors.week_for(user=world.leader, monday=MONDAY)
    assert week.meeting_count == 9
    assert len(many) == len(few) <= 8


# --- the page -------------------------------------------------------------------------------------


def test_the_week_page_logs_the_children_it_shows(client, world):
    meeting = plan(world, starts_at=at(MONDAY, 10), place="Biblioteket")
    client.force_login(world.assigned_caseworker)
    response = client.get(week_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "My week" in body
    assert "Zenia Hemmeligsen" in body
    assert "Biblioteket" in body
    assert reverse("meetings:detail", kwargs={"meeting_id": meeting.pk}) in body
    assert reverse("cases:detail", kwargs={"case_id": world.case.pk}) in body
    assert reverse("meetings:ics", kwargs={"meeting_id": meeting.pk}) in body
    assert "?uge=2099-W17" in body
    assert "?uge=2099-W19" in body
    logs = AccessLog.objects.filter(user=world.assigned_caseworker, purpose="week")
    assert list(logs.values_list("child_id", flat=True)) == [world.child.pk]

    client.force_login(world.leader)
    assert "The team's week" in client.get(week_url()).content.decode().replace("&#x27;", "'")


def test_the_week_page_is_danish_and_marks_today(client, world):
    client.force_login(world.assigned_caseworker)
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    body = client.get(week_url("2099-04-28")).content.decode()
    for word in ("Mandag 27. april", "Onsdag 29. april", "Søndag 3. maj"):
        assert word in body
    assert 'aria-current="date"' not in body
    today = timezone.localdate()
    assert 'aria-current="date"' in client.get(reverse("meetings:week")).content.decode()
    assert f'id="day-{today:%Y-%m-%d}"' in client.get(reverse("meetings:week")).content.decode()


def test_the_week_page_refuses_an_administrator_and_names_no_child_to_a_stranger(client, world):
    plan(world, starts_at=at(MONDAY, 10))
    client.force_login(world.administrator)
    assert client.get(week_url()).status_code == 403
    client.force_login(world.other_team_caseworker)
    response = client.get(week_url())
    assert response.status_code == 200
    assert "Zenia" not in response.content.decode()


def test_the_menu_offers_the_week(world):
    assert "My week" in [str(entry.label) for entry in menu_for(world.assigned_caseworker)]
    assert "The team's week" in [str(entry.label) for entry in menu_for(world.leader)]
    labels = [str(entry.label) for entry in menu_for(world.administrator)]
    assert "My week" not in labels
    assert "The team's week" not in labels


# --- moving a meeting -----------------------------------------------------------------------------


def _move(client, meeting, **data):
    url = reverse("meetings:move", kwargs={"meeting_id": meeting.pk})
    return client.post(url, {"version": meeting.version, "uge": WEEK, **data})


def test_moving_a_meeting_plans_it_again_and_returns_to_the_week(client, world):
    meeting = plan(world, starts_at=at(MONDAY, 10))
    client.force_login(world.assigned_caseworker)

    response = _move(client, meeting, day="2099-04-29", time="13:15")

    assert response.status_code == 302
    assert response["Location"] == week_url()
    meeting.refresh_from_db()
    assert meeting.starts_at == at(dt.date(2099, 4, 29), 13, 15)
    assert meeting.duration_minutes == 45
    assert meeting.sequence == 1
    assert meeting.version == 2
    planned = Event.objects.filter(kind="meeting.planned", ref=meeting.ref).order_by("pk")
    assert [e.data["due_on"] for e in planned] == ["2099-04-27", "2099-04-29"]
    assert "The meeting is moved to" in client.get(response["Location"]).content.decode()

    # The same form sent twice (a double click): nothing more changes.
    again = client.post(
        reverse("meetings:move", kwargs={"meeting_id": meeting.pk}),
        {"version": 1, "uge": WEEK, "day": "2099-04-29", "time": "13:15"},
    )
    assert again.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert meeting.version == 2


def test_moving_a_meeting_someone_else_changed_shows_the_conflict(client, world):
    meeting = plan(world, starts_at=at(MONDAY, 10))
    stale = meeting.version
    services.meeting_update(
        actor=world.leader, meeting=meeting, expected_version=stale, place="Rådhuset"
    )
    client.force_login(world.assigned_caseworker)

    response = client.post(
        reverse("meetings:move", kwargs={"meeting_id": meeting.pk}),
        {"version": stale, "uge": WEEK, "day": "2099-04-30", "time": "09:00"},
    )

    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.starts_at == at(MONDAY, 10)
    assert meeting.place == "Rådhuset"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "2099-13-40", "time": "10:00"}, "Indtast en gyldig dato."),
        ({"day": "2099-04-29", "time": "25:61"}, "Indtast en gyldig tid."),
        ({"day": "", "time": ""}, "Feltet skal udfyldes."),
        ({"day": "9999-01-01", "time": "10:00"}, "1900"),
    ],
)
def test_moving_with_bad_input_explains_in_danish_and_changes_nothing(client, world, data, message):
    meeting = plan(world, starts_at=at(MONDAY, 10))
    client.force_login(world.assigned_caseworker)
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    events = Event.objects.count()

    response = _move(client, meeting, **data)

    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'class="form-errors"' in body
    assert f'id="move-{meeting.pk}-day"' in body  # the form is shown again on its meeting
    meeting.refresh_from_db()
    assert meeting.starts_at == at(MONDAY, 10)
    assert meeting.version == 1
    assert Event.objects.count() == events


def test_a_held_meeting_is_not_moved(client, world):
    meeting = plan(world, starts_at=at(timezone.localdate() - dt.timedelta(days=1), 10))
    meeting = services.meeting_hold(
        actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
    )
    client.force_login(world.assigned_caseworker)
    response = _move(client, meeting, day="2099-04-29", time="10:00")
    assert response.status_code == 200
    assert "it cannot be moved" in response.content.decode()


def test_a_meeting_of_a_child_out_of_reach_is_not_moved(client, world):
    meeting = plan(world, starts_at=at(MONDAY, 10))
    client.force_login(world.other_team_caseworker)
    assert _move(client, meeting, day="2099-04-29", time="10:00").status_code == 404
    meeting.refresh_from_db()
    assert meeting.starts_at == at(MONDAY, 10)


# --- the calendar invitation ----------------------------------------------------------------------


def _ics(client, meeting):
    response = client.get(reverse("meetings:ics", kwargs={"meeting_id": meeting.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".ics" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    return response.content, icalendar.Calendar.from_ical(response.content)


def _event(calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def test_the_ics_round_trip(client, world):
    meeting = plan(world, starts_at=at(MONDAY, 10), place="Ungdomsklubben")
    client.force_login(world.assigned_caseworker)

    raw, calendar = _ics(client, meeting)

    event = _event(calendar)
    uid = f"moede-{meeting.pk}@{settings.STEMME_CALENDAR_DOMAIN}"
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 0
    assert str(event["SUMMARY"]) == "Møde med din rådgiver"
    assert str(event["LOCATION"]) == "Ungdomsklubben"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event["DTEND"].params["TZID"] == "Europe/Copenhagen"
    assert event.decoded("DTSTART") == at(MONDAY, 10)
    assert event.decoded("DTEND") == at(MONDAY, 10, 45)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    text = raw.decode()
    for secret in ("Zenia", "Hemmeligsen", world.child.cpr, "skolen", "Opfølgning"):
        assert secret not in text

    # Moved (the time): the same UID, a higher SEQUENCE. A change of purpose alone: no change.
    _move(client, meeting, day="2099-04-28", time="10:00")
    meeting.refresh_from_db()
    services.meeting_update(
        actor=world.assigned_caseworker,
        meeting=meeting,
        expected_version=meeting.version,
        purpose_for_child="Noget andet",
    )
    meeting.refresh_from_db()
    event = _event(_ics(client, meeting)[1])
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == at(dt.date(2099, 4, 28), 10)

    services.meeting_update(
        actor=world.assigned_caseworker,
        meeting=meeting,
        expected_version=meeting.version,
        place="Biblioteket",
    )
    meeting.refresh_from_db()
    assert int(_event(_ics(client, meeting)[1])["SEQUENCE"]) == 2


def test_a_cancelled_meeting_gives_a_cancellation(client, world):
    meeting = plan(world, starts_at=at(MONDAY, 10))
    services.meeting_cancel(actor=world.assigned_caseworker, meeting=meeting, reason="Syg")
    client.force_login(world.assigned_caseworker)
    raw, calendar = _ics(client, meeting)
    event = _event(calendar)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert "Syg" not in raw.decode()


def test_a_place_that_names_the_child_is_left_out(client, world):
    meeting = plan(world, starts_at=at(MONDAY, 10), place="Hjemme hos Zenia")
    client.force_login(world.assigned_caseworker)
    raw, calendar = _ics(client, meeting)
    assert "LOCATION" not in _event(calendar)
    assert "Zenia" not in raw.decode()


def _participant(world, meeting, person):
    return services.meeting_participant_add(
        actor=world.assigned_caseworker,
        meeting=meeting,
        kind="person",
        person=person,
        role_for_child="Din forælder.",
    )


def test_an_invitation_for_a_participant_but_never_for_a_restricted_one(client, world):
    meeting = plan(world, starts_at=at(MONDAY, 10))
    mother = _participant(world, meeting, parent(world))
    father = _participant(world, meeting, parent(world, first_name="Frede", relation="father"))
    restrict(world, persons=[father.person])
    client.force_login(world.assigned_caseworker)

    def get(participant):
        return client.get(
            reverse(
                "meetings:participant_ics",
                kwargs={"meeting_id": meeting.pk, "participant_id": participant.pk},
            )
        )

    response = get(mother)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    refused = get(father)
    assert refused.status_code == 403
    text = refused.content.decode().replace("&#x27;", "'")
    assert "the child's safety restriction names them" in text
    assert "Frede" in text
    # The caseworker's own copy is fine.
    _ics(client, meeting)
    # Another meeting's participant id: 404.
    other = plan(world, starts_at=at(MONDAY, 12))
    stray = MeetingParticipant.objects.filter(meeting=other).first()
    assert (
        client.get(
            reverse(
                "meetings:participant_ics",
                kwargs={"meeting_id": meeting.pk, "participant_id": stray.pk},
            )
        ).status_code
        == 404
    )
