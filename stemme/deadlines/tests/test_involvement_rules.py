"""The nine involvement rules (the child's voice, M3/M4) through ``derive_obligations``.

Table-driven like test_engine.py: each row is a case history, a moment and the expected
obligation. Dates: 5 January 2026 is a Monday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemme.deadlines.calendar import COPENHAGEN
from stemme.deadlines.engine import Status, derive_obligations
from stemme.deadlines.facts import CaseFacts, Fact
from stemme.deadlines.rules import RULES_BY_ID, RuleConfig, RuleOverride, Unit, Verification

from .test_engine import eod, f, make_case, of_rule, one, report, run, t

INVOLVEMENT = (
    "samtale-underretning",
    "samtale-undersoegelse",
    "samtale-indsats",
    "samtale-foer-opfoelgning",
    "forklaring-afgoerelse",
    "forklaring-afgoerelse-delvis",
    "moede-dagsorden",
    "moede-opsummering",
    "rettigheder",
    "overdragelse-brev",
)


def talk(when: str, ref: str = "conversation:1", *, alone: bool = True, **attrs) -> Fact:
    return f("conversation.held", when, ref, alone=alone, **attrs)


def omitted(when: str, about: str, ref: str = "conversation:9", rule: str = "") -> Fact:
    return f("conversation.omitted", when, ref, about=about, rule=rule, reason="age")


def decision(
    when: str,
    ref: str = "decision:1",
    *,
    against: bool,
    due_on: str | None = None,
    wish: str | None = None,
):
    return f(
        "decision.made",
        when,
        ref,
        paragraph="52",
        against_child_wish=against,
        child_wish=wish or ("against" if against else "followed"),
        explanation_due_on=due_on,
    )


def planned(when: str, due_on: str, ref: str = "meeting:1") -> Fact:
    return Fact("meeting.planned", t(when), ref, {"due_on": due_on, "kind": "network"})


def scheduled(when: str, due_on: str | None, ref: str = "startup:1#next") -> Fact:
    return f("follow_up.scheduled", when, ref, due_on=due_on)


def occasion(when: str, ref: str = "case:1#start", kind: str = "case_start") -> Fact:
    return f("rights.occasion", when, ref, occasion=kind)


def informed(when: str, ref: str = "rights:1", *, to_child: bool = True) -> Fact:
    return f("rights.informed", when, ref, topics=["involvement"], to_child=to_child)


def test_the_involvement_rules_are_guidance():
    for rule_id in INVOLVEMENT:
        assert RULES_BY_ID[rule_id].verification is Verification.GUIDANCE


# --- triggers and due dates ------------------------------------------------------------

# (rule, trigger facts, expected trigger_ref, started_at, due_at)
DUE = [
    # Calendar days after the trigger, due at the end of the day.
    ("samtale-underretning", [report("2026-01-05 09:00")], "underretning:1", "2026-01-12"),
    (
        "samtale-undersoegelse",
        [f("bfu.started", "2026-01-05 09:00", "bfu:1")],
        "bfu:1",
        "2026-01-19",
    ),
    (
        "samtale-indsats",
        [f("measure.started", "2026-01-05 09:00", "measure:1", decision="decision:1")],
        "measure:1",
        "2026-01-19",
    ),
    ("rettigheder", [occasion("2026-01-05 09:00")], "case:1#start", "2026-01-19"),
    # Working days: Friday 9 January + 5 working days = Friday 16 January.
    (
        "moede-opsummering",
        [f("meeting.held", "2026-01-09 14:00", "meeting:1")],
        "meeting:1",
        "2026-01-16",
    ),
    # Over Easter 2026 (Thu 2, Fri 3 and Mon 6 April are holidays): Wed 1 April + 5 working
    # days = Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 April.
    (
        "overdragelse-brev",
        [f("caseworker.changed", "2026-04-01 10:00", "handover:1", **{"from": "a", "to": "b"})],
        "handover:1",
        "2026-04-13",
    ),
    # by_date: on the follow-up day itself (0 days before).
    (
        "samtale-foer-opfoelgning",
        [scheduled("2026-01-05 09:00", "2026-03-02")],
        "startup:1#next",
        "2026-03-02",
    ),
    # by_date: the explanation date recorded with the decision.
    (
        "forklaring-afgoerelse",
        [decision("2026-01-05 09:00", against=True, due_on="2026-01-20")],
        "decision:1",
        "2026-01-20",
    ),
    # by_date: 2 calendar days before the meeting.
    ("moede-dagsorden", [planned("2026-01-05 09:00", "2026-01-20")], "meeting:1", "2026-01-18"),
    # by_date without a date: due at the end of the day the task arose.
    (
        "samtale-foer-opfoelgning",
        [scheduled("2026-01-05 09:00", None)],
        "startup:1#next",
        "2026-01-05",
    ),
    (
        "forklaring-afgoerelse",
        [decision("2026-01-05 09:00", against=True)],
        "decision:1",
        "2026-01-05",
    ),
    # by_date never before the day the task arose: a meeting tomorrow, an explanation date
    # in the past.
    ("moede-dagsorden", [planned("2026-01-05 09:00", "2026-01-06")], "meeting:1", "2026-01-05"),
    (
        "forklaring-afgoerelse",
        [decision("2026-01-05 09:00", against=True, due_on="2025-12-01")],
        "decision:1",
        "2026-01-05",
    ),
    # In part against the wish: a task of its own, labelled for what it is, due on the
    # explanation date (without one, on the decision's day).
    (
        "forklaring-afgoerelse-delvis",
        [decision("2026-01-05 09:00", against=False, wish="partly", due_on="2026-01-09")],
        "decision:1",
        "2026-01-09",
    ),
    (
        "forklaring-afgoerelse-delvis",
        [decision("2026-01-05 09:00", against=False, wish="partly")],
        "decision:1",
        "2026-01-05",
    ),
]


def test_a_partly_followed_wish_is_not_labelled_against_and_an_against_one_not_partly():
    partly = run(
        make_case(decision("2026-01-05 09:00", against=False, wish="partly")), "2026-01-06"
    )
    assert [o.rule_id for o in partly if o.rule_id.startswith("forklaring")] == [
        "forklaring-afgoerelse-delvis"
    ]
    against = run(make_case(decision("2026-01-05 09:00", against=True)), "2026-01-06")
    assert [o.rule_id for o in against if o.rule_id.startswith("forklaring")] == [
        "forklaring-afgoerelse"
    ]
    # A wish followed in full needs no explanation task, even with a date typed in.
    followed = decision("2026-01-05 09:00", against=False, due_on="2026-01-09")
    assert not [o for o in run(make_case(followed), "2026-01-06") if "forklaring" in o.rule_id]


@pytest.mark.parametrize(("rule_id", "facts", "trigger_ref", "due"), DUE)
def test_trigger_and_due_date(rule_id, facts, trigger_ref, due):
    obligation = one(run(make_case(*facts), facts[0].at), rule_id)
    assert obligation.trigger_ref == trigger_ref
    assert obligation.started_at == facts[0].at
    assert obligation.due_at == eod(due)
    assert obligation.status is Status.OPEN
    assert obligation.unit is RULES_BY_ID[rule_id].unit


@pytest.mark.parametrize(
    ("rule_id", "facts"),
    [
        (
            "forklaring-afgoerelse",
            [decision("2026-01-05 09:00", against=False)],
        ),
        (
            "forklaring-afgoerelse",
            [f("decision.made", "2026-01-05 09:00", "decision:1", paragraph="32")],
        ),
        # Rights: not below school age (born 1 June 2022: 3 years old).
        ("rettigheder", [occasion("2026-01-05 09:00")]),
        # Follow-up, meeting and handover tasks need their own trigger facts.
        ("samtale-foer-opfoelgning", [f("follow_up.held", "2026-01-05 09:00", "followup:1")]),
        ("moede-dagsorden", [f("meeting.held", "2026-01-05 09:00", "meeting:1")]),
    ],
)
def test_no_task_without_its_trigger_or_condition(rule_id, facts):
    assert of_rule(run(make_case(*facts, birth="2022-06-01"), "2026-02-01 00:00"), rule_id) == []


def test_rights_are_due_from_the_sixth_birthday():
    # Born 6 January 2020: 5 years old on 5 January 2026, 6 the next day.
    before = run(make_case(occasion("2026-01-05 09:00"), birth="2020-01-06"), "2026-01-07 00:00")
    on_the_day = run(
        make_case(occasion("2026-01-06 09:00", "decision:1", "decision"), birth="2020-01-06"),
        "2026-01-07 00:00",
    )
    assert of_rule(before, "rettigheder") == []
    assert one(on_the_day, "rettigheder").trigger_ref == "decision:1"


def test_an_occasion_while_the_child_is_still_untold_joins_the_open_task():
    """One telling answers every occasion before it, so an occasion that arises while the
    child has still not been told is part of the open task: the duty is shown once."""
    facts = (
        occasion("2026-01-05 09:00"),
        occasion("2026-03-02 10:00", "decision:1", "decision"),
        informed("2026-03-03 10:00"),
        occasion("2026-04-01 10:00", "plan:1", "plan"),
        occasion("2026-04-02 10:00", "decision:2", "decision"),
    )
    obligations = of_rule(run(make_case(*facts), "2026-05-01 00:00"), "rettigheder")
    assert [(o.trigger_ref, o.status, o.met_by_ref, o.met_late) for o in obligations] == [
        ("case:1#start", Status.MET, "rights:1", True),
        ("plan:1", Status.OVERDUE, None, False),
    ]
    # Told between the occasions: each occasion is its own task again.
    told = (*facts[:2], informed("2026-03-01 10:00"), *facts[2:])
    obligations = of_rule(run(make_case(*told), "2026-05-01 00:00"), "rettigheder")
    assert [o.trigger_ref for o in obligations] == ["case:1#start", "decision:1", "plan:1"]
    # A task waived (or ended by a closure) is no longer open: the next occasion is new.
    waived = (
        *facts[:1],
        f(
            "obligation.waived",
            "2026-02-01 10:00",
            "w:1",
            rule_id="rettigheder",
            trigger_ref="case:1#start",
            reason="x",
        ),
        *facts[1:2],
    )
    obligations = of_rule(run(make_case(*waived), "2026-05-01 00:00"), "rettigheder")
    assert [(o.trigger_ref, o.status) for o in obligations] == [
        ("case:1#start", Status.WAIVED),
        ("decision:1", Status.OVERDUE),
    ]


def test_an_occasion_recorded_twice_is_one_task():
    facts = (occasion("2026-01-05 09:00"), occasion("2026-01-07 09:00"))
    obligation = one(run(make_case(*facts), "2026-01-08 00:00"), "rettigheder")
    assert obligation.started_at == t("2026-01-05 09:00")


# --- what meets a task, and what does not ---------------------------------------------

REPORT = report("2026-01-05 09:00")
BFU = f("bfu.started", "2026-01-05 09:00", "bfu:1")
NEXT = scheduled("2026-01-05 09:00", "2026-03-02")
AGAINST = decision("2026-01-05 09:00", against=True, due_on="2026-01-20")
MEETING = planned("2026-01-05 09:00", "2026-01-20")
HELD = f("meeting.held", "2026-01-09 14:00", "meeting:1")
START = occasion("2026-01-05 09:00")
CHANGE = f("caseworker.changed", "2026-01-05 09:00", "handover:1", **{"from": "a", "to": "b"})

MET = [
    # (rule, trigger, answer, as_of, status, met_by, met_late)
    # samtale-underretning (due 12 January)
    (
        "samtale-underretning",
        REPORT,
        talk("2026-01-07 10:00"),
        "2026-02-01",
        Status.MET,
        "conversation:1",
        False,
    ),
    (
        "samtale-underretning",
        REPORT,
        talk("2026-01-07 10:00", alone=False),
        "2026-02-01",
        Status.MET,
        "conversation:1",
        False,
    ),
    (
        "samtale-underretning",
        REPORT,
        talk("2026-01-07 10:00", about="underretning:1", underretning="underretning:1"),
        "2026-02-01",
        Status.MET,
        "conversation:1",
        False,
    ),
    (
        "samtale-underretning",
        REPORT,
        talk("2026-01-14 10:00"),
        "2026-02-01",
        Status.MET,
        "conversation:1",
        True,
    ),
    (
        "samtale-underretning",
        REPORT,
        omitted("2026-01-06 10:00", "underretning:1"),
        "2026-02-01",
        Status.MET,
        "conversation:9",
        False,
    ),
    # ... a conversation about another task, an omission naming another task, a
    # conversation before the report: not met.
    (
        "samtale-underretning",
        REPORT,
        talk("2026-01-07 10:00", about="bfu:1"),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
    (
        "samtale-underretning",
        REPORT,
        talk("2026-01-07 10:00", underretning="underretning:2"),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
    (
        "samtale-underretning",
        REPORT,
        omitted("2026-01-06 10:00", "bfu:1"),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
    (
        "samtale-underretning",
        REPORT,
        talk("2026-01-05 08:59"),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
    (
        "samtale-underretning",
        REPORT,
        talk("2026-01-05 08:59"),
        "2026-01-12 23:00",
        Status.OPEN,
        None,
        False,
    ),
    # samtale-undersoegelse (due 19 January)
    (
        "samtale-undersoegelse",
        BFU,
        talk("2026-01-19 16:00", about="bfu:1"),
        "2026-02-01",
        Status.MET,
        "conversation:1",
        False,
    ),
    (
        "samtale-undersoegelse",
        BFU,
        omitted("2026-01-20 10:00", "bfu:1"),
        "2026-02-01",
        Status.MET,
        "conversation:9",
        True,
    ),
    (
        "samtale-undersoegelse",
        BFU,
        talk("2026-01-07 10:00", underretning="underretning:1"),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
    (
        "samtale-undersoegelse",
        BFU,
        omitted("2026-01-06 10:00", "measure:1"),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
    # samtale-foer-opfoelgning (due 2 March): only a conversation with the child alone
    (
        "samtale-foer-opfoelgning",
        NEXT,
        talk("2026-02-20 10:00"),
        "2026-04-01",
        Status.MET,
        "conversation:1",
        False,
    ),
    (
        "samtale-foer-opfoelgning",
        NEXT,
        talk("2026-03-03 10:00", about="startup:1#next"),
        "2026-04-01",
        Status.MET,
        "conversation:1",
        True,
    ),
    (
        "samtale-foer-opfoelgning",
        NEXT,
        talk("2026-02-20 10:00", alone=False),
        "2026-04-01",
        Status.OVERDUE,
        None,
        False,
    ),
    (
        "samtale-foer-opfoelgning",
        NEXT,
        talk("2026-02-20 10:00", about="measure:1"),
        "2026-04-01",
        Status.OVERDUE,
        None,
        False,
    ),
    (
        "samtale-foer-opfoelgning",
        NEXT,
        omitted("2026-02-20 10:00", "startup:1#next"),
        "2026-04-01",
        Status.MET,
        "conversation:9",
        False,
    ),
    (
        "samtale-foer-opfoelgning",
        NEXT,
        talk("2026-01-05 08:00"),
        "2026-04-01",
        Status.OVERDUE,
        None,
        False,
    ),
    (
        "samtale-foer-opfoelgning",
        NEXT,
        talk("2026-01-05 08:00"),
        "2026-03-02 23:00",
        Status.OPEN,
        None,
        False,
    ),
    # forklaring-afgoerelse (due 20 January)
    (
        "forklaring-afgoerelse",
        AGAINST,
        f(
            "explanation.delivered",
            "2026-01-15 10:00",
            "decision:1#explanation",
            about="decision:1",
            how="talk",
        ),
        "2026-02-01",
        Status.MET,
        "decision:1#explanation",
        False,
    ),
    (
        "forklaring-afgoerelse",
        AGAINST,
        f(
            "explanation.delivered",
            "2026-01-21 10:00",
            "decision:1#explanation",
            about="decision:1",
        ),
        "2026-02-01",
        Status.MET,
        "decision:1#explanation",
        True,
    ),
    (
        "forklaring-afgoerelse",
        AGAINST,
        f(
            "explanation.delivered",
            "2026-01-15 10:00",
            "decision:2#explanation",
            about="decision:2",
        ),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
    # moede-dagsorden (due 18 January)
    (
        "moede-dagsorden",
        MEETING,
        f("meeting.agenda_sent", "2026-01-12 10:00", "meeting:1#agenda", about="meeting:1"),
        "2026-02-01",
        Status.MET,
        "meeting:1#agenda",
        False,
    ),
    (
        "moede-dagsorden",
        MEETING,
        f("meeting.agenda_sent", "2026-01-19 10:00", "meeting:1#agenda", about="meeting:1"),
        "2026-02-01",
        Status.MET,
        "meeting:1#agenda",
        True,
    ),
    (
        "moede-dagsorden",
        MEETING,
        f("meeting.agenda_sent", "2026-01-12 10:00", "meeting:2#agenda", about="meeting:2"),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
    # moede-opsummering (due 16 January)
    (
        "moede-opsummering",
        HELD,
        f("meeting.summary_delivered", "2026-01-12 10:00", "meeting:1#summary", about="meeting:1"),
        "2026-02-01",
        Status.MET,
        "meeting:1#summary",
        False,
    ),
    (
        "moede-opsummering",
        HELD,
        f("meeting.summary_delivered", "2026-01-12 10:00", "meeting:2#summary", about="meeting:2"),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
    # rettigheder (due 19 January): told to the child, at or after the occasion
    (
        "rettigheder",
        START,
        informed("2026-01-06 10:00"),
        "2026-02-01",
        Status.MET,
        "rights:1",
        False,
    ),
    (
        "rettigheder",
        START,
        informed("2026-01-20 10:00"),
        "2026-02-01",
        Status.MET,
        "rights:1",
        True,
    ),
    ("rettigheder", START, informed("2026-01-04 10:00"), "2026-02-01", Status.OVERDUE, None, False),
    (
        "rettigheder",
        START,
        informed("2026-01-06 10:00", to_child=False),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
    # overdragelse-brev (due 12 January)
    (
        "overdragelse-brev",
        CHANGE,
        f("handover.letter_sent", "2026-01-08 10:00", "handover:1#letter", about="handover:1"),
        "2026-02-01",
        Status.MET,
        "handover:1#letter",
        False,
    ),
    (
        "overdragelse-brev",
        CHANGE,
        f("handover.letter_sent", "2026-01-08 10:00", "handover:2#letter", about="handover:2"),
        "2026-02-01",
        Status.OVERDUE,
        None,
        False,
    ),
]


@pytest.mark.parametrize(("rule_id", "trigger", "answer", "as_of", "status", "met_by", "late"), MET)
def test_what_meets_the_task(rule_id, trigger, answer, as_of, status, met_by, late):
    as_of = as_of if " " in as_of else f"{as_of} 00:00"
    obligation = one(run(make_case(trigger, answer), as_of), rule_id)
    assert (obligation.status, obligation.met_by_ref, obligation.met_late) == (status, met_by, late)
    if met_by is not None:
        assert obligation.met_at == answer.at


def test_an_untied_conversation_meets_every_conversation_task_open_at_the_time():
    facts = (
        REPORT,
        BFU,
        f("measure.started", "2026-01-06 09:00", "measure:1", decision="decision:1"),
        talk("2026-01-08 10:00", alone=False),
    )
    obligations = run(make_case(*facts), "2026-02-01 00:00")
    for rule_id in ("samtale-underretning", "samtale-undersoegelse", "samtale-indsats"):
        assert one(obligations, rule_id).met_by_ref == "conversation:1"


def test_overdue_only_after_the_due_day_and_a_closure_before_it_lapses_the_task():
    assert one(run(make_case(REPORT), "2026-01-12 23:59"), "samtale-underretning").status is (
        Status.OPEN
    )
    assert one(run(make_case(REPORT), "2026-01-13 00:00"), "samtale-underretning").status is (
        Status.OVERDUE
    )
    closed = f("case.closed", "2026-01-08 10:00", "closure:1")
    assert one(
        run(make_case(REPORT, closed), "2026-02-01 00:00"), "samtale-underretning"
    ).status is (Status.LAPSED)


def test_a_task_can_be_waived_like_any_obligation():
    waiver = f(
        "obligation.waived",
        "2026-01-06 10:00",
        "waiver:1",
        rule_id="samtale-underretning",
        trigger_ref="underretning:1",
        reason="The child was interviewed by the police the same day",
    )
    obligation = one(run(make_case(REPORT, waiver), "2026-02-01 00:00"), "samtale-underretning")
    assert obligation.status is Status.WAIVED
    assert obligation.waived_reason == "The child was interviewed by the police the same day"


# --- by_date: moving and cancelling ----------------------------------------------------


def test_moving_a_meeting_re_dates_the_single_task_and_an_early_agenda_still_counts():
    moved = planned("2026-01-10 09:00", "2026-02-03")
    obligation = one(run(make_case(MEETING, moved), "2026-01-25 00:00"), "moede-dagsorden")
    assert obligation.trigger_ref == "meeting:1"
    assert obligation.started_at == t("2026-01-05 09:00")  # when the task arose
    assert obligation.due_at == eod("2026-02-01")
    assert obligation.status is Status.OPEN  # was due 18 January before the move

    agenda = f("meeting.agenda_sent", "2026-01-08 10:00", "meeting:1#agenda", about="meeting:1")
    obligation = one(run(make_case(MEETING, agenda, moved), "2026-02-10 00:00"), "moede-dagsorden")
    assert (obligation.status, obligation.met_by_ref, obligation.met_late) == (
        Status.MET,
        "meeting:1#agenda",
        False,
    )


def test_moving_a_meeting_earlier_can_make_the_task_overdue():
    moved = planned("2026-01-06 09:00", "2026-01-09")
    obligation = one(run(make_case(MEETING, moved), "2026-01-08 00:00"), "moede-dagsorden")
    assert obligation.due_at == eod("2026-01-07")
    assert obligation.status is Status.OVERDUE


def test_the_facts_as_of_a_moment_give_the_date_known_then():
    moved = planned("2026-01-10 09:00", "2026-02-03")
    before_the_move = one(run(make_case(MEETING, moved), "2026-01-09 00:00"), "moede-dagsorden")
    assert before_the_move.due_at == eod("2026-01-18")


def test_rescheduling_a_follow_up_keeps_one_task():
    later = scheduled("2026-02-01 09:00", "2026-04-06")
    obligation = one(run(make_case(NEXT, later), "2026-03-10 00:00"), "samtale-foer-opfoelgning")
    assert obligation.due_at == eod("2026-04-06")
    assert obligation.status is Status.OPEN


def test_cancelling_a_meeting_lapses_its_agenda_task():
    cancelled = f("meeting.cancelled", "2026-01-12 10:00", "meeting:1")
    obligation = one(run(make_case(MEETING, cancelled), "2026-02-01 00:00"), "moede-dagsorden")
    assert obligation.status is Status.LAPSED
    # Cancelling another meeting changes nothing.
    other = f("meeting.cancelled", "2026-01-12 10:00", "meeting:2")
    obligation = one(run(make_case(MEETING, other), "2026-02-01 00:00"), "moede-dagsorden")
    assert obligation.status is Status.OVERDUE


def test_a_cancelled_meeting_planned_again_has_a_live_task():
    cancelled = f("meeting.cancelled", "2026-01-12 10:00", "meeting:1")
    again = planned("2026-01-14 10:00", "2026-02-10")
    facts = make_case(MEETING, cancelled, again)
    assert one(run(facts, "2026-02-01 00:00"), "moede-dagsorden").status is Status.OPEN
    assert one(run(facts, "2026-02-09 00:00"), "moede-dagsorden").status is Status.OVERDUE


def test_cancelling_after_the_agenda_was_due_leaves_the_task_overdue():
    # Like every obligation: the duty ended only after it fell due, so it stays a failure.
    cancelled = f("meeting.cancelled", "2026-01-19 10:00", "meeting:1")
    obligation = one(run(make_case(MEETING, cancelled), "2026-02-01 00:00"), "moede-dagsorden")
    assert obligation.status is Status.OVERDUE


def test_two_plannings_at_the_same_instant_give_the_same_answer_in_any_order():
    a = planned("2026-01-05 09:00", "2026-01-20")
    b = planned("2026-01-05 09:00", "2026-01-27")
    forwards = one(run(make_case(a, b), "2026-01-06 00:00"), "moede-dagsorden")
    backwards = one(run(make_case(b, a), "2026-01-06 00:00"), "moede-dagsorden")
    assert forwards == backwards
    assert forwards.due_at == eod("2026-01-25")


# --- configuration ---------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", INVOLVEMENT)
def test_a_municipality_can_switch_each_involvement_rule_off(rule_id):
    facts = make_case(
        REPORT,
        BFU,
        f("measure.started", "2026-01-05 10:00", "measure:1", decision="decision:1"),
        NEXT,
        AGAINST,
        decision("2026-01-05 09:00", "decision:2", against=False, wish="partly"),
        MEETING,
        HELD,
        START,
        CHANGE,
    )
    everything = run(facts, "2026-01-10 00:00")
    assert {o.rule_id for o in everything} >= set(INVOLVEMENT)
    config = RuleConfig(overrides={rule_id: RuleOverride(enabled=False)})
    switched_off = run(facts, "2026-01-10 00:00", config)
    assert of_rule(switched_off, rule_id) == []
    assert [o for o in everything if o.rule_id != rule_id] == switched_off


@pytest.mark.parametrize(
    ("rule_id", "trigger", "duration", "due"),
    [
        ("samtale-underretning", REPORT, 3, "2026-01-08"),
        ("moede-dagsorden", MEETING, 5, "2026-01-15"),  # 5 days before 20 January
        ("moede-opsummering", HELD, 2, "2026-01-13"),  # 2 working days after Friday
    ],
)
def test_a_municipality_can_change_a_duration(rule_id, trigger, duration, due):
    config = RuleConfig(overrides={rule_id: RuleOverride(duration=duration)})
    obligation = one(run(make_case(trigger), trigger.at, config), rule_id)
    assert obligation.due_at == eod(due)


@pytest.mark.parametrize("rule_id", ["samtale-foer-opfoelgning", "forklaring-afgoerelse"])
def test_tasks_due_on_their_own_date_cannot_get_a_duration(rule_id):
    with pytest.raises(ValueError, match="cannot be overridden"):
        RuleConfig(overrides={rule_id: RuleOverride(duration=3)})


def test_by_date_rules_count_calendar_days():
    for rule_id in ("samtale-foer-opfoelgning", "forklaring-afgoerelse", "moede-dagsorden"):
        assert RULES_BY_ID[rule_id].unit is Unit.CALENDAR_DAYS
        assert RULES_BY_ID[rule_id].schedule == "by_date"


# --- property: by_date is never due before the day the task arose ----------------------

_START = datetime(2026, 1, 1, tzinfo=UTC)


@st.composite
def meeting_histories(draw):
    facts = []
    for index in range(draw(st.integers(1, 12))):
        minutes = draw(st.integers(0, 60 * 24 * 120))
        at = (_START + timedelta(minutes=minutes)).astimezone(COPENHAGEN)
        ref = f"meeting:{draw(st.integers(1, 3))}"
        kind = draw(st.sampled_from(["planned", "planned", "planned", "cancelled", "agenda"]))
        if kind == "planned":
            due_on = at.date() + timedelta(days=draw(st.integers(-10, 60)))
            facts.append(Fact("meeting.planned", at, ref, {"due_on": due_on.isoformat()}))
        elif kind == "cancelled":
            facts.append(Fact("meeting.cancelled", at, ref))
        else:
            facts.append(Fact("meeting.agenda_sent", at, f"{ref}#agenda:{index}", {"about": ref}))
    as_of = _START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 200)))
    return CaseFacts("case:1", "child:1", date(2014, 5, 5), None, tuple(facts)), as_of


@settings(max_examples=150, deadline=None)
@given(history=meeting_histories(), duration=st.integers(1, 10))
def test_by_date_is_one_task_per_ref_never_due_before_it_arose(history, duration):
    case, as_of = history
    config = RuleConfig(overrides={"moede-dagsorden": RuleOverride(duration=duration)})
    obligations = of_rule(derive_obligations(case, as_of=as_of, config=config), "moede-dagsorden")
    planned_refs = {
        fact.ref for fact in case.facts if fact.kind == "meeting.planned" and fact.at <= as_of
    }
    assert sorted(o.trigger_ref for o in obligations) == sorted(planned_refs)
    for obligation in obligations:
        assert obligation.due_date >= obligation.started_at.date()
        first = min(
            fact.at
            for fact in case.facts
            if fact.kind == "meeting.planned" and fact.ref == obligation.trigger_ref
        )
        assert obligation.started_at == first
        if obligation.met_at is not None:
            assert obligation.met_at >= obligation.started_at
