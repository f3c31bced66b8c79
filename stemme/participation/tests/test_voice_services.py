"""The child's voice through its services: statements, conversations, rights information, and
the involvement tasks the deadline engine derives from them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemme.audit.models import Event
from stemme.cases.services import steps
from stemme.deadlines.models import Obligation
from stemme.letters.models import Letter
from stemme.participation.models import ChildStatement, Conversation, RightsInformation
from stemme.participation.services import voice

TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def pending(case) -> set:
    return set(
        Obligation.objects.filter(case=case, is_pending=True).values_list("rule_id", flat=True)
    )


def obligation(case, rule_id):
    return Obligation.objects.get(case=case, rule_id=rule_id)


def register(world, **extra):
    return steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="professional",
        received_at=timezone.now() - dt.timedelta(hours=2),
        content="Skolen er bekymret.",
        **extra,
    )


def hold(world, **extra):
    kwargs = {
        "actor": world.assigned_caseworker,
        "case": world.case,
        "happened_on": TODAY,
        "methods": ["talk", "drawing"],
    }
    kwargs.update(extra)
    return voice.conversation_hold(**kwargs)


# --- statements ---------------------------------------------------------------------------------


def test_statement_record_keeps_the_words_off_the_event_log(world):
    statement = voice.statement_record(
        actor=world.assigned_caseworker,
        child=world.child,
        case=world.case,
        words="Jeg vil gerne bo hos mor.",
        mode="trusted_adult",
        trusted_adult="Lærer Hansen (klasselærer)",
        stated_on=days_ago(2),
        informs_ref="decision:x",
    )
    assert statement.trusted_adult == "Lærer Hansen (klasselærer)"
    event = Event.objects.get(kind="statement.recorded")
    assert event.ref == statement.ref
    assert event.data == {"mode": "trusted_adult", "informs": "decision:x"}
    assert "mor" not in str(event.data)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"words": "  "}, "words"),
        ({"mode": "guess"}, "mode"),
        ({"mode": "trusted_adult", "trusted_adult": ""}, "trusted_adult"),
        ({"stated_on": TODAY + dt.timedelta(days=1)}, "stated_on"),
    ],
)
def test_statement_guards(world, overrides, field):
    kwargs = {
        "actor": world.assigned_caseworker,
        "child": world.child,
        "case": world.case,
        "words": "Det er svært i skolen.",
        "mode": "direct",
        "stated_on": TODAY,
    }
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as info:
        voice.statement_record(**kwargs)
    assert field in info.value.message_dict
    assert not ChildStatement.objects.exists()


def test_statement_on_another_childs_case_or_a_closed_case_is_refused(world):
    other_case = world.other_child.cases.get()
    with pytest.raises(ValidationError):
        voice.statement_record(
            actor=None,
            child=world.child,
            case=other_case,
            words="Hej",
            mode="direct",
            stated_on=TODAY,
        )
    steps.case_close(
        actor=None,
        case=world.case,
        closed_on=TODAY,
        purpose_achieved="Formålet er nået.",
        if_worry_returns="Ring til os.",
    )
    world.case.refresh_from_db()
    with pytest.raises(ValidationError, match="lukket|closed"):
        voice.statement_record(
            actor=None,
            child=world.child,
            case=world.case,
            words="Hej",
            mode="direct",
            stated_on=TODAY,
        )


# --- conversations ------------------------------------------------------------------------------


def test_a_report_starts_a_conversation_task_that_a_conversation_meets(world):
    intake = register(world)
    assert "samtale-underretning" in pending(world.case)
    conversation = hold(
        world,
        about_ref=intake.ref,
        setting="På skolen",
        present="Barnet og rådgiveren",
        child_alone=True,
        summary="Vi talte om skolen.",
        child_words="Jeg keder mig i frikvartererne.",
    )
    assert "samtale-underretning" not in pending(world.case)
    met = obligation(world.case, "samtale-underretning")
    assert met.met_by_ref == conversation.ref
    event = Event.objects.get(kind="conversation.held")
    assert event.data == {
        "alone": True,
        "about": intake.ref,
        "underretning": intake.ref,
        "methods": ["talk", "drawing"],
        "without_parental_consent": False,
        "parents_present": False,
    }
    statement = ChildStatement.objects.get()
    assert (statement.words, statement.informs_ref) == (
        "Jeg keder mig i frikvartererne.",
        intake.ref,
    )


def test_a_conversation_about_nothing_specific_answers_every_open_task(world):
    register(world)
    hold(world)
    assert "samtale-underretning" not in pending(world.case)
    assert "about" not in Event.objects.get(kind="conversation.held").data


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"methods": []}, "methods"),
        ({"methods": ["telepathy"]}, "methods"),
        ({"happened_on": TODAY + dt.timedelta(days=1)}, "happened_on"),
        ({"child_alone": True, "parents_present": True}, "parents_present"),
        ({"about_ref": "intake:00000000-0000-0000-0000-000000000000"}, "about_ref"),
        ({"child_words": "Hej", "child_words_mode": "trusted_adult"}, "child_words_trusted_adult"),
    ],
)
def test_conversation_guards(world, overrides, field):
    register(world)
    with pytest.raises(ValidationError) as info:
        hold(world, **overrides)
    assert field in info.value.message_dict
    assert not Conversation.objects.exists()
    assert not Event.objects.filter(kind="conversation.held").exists()


def test_abuse_with_a_suspected_parent_needs_the_child_alone(world):
    intake = register(world, abuse=True, parent_suspected=True)
    assert voice.parental_consent_not_needed(case=world.case)
    with pytest.raises(ValidationError) as info:
        hold(world, about_ref=intake.ref, child_alone=False)
    assert "§ 137" in str(info.value)
    hold(world, about_ref=intake.ref, child_alone=True, without_parental_consent=True)
    assert {"samtale-overgreb-137", "samtale-underretning"}.isdisjoint(pending(world.case))
    assert Event.objects.get(kind="conversation.held").data["without_parental_consent"] is True


def test_an_active_safety_restriction_means_no_parental_consent(world):
    from stemme.participation.models import SafetyRestriction

    assert not voice.parental_consent_not_needed(case=world.case)
    SafetyRestriction.objects.create(
        child=world.child, kind="honour", reason="Æresrelateret konflikt", set_on=TODAY
    )
    assert voice.parental_consent_not_needed(case=world.case)


def _follow_up_scheduled(world):
    decision = steps.decision_make(
        actor=world.assigned_caseworker,
        case=world.case,
        paragraph="32",
        legal_basis="barnets lov § 32",
        decided_on=days_ago(10),
        reasoning="Behov for støtte.",
        purpose="Trivsel",
        expected_duration="6 måneder",
        plan_decided=False,
        child_view="Jeg vil gerne have hjælp.",
        child_view_weighing="Barnets ønske følges.",
        child_wish="followed",
    )
    steps.measure_start(
        actor=None, decision=decision, description="Familiebehandling", started_on=days_ago(9)
    )
    return steps.start_up_meeting_hold(
        actor=None,
        case=world.case,
        held_on=days_ago(8),
        concern_and_change="Fravær",
        first_follow_up_on=TODAY + dt.timedelta(days=30),
    )


def test_follow_up_date_starts_a_conversation_alone_task(world):
    meeting = _follow_up_scheduled(world)
    scheduled = Event.objects.get(kind="follow_up.scheduled")
    assert scheduled.ref == f"{meeting.ref}#next"
    assert scheduled.data == {"due_on": (TODAY + dt.timedelta(days=30)).isoformat()}
    task = obligation(world.case, "samtale-foer-opfoelgning")
    assert task.due_date == TODAY + dt.timedelta(days=30)
    # samtale-indsats is met by a conversation not about the follow-up; answer it first.
    measure_task = obligation(world.case, "samtale-indsats")
    hold(world, about_ref=measure_task.trigger_ref)
    assert "samtale-foer-opfoelgning" in pending(world.case)
    with pytest.raises(ValidationError) as info:
        hold(world, about_ref=task.trigger_ref, child_alone=False)
    assert "child_alone" in info.value.message_dict
    hold(world, about_ref=task.trigger_ref, child_alone=True)
    assert "samtale-foer-opfoelgning" not in pending(world.case)


def test_next_follow_up_is_scheduled_at_a_follow_up(world):
    _follow_up_scheduled(world)
    follow_up = steps.follow_up_hold(
        actor=None,
        case=world.case,
        held_on=TODAY,
        assessment="Godt",
        outcome="continue",
        next_follow_up_on=TODAY + dt.timedelta(days=90),
    )
    assert Event.objects.filter(kind="follow_up.scheduled", ref=f"{follow_up.ref}#next").exists()


def test_omitting_a_conversation_with_a_reason_meets_only_that_task(world):
    intake = register(world)
    voice.conversation_omit(
        actor=world.assigned_caseworker,
        case=world.case,
        about_ref=intake.ref,
        rule_id="samtale-underretning",
        reason="child_declined",
    )
    assert "samtale-underretning" not in pending(world.case)
    assert obligation(world.case, "samtale-underretning").status == "met"
    conversation = Conversation.objects.get()
    assert (conversation.held, conversation.omission_reason) == (False, "child_declined")
    event = Event.objects.get(kind="conversation.omitted")
    assert event.data["about"] == intake.ref
    assert event.data["rule"] == "samtale-underretning"
    assert event.data["reason"] == "child_declined"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": "other", "text": ""}, "text"),
        ({"reason": "bored"}, "reason"),
        ({"rule_id": "bfu-4-maaneder"}, "task"),
        ({"about_ref": "intake:nope"}, "task"),
    ],
)
def test_omission_guards(world, overrides, field):
    intake = register(world)
    kwargs = {
        "actor": world.assigned_caseworker,
        "case": world.case,
        "about_ref": intake.ref,
        "rule_id": "samtale-underretning",
        "reason": "age",
    }
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as info:
        voice.conversation_omit(**kwargs)
    assert field in info.value.message_dict
    assert not Conversation.objects.exists()


def test_the_abuse_conversation_can_only_be_left_out_for_maturity_or_the_nature_of_the_case(
    world,
):
    intake = register(world, abuse=True)
    with pytest.raises(ValidationError) as info:
        voice.conversation_omit(
            actor=None,
            case=world.case,
            about_ref=intake.ref,
            rule_id="samtale-overgreb-137",
            reason="child_declined",
            text="Ville ikke",
        )
    assert "reason" in info.value.message_dict
    voice.conversation_omit(
        actor=None,
        case=world.case,
        about_ref=intake.ref,
        rule_id="samtale-overgreb-137",
        reason="age",
        text="Barnet er for ungt til en samtale om overgrebet.",
    )
    abuse = obligation(world.case, "samtale-overgreb-137")
    assert abuse.status == "waived"
    assert "for ungt" in abuse.waived_reason


# --- decisions and the explanation to the child -------------------------------------------------


def _decision(world, **overrides):
    kwargs = {
        "actor": world.assigned_caseworker,
        "case": world.case,
        "paragraph": "32",
        "legal_basis": "barnets lov § 32",
        "decided_on": days_ago(3),
        "reasoning": "Behov for støtte.",
        "purpose": "Trivsel",
        "expected_duration": "6 måneder",
        "plan_decided": False,
        "child_view_weighing": "Barnets ønske er vejet mod behovet.",
        "child_wish": "followed",
    }
    kwargs.update(overrides)
    return steps.decision_make(**kwargs)


def test_decision_links_chosen_and_new_statements(world):
    earlier = voice.statement_record(
        actor=None,
        child=world.child,
        case=world.case,
        words="Jeg vil ikke skifte skole.",
        mode="direct",
        stated_on=days_ago(10),
    )
    elsewhere = voice.statement_record(
        actor=None,
        child=world.child,
        case=world.case,
        words="Mor råber.",
        mode="observation",
        stated_on=days_ago(12),
        informs_ref="investigation:x",
    )
    decision = _decision(
        world,
        statements=[earlier, elsewhere],
        child_words="Jeg vil gerne have en kontaktperson.",
        child_words_mode="direct",
        child_words_on=days_ago(4),
    )
    earlier.refresh_from_db()
    elsewhere.refresh_from_db()
    assert earlier.informs_ref == decision.ref
    assert elsewhere.informs_ref == "investigation:x"  # keeps its first link
    new = ChildStatement.objects.get(words="Jeg vil gerne have en kontaktperson.")
    assert (new.informs_ref, new.stated_on) == (decision.ref, days_ago(4))
    data = Event.objects.get(kind="decision.made").data
    assert data["statements"] == [earlier.ref, elsewhere.ref, new.ref]
    assert data["child_wish"] == "followed"
    assert data["against_child_wish"] is False
    assert data["explanation_due_on"] is None


def test_a_statement_of_another_child_cannot_inform_the_decision(world):
    other_case = world.other_child.cases.get()
    foreign = voice.statement_record(
        actor=None,
        child=world.other_child,
        case=other_case,
        words="Hej",
        mode="direct",
        stated_on=TODAY,
    )
    with pytest.raises(ValidationError) as info:
        _decision(world, statements=[foreign])
    assert "statements" in info.value.message_dict


def test_a_decision_against_the_childs_wish_stays_open_until_explained(world):
    decision = _decision(
        world,
        child_view="Jeg vil ikke i aflastning.",
        child_wish="against",
        explanation_for_child="Du skal i aflastning hver anden weekend, så mor kan hvile.",
        explanation_how="Samtale hjemme hos mormor",
        explanation_due_on=TODAY + dt.timedelta(days=3),
    )
    data = Event.objects.get(kind="decision.made").data
    assert data["against_child_wish"] is True
    assert data["explanation_due_on"] == (TODAY + dt.timedelta(days=3)).isoformat()
    task = obligation(world.case, "forklaring-afgoerelse")
    assert task.is_pending
    assert task.due_date == TODAY + dt.timedelta(days=3)
    # A decision is an occasion to tell the child about their rights again.
    assert Event.objects.filter(kind="rights.occasion", ref=decision.ref).exists()

    with pytest.raises(ValidationError):
        steps.explanation_deliver(actor=None, decision=decision, delivered_on=TODAY, how="  ")
    with pytest.raises(ValidationError):
        steps.explanation_deliver(
            actor=None, decision=decision, delivered_on=days_ago(5), how="Samtale"
        )
    steps.explanation_deliver(
        actor=world.assigned_caseworker, decision=decision, delivered_on=TODAY, how="Samtale"
    )
    assert obligation(world.case, "forklaring-afgoerelse").status == "met"
    event = Event.objects.get(kind="explanation.delivered")
    assert event.ref == f"{decision.ref}#explanation"
    assert event.data == {"about": decision.ref, "how": "Samtale"}
    with pytest.raises(ValidationError):
        steps.explanation_deliver(actor=None, decision=decision, delivered_on=TODAY, how="Igen")


def test_no_explanation_planned_cannot_be_delivered(world):
    decision = _decision(world, child_view="Ja tak.")
    with pytest.raises(ValidationError):
        steps.explanation_deliver(actor=None, decision=decision, delivered_on=TODAY, how="x")
    assert "forklaring-afgoerelse" not in pending(world.case)


# --- investigation ------------------------------------------------------------------------------


def _bfu(world):
    return steps.investigation_start(
        actor=None, case=world.case, kind="bfu", started_on=days_ago(30)
    )


ICS = {
    "child_development": "Trives fagligt.",
    "parents_capacity": "Mor er presset.",
    "family_and_network": "Mormor er tæt på.",
    "conclusion": "Støtte efter § 32.",
}


def test_a_bfu_is_not_finished_without_the_childs_view_or_an_exception(world):
    investigation = _bfu(world)
    with pytest.raises(ValidationError) as info:
        steps.investigation_complete(
            actor=None, investigation=investigation, completed_on=TODAY, **ICS
        )
    assert "child_view" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        steps.investigation_complete(
            actor=None,
            investigation=investigation,
            completed_on=TODAY,
            child_view_exception_reason="age",
            child_view_exception="Barnet er 1 år.",
            **ICS,
        )
    assert "child_view_obtained_otherwise" in info.value.message_dict
    steps.investigation_complete(
        actor=None,
        investigation=investigation,
        completed_on=TODAY,
        child_view_exception_reason="age",
        child_view_exception="Barnet er 1 år.",
        child_view_obtained_otherwise="Observation i dagplejen.",
        **ICS,
    )
    data = Event.objects.get(kind="bfu.completed").data
    assert data["child_view_exception"]["obtained_otherwise"] == "Observation i dagplejen."


def test_a_bfu_childs_view_text_becomes_a_statement_and_chosen_ones_are_linked(world):
    investigation = _bfu(world)
    earlier = voice.statement_record(
        actor=None,
        child=world.child,
        case=world.case,
        words="Jeg er glad for min lærer.",
        mode="direct",
        stated_on=days_ago(5),
    )
    steps.investigation_complete(
        actor=None,
        investigation=investigation,
        completed_on=TODAY,
        statements=[earlier],
        child_view="Jeg vil gerne have nogen at snakke med.",
        **ICS,
    )
    assert set(ChildStatement.objects.values_list("informs_ref", flat=True)) == {investigation.ref}
    assert len(Event.objects.get(kind="bfu.completed").data["statements"]) == 2


# --- rights -------------------------------------------------------------------------------------


def test_case_start_and_plan_are_rights_occasions(world):
    start = Event.objects.get(kind="rights.occasion", ref=f"case:{world.case.pk}#start")
    assert start.data == {"occasion": "case_start"}
    assert "rettigheder" in pending(world.case)
    plan = steps.plan_make(
        actor=None, case=world.case, kind="barnets_plan", made_on=TODAY, summary="Mål"
    )
    assert Event.objects.get(kind="rights.occasion", ref=plan.ref).data == {"occasion": "plan"}


def test_rights_information_meets_the_reminders_and_party_status(world):
    register(world)
    # A report alone is not a § 3 case type: party status is not due yet (issue 12).
    assert "rettigheder" in pending(world.case)
    information = voice.rights_inform(
        actor=world.assigned_caseworker,
        child=world.child,
        topics=["involvement", "party_status", "bisidder"],
        method="conversation",
        given_on=TODAY,
        to_others="Mor",
    )
    assert information.case == world.case
    assert {"rettigheder", "partsstatus-10"}.isdisjoint(pending(world.case))
    informed = Event.objects.get(kind="rights.informed")
    assert informed.ref == information.ref
    assert informed.data == {
        "topics": ["involvement", "party_status", "bisidder"],
        "to_child": True,
        "method": "conversation",
    }
    assert Event.objects.get(kind="party_status.informed").ref == information.ref


def test_party_status_told_only_to_others_is_not_party_status_information(world):
    voice.rights_inform(
        actor=None,
        child=world.child,
        topics=["party_status"],
        method="meeting",
        given_on=TODAY,
        to_child=False,
        to_others="Mor og far",
    )
    assert not Event.objects.filter(kind="party_status.informed").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topics": []}, "topics"),
        ({"topics": ["everything"]}, "topics"),
        ({"method": "pigeon"}, "method"),
        ({"given_on": TODAY + dt.timedelta(days=1)}, "given_on"),
        ({"to_child": False, "to_others": ""}, "to_others"),
    ],
)
def test_rights_guards(world, overrides, field):
    kwargs = {
        "actor": None,
        "child": world.child,
        "topics": ["complaint"],
        "method": "letter",
        "given_on": TODAY,
    }
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as info:
        voice.rights_inform(**kwargs)
    assert field in info.value.message_dict
    assert not RightsInformation.objects.exists()


def test_rights_on_another_childs_case_are_refused(world):
    with pytest.raises(ValidationError):
        voice.rights_inform(
            actor=None,
            child=world.child,
            case=world.other_child.cases.get(),
            topics=["complaint"],
            method="letter",
            given_on=TODAY,
        )


def test_the_rights_letter_is_sent_to_the_child_and_logged_in_one_step(world):
    letter = voice.rights_letter_send(
        actor=world.assigned_caseworker, child=world.child, channel="digital_post"
    )
    assert (letter.kind, letter.recipient_kind, letter.status) == ("rights", "child", "sent")
    assert "Zenia" in letter.body
    information = RightsInformation.objects.get()
    assert information.method == "letter"
    assert information.note == letter.ref
    assert letter.related_ref == information.ref
    assert "rettigheder" not in pending(world.case)


def test_a_rights_letter_with_an_unknown_channel_writes_nothing(world):
    with pytest.raises(ValidationError):
        voice.rights_letter_send(actor=None, child=world.child, channel="pigeon")
    assert not RightsInformation.objects.exists()
    assert not Letter.objects.exists()
