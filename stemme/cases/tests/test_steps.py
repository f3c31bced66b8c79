"""The case spine through its services: intake → … → closure, the guards, and the obligations
the deadline engine derives at each step."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemme.audit.models import Event
from stemme.cases.models import Stage
from stemme.cases.services import steps
from stemme.deadlines.models import Obligation

TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def obligations(case) -> dict:
    return {(o.rule_id): o for o in Obligation.objects.filter(case=case).order_by("due_at")}


def pending(case) -> set:
    return set(
        Obligation.objects.filter(case=case, is_pending=True).values_list("rule_id", flat=True)
    )


def register(world, *, abuse=False, reporter_type="professional", hours_ago=2, **extra):
    return steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type=reporter_type,
        received_at=timezone.now() - dt.timedelta(hours=hours_ago),
        content="Skolen er bekymret for fravær og trivsel.",
        abuse=abuse,
        **extra,
    )


def test_intake_joins_open_case_and_derives_24h_and_receipt(world):
    intake = register(world)
    assert intake.case == world.case
    # The start of the case is an occasion to explain the child's rights; every report starts
    # a conversation task. The child is 12, but a report alone is not one of the § 3 case
    # types, so telling the child they are a party waits for such a decision.
    assert pending(world.case) == {
        "underretning-24t",
        "kvittering-6-hverdage",
        "rettigheder",
        "samtale-underretning",
    }
    due = obligations(world.case)["underretning-24t"].due_at
    assert due == intake.received_at + dt.timedelta(hours=24)
    event = Event.objects.get(kind="underretning.received")
    assert event.ref == intake.ref
    assert event.data["reporter_type"] == "professional"


def test_citizen_report_has_no_receipt_obligation(world):
    register(world, reporter_type="citizen")
    assert "kvittering-6-hverdage" not in pending(world.case)


def test_urgency_assessment_meets_the_24_hour_duty(world):
    intake = register(world)
    steps.intake_assess_urgency(
        actor=world.assigned_caseworker, intake=intake, is_acute=False, assessment="Ikke akut."
    )
    obligation = obligations(world.case)["underretning-24t"]
    assert obligation.status == "met"
    assert not obligation.met_late
    world.case.refresh_from_db()
    assert world.case.stage == Stage.INITIAL_CONVERSATIONS


def test_late_urgency_assessment_is_met_late(world):
    intake = register(world, hours_ago=30)
    steps.intake_assess_urgency(
        actor=world.assigned_caseworker, intake=intake, is_acute=True, assessment="Akut."
    )
    assert obligations(world.case)["underretning-24t"].met_late is True


def test_abuse_report_requires_a_conversation_and_blocks_closing_at_screening(world):
    intake = register(world, abuse=True, parent_suspected=True)
    assert "samtale-overgreb-137" in pending(world.case)
    with pytest.raises(ValidationError) as info:
        steps.screening_record(
            actor=world.assigned_caseworker,
            case=world.case,
            screened_on=TODAY,
            information_weighted="Underretningen",
            assessment="Ingen bekymring",
            outcome="close",
        )
    assert "§ 20" in str(info.value)
    steps.milestone_record(
        actor=world.assigned_caseworker,
        case=world.case,
        kind="conversation",
        happened_on=TODAY,
        child_alone=True,
        intake=intake,
    )
    assert "samtale-overgreb-137" not in pending(world.case)


def test_report_about_a_child_with_a_measure_needs_reassessment(world):
    _decide_32_and_start(world, plan=False)
    intake = register(world)
    assert intake.child_has_measure is True
    assert "genvurdering-137" in pending(world.case)
    steps.intake_reassess(actor=world.leader, intake=intake, reassessed_on=TODAY)
    assert "genvurdering-137" not in pending(world.case)


def test_screening_to_bfu_starts_the_investigation_and_the_4_month_clock(world):
    world.case.awareness_date = days_ago(20)
    world.case.save()
    steps.screening_record(
        actor=world.assigned_caseworker,
        case=world.case,
        screened_on=days_ago(10),
        information_weighted="Skolens beskrivelse og samtale med barnet",
        assessment="Behov for en børnefaglig undersøgelse",
        outcome="bfu",
    )
    world.case.refresh_from_db()
    assert world.case.stage == Stage.BFU
    assert world.case.investigations.get().kind == "bfu"
    bfu = obligations(world.case)["bfu-4-maaneder"]
    from stemme.deadlines.calendar import add_calendar_months

    assert bfu.due_date == add_calendar_months(days_ago(20), 4)


def test_bfu_needs_the_ics_sections_to_complete(world):
    investigation = steps.investigation_start(
        actor=world.assigned_caseworker, case=world.case, kind="bfu", started_on=days_ago(30)
    )
    with pytest.raises(ValidationError) as info:
        steps.investigation_complete(
            actor=world.assigned_caseworker,
            investigation=investigation,
            completed_on=TODAY,
            conclusion="Behov for støtte",
        )
    assert {"child_development", "parents_capacity", "family_and_network", "child_view"} <= set(
        info.value.message_dict
    )


def _decision_kwargs(**overrides):
    kwargs = {
        "paragraph": "32",
        "legal_basis": "barnets lov § 32, stk. 1, nr. 3",
        "decided_on": days_ago(5),
        "reasoning": "Familien har brug for støtte i hjemmet.",
        "purpose": "At Alma får en stabil hverdag og kommer i skole.",
        "expected_duration": "6 måneder",
        "plan_decided": True,
        "child_view": "Jeg vil gerne have hjælp, men jeg vil bo hjemme.",
        "child_view_weighing": "Alma vil bo hjemme; støtten gives i hjemmet.",
        "child_wish": "followed",
    }
    kwargs.update(overrides)
    return kwargs


def _decide_32_and_start(world, *, plan=True):
    decision = steps.decision_make(
        actor=world.assigned_caseworker, case=world.case, **_decision_kwargs(plan_decided=plan)
    )
    steps.measure_start(
        actor=world.assigned_caseworker,
        decision=decision,
        description="Familiebehandling",
        started_on=days_ago(4),
    )
    return decision


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"purpose": ""}, "purpose"),
        ({"expected_duration": ""}, "expected_duration"),
        ({"plan_decided": None}, "plan_decided"),
        ({"child_view": "", "child_view_exception": ""}, "child_words"),
        ({"child_view_weighing": ""}, "child_view_weighing"),
        ({"child_wish": ""}, "child_wish"),
        ({"child_wish": "against"}, "explanation_for_child"),
        ({"child_wish": "against"}, "explanation_how"),
        ({"child_wish": "against"}, "explanation_due_on"),
        (
            {
                "child_wish": "against",
                "explanation_for_child": "Du skal bo hos din moster et stykke tid.",
                "explanation_how": "Samtale på skolen",
                "explanation_due_on": days_ago(6),
            },
            "explanation_due_on",
        ),
        ({"child_wish": "partly", "explanation_for_child": "Forklaring"}, "explanation_how"),
        (
            {"child_view": "", "child_view_exception": "Barnet er 1 år."},
            "child_view_exception_reason",
        ),
        (
            {"child_view": "", "child_view_exception_reason": "age"},
            "child_view_exception",
        ),
        (
            {
                "child_view": "",
                "child_view_exception_reason": "age",
                "child_view_exception": "Barnet er 1 år.",
            },
            "child_view_obtained_otherwise",
        ),
        ({"child_view": "", "child_words": "Hej", "child_words_mode": "x"}, "child_words_mode"),
        (
            {"child_view": "", "child_words": "Hej", "child_words_mode": "trusted_adult"},
            "child_words_trusted_adult",
        ),
        (
            {"child_view": "", "child_words": "Hej", "child_words_on": TODAY + dt.timedelta(1)},
            "child_words_on",
        ),
        ({"paragraph": "46", "neglect_or_abuse": True}, "provisional_reason"),
        ({"paragraph": "47"}, "paragraph"),
        ({"decided_on": TODAY + dt.timedelta(days=1)}, "decided_on"),
    ],
)
def test_decision_guards(world, overrides, field):
    with pytest.raises(ValidationError) as info:
        steps.decision_make(
            actor=world.assigned_caseworker, case=world.case, **_decision_kwargs(**overrides)
        )
    assert field in info.value.message_dict
    assert not world.case.decisions.exists()
    assert not Event.objects.filter(kind="decision.made").exists()


def test_child_view_exception_is_enough(world):
    from stemme.participation.models import ChildStatement

    decision = steps.decision_make(
        actor=world.assigned_caseworker,
        case=world.case,
        **_decision_kwargs(
            child_view="",
            child_view_exception_reason="age",
            child_view_exception="Barnet er 1 år.",
            child_view_obtained_otherwise="Observeret i hjemmet med mor.",
        ),
    )
    assert decision.child_view_exception_reason == "age"
    assert decision.child_view_obtained_otherwise == "Observeret i hjemmet med mor."
    assert not ChildStatement.objects.exists()
    event = Event.objects.get(kind="decision.made")
    assert event.data["child_view_exception"] == "age"
    assert event.data["statements"] == []


def test_placement_46_with_finished_bfu_or_provisional_reason(world):
    steps.decision_make(
        actor=world.assigned_caseworker,
        case=world.case,
        **_decision_kwargs(paragraph="46", provisional_reason="Akut anbringelse efter vold."),
    )
    assert "plan-3-maaneder" in pending(world.case)
    world.case.refresh_from_db()
    assert world.case.stage == Stage.PLAN
    # The older ``child_view`` text is recorded as the child's direct statement.
    statement = world.case.statements.get()
    assert (statement.mode, statement.informs_ref) == ("direct", world.case.decisions.get().ref)


def test_placement_47_needs_a_plan_first_and_then_is_allowed(world):
    steps.plan_make(
        actor=world.assigned_caseworker,
        case=world.case,
        kind="barnets_plan",
        made_on=days_ago(6),
        summary="Mål: tryg hverdag.",
    )
    steps.decision_make(
        actor=world.assigned_caseworker,
        case=world.case,
        **_decision_kwargs(paragraph="47", provisional_reason="", neglect_or_abuse=True),
    )
    assert obligations(world.case)["plan-foer-47"].status == "met"


def test_32_with_plan_then_plan_meets_the_3_month_duty(world):
    _decide_32_and_start(world)
    assert {"plan-3-maaneder", "opfoelgning-foerste"} <= pending(world.case)
    steps.plan_make(
        actor=world.assigned_caseworker,
        case=world.case,
        kind="barnets_plan",
        made_on=days_ago(3),
        summary="Mål i Almas ord: jeg vil i skole hver dag.",
    )
    assert "plan-3-maaneder" not in pending(world.case)


def test_follow_up_needs_next_date_unless_closing_and_meets_first_follow_up(world):
    _decide_32_and_start(world, plan=False)
    with pytest.raises(ValidationError) as info:
        steps.follow_up_hold(
            actor=world.assigned_caseworker,
            case=world.case,
            held_on=TODAY,
            assessment="Det går bedre.",
            outcome="continue",
            next_follow_up_on=None,
        )
    assert "next_follow_up_on" in info.value.message_dict
    steps.follow_up_hold(
        actor=world.assigned_caseworker,
        case=world.case,
        held_on=TODAY,
        assessment="Det går bedre.",
        outcome="continue",
        next_follow_up_on=TODAY + dt.timedelta(days=90),
        talked_with_child_alone=True,
    )
    assert obligations(world.case)["opfoelgning-foerste"].status == "met"


def test_supervision_only_for_placed_children(world):
    with pytest.raises(ValidationError):
        steps.supervision_visit_record(
            actor=world.assigned_caseworker, case=world.case, visited_on=TODAY, notes="Besøg"
        )


def test_closing_ends_measures_and_lapses_open_duties(world):
    _decide_32_and_start(world)
    assert "plan-3-maaneder" in pending(world.case)
    steps.case_close(
        actor=world.assigned_caseworker,
        case=world.case,
        closed_on=TODAY,
        purpose_achieved="Formålet er nået.",
        if_worry_returns="Ring til rådgivningen.",
    )
    world.case.refresh_from_db()
    assert world.case.stage == Stage.CLOSED
    assert world.case.measures.get().ended_on == TODAY
    assert pending(world.case) == set()  # nothing left to do in a closed case
    assert obligations(world.case)["plan-3-maaneder"].status == "lapsed"
    # A duty already overdue when the case closed stays on record as overdue.
    assert obligations(world.case)["partsstatus-10"].status == "overdue"


def test_waiving_keeps_the_duty_visible_with_its_reason(world):
    register(world)
    obligation = obligations(world.case)["kvittering-6-hverdage"]
    steps.obligation_waive(
        actor=world.assigned_caseworker,
        case=world.case,
        rule_id=obligation.rule_id,
        trigger_ref=obligation.trigger_ref,
        reason="Underretter har bedt om ikke at få kvittering.",
    )
    waived = obligations(world.case)["kvittering-6-hverdage"]
    assert waived.status == "waived"
    assert "kvittering" in waived.waived_reason


def test_awareness_date_change_needs_reason_and_current_version(world):
    with pytest.raises(ValidationError):
        steps.case_set_awareness_date(
            actor=world.leader,
            case=world.case,
            awareness_date=days_ago(3),
            reason="",
            expected_version=world.case.version,
        )
    steps.case_set_awareness_date(
        actor=world.leader,
        case=world.case,
        awareness_date=days_ago(3),
        reason="Fejl i dato",
        expected_version=world.case.version,
    )
    with pytest.raises(ValidationError, match="En anden har ændret sagen"):
        steps.case_set_awareness_date(
            actor=world.leader,
            case=world.case,
            awareness_date=days_ago(4),
            reason="Igen",
            expected_version=1,
        )


def test_recompute_is_idempotent(world):
    from stemme.deadlines.services import obligations_recompute

    register(world, abuse=True)
    first = sorted(Obligation.objects.filter(case=world.case).values_list("rule_id", "due_at"))
    obligations_recompute(case=world.case)
    obligations_recompute(case=world.case)
    again = sorted(Obligation.objects.filter(case=world.case).values_list("rule_id", "due_at"))
    assert first == again


def test_a_new_child_gets_a_case_with_the_report_date_as_awareness_date(world):
    from conftest import make_child

    child = make_child(world.municipality, first_name="Ny", last_name="Sag")
    received = timezone.now() - dt.timedelta(days=2)
    intake = steps.intake_register(
        actor=world.assigned_caseworker,
        child=child,
        kind="henvendelse",
        received_at=received,
        content="Mor beder om hjælp.",
    )
    assert intake.case.awareness_date == timezone.localdate(received)
    assert intake.case.assignments.get().caseworker == world.assigned_caseworker
