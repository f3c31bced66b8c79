"""Issue 12 §3, "the duties are exactly the law's": a case driven through the real services, as
the UI does, shows each duty once with the right label, and the guards agree with the engine.
"""

import datetime as dt
import itertools
import random

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_case, make_child
from stemme.cases.services import steps
from stemme.deadlines.calendar import add_calendar_months
from stemme.deadlines.models import Obligation
from stemme.participation.services import voice

TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def pending(case) -> list[tuple[str, str]]:
    return sorted(
        Obligation.objects.filter(case=case, is_pending=True).values_list("rule_id", "trigger_ref")
    )


def of_rule(case, rule_id: str) -> list[Obligation]:
    return list(Obligation.objects.filter(case=case, rule_id=rule_id).order_by("due_at"))


def report(world, *, child=None, abuse=False, received=None):
    return steps.intake_register(
        actor=world.assigned_caseworker,
        child=child or world.child,
        kind="underretning",
        reporter_type="professional",
        received_at=received or timezone.now() - dt.timedelta(days=120),
        content="Skolen er bekymret for fravær og trivsel.",
        abuse=abuse,
    )


def bfu(world, case, *, on):
    steps.screening_record(
        actor=world.assigned_caseworker,
        case=case,
        screened_on=on,
        information_weighted="Skolens oplysninger.",
        assessment="Der skal undersøges.",
        outcome="bfu",
    )
    return case.investigations.get(kind="bfu", completed_on__isnull=True)


def complete(world, investigation, *, on, child_view="", **extra):
    return steps.investigation_complete(
        actor=world.assigned_caseworker,
        investigation=investigation,
        completed_on=on,
        child_development="Udvikling.",
        parents_capacity="Forældrene.",
        family_and_network="Netværket.",
        conclusion="Konklusion.",
        child_view=child_view,
        **extra,
    )


def decide(world, case, *, on, paragraph="32", wish="followed", **extra):
    values = {
        "actor": world.assigned_caseworker,
        "case": case,
        "paragraph": paragraph,
        "legal_basis": f"barnets lov § {paragraph}",
        "decided_on": on,
        "reasoning": "Begrundelse.",
        "purpose": "Formål.",
        "expected_duration": "Et år.",
        "plan_decided": True if paragraph == "32" else None,
        "child_words": "Jeg vil gerne have hjælp.",
        "child_view_weighing": "Barnets ønske vejer tungt.",
        "child_wish": wish,
    }
    if wish in ("against", "partly"):
        values |= {
            "explanation_for_child": "Du får hjælp hjemme, men ikke den skole, du ønskede.",
            "explanation_how": "I en samtale",
            "explanation_due_on": on + dt.timedelta(days=3),
        }
    return steps.decision_make(**(values | extra))


# --- one case from intake to follow-up -------------------------------------------------------


def test_a_case_from_intake_to_follow_up_shows_each_duty_once_with_the_right_label(client, world):
    actor = world.assigned_caseworker
    intake = report(world)
    case = intake.case
    steps.intake_assess_urgency(
        actor=actor,
        intake=intake,
        is_acute=False,
        assessment="Ikke akut.",
        assessed_at=intake.received_at + dt.timedelta(hours=3),
    )
    steps.intake_send_receipt(actor=actor, intake=intake, sent_on=days_ago(118))
    voice.conversation_hold(
        actor=actor, case=case, happened_on=days_ago(117), methods=["talk"], about_ref=intake.ref
    )
    voice.rights_inform(
        actor=actor,
        child=world.child,
        case=case,
        topics=["involvement", "party_status"],
        method="conversation",
        given_on=days_ago(117),
    )
    investigation = bfu(world, case, on=days_ago(115))
    # The child's view in the child's own words: the investigation's conversation happened.
    complete(world, investigation, on=days_ago(90), child_view="Jeg vil gerne bo hjemme.")
    assert of_rule(case, "samtale-undersoegelse")[0].status == "met"
    decision = decide(world, case, on=days_ago(85), wish="partly")
    steps.plan_make(actor=actor, case=case, kind="barnets_plan", made_on=days_ago(80), summary="M")
    steps.measure_start(
        actor=actor, decision=decision, description="Familiebehandling", started_on=days_ago(80)
    )
    steps.start_up_meeting_hold(
        actor=actor,
        case=case,
        held_on=days_ago(78),
        concern_and_change="Fraværet skal ned.",
        first_follow_up_on=days_ago(10),
    )
    # Two rights occasions (the decision, the plan) while the child is not yet told again:
    # one task, not two.
    assert [o.status for o in of_rule(case, "rettigheder") if o.is_pending] == ["overdue"]
    steps.follow_up_hold(
        actor=actor,
        case=case,
        held_on=days_ago(9),
        assessment="Det går bedre.",
        outcome="continue",
        next_follow_up_on=TODAY + dt.timedelta(days=60),
        talked_with_child_alone=True,
    )

    # Each open duty once: no rule shows twice, and the passed occasions are closed.
    open_duties = pending(case)
    rules = [rule_id for rule_id, _trigger in open_duties]
    assert len(rules) == len(set(rules)), open_duties
    assert set(rules) == {
        "forklaring-afgoerelse-delvis",  # the partial wish needs its explanation
        "rettigheder",  # the decision's occasion (the plan's joined it)
        "samtale-indsats",  # nobody talked with the child when the measure started
        "samtale-foer-opfoelgning",  # before the next follow-up only
    }
    before_first = of_rule(case, "samtale-foer-opfoelgning")[0]
    # The follow-up's "talked with the child alone beforehand" met the task before it.
    assert (before_first.status, before_first.met_by_ref) == (
        "met",
        f"followup:{case.follow_ups.get().pk}",
    )

    client.force_login(actor)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "delvis" in page  # the explanation task says what it is
    assert "går imod barnets ønske" not in page
    for title in ("Fortæl barnet om dets rettigheder", "Tal med barnet alene før opfølgningen"):
        pending_rows = [
            row for row in page.split("<tr")[1:] if title in row and "tag--met" not in row
        ]
        assert len(pending_rows) == 1, title


def test_the_investigations_conversation_task_lapses_when_it_finishes_without_the_child(world):
    intake = report(world)
    investigation = bfu(world, intake.case, on=days_ago(115))
    complete(
        world,
        investigation,
        on=days_ago(60),
        child_view_exception_reason="age",
        child_view_exception="Barnet er for lille til en samtale.",
        child_view_obtained_otherwise="Observation i hjemmet.",
    )
    task = of_rule(intake.case, "samtale-undersoegelse")[0]
    assert (task.status, task.is_pending) == ("lapsed", False)


def test_the_talk_before_the_follow_up_lapses_when_the_follow_up_is_held_without_it(world):
    actor = world.assigned_caseworker
    intake = report(world)
    decision = decide(world, intake.case, on=days_ago(100), paragraph="32")
    steps.measure_start(
        actor=actor, decision=decision, description="Støtte", started_on=days_ago(99)
    )
    steps.start_up_meeting_hold(
        actor=actor,
        case=intake.case,
        held_on=days_ago(98),
        concern_and_change="Trivsel.",
        first_follow_up_on=days_ago(40),
    )
    steps.follow_up_hold(
        actor=actor,
        case=intake.case,
        held_on=days_ago(30),
        assessment="Fortsæt.",
        outcome="continue",
        next_follow_up_on=TODAY + dt.timedelta(days=30),
    )
    tasks = of_rule(intake.case, "samtale-foer-opfoelgning")
    assert [(t.status, t.is_pending) for t in tasks] == [("lapsed", False), ("open", True)]


# --- the child's wish ------------------------------------------------------------------------


def test_a_decision_that_follows_the_wish_only_in_part_needs_the_explanation(world):
    intake = report(world)
    with pytest.raises(ValidationError) as error:
        decide(world, intake.case, on=days_ago(5), wish="partly", explanation_for_child="")
    assert set(error.value.message_dict) >= {"explanation_for_child"}
    with pytest.raises(ValidationError) as error:
        decide(
            world,
            intake.case,
            on=days_ago(5),
            wish="partly",
            explanation_how="",
            explanation_due_on=None,
        )
    assert set(error.value.message_dict) >= {"explanation_how", "explanation_due_on"}
    decision = decide(world, intake.case, on=days_ago(5), wish="partly")
    task = of_rule(intake.case, "forklaring-afgoerelse-delvis")[0]
    assert (task.trigger_ref, task.due_date) == (decision.ref, days_ago(2))
    assert of_rule(intake.case, "forklaring-afgoerelse") == []
    steps.explanation_deliver(
        actor=world.assigned_caseworker, decision=decision, delivered_on=days_ago(3), how="Samtale"
    )
    assert of_rule(intake.case, "forklaring-afgoerelse-delvis")[0].status == "met"


# --- § 20 stk. 1 nr. 2: abuse goes to a BFU ----------------------------------------------------


@pytest.mark.parametrize("outcome", ["afdaekning", "early_preventive", "close"])
def test_a_report_of_abuse_can_only_be_screened_to_a_child_welfare_investigation(world, outcome):
    intake = report(world, abuse=True)
    with pytest.raises(ValidationError) as error:
        steps.screening_record(
            actor=world.assigned_caseworker,
            case=intake.case,
            screened_on=days_ago(110),
            information_weighted="Oplysninger.",
            assessment="Vurdering.",
            outcome=outcome,
        )
    assert "§ 20, stk. 1, nr. 2" in error.value.message_dict["outcome"][0]
    assert not intake.case.screenings.exists()
    assert bfu(world, intake.case, on=days_ago(110)).kind == "bfu"


# --- one rule for the time of a day-only step ------------------------------------------------


class _Clock:
    """The wall clock at the moment a step is typed (the service must not depend on it)."""

    def __init__(self, monkeypatch):
        self.at = timezone.now()
        real_localtime = timezone.localtime
        monkeypatch.setattr(timezone, "now", lambda: self.at)
        monkeypatch.setattr(
            timezone,
            "localtime",
            lambda value=None, tz=None: real_localtime(value or self.at, tz),
        )

    def set(self, hour: int) -> None:
        today = timezone.localdate(timezone.now())
        self.at = timezone.make_aware(dt.datetime.combine(today, dt.time(hour, 0)))


def test_a_plan_and_a_47_decision_on_the_same_past_day_agree_in_guard_and_engine(
    world, monkeypatch
):
    """The plan is typed one afternoon, the § 47 decision the next morning, both dated the
    same past day. The guard lets it through (the plan is made on the decision day), so the
    engine must not show a permanent breach of plan-foer-47."""
    clock = _Clock(monkeypatch)
    intake = report(world)
    day = days_ago(20)
    clock.set(15)
    steps.plan_make(
        actor=world.assigned_caseworker,
        case=intake.case,
        kind="barnets_plan",
        made_on=day,
        summary="Mål.",
    )
    clock.set(9)
    decide(
        world,
        intake.case,
        on=day,
        paragraph="47",
        wish="against",
        provisional_reason="",
    )
    duty = of_rule(intake.case, "plan-foer-47")[0]
    assert (duty.status, duty.is_pending) == ("met", False)


STEPS_OF_ONE_DAY = ("receipt", "conversation", "rights", "plan")


def _type(world, case, intake, step: str, day: dt.date) -> None:
    actor = world.assigned_caseworker
    if step == "receipt":
        steps.intake_send_receipt(actor=actor, intake=intake, sent_on=day)
    elif step == "conversation":
        voice.conversation_hold(
            actor=actor, case=case, happened_on=day, methods=["talk"], about_ref=intake.ref
        )
    elif step == "rights":
        voice.rights_inform(
            actor=actor,
            child=case.child,
            case=case,
            topics=["involvement"],
            method="conversation",
            given_on=day,
        )
    else:
        steps.plan_make(actor=actor, case=case, kind="barnets_plan", made_on=day, summary="Mål.")


def _duties(case) -> list[tuple]:
    """The case's duties without the record ids, which differ from one run to the next."""
    return sorted(
        (o.rule_id, o.trigger_ref.split(":")[0], o.due_date, o.status, o.met_by_ref.split(":")[0])
        for o in Obligation.objects.filter(case=case)
    )


def test_entering_the_same_dated_steps_in_any_order_of_typing_gives_the_same_duties(
    world, monkeypatch
):
    clock = _Clock(monkeypatch)
    day = days_ago(30)
    orders = list(itertools.permutations(STEPS_OF_ONE_DAY))
    rng = random.Random(12)
    results = set()
    for index, order in enumerate([orders[0], orders[-1], *rng.sample(orders[1:-1], 4)]):
        child = make_child(world.municipality, first_name=f"Barn{index}")
        make_case(child, world.team, world.assigned_caseworker, opened_on=days_ago(40))
        clock.set(12)
        intake = report(world, child=child, received=timezone.now() - dt.timedelta(days=35))
        # A new § 32 decision is an occasion for the rights task: dated the same day.
        decide(world, intake.case, on=day)
        for hour, step in zip(rng.sample(range(8, 20), len(order)), order, strict=True):
            clock.set(hour)  # typed at another time of day each time
            _type(world, intake.case, intake, step, day)
        results.add(tuple(_duties(intake.case)))
    assert len(results) == 1
    duties = {row[0]: row for row in next(iter(results))}
    # What the day's steps meet, met whatever the order: the rights told on the decision day
    # and the plan made on it count for the decision.
    assert duties["rettigheder"][3] == "met"
    assert duties["plan-3-maaneder"][3] == "met"
    assert duties["kvittering-6-hverdage"][3] == "met"


# --- § 95 stk. 2 nr. 1 and § 108 stk. 3 through the services ------------------------------------


def test_the_first_follow_up_falls_due_when_the_parallel_investigation_is_finished(world):
    actor = world.assigned_caseworker
    intake = report(world)
    investigation = bfu(world, intake.case, on=days_ago(110))
    decision = decide(world, intake.case, on=days_ago(100))
    steps.measure_start(
        actor=actor,
        decision=decision,
        description="Støtte under undersøgelsen",
        started_on=days_ago(100),
        parallel_investigation_ends_on=days_ago(100) + dt.timedelta(days=70),
    )
    assert of_rule(intake.case, "opfoelgning-foerste")[0].due_date == days_ago(30)
    complete(world, investigation, on=days_ago(60), child_view="Det er fint.")
    assert of_rule(intake.case, "opfoelgning-foerste")[0].due_date == days_ago(60)


def test_the_ungeplan_of_a_youth_of_16_is_due_3_months_after_the_decision_never_started(world):
    youth = make_child(
        world.municipality, first_name="Ung", birth=TODAY.replace(year=TODAY.year - 17)
    )
    make_case(youth, world.team, world.assigned_caseworker, opened_on=days_ago(50))
    intake = report(world, child=youth, received=timezone.now() - dt.timedelta(days=45))
    decide(world, intake.case, on=days_ago(40))  # the measure never starts
    duty = of_rule(intake.case, "ungeplan-16")[0]
    decided = days_ago(40)
    assert (timezone.localdate(duty.started_at), duty.due_date) == (
        decided,
        add_calendar_months(decided, 3),
    )
