"""Min sag, "Decisions about me": only what is meant for the child, explained in person first."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_case, make_child
from stemme.cases.services import steps
from stemme.portal.testing import active_account, client_log_in, parent_person
from stemme.portal.tests.matrix_case_pages import (
    FOR_CHILD,
    STAFF_PURPOSE,
    STAFF_REASONING,
    STAFF_WEIGHING,
    decide,
)

pytestmark = pytest.mark.django_db

DECISIONS = "/min-sag/afgoerelser/"
STAFF_TEXTS = [
    STAFF_REASONING,
    STAFF_PURPOSE,
    STAFF_WEIGHING,
    "barnets lov § 32, stk. 1, nr. 3",  # the legal basis as the caseworker wrote it
    "Samtale hjemme",  # how the caseworker plans to explain it
    "6 måneder",
]


@pytest.fixture
def child_client(client, world):
    client_log_in(client, active_account(world))
    return client


def _body(client) -> str:
    response = client.get(DECISIONS)
    assert response.status_code == 200
    return response.content.decode()


def test_the_url():
    assert reverse("portal:decisions") == DECISIONS


def test_no_decisions_yet(child_client):
    assert "No decisions have been made about you yet." in _body(child_client)


def test_the_explanation_is_shown_only_after_it_was_given_in_person(child_client, world):
    decision = decide(world, wish="against", due_in=4)
    body = _body(child_client)
    # Not the measure, nor that it went against the wish: the child hears it in person first.
    assert "A new decision" in body
    assert "Help for you and your family, while you live at home." not in body
    assert "This is not what you wished for." not in body
    due = (timezone.localdate() + dt.timedelta(days=4)).strftime("%-d. %B")
    assert f"Your caseworker will talk with you about it by {due}." in body
    assert FOR_CHILD not in body
    for text in STAFF_TEXTS:
        assert text not in body

    steps.explanation_deliver(
        actor=world.assigned_caseworker,
        decision=decision,
        delivered_on=timezone.localdate(),
        how="Samtale hjemme hos mormor",
    )
    body = _body(child_client)
    assert FOR_CHILD in body
    assert "Help for you and your family, while you live at home." in body  # § 32, age 10-14
    assert "This is not what you wished for." in body
    assert "Your caseworker will talk with you" not in body
    for text in STAFF_TEXTS + ["Samtale hjemme hos mormor"]:
        assert text not in body


def test_a_late_explanation_is_promised_soon_not_by_a_past_date(child_client, world):
    decide(world, wish="partly", days_ago=10, due_in=-2)
    body = _body(child_client)
    assert "This is partly what you wished for." not in body
    assert "Your caseworker will talk with you about this soon." in body
    assert FOR_CHILD not in body


def test_a_decision_that_follows_the_wish(child_client, world):
    decide(world, wish="followed")
    body = _body(child_client)
    assert "This is what you wished for." in body
    assert "Your caseworker will talk with you" not in body
    for text in STAFF_TEXTS:
        assert text not in body


def test_newest_first_with_the_way_to_complain(child_client, world):
    decide(world, wish="no_wish", days_ago=20)
    decide(world, wish="followed", days_ago=2)
    body = _body(child_client)
    assert body.index("This is what you wished for.") < body.index("You had no wish about this.")
    assert "Do you disagree?" in body


def test_the_measure_is_said_for_the_childs_age(client, world):
    older = make_child(world.municipality, first_name="Ældre", birth=dt.date(2009, 1, 10))
    case = make_case(older, world.team, world.assigned_caseworker)
    decide(world, case=case, wish="followed", paragraph="46", provisional_reason="Akut")
    client_log_in(client, active_account(world, child=older))
    body = _body(client)
    assert "You live away from home for a while." in body
    assert "The law: § 46 of the Children's Act." in body  # small, for 15 and over

    little = make_child(world.municipality, first_name="Lille", birth=dt.date(2019, 5, 1))
    case = make_case(little, world.team, world.assigned_caseworker)
    decide(world, case=case, wish="followed", paragraph="46", provisional_reason="Akut")
    client_log_in(client, active_account(world, child=little))
    body = _body(client)
    assert "You live in another home for a while." in body
    assert "§ 46" not in body


def test_another_child_and_a_parent_see_nothing(client, world):
    decide(world, wish="followed")
    client_log_in(client, active_account(world, child=world.other_child))
    body = _body(client)
    assert "No decisions have been made about you yet." in body
    client_log_in(client, active_account(world, person=parent_person(world)))
    assert client.get(DECISIONS).status_code == 404


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DECISIONS).status_code == 200
    return len(queries)


def test_the_page_runs_a_fixed_number_of_queries(child_client, world):
    decide(world, wish="followed")
    few = _queries(child_client)
    decide(world, wish="against", days_ago=1)
    decide(world, wish="partly", days_ago=2)
    decide(world, wish="no_wish", days_ago=4)
    assert _queries(child_client) == few
