"""The goals of the child's plan (M5): services, the staff pages, and the case page panel."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from stemme.audit.models import Event
from stemme.cases import services as case_services
from stemme.cases.models import GoalRating, PlanGoal, Stage
from stemme.cases.services import goals, steps
from stemme.cases.tests.matrix_plan_goals import make_plan
from stemme.portal.services.plan import goal_rate
from stemme.portal.testing import active_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The services' messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


TODAY = timezone.localdate
IN_A_MONTH = timezone.localdate() + dt.timedelta(days=30)


def add(world, words="Jeg vil spille fodbold igen.", **extra):
    values = {
        "success": "Jeg går til træning hver tirsdag.",
        "responsible": "Mor og kontaktpersonen",
        "review_on": IN_A_MONTH,
        "proposed_by_child": True,
        **extra,
    }
    return goals.goal_add(actor=world.assigned_caseworker, case=world.case, words=words, **values)


def change(world, goal, *, version=None, **values):
    current = {field: getattr(goal, field) for field in goals.EDITABLE_FIELDS} | values
    return goals.goal_change(
        actor=world.assigned_caseworker,
        goal=goal,
        expected_version=goal.version if version is None else version,
        **current,
    )


def events(kind):
    return Event.objects.filter(kind=kind)


# --- services -------------------------------------------------------------------------------


def test_a_goal_needs_a_plan_first(world):
    with pytest.raises(ValidationError) as info:
        add(world)
    assert "Make the child's plan first" in info.value.messages[0]
    assert not PlanGoal.objects.exists()
    assert not events("plan.goal_added").exists()


def test_add_a_goal_in_the_childs_words_records_an_event(world):
    plan = make_plan(world)
    goal = add(world, words="  Jeg vil have ro i skolen.  ")
    assert goal.plan == plan
    assert goal.words == "Jeg vil have ro i skolen."
    assert goal.proposed_by_child is True
    assert goal.created_by == world.assigned_caseworker
    assert goal.version == 1
    event = events("plan.goal_added").get()
    assert event.ref == goal.ref
    assert event.case_id == world.case.pk
    assert event.data["plan"] == plan.ref
    assert event.data["proposed_by_child"] is True
    assert event.data["review_on"] == IN_A_MONTH.isoformat()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"words": "   "}, "words"),
        ({"words": "x" * 301}, "words"),
        ({"success": "x" * 301}, "success"),
        ({"responsible": "x" * 201}, "responsible"),
        ({"review_on": timezone.localdate() - dt.timedelta(days=1)}, "review_on"),
    ],
)
def test_bad_goal_input_is_refused_and_nothing_is_written(world, values, field):
    make_plan(world)
    with pytest.raises(ValidationError) as info:
        add(world, **values)
    assert field in info.value.message_dict
    assert not PlanGoal.objects.exists()
    assert not events("plan.goal_added").exists()


def test_a_plan_has_at_most_three_active_goals(world):
    make_plan(world)
    first, *_ = [add(world, words=f"Mål {n}") for n in range(3)]
    with pytest.raises(ValidationError) as info:
        add(world, words="Et fjerde mål")
    assert "already has 3 active goals" in info.value.messages[0]
    assert PlanGoal.objects.count() == 3
    assert events("plan.goal_added").count() == 3
    # Ending one makes room; the ended goal stays in the plan's history.
    goals.goal_end(actor=world.assigned_caseworker, goal=first, expected_version=1)
    fourth = add(world, words="Et fjerde mål")
    assert PlanGoal.objects.count() == 4
    assert fourth.position == 3


def test_goals_belong_to_the_newest_plan(world):
    old = make_plan(world)
    add(world, words="Gammelt mål")
    new = steps.plan_make(
        actor=world.assigned_caseworker,
        case=world.case,
        kind="barnets_plan",
        made_on=TODAY(),
        summary="Ny plan",
    )
    goal = add(world, words="Nyt mål")
    assert goal.plan == new
    assert old.goals.count() == 1
    assert goals.current_plan(case=world.case) == new


def test_change_a_goal_and_refuse_a_stale_edit(world):
    make_plan(world)
    goal = add(world)
    changed = change(world, goal, words="Jeg vil spille fodbold to gange om ugen.")
    assert changed.version == 2
    assert changed.words == "Jeg vil spille fodbold to gange om ugen."
    event = events("plan.goal_changed").get()
    assert event.ref == goal.ref
    assert event.data["changed"] == ["words"]

    # A colleague's form still has version 1: refused, and nothing changes.
    with pytest.raises(ValidationError) as info:
        change(world, goal, version=1, responsible="Far")
    assert "Someone else changed this goal" in info.value.messages[0]
    goal.refresh_from_db()
    assert goal.responsible == "Mor og kontaktpersonen"
    assert goal.version == 2
    assert events("plan.goal_changed").count() == 1


def test_saving_an_unchanged_goal_writes_nothing(world):
    make_plan(world)
    goal = add(world)
    change(world, goal)
    goal.refresh_from_db()
    assert goal.version == 1
    assert not events("plan.goal_changed").exists()


def test_a_past_review_date_may_stay_but_not_be_set_anew(world):
    make_plan(world)
    goal = add(world)
    PlanGoal.objects.filter(pk=goal.pk).update(review_on=TODAY() - dt.timedelta(days=2))
    goal.refresh_from_db()
    change(world, goal, success="Jeg har været til træning tre gange.")  # date unchanged: fine
    goal.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        change(world, goal, review_on=TODAY() - dt.timedelta(days=1))
    assert "review_on" in info.value.message_dict


def test_end_a_goal(world):
    make_plan(world)
    goal = add(world)
    ended = goals.goal_end(actor=world.assigned_caseworker, goal=goal, expected_version=1)
    assert ended.ended_on == TODAY()
    assert ended.version == 2
    assert events("plan.goal_ended").get().ref == goal.ref
    # An ended goal does not change or end again.
    with pytest.raises(ValidationError):
        change(world, ended, words="Noget nyt")
    with pytest.raises(ValidationError):
        goals.goal_end(actor=world.assigned_caseworker, goal=ended, expected_version=2)
    with pytest.raises(ValidationError):
        goals.goal_end(
            actor=world.assigned_caseworker,
            goal=add(world),
            expected_version=1,
            ended_on=TODAY() + dt.timedelta(days=1),
        )


def test_a_stale_end_is_refused(world):
    make_plan(world)
    goal = add(world)
    change(world, goal, words="Ændret af en kollega")
    with pytest.raises(ValidationError) as info:
        goals.goal_end(actor=world.assigned_caseworker, goal=goal, expected_version=1)
    assert "Someone else changed this goal" in info.value.messages[0]
    goal.refresh_from_db()
    assert goal.ended_on is None


def test_a_closed_case_has_a_fixed_plan(world):
    make_plan(world)
    goal = add(world)
    case_services.case_change_stage(
        actor=None, case=world.case, stage=Stage.CLOSED, expected_version=world.case.version
    )
    with pytest.raises(ValidationError):
        add(world, words="Nyt mål")
    with pytest.raises(ValidationError):
        change(world, goal, words="Ændret")
    with pytest.raises(ValidationError):
        goals.goal_end(actor=world.assigned_caseworker, goal=goal, expected_version=1)


# --- staff pages ----------------------------------------------------------------------------


def _add_url(world):
    return reverse("cases:goal_add", kwargs={"case_id": world.case.pk})


def _edit_url(world, goal):
    return reverse("cases:goal_edit", kwargs={"case_id": world.case.pk, "goal_id": goal.pk})


def _end_url(world, goal):
    return reverse("cases:goal_end", kwargs={"case_id": world.case.pk, "goal_id": goal.pk})


FORM = {
    "words": "Jeg vil sove bedre.",
    "success": "Jeg er ikke træt i skolen.",
    "responsible": "Far",
    "review_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
    "proposed_by_child": "on",
}


@pytest.fixture
def staff(client, world):
    """The assigned caseworker, reading English (the tests check the msgids)."""
    client.force_login(world.assigned_caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_without_a_plan_the_pages_point_to_the_plan_step(staff, world):
    case_page = staff.get(reverse("cases:detail", kwargs={"case_id": world.case.pk}))
    plan_step = reverse("cases:step", kwargs={"case_id": world.case.pk, "step": "plan"})
    assert "There is no plan yet" in case_page.content.decode()
    assert plan_step in case_page.content.decode()
    page = staff.get(_add_url(world))
    assert page.status_code == 200
    assert plan_step in page.content.decode()
    assert 'name="words"' not in page.content.decode()


def test_add_a_goal_through_the_form(staff, world):
    make_plan(world)
    response = staff.post(_add_url(world), FORM)
    assert response.status_code == 302
    assert response["Location"].endswith("#plan-goals")
    goal = PlanGoal.objects.get()
    assert (goal.words, goal.responsible, goal.proposed_by_child) == (
        "Jeg vil sove bedre.",
        "Far",
        True,
    )


def test_the_form_shows_the_limit_and_bad_input(staff, world):
    make_plan(world)
    response = staff.post(_add_url(world), {**FORM, "words": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    for n in range(3):
        add(world, words=f"Mål {n}")
    response = staff.post(_add_url(world), FORM)
    assert response.status_code == 200
    assert "already has 3 active goals" in response.content.decode()
    assert PlanGoal.objects.count() == 3


def test_change_through_the_form_refuses_a_stale_copy(staff, world):
    make_plan(world)
    goal = add(world)
    page = staff.get(_edit_url(world, goal))
    assert "Jeg vil spille fodbold igen." in page.content.decode()
    assert 'name="version" value="1"' in page.content.decode()
    assert staff.post(_edit_url(world, goal), {**FORM, "version": "1"}).status_code == 302
    stale = staff.post(_edit_url(world, goal), {**FORM, "words": "Andet", "version": "1"})
    assert stale.status_code == 409  # the conflict page: both versions, nothing saved
    assert "Andet" in stale.content.decode()
    goal.refresh_from_db()
    assert goal.words == "Jeg vil sove bedre."


def test_end_through_the_form(staff, world):
    make_plan(world)
    goal = add(world)
    stale = staff.post(_end_url(world, goal), {"end-version": "7"})
    assert stale.status_code == 409
    assert 'id="conflict-overwrite"' in stale.content.decode()
    assert staff.post(_end_url(world, goal), {"end-version": "1"}).status_code == 302
    goal.refresh_from_db()
    assert goal.ended_on == TODAY()
    # An ended goal is history: no edit page for it.
    assert staff.get(_edit_url(world, goal)).status_code == 404
    assert staff.get(_end_url(world, goal)).status_code == 405


def test_a_goal_of_another_case_or_plan_is_not_found(staff, world):
    make_plan(world)
    goal = add(world)
    steps.plan_make(
        actor=world.assigned_caseworker,
        case=world.case,
        kind="barnets_plan",
        made_on=TODAY(),
        summary="Ny plan",
    )
    # The goal belongs to an earlier plan now: history, not edited.
    assert staff.get(_edit_url(world, goal)).status_code == 404
    other_case = world.other_child.cases.get()
    url = reverse("cases:goal_edit", kwargs={"case_id": other_case.pk, "goal_id": goal.pk})
    assert staff.get(url).status_code == 404


# --- the case page panel --------------------------------------------------------------------


@pytest.fixture
def rate(world):
    account = active_account(world)

    def rate(goal, rating, words=""):
        return goal_rate(account=account, goal=goal, rating=rating, words=words)

    return rate


def test_the_panel_shows_the_goals_with_the_childs_ratings(staff, world, rate):
    make_plan(world)
    goal = add(world)
    rate(goal, 2, "Det var svært")
    rate(goal, 3)
    GoalRating.objects.filter(rating=2).update(created_at=timezone.now() - dt.timedelta(days=3))
    rate(goal, 4, "Jeg var til træning to gange")
    body = staff.get(reverse("cases:detail", kwargs={"case_id": world.case.pk})).content.decode()
    assert "Jeg vil spille fodbold igen." in body
    assert "Jeg går til træning hver tirsdag." in body
    assert "Mor og kontaktpersonen" in body
    assert "Proposed by the child" in body
    assert "Jeg var til træning to gange" in body  # the newest rating, in the child's words
    assert "Det var svært" in body  # in the short history
    assert reverse("cases:goal_add", kwargs={"case_id": world.case.pk}) in body


def _case_page_queries(client, world) -> int:
    url = reverse("cases:detail", kwargs={"case_id": world.case.pk})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_panel_runs_a_fixed_number_of_queries(staff, world, rate):
    make_plan(world)
    goal = add(world, words="Mål 1")
    rate(goal, 3)
    few = _case_page_queries(staff, world)
    for n in (2, 3):
        more = add(world, words=f"Mål {n}")
        for rating in (1, 2, 3, 4, 5):
            rate(more, rating, f"ord {rating}")
    goals.goal_end(actor=world.assigned_caseworker, goal=goal, expected_version=1)
    add(world, words="Mål 4")
    assert _case_page_queries(staff, world) == few
