"""Min sag, "My plan": the child's goals in their own words, and rating them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_case, make_child
from stemme.audit.models import AccessAction, AccessLog, Event
from stemme.cases.models import GoalRating
from stemme.cases.services import goals, steps
from stemme.cases.tests.matrix_plan_goals import make_plan
from stemme.participation.models import ChildStatement, StatementMode
from stemme.portal.services.plan import goal_rate
from stemme.portal.testing import active_account, client_log_in, parent_person

pytestmark = pytest.mark.django_db

PLAN = "/min-sag/plan/"


def add(world, words="Jeg vil spille fodbold igen.", case=None, **extra):
    values = {
        "success": "Jeg går til træning hver tirsdag.",
        "responsible": "Mor og kontaktpersonen",
        "review_on": timezone.localdate() + dt.timedelta(days=30),
        **extra,
    }
    return goals.goal_add(
        actor=world.assigned_caseworker, case=case or world.case, words=words, **values
    )


@pytest.fixture
def account(world):
    return active_account(world)


@pytest.fixture
def child_client(client, account):
    client_log_in(client, account)
    return client


def _rate_url(goal):
    return reverse("portal:goal_rate", kwargs={"goal_id": goal.pk})


def test_the_urls():
    assert reverse("portal:plan") == PLAN


# --- the page -------------------------------------------------------------------------------


def test_without_a_plan_the_child_is_told_the_goals_come_later(child_client, world):
    body = child_client.get(PLAN).content.decode()
    assert "When you and your caseworker make your plan, your goals will be here." in body
    make_plan(world)
    body = child_client.get(PLAN).content.decode()
    assert "Your plan has no goals yet." in body


def test_the_page_shows_the_active_goals_in_the_childs_words(child_client, world, account):
    make_plan(world)
    goal = add(world)
    ended = add(world, words="Et mål der er nået")
    goals.goal_end(actor=world.assigned_caseworker, goal=ended, expected_version=1)
    goal_rate(account=account, goal=goal, rating=4)
    body = child_client.get(PLAN).content.decode()
    assert "Jeg vil spille fodbold igen." in body
    assert "Jeg går til træning hver tirsdag." in body  # what success looks like
    assert "Mor og kontaktpersonen" in body  # who helps
    assert "We look at it again" in body
    assert "Last time" in body
    assert "you said: Good" in body
    assert _rate_url(goal) in body
    assert 'name="smiley"' in body
    assert "Et mål der er nået" not in body  # ended goals are history


def test_rating_a_goal_files_the_words_and_records_an_event(child_client, world, account):
    make_plan(world)
    goal = add(world)
    response = child_client.post(_rate_url(goal), {"smiley": "2", "words": " Det er svært "})
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}?tak={goal.pk}#goal-{goal.pk}"
    rating = GoalRating.objects.get()
    assert (rating.goal, rating.account, rating.rating, rating.words) == (
        goal,
        account,
        2,
        "Det er svært",
    )
    statement = ChildStatement.objects.get()
    assert statement.words == "Det er svært"
    assert statement.mode == StatementMode.PORTAL
    assert statement.informs_ref == goal.ref
    assert statement.case == world.case
    event = Event.objects.get(kind="portal.goal_rated")
    assert event.ref == goal.ref
    assert event.actor is None
    assert event.data["rating"] == 2
    assert event.data["statement"] == statement.ref
    page = child_client.get(response["Location"]).content.decode()
    assert "Thank you! Your caseworker can see it." in page


def test_a_rating_without_words_files_no_statement(world, account):
    make_plan(world)
    goal = add(world)
    goal_rate(account=account, goal=goal, rating=5)
    assert GoalRating.objects.get().words == ""
    assert not ChildStatement.objects.exists()
    assert Event.objects.get(kind="portal.goal_rated").data["statement"] is None


@pytest.mark.parametrize("rating", [None, "", "0", "6", "x"])
def test_a_rating_needs_a_face(child_client, world, rating):
    make_plan(world)
    goal = add(world)
    data = {"words": "Hej"} | ({} if rating is None else {"smiley": rating})
    response = child_client.post(_rate_url(goal), data)
    assert response.status_code == 200
    assert "field__error" in response.content.decode()
    assert not GoalRating.objects.exists()
    assert not ChildStatement.objects.exists()
    assert not Event.objects.filter(kind="portal.goal_rated").exists()


def test_the_service_checks_the_rating_and_the_words(world, account):
    make_plan(world)
    goal = add(world)
    with pytest.raises(ValidationError):
        goal_rate(account=account, goal=goal, rating=9)
    with pytest.raises(ValidationError):
        goal_rate(account=account, goal=goal, rating=3, words="x" * 1001)
    assert not GoalRating.objects.exists()


def test_another_childs_goal_cannot_be_rated(client, world):
    make_plan(world)
    goal = add(world)
    other = active_account(world, child=world.other_child)
    with pytest.raises(ValidationError):
        goal_rate(account=other, goal=goal, rating=3, words="Mit")
    client_log_in(client, other)
    assert client.post(_rate_url(goal), {"smiley": "3"}).status_code == 404
    refused = AccessLog.objects.get(action=AccessAction.DENIED, portal_account=other)
    assert (refused.criterion, refused.child, refused.user) == (f"plan_goal:{goal.pk}", None, None)
    assert "Jeg vil spille fodbold igen." not in client.get(PLAN).content.decode()
    assert not GoalRating.objects.exists()
    assert not ChildStatement.objects.exists()


def test_an_ended_goal_or_an_earlier_plans_goal_cannot_be_rated(child_client, world, account):
    make_plan(world)
    ended = add(world, words="Nået")
    goals.goal_end(actor=world.assigned_caseworker, goal=ended, expected_version=1)
    old = add(world, words="Fra den gamle plan")
    steps.plan_make(
        actor=world.assigned_caseworker,
        case=world.case,
        kind="barnets_plan",
        made_on=timezone.localdate(),
        summary="Ny plan",
    )
    for goal in (ended, old):
        assert child_client.post(_rate_url(goal), {"smiley": "3"}).status_code == 404
        with pytest.raises(ValidationError):
            goal_rate(account=account, goal=goal, rating=3)
    assert not GoalRating.objects.exists()


def test_a_goal_of_a_closed_case_cannot_be_rated(child_client, world, account):
    from stemme.cases import services as case_services

    make_plan(world)
    goal = add(world)
    case_services.case_change_stage(
        actor=None, case=world.case, stage="closed", expected_version=world.case.version
    )
    assert child_client.post(_rate_url(goal), {"smiley": "3"}).status_code == 404
    with pytest.raises(ValidationError):
        goal_rate(account=account, goal=goal, rating=3)
    assert "When you and your caseworker make your plan" in child_client.get(PLAN).content.decode()


def test_a_parent_gets_no_plan_and_cannot_rate(client, world):
    make_plan(world)
    goal = add(world)
    parent = active_account(world, person=parent_person(world))
    client_log_in(client, parent)
    assert client.get(PLAN).status_code == 404
    assert client.post(_rate_url(goal), {"smiley": "3"}).status_code == 404
    with pytest.raises(PermissionDenied):
        goal_rate(account=parent, goal=goal, rating=3)
    assert not GoalRating.objects.exists()


def test_the_wording_follows_the_age_band(client, world):
    little = make_child(world.municipality, first_name="Lille", birth=dt.date(2019, 5, 1))
    case = make_case(little, world.team, world.assigned_caseworker)
    steps.plan_make(
        actor=world.assigned_caseworker,
        case=case,
        kind="barnets_plan",
        made_on=timezone.localdate(),
        summary="Plan",
    )
    add(world, case=case, words="Jeg vil lege med Emil")
    client_log_in(client, active_account(world, child=little))
    body = client.get(PLAN).content.decode()
    assert "My goals" in body
    assert "It is good when" in body
    assert "Jeg vil lege med Emil" in body


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PLAN).status_code == 200
    return len(queries)


def test_the_page_runs_a_fixed_number_of_queries(child_client, world, account):
    make_plan(world)
    goal = add(world, words="Mål 1")
    goal_rate(account=account, goal=goal, rating=3)
    few = _queries(child_client)
    for n in (2, 3):
        more = add(world, words=f"Mål {n}")
        for rating in (1, 2, 3, 4, 5):
            goal_rate(account=account, goal=more, rating=rating, words=f"ord {rating}")
    assert _queries(child_client) == few
