"""Min sag, "What happens next": the case's step in words for the child, and the next dates."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_case, make_child
from stemme.cases import services as case_services
from stemme.cases.models import Stage
from stemme.cases.services import goals, steps
from stemme.cases.tests.matrix_plan_goals import make_plan
from stemme.meetings.tests.factories import plan as plan_meeting
from stemme.portal.testing import active_account, client_log_in, invite, parent_person

pytestmark = pytest.mark.django_db

NEXT = "/min-sag/hvad-nu/"
TODAY = timezone.localdate


@pytest.fixture
def child_client(client, world):
    client_log_in(client, active_account(world))
    return client


def _body(client) -> str:
    response = client.get(NEXT)
    assert response.status_code == 200
    return response.content.decode()


def _move(world, stage):
    world.case.refresh_from_db()
    case_services.case_change_stage(
        actor=None, case=world.case, stage=stage, expected_version=world.case.version
    )


def test_the_url():
    assert reverse("portal:next") == NEXT


@pytest.mark.parametrize(
    ("stage", "text"),
    [
        (Stage.RECEIVED, "We want to find out how you are, and if you need help."),
        (Stage.SCREENING, "We want to find out how you are, and if you need help."),
        (Stage.AFDAEKNING, "We look at how things are for you and your family."),
        (Stage.BFU, "It takes up to 4 months."),
        (Stage.CHOICE_OF_MEASURE, "We are choosing the help that fits you best."),
        (Stage.PLAN, "We make your plan together with you."),
        (Stage.START_UP_MEETING, "Your help starts soon."),
        (Stage.MEASURE_RUNNING, "Your help has started."),
        (Stage.FOLLOW_UP, "We look at how your help is going, and if it should change."),
        (Stage.SUPERVISION, "We visit you where you live"),
        (Stage.CLOSING, "So we are getting ready to end your case."),
    ],
)
def test_each_step_is_told_in_the_childs_words(child_client, world, stage, text):
    if stage != world.case.stage:
        _move(world, stage)
    body = _body(child_client)
    assert "What happens next in your case" in body
    assert text in body
    # The caseworker's words for the steps and deadlines never show.
    world.case.refresh_from_db()
    assert world.case.get_stage_display() not in body
    assert "Your case is closed." not in body


def test_a_closed_case(child_client, world):
    _move(world, Stage.CLOSED)
    body = _body(child_client)
    assert "Your case is closed." in body
    assert "Right now" not in body


def test_the_next_dates(child_client, world):
    body = _body(child_client)
    assert "No dates are set yet." in body

    meeting = plan_meeting(world, days=6)
    plan_meeting(world, days=12)
    make_plan(world)
    review_on = TODAY() + dt.timedelta(days=25)
    goals.goal_add(
        actor=world.assigned_caseworker, case=world.case, words="Mål", review_on=review_on
    )
    goals.goal_add(
        actor=world.assigned_caseworker,
        case=world.case,
        words="Mål 2",
        review_on=review_on + dt.timedelta(days=5),
    )
    follow_up_on = TODAY() + dt.timedelta(days=40)
    steps.start_up_meeting_hold(
        actor=world.assigned_caseworker,
        case=world.case,
        held_on=TODAY(),
        concern_and_change="Bekymringen",
        first_follow_up_on=follow_up_on,
    )
    body = _body(child_client)
    assert "Next meeting" in body
    assert timezone.localtime(meeting.starts_at).strftime("%-d. %B, %H:%M") in body
    assert "We look at your goals again" in body
    assert review_on.strftime("%-d. %B") in body
    assert "We check how your help is going" in body
    assert follow_up_on.strftime("%-d. %B") in body
    assert reverse("portal:plan") in body
    assert "Bekymringen" not in body  # the start-up meeting's notes are the caseworker's
    assert "No dates are set yet." not in body


def test_the_coming_dates_are_in_date_order(child_client, world):
    """The follow-up in 10 days comes before the goals in 25 and the meeting in 50, though a
    meeting is usually listed first."""
    plan_meeting(world, days=50)
    make_plan(world)
    goals.goal_add(
        actor=world.assigned_caseworker,
        case=world.case,
        words="Mål",
        review_on=TODAY() + dt.timedelta(days=25),
    )
    steps.start_up_meeting_hold(
        actor=world.assigned_caseworker,
        case=world.case,
        held_on=TODAY(),
        concern_and_change="Bekymringen",
        first_follow_up_on=TODAY() + dt.timedelta(days=10),
    )
    body = _body(child_client)
    positions = [
        body.index(text)
        for text in (
            "We check how your help is going",
            "We look at your goals again",
            "Next meeting",
        )
    ]
    assert positions == sorted(positions)


def test_the_latest_follow_up_sets_the_next_date(child_client, world):
    steps.start_up_meeting_hold(
        actor=world.assigned_caseworker,
        case=world.case,
        held_on=TODAY() - dt.timedelta(days=60),
        concern_and_change="Bekymringen",
        first_follow_up_on=TODAY() - dt.timedelta(days=2),
    )
    body = _body(child_client)
    assert "We check how your help is going" not in body  # the agreed date has passed
    steps.follow_up_hold(
        actor=world.assigned_caseworker,
        case=world.case,
        held_on=TODAY(),
        assessment="Det går bedre",
        outcome="continue",
        next_follow_up_on=TODAY() + dt.timedelta(days=90),
    )
    body = _body(child_client)
    assert (TODAY() + dt.timedelta(days=90)).strftime("%-d. %B") in body
    assert "Det går bedre" not in body


def test_a_parent_reads_neutral_words(client, world):
    meeting = plan_meeting(world, days=6)
    mother = parent_person(world)
    client_log_in(client, active_account(world, person=mother))
    body = _body(client)
    assert "Next meeting" not in body  # the parent is not invited
    invite(world, meeting, mother)
    body = _body(client)
    assert "What happens next in Zenia's case" in body
    assert "We talk with Zenia and the family." in body
    assert "Next meeting" in body
    assert "See the meeting" not in body
    assert "What happens next in your case" not in body
    assert "We want to find out how you are" not in body  # the child's words, not a parent's


def test_the_youngest_and_oldest_children_get_their_own_words(client, world):
    little = make_child(world.municipality, first_name="Lille", birth=dt.date(2019, 5, 1))
    make_case(little, world.team, world.assigned_caseworker)
    client_log_in(client, active_account(world, child=little))
    body = _body(client)
    assert "What happens now" in body
    assert "We want to know how you are." in body

    older = make_child(world.municipality, first_name="Ældre", birth=dt.date(2009, 1, 10))
    make_case(older, world.team, world.assigned_caseworker)
    client_log_in(client, active_account(world, child=older))
    assert "if you or your family need help" in _body(client)


def test_another_child_sees_only_their_own_case(client, world):
    make_plan(world)
    goals.goal_add(
        actor=world.assigned_caseworker,
        case=world.case,
        words="Mål",
        review_on=TODAY() + dt.timedelta(days=9),
    )
    client_log_in(client, active_account(world, child=world.other_child))
    body = _body(client)
    assert "No dates are set yet." in body
    assert (TODAY() + dt.timedelta(days=9)).strftime("%-d. %B") not in body


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(NEXT).status_code == 200
    return len(queries)


def test_the_page_runs_a_fixed_number_of_queries(child_client, world):
    plan_meeting(world, days=5)
    make_plan(world)
    goals.goal_add(
        actor=world.assigned_caseworker,
        case=world.case,
        words="Mål",
        review_on=TODAY() + dt.timedelta(days=9),
    )
    few = _queries(child_client)
    for days in (8, 9, 10):
        plan_meeting(world, days=days)
    for n in range(2):
        goals.goal_add(
            actor=world.assigned_caseworker,
            case=world.case,
            words=f"Mål {n}",
            review_on=TODAY() + dt.timedelta(days=20 + n),
        )
    steps.start_up_meeting_hold(
        actor=world.assigned_caseworker,
        case=world.case,
        held_on=TODAY(),
        concern_and_change="Bekymringen",
        first_follow_up_on=TODAY() + dt.timedelta(days=30),
    )
    assert _queries(child_client) == few
