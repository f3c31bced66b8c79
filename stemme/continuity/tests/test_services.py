import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from stemme.audit.models import Event
from stemme.cases.models import AssignmentRole, CaseworkerAssignment
from stemme.cases.services import case_change_stage
from stemme.continuity import selectors, services
from stemme.continuity.models import ChildStory, Handover
from stemme.deadlines.models import Obligation
from stemme.letters.models import Letter, LetterKind, LetterStatus, RecipientKind
from stemme.participation.models import SafetyRestriction


def _current(case, role=AssignmentRole.PRIMARY):
    return CaseworkerAssignment.objects.get(case=case, role=role, ended_on__isnull=True)


# --- handover_start -------------------------------------------------------------------------------


def test_handover_start_moves_the_child_and_records_the_contract_events(world, today):
    handover = services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
    )

    assert handover.from_caseworker == world.assigned_caseworker
    assert handover.to_caseworker == world.same_team_caseworker
    assert handover.role == AssignmentRole.PRIMARY
    assert _current(world.case).caseworker == world.same_team_caseworker
    old = CaseworkerAssignment.objects.get(case=world.case, caseworker=world.assigned_caseworker)
    assert old.ended_on == today
    changed = Event.objects.get(kind="caseworker.changed")
    assert changed.ref == handover.ref
    assert changed.data["from"] == "Tove Tildelt"
    assert changed.data["to"] == "Karl Kollega"
    occasion = Event.objects.get(kind="rights.occasion", ref=handover.ref)
    assert occasion.data == {"occasion": "caseworker_change"}


def test_the_secondary_caseworker_can_take_over_as_primary(world, today):
    from stemme.cases.services import caseworker_assign

    caseworker_assign(
        actor=world.leader,
        case=world.case,
        caseworker=world.same_team_caseworker,
        role=AssignmentRole.SECONDARY,
        started_on=world.case.opened_on,
    )

    services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
    )

    assert _current(world.case).caseworker == world.same_team_caseworker
    assert not CaseworkerAssignment.objects.filter(
        case=world.case, role=AssignmentRole.SECONDARY, ended_on__isnull=True
    ).exists()
    ended = CaseworkerAssignment.objects.get(case=world.case, role=AssignmentRole.SECONDARY)
    assert ended.caseworker == world.same_team_caseworker
    assert ended.ended_on == today


def test_handover_start_opens_the_letter_and_rights_tasks(world, handover):
    letter_task = Obligation.objects.get(
        case=world.case, rule_id="overdragelse-brev", trigger_ref=handover.ref
    )
    assert letter_task.is_pending
    assert letter_task.unit == "working_days"
    # The change of caseworker is an occasion to tell the child about their rights. The child
    # has not been told since the case started, so it joins that open task: shown once.
    assert Event.objects.filter(case=world.case, kind="rights.occasion", ref=handover.ref).exists()
    assert (
        Obligation.objects.filter(case=world.case, rule_id="rettigheder", is_pending=True).count()
        == 1
    )


def test_a_caseworker_on_the_case_can_hand_it_over(world, today):
    handover = services.handover_start(
        actor=world.assigned_caseworker,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
    )
    assert handover.created_by == world.assigned_caseworker


@pytest.mark.parametrize("actor", ["other_team_caseworker", "other_leader", "administrator"])
def test_only_the_team_leader_or_the_case_caseworkers_can_hand_over(world, today, actor):
    with pytest.raises(ValidationError, match="Only the team leader"):
        services.handover_start(
            actor=getattr(world, actor),
            case=world.case,
            to_caseworker=world.same_team_caseworker,
            changes_on=today,
        )
    assert not Handover.objects.exists()
    assert _current(world.case).caseworker == world.assigned_caseworker


def test_the_new_caseworker_must_be_on_the_case_team(world, today):
    with pytest.raises(ValidationError) as error:
        services.handover_start(
            actor=world.leader,
            case=world.case,
            to_caseworker=world.other_team_caseworker,
            changes_on=today,
        )
    assert "to_caseworker" in error.value.message_dict
    assert not Event.objects.filter(kind="caseworker.changed").exists()


def test_handing_over_to_the_same_caseworker_is_refused_on_the_field(world, today):
    with pytest.raises(ValidationError) as error:
        services.handover_start(
            actor=world.leader,
            case=world.case,
            to_caseworker=world.assigned_caseworker,
            changes_on=today,
        )
    assert "to_caseworker" in error.value.message_dict
    assert not Handover.objects.exists()


def test_a_change_cannot_be_planned_far_ahead(world, today):
    with pytest.raises(ValidationError) as error:
        services.handover_start(
            actor=world.leader,
            case=world.case,
            to_caseworker=world.same_team_caseworker,
            changes_on=today + dt.timedelta(days=61),
        )
    assert "changes_on" in error.value.message_dict


def test_a_change_cannot_be_dated_before_the_current_caseworker_started(world):
    with pytest.raises(ValidationError) as error:
        services.handover_start(
            actor=world.leader,
            case=world.case,
            to_caseworker=world.same_team_caseworker,
            changes_on=world.case.opened_on - dt.timedelta(days=1),
        )
    assert "changes_on" in error.value.message_dict
    assert not Handover.objects.exists()


def test_a_closed_case_cannot_be_handed_over(world, today):
    case_change_stage(actor=None, case=world.case, stage="closed", expected_version=1)
    with pytest.raises(ValidationError, match="closed"):
        services.handover_start(
            actor=world.leader,
            case=world.case,
            to_caseworker=world.same_team_caseworker,
            changes_on=today,
        )


def test_a_secondary_handover_records_no_letter_task(world, today):
    handover = services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
        role=AssignmentRole.SECONDARY,
    )
    assert handover.from_caseworker is None
    assert _current(world.case, AssignmentRole.SECONDARY).caseworker == world.same_team_caseworker
    assert _current(world.case).caseworker == world.assigned_caseworker
    assert not Event.objects.filter(kind="caseworker.changed").exists()
    assert Event.objects.filter(kind="handover.changed", ref=handover.ref).exists()
    assert not Obligation.objects.filter(rule_id="overdragelse-brev").exists()


# --- handover_update ------------------------------------------------------------------------------


def test_handover_update_records_a_step_and_raises_the_version(world, handover, today):
    services.handover_update(
        actor=world.same_team_caseworker,
        handover=handover,
        expected_version=1,
        child_told_on=today,
        child_not_told_reason="",
    )
    handover.refresh_from_db()
    assert handover.child_told_on == today
    assert handover.version == 2
    event = Event.objects.filter(kind="handover.changed", ref=handover.ref).latest("pk")
    assert event.data["child_told_on"] == today.isoformat()


def test_handover_update_refuses_a_stale_version(world, handover, today):
    services.handover_update(
        actor=world.leader, handover=handover, expected_version=1, meeting_on=today
    )
    with pytest.raises(ValidationError, match="Someone else changed the handover"):
        services.handover_update(
            actor=world.leader, handover=handover, expected_version=1, child_not_told_reason="x"
        )
    handover.refresh_from_db()
    assert handover.child_not_told_reason == ""


def test_handover_update_wants_a_date_or_a_reason_not_both(world, handover, today):
    with pytest.raises(ValidationError) as error:
        services.handover_update(
            actor=world.leader,
            handover=handover,
            expected_version=1,
            parents_notified_on=today,
            parents_not_notified_reason="Ingen forældremyndighed",
        )
    assert "parents_not_notified_reason" in error.value.message_dict


def test_told_in_advance_cannot_be_after_the_change(world, today):
    handover = services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=today - dt.timedelta(days=3),
    )
    with pytest.raises(ValidationError) as error:
        services.handover_update(
            actor=world.leader, handover=handover, expected_version=1, child_told_on=today
        )
    assert "child_told_on" in error.value.message_dict


def test_handover_update_refuses_future_done_dates(world, handover, today):
    with pytest.raises(ValidationError) as error:
        services.handover_update(
            actor=world.leader,
            handover=handover,
            expected_version=1,
            providers_notified_on=today + dt.timedelta(days=1),
        )
    assert "providers_notified_on" in error.value.message_dict


def test_handover_update_guards_the_actor(world, handover, today):
    with pytest.raises(ValidationError, match="Only the team leader"):
        services.handover_update(
            actor=world.other_team_caseworker,
            handover=handover,
            expected_version=1,
            child_not_told_reason="x",
        )


# --- the letter to the child ----------------------------------------------------------------------


def test_default_letter_is_plain_and_complete(world, handover, today):
    karl = world.same_team_caseworker
    karl.phone = "33 12 34 56"
    karl.introduction = "Jeg kan godt lide at gå ture."
    karl.save()
    handover.meeting_on = today + dt.timedelta(days=7)
    text = services.handover_letter_default(handover)
    assert "Zenia" in text.splitlines()[0]
    assert "Karl Kollega" in text
    assert "33 12 34 56" in text
    assert "Jeg kan godt lide at gå ture." in text
    assert str((today + dt.timedelta(days=7)).day) in text


def test_send_letter_sends_to_the_child_and_meets_the_task(world, handover):
    letter = services.handover_send_letter(
        actor=world.same_team_caseworker,
        handover=handover,
        channel="letter",
        text="Hej Zenia, jeg er din nye rådgiver.",
    )
    assert letter.kind == LetterKind.CASEWORKER_INTRODUCTION
    assert letter.recipient_kind == RecipientKind.CHILD
    assert letter.status == LetterStatus.SENT
    assert letter.related_ref == handover.ref
    handover.refresh_from_db()
    assert handover.letter_sent_on is not None
    event = Event.objects.get(kind="handover.letter_sent")
    assert event.ref == f"{handover.ref}#letter"
    assert event.data["about"] == handover.ref
    task = Obligation.objects.get(rule_id="overdragelse-brev", trigger_ref=handover.ref)
    assert not task.is_pending
    assert task.status == "met"


def test_send_letter_needs_a_text(world, handover):
    with pytest.raises(ValidationError):
        services.handover_send_letter(
            actor=world.leader, handover=handover, channel="letter", text="  "
        )
    handover.refresh_from_db()
    assert handover.letter_sent_on is None
    assert not Letter.objects.exists()


# --- notices to the parents -----------------------------------------------------------------------


def test_notify_parents_stops_the_letter_to_a_restricted_parent(world, handover, parents, today):
    mother, father = parents
    restriction = SafetyRestriction.objects.create(
        child=world.child, kind="other", reason="Æresrelateret konflikt", set_on=today
    )
    restriction.persons.add(father.person)

    sent, blocked = services.handover_notify_parents(actor=world.leader, handover=handover)

    assert [letter.person for letter in sent] == [mother.person]
    assert [letter.person for letter in blocked] == [father.person]
    assert blocked[0].status == LetterStatus.BLOCKED
    assert Event.objects.filter(kind="letter.blocked").count() == 1
    handover.refresh_from_db()
    assert handover.parents_notified_on == today


def test_notify_parents_without_custody_holders_asks_for_a_reason(world, handover):
    with pytest.raises(ValidationError, match="No custody holders"):
        services.handover_notify_parents(actor=world.leader, handover=handover)
    handover.refresh_from_db()
    assert handover.parents_notified_on is None


# --- my story so far ------------------------------------------------------------------------------


def test_story_update_keeps_every_version(world, today):
    first = services.story_update(
        actor=world.assigned_caseworker, child=world.child, expected_version=0, text="Først."
    )
    second = services.story_update(
        actor=world.assigned_caseworker,
        child=world.child,
        expected_version=1,
        text="Bagefter.",
        made_with_child=True,
        child_approved_on=today,
    )
    assert (first.version, second.version) == (1, 2)
    assert ChildStory.objects.filter(child=world.child).count() == 2
    assert selectors.story_current(child=world.child) == second
    event = Event.objects.filter(kind="story.changed").latest("pk")
    assert event.data == {"version": 2, "made_with_child": True}
    assert event.child == world.child


def test_story_update_refuses_a_stale_version(world):
    services.story_update(actor=None, child=world.child, expected_version=0, text="A")
    with pytest.raises(ValidationError, match="Someone else changed the story"):
        services.story_update(actor=None, child=world.child, expected_version=0, text="B")
    assert ChildStory.objects.count() == 1


def test_story_update_guards(world, today):
    with pytest.raises(ValidationError) as error:
        services.story_update(actor=None, child=world.child, expected_version=0, text=" ")
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.story_update(
            actor=None,
            child=world.child,
            expected_version=0,
            text="A",
            child_approved_on=today,
        )
    assert "made_with_child" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.story_update(
            actor=None,
            child=world.child,
            expected_version=0,
            text="A",
            made_with_child=True,
            child_approved_on=today + dt.timedelta(days=1),
        )
    assert "child_approved_on" in error.value.message_dict
    assert not ChildStory.objects.exists()


# --- the secondary caseworker ---------------------------------------------------------------------


def test_secondary_assign(world):
    assignment = services.secondary_assign(
        actor=world.assigned_caseworker, case=world.case, caseworker=world.same_team_caseworker
    )
    assert assignment.role == AssignmentRole.SECONDARY
    assert Event.objects.filter(kind="assignment.started", data__role="secondary").exists()


def test_secondary_assign_guards(world):
    with pytest.raises(ValidationError) as error:
        services.secondary_assign(
            actor=world.leader, case=world.case, caseworker=world.other_team_caseworker
        )
    assert "caseworker" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.secondary_assign(
            actor=world.leader, case=world.case, caseworker=world.assigned_caseworker
        )
    assert "caseworker" in error.value.message_dict  # already the primary
    with pytest.raises(ValidationError, match="Only the team leader"):
        services.secondary_assign(
            actor=world.other_leader, case=world.case, caseworker=world.same_team_caseworker
        )
    assert not CaseworkerAssignment.objects.filter(role=AssignmentRole.SECONDARY).exists()


def test_a_leaving_caseworker_who_no_longer_holds_the_case_is_refused(world, today):
    services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
    )
    with pytest.raises(ValidationError):
        services.handover_start(
            actor=world.leader,
            case=world.case,
            to_caseworker=world.assigned_caseworker,
            changes_on=today,
            leaving_caseworker=world.assigned_caseworker,
        )
    assert Handover.objects.filter(case=world.case).count() == 1
    assert _current(world.case).caseworker == world.same_team_caseworker
