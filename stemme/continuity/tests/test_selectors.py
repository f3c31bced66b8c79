import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from stemme.cases.models import AssignmentRole, Decision, Measure
from stemme.cases.services import caseworker_assign, steps
from stemme.continuity import selectors, services
from stemme.continuity.models import ChildStory
from stemme.continuity.selectors import StepState
from stemme.continuity.tests.conftest import add_children


def _states(status):
    return {step.key: step.state for step in status.steps}


# --- the handover checklist -----------------------------------------------------------------------


def test_a_new_handover_misses_every_step(world, handover):
    status = selectors.handover_status(handover, story=None)
    assert set(_states(status).values()) == {StepState.MISSING}
    assert not status.complete
    assert len(status.missing) == 6


def test_done_explained_and_planned_steps(world, handover, today):
    handover.child_told_on = today
    handover.no_letter_reason = "Barnet er 1 år."
    handover.meeting_on = today + dt.timedelta(days=3)
    status = selectors.handover_status(handover, story=None, today=today)
    states = _states(status)
    assert states["told"] == StepState.DONE
    assert states["letter"] == StepState.EXPLAINED
    assert status.step("letter").reason == "Barnet er 1 år."
    assert states["meeting"] == StepState.PLANNED
    assert status.step("meeting").is_open
    # The meeting day comes: the step is done.
    later = selectors.handover_status(handover, story=None, today=today + dt.timedelta(days=3))
    assert later.step("meeting").state == StepState.DONE


def test_complete_when_every_step_is_done_or_explained(world, handover, today):
    story = services.story_update(actor=None, child=world.child, expected_version=0, text="A")
    handover.child_told_on = today
    handover.letter_sent_on = today
    handover.no_meeting_reason = "Barnet ønskede det ikke."
    handover.parents_notified_on = today
    handover.providers_not_notified_reason = "Ingen indsats endnu."
    status = selectors.handover_status(handover, story=story)
    assert status.complete
    assert status.missing == []


def test_an_old_story_is_not_up_to_date(world, handover):
    story = services.story_update(actor=None, child=world.child, expected_version=0, text="A")
    old = timezone.now() - dt.timedelta(days=selectors.STORY_FRESH_DAYS + 5)
    ChildStory.objects.filter(pk=story.pk).update(recorded_at=old)
    story.refresh_from_db()
    assert selectors.handover_status(handover, story=story).step("story").state == "missing"
    handover.no_story_reason = "Barnet vil ikke."
    assert selectors.handover_status(handover, story=story).step("story").state == "explained"


def test_latest_stories_takes_the_newest_version_per_child(world):
    services.story_update(actor=None, child=world.child, expected_version=0, text="A")
    services.story_update(actor=None, child=world.child, expected_version=1, text="B")
    services.story_update(actor=None, child=world.other_child, expected_version=0, text="C")
    stories = selectors.latest_stories(child_ids=[world.child.pk, world.other_child.pk])
    assert stories[world.child.pk].text == "B"
    assert stories[world.other_child.pk].text == "C"


# --- secondary caseworker -------------------------------------------------------------------------


def _start_bfu(world, today):
    return steps.investigation_start(
        actor=world.assigned_caseworker, case=world.case, kind="bfu", started_on=today
    )


def test_secondary_missing_while_a_bfu_runs(world, today):
    assert selectors.secondary_missing(world.case) is False  # no BFU, no placement
    investigation = _start_bfu(world, today)
    world.case.refresh_from_db()
    assert selectors.secondary_missing(world.case) is True
    investigation.completed_on = today
    investigation.save()
    assert selectors.secondary_missing(world.case) is False


def test_secondary_not_missing_when_assigned_or_not_required(world, today):
    _start_bfu(world, today)
    world.case.refresh_from_db()
    world.municipality.secondary_caseworker_required = False
    world.municipality.save()
    world.case.child.municipality.refresh_from_db()
    assert selectors.secondary_missing(world.case) is False
    world.case.child.municipality.secondary_caseworker_required = True
    caseworker_assign(
        actor=None,
        case=world.case,
        caseworker=world.same_team_caseworker,
        role=AssignmentRole.SECONDARY,
    )
    assert selectors.secondary_missing(world.case) is False


@pytest.mark.parametrize(("paragraph", "missing"), [("46", True), ("67", True), ("32", False)])
def test_secondary_missing_during_a_placement(world, today, paragraph, missing):
    decision = Decision.objects.create(
        case=world.case,
        paragraph=paragraph,
        legal_basis=f"barnets lov § {paragraph}",
        decided_on=today,
        reasoning="Test",
    )
    measure = Measure.objects.create(
        case=world.case, decision=decision, description="Anbringelse", started_on=today
    )
    assert selectors.secondary_missing(world.case) is missing
    measure.ended_on = today
    measure.save()
    assert selectors.secondary_missing(world.case) is False


# --- caseworker changes for the child -------------------------------------------------------------


def test_caseworker_changes_counts_new_primary_caseworkers_in_24_months(world, today):
    assert selectors.caseworker_changes(child=world.child) == 0
    services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
    )
    # A secondary caseworker is not a change of caseworker.
    caseworker_assign(
        actor=None,
        case=world.case,
        caseworker=world.assigned_caseworker,
        role=AssignmentRole.SECONDARY,
    )
    assert selectors.caseworker_changes(child=world.child) == 1
    # Changes older than 24 months are not counted.
    later = today + dt.timedelta(days=selectors.CHANGES_WINDOW_DAYS + 1)
    assert selectors.caseworker_changes(child=world.child, today=later) == 0


# --- the leaving caseworker's caseload ------------------------------------------------------------


def test_leaver_caseload_lists_current_and_handed_over_children(world, today):
    cases = add_children(world, 3)
    services.handover_start(
        actor=world.leader,
        case=cases[0],
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
    )
    caseworker = selectors.leaver_caseworker(
        leader=world.leader, user_id=world.assigned_caseworker.pk
    )
    caseload = selectors.leaver_caseload(leader=world.leader, caseworker=caseworker)
    assert caseload.total == 4  # Zenia + three more, one of them handed over
    assert caseload.handed_over == 1
    assert caseload.without_new_caseworker == 3
    handed = next(row for row in caseload.rows if row.handed_over)
    assert handed.case == cases[0]
    assert handed.status is not None
    assert not handed.status.complete
    waiting = [row for row in caseload.rows if not row.handed_over]
    assert all(world.same_team_caseworker in row.candidates for row in waiting)
    assert all(world.assigned_caseworker not in row.candidates for row in waiting)


def test_leaver_caseworker_must_be_on_the_leaders_team(world):
    with pytest.raises(Http404):
        selectors.leaver_caseworker(leader=world.leader, user_id=world.other_team_caseworker.pk)
    with pytest.raises(Http404):
        selectors.leaver_caseworker(
            leader=world.leader, user_id=world.other_municipality_caseworker.pk
        )
    with pytest.raises(Http404):
        selectors.leaver_caseworker(leader=world.other_leader, user_id=world.assigned_caseworker.pk)


def test_caseworkers_for_leader_counts_caseloads(world):
    add_children(world, 2)
    rows = {user.username: user for user in selectors.caseworkers_for_leader(leader=world.leader)}
    assert set(rows) == {"tildelt", "kollega"}
    assert rows["tildelt"].primary_cases == 3
    assert rows["kollega"].primary_cases == 0
