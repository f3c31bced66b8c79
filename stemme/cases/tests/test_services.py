import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from stemme.audit.models import Event
from stemme.cases import services
from stemme.cases.models import CaseworkerAssignment, Stage
from stemme.children import services as child_services


def test_reassigning_primary_ends_the_old_assignment_and_records_both(world):
    services.caseworker_assign(
        actor=world.leader,
        case=world.case,
        caseworker=world.same_team_caseworker,
        started_on=dt.date(2026, 3, 1),
    )
    history = list(world.case.assignments.order_by("started_on"))
    assert [(a.caseworker.username, a.ended_on) for a in history] == [
        ("tildelt", dt.date(2026, 3, 1)),
        ("kollega", None),
    ]
    kinds = list(
        Event.objects.filter(case=world.case, actor=world.leader).values_list("kind", flat=True)
    )
    assert sorted(kinds) == ["assignment.ended", "assignment.started"]


def test_assigning_the_same_caseworker_again_is_refused(world):
    with pytest.raises(ValidationError):
        services.caseworker_assign(
            actor=None, case=world.case, caseworker=world.assigned_caseworker
        )


def test_only_caseworkers_of_the_municipality_can_be_assigned(world):
    with pytest.raises(ValidationError):
        services.caseworker_assign(actor=None, case=world.case, caseworker=world.leader)
    with pytest.raises(ValidationError):
        services.caseworker_assign(
            actor=None, case=world.case, caseworker=world.other_municipality_caseworker
        )


def test_primary_and_secondary_can_both_be_current(world):
    services.caseworker_assign(
        actor=None, case=world.case, caseworker=world.same_team_caseworker, role="secondary"
    )
    current = CaseworkerAssignment.objects.filter(case=world.case, ended_on__isnull=True)
    assert sorted(current.values_list("role", flat=True)) == ["primary", "secondary"]


def test_an_assignment_cannot_end_before_it_started_or_twice(world):
    assignment = world.case.assignments.get()
    with pytest.raises(ValidationError):
        services.caseworker_unassign(
            actor=None, assignment=assignment, ended_on=dt.date(2020, 1, 1)
        )
    services.caseworker_unassign(actor=None, assignment=assignment, ended_on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError):
        services.caseworker_unassign(actor=None, assignment=assignment)


def test_case_must_use_a_team_of_the_childs_municipality(world):
    far_team = world.other_municipality_caseworker.teams.get()
    with pytest.raises(ValidationError):
        services.case_open(actor=None, child=world.child, team=far_team)


def test_stage_change_with_stale_version_is_refused_and_changes_nothing(world):
    case = world.case
    services.case_change_stage(actor=None, case=case, stage=Stage.SCREENING, expected_version=1)
    assert case.version == 2
    with pytest.raises(ValidationError, match="En anden har ændret sagen"):
        services.case_change_stage(actor=None, case=case, stage=Stage.BFU, expected_version=1)
    case.refresh_from_db()
    assert case.stage == Stage.SCREENING
    assert Event.objects.filter(case=case, kind="case.stage_changed").count() == 1


def test_closing_sets_closed_on_and_records_case_closed(world):
    services.case_change_stage(actor=None, case=world.case, stage=Stage.CLOSED, expected_version=1)
    assert world.case.closed_on is not None
    assert Event.objects.filter(case=world.case, kind="case.closed").exists()


def test_unknown_stage_is_refused(world):
    with pytest.raises(ValidationError):
        services.case_change_stage(actor=None, case=world.case, stage="nope", expected_version=1)


def test_person_link_records_event(world):
    link = child_services.person_link_to_child(
        actor=world.assigned_caseworker,
        child=world.child,
        first_name="Mette",
        last_name="Hemmeligsen",
        relation="mother",
        has_custody=True,
    )
    assert link.is_parental
    event = Event.objects.get(kind="person.linked")
    assert event.data["relation"] == "mother"
    assert event.actor == world.assigned_caseworker


def test_same_caseworker_cannot_be_primary_and_secondary(world):
    with pytest.raises(ValidationError):
        services.caseworker_assign(
            actor=None, case=world.case, caseworker=world.assigned_caseworker, role="secondary"
        )
