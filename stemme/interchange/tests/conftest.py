"""A small, realistic case history, built through the real services."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_child
from stemme.cases.models import AssignmentRole
from stemme.cases.services import case_open, caseworker_assign, caseworker_unassign, steps
from stemme.children.services import person_link_to_child
from stemme.deadlines.models import HolidaySettings, Obligation
from stemme.deadlines.services import rule_override_set
from stemme.participation.services import voice


def aware(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def history(world):
    """Three children of Testby Kommune with histories from report to follow-up and closure."""
    tove, leader = world.assigned_caseworker, world.leader
    child, case = world.child, world.case
    person_link_to_child(
        actor=tove,
        child=child,
        first_name="Maria",
        last_name="Hemmeligsen",
        relation="mother",
        has_custody=True,
        phone="12345678",
        email="maria@example.com",
        note="Bor med Zenia",
    )
    person_link_to_child(
        actor=tove, child=child, first_name="Kurt", last_name="Træner", relation="coach"
    )
    intake = steps.intake_register(
        actor=tove,
        child=child,
        kind="underretning",
        received_at=aware(2026, 1, 6, 9, 15),
        content="Skolen er bekymret for Zenias fravær.",
        reporter_type="professional",
        reporter_name="Lærer Hansen, Testby Skole",
    )
    steps.intake_assess_urgency(
        actor=tove,
        intake=intake,
        is_acute=False,
        assessment="Ikke akut.",
        assessed_at=aware(2026, 1, 6, 14, 0),
    )
    steps.intake_send_receipt(actor=tove, intake=intake, sent_on=dt.date(2026, 1, 8))
    steps.milestone_record(
        actor=tove,
        case=case,
        kind="conversation",
        happened_on=dt.date(2026, 1, 12),
        child_alone=True,
        intake=intake,
        note="Samtale med Zenia alene",
    )
    caseworker_assign(
        actor=leader,
        case=case,
        caseworker=world.same_team_caseworker,
        role=AssignmentRole.SECONDARY,
        started_on=dt.date(2026, 1, 15),
    )
    steps.screening_record(
        actor=tove,
        case=case,
        screened_on=dt.date(2026, 1, 20),
        information_weighted="Skolens oplysninger og samtalen med Zenia.",
        assessment="Der er brug for en børnefaglig undersøgelse.",
        outcome="bfu",
    )
    investigation = case.investigations.get()
    steps.investigation_complete(
        actor=tove,
        investigation=investigation,
        completed_on=dt.date(2026, 4, 10),
        child_development="Zenia trives fagligt men ikke socialt.",
        parents_capacity="Mor er ressourcestærk men presset.",
        family_and_network="Mormor er tæt på.",
        child_view="Jeg vil gerne have nogen at snakke med.",
        conclusion="Familiebehandling efter § 32.",
    )
    decision = steps.decision_make(
        actor=tove,
        case=case,
        paragraph="32",
        legal_basis="barnets lov § 32, stk. 1, nr. 3",
        decided_on=dt.date(2026, 4, 20),
        reasoning="Undersøgelsen viser behov for støtte i familien.",
        purpose="At Zenia kommer i skole hver dag.",
        expected_duration="Et år",
        plan_decided=True,
        child_view="Zenia vil gerne have hjælp.",
        child_view_weighing="Zenias ønske om hjælp har vejet tungt; familiebehandling frem for "
        "en kontaktperson, som hun ikke ville have.",
        child_wish="partly",
        explanation_for_child="Du får hjælp derhjemme, men ikke den kontaktperson, du ønskede.",
        explanation_how="Samtale med Zenia alene",
        explanation_due_on=dt.date(2026, 4, 27),
    )
    steps.explanation_deliver(
        actor=tove, decision=decision, delivered_on=dt.date(2026, 4, 23), how="Samtale på skolen"
    )
    voice.rights_inform(
        actor=tove,
        child=child,
        case=case,
        topics=["involvement", "complaint"],
        method="conversation",
        given_on=dt.date(2026, 4, 23),
    )
    steps.plan_make(
        actor=tove,
        case=case,
        kind="barnets_plan",
        made_on=dt.date(2026, 4, 25),
        summary="Fremmøde i skolen; trivsel i fritiden.",
    )
    steps.measure_start(
        actor=tove,
        decision=decision,
        description="Familiebehandling",
        provider="Familiehuset",
        started_on=dt.date(2026, 5, 1),
    )
    measure = case.measures.get()
    voice.conversation_hold(
        actor=tove,
        case=case,
        happened_on=dt.date(2026, 5, 4),
        about_ref=measure.ref,
        methods=["talk", "drawing"],
        setting="På skolen",
        child_alone=True,
        summary="Zenia fortalte, hvad hun håber familiebehandlingen kan hjælpe med.",
        child_words="Jeg vil gerne have, at vi ikke skændes om morgenen.",
    )
    steps.start_up_meeting_hold(
        actor=tove,
        case=case,
        held_on=dt.date(2026, 5, 5),
        concern_and_change="Fraværet skal ned.",
        first_follow_up_on=dt.date(2026, 8, 5),
    )
    startup = case.startup_meetings.get()
    voice.conversation_omit(
        actor=tove,
        case=case,
        about_ref=f"{startup.ref}#next",
        rule_id="samtale-foer-opfoelgning",
        reason="child_declined",
        text="Zenia ville ikke tale alene før opfølgningen.",
        happened_on=dt.date(2026, 8, 3),
    )
    steps.follow_up_hold(
        actor=tove,
        case=case,
        held_on=dt.date(2026, 8, 4),
        assessment="Det går den rigtige vej.",
        outcome="continue",
        next_follow_up_on=dt.date(2027, 2, 1),
        talked_with_child_alone=True,
        goals_reviewed=True,
    )
    caseworker_unassign(
        actor=leader,
        assignment=case.assignments.get(role=AssignmentRole.SECONDARY),
        ended_on=dt.date(2026, 6, 30),
    )

    # A henvendelse screened to closure: the closure has no "if the worry returns".
    other_case = world.other_child.cases.get()
    steps.intake_register(
        actor=world.other_team_caseworker,
        child=world.other_child,
        kind="henvendelse",
        received_at=aware(2026, 2, 2, 10, 30),
        content="Mor spørger om hjælp til lektier.",
    )
    steps.screening_record(
        actor=world.other_team_caseworker,
        case=other_case,
        screened_on=dt.date(2026, 2, 9),
        information_weighted="Mors henvendelse.",
        assessment="Ingen støtte efter barnets lov; henvist til skolen.",
        outcome="close",
    )

    # A provisional placement with a supervision visit and a waived deadline.
    placed = make_child(world.municipality, first_name="Bo", last_name="Anbragt")
    placed_case = case_open(
        actor=leader,
        child=placed,
        team=world.team,
        opened_on=dt.date(2026, 3, 1),
        awareness_date=dt.date(2026, 2, 27),
    )
    caseworker_assign(
        actor=leader, case=placed_case, caseworker=tove, started_on=dt.date(2026, 3, 1)
    )
    placement = steps.decision_make(
        actor=tove,
        case=placed_case,
        paragraph="46",
        legal_basis="barnets lov § 46",
        decided_on=dt.date(2026, 3, 3),
        reasoning="Akut anbringelse.",
        purpose="Tryghed.",
        expected_duration="Seks måneder",
        neglect_or_abuse=True,
        provisional_reason="Akut fare for barnets sundhed.",
        child_view_exception="Bo er to år og kan ikke udtrykke sig om anbringelsen.",
        child_view_exception_reason="age",
        child_view_obtained_otherwise="Observation af Bo i vuggestuen.",
        child_view_weighing="Bos behov for ro og faste voksne har vejet tungest.",
        child_wish="no_wish",
    )
    steps.measure_start(
        actor=tove,
        decision=placement,
        description="Anbringelse i plejefamilie",
        started_on=dt.date(2026, 3, 4),
        parallel_investigation_ends_on=dt.date(2026, 6, 27),
    )
    steps.supervision_visit_record(
        actor=tove,
        case=placed_case,
        visited_on=dt.date(2026, 6, 1),
        notes="Bo trives i plejefamilien.",
    )
    obligation = Obligation.objects.filter(case=placed_case).order_by("due_at").first()
    steps.obligation_waive(
        actor=leader,
        case=placed_case,
        rule_id=obligation.rule_id,
        trigger_ref=obligation.trigger_ref,
        reason="Testgrund",
    )
    HolidaySettings.objects.create(municipality=world.municipality, juleaftensdag=False)
    rule_override_set(
        actor=world.administrator,
        municipality=world.municipality,
        rule_id="kvittering-6-hverdage",
        duration=7,
        enabled=True,
        reason="Kommunens egen servicefrist",
    )
    return world
