"""Issue 12 §3 in the pure engine: § 108 stk. 3, § 95 stk. 2 nr. 1, ungestøtte under §§ 114-116
and 120, § 143, the complaint chain and aktindsigt, tasks whose occasion has passed, and the
properties "one open duty per rule and trigger" and "same dated steps, same duties"."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemme.deadlines.calendar import COPENHAGEN, end_of_day
from stemme.deadlines.engine import Status, derive_obligations
from stemme.deadlines.facts import CaseFacts, Fact
from stemme.deadlines.rules import RULES_BY_ID, RuleConfig, RuleOverride, Verification

from .test_engine import eod, f, make_case, of_rule, one, report, run, t
from .test_engine_properties import synthetic_case


def decision(when: str, paragraph: str, ref: str = "decision:1", **attrs) -> Fact:
    return f("decision.made", when, ref, paragraph=paragraph, **attrs)


def measure(when: str, ref: str = "measure:1", decision_ref: str = "decision:1", **attrs) -> Fact:
    return f(
        "measure.started", when, ref, **({"decision": decision_ref, "placement": False} | attrs)
    )


# --- § 108 stk. 3 -----------------------------------------------------------------------------

YOUTH = "2009-03-15"  # 16 on 15 March 2025


def test_ungeplan_for_a_youth_already_16_is_due_3_months_after_the_decision():
    case = make_case(decision("2026-01-10 10:00", "32"), measure("2026-03-01 10:00"), birth=YOUTH)
    duty = one(run(case, "2026-06-01 00:00"), "ungeplan-16")
    assert (duty.trigger_ref, duty.started_at, duty.due_at) == (
        "decision:1#birthday:16",
        t("2026-01-10 10:00"),
        eod("2026-04-10"),
    )


def test_ungeplan_is_due_also_when_the_measure_never_starts():
    case = make_case(decision("2026-01-10 10:00", "46"), birth=YOUTH)
    duty = one(run(case, "2026-06-01 00:00"), "ungeplan-16")
    assert (duty.due_at, duty.status) == (eod("2026-04-10"), Status.OVERDUE)
    made = make_case(
        decision("2026-01-10 10:00", "46"),
        f("plan.made", "2026-02-01 10:00", "plan:1", ungeplan=True),
        birth=YOUTH,
    )
    assert one(run(made, "2026-06-01 00:00"), "ungeplan-16").status is Status.MET


def test_ungeplan_decided_before_16_runs_from_the_birthday():
    case = make_case(decision("2024-12-01 10:00", "32"), measure("2025-05-01 10:00"), birth=YOUTH)
    duty = one(run(case, "2025-09-01 00:00"), "ungeplan-16")
    assert (duty.started_at, duty.due_at) == (t("2025-03-15 00:00"), eod("2025-06-15"))


def test_an_early_preventive_decision_alone_starts_no_ungeplan_duty():
    case = make_case(decision("2026-01-10 10:00", "30"), birth=YOUTH)
    assert of_rule(run(case, "2026-06-01 00:00"), "ungeplan-16") == []


# --- § 95 stk. 2 nr. 1 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "due"),
    [
        # Expected end 30 June, finished 20 April: due 20 April.
        ([f("bfu.completed", "2026-04-20 10:00", "bfu:1")], "2026-04-20"),
        # Finished after the 3 months: the 3 months stand.
        ([f("bfu.completed", "2026-06-20 10:00", "bfu:1")], "2026-06-01"),
        # Not finished yet: the expected end (later than 3 months here) gives way to 3 months.
        ([], "2026-06-01"),
        # Another investigation finishing does not count when the parallel one is named.
        ([f("bfu.completed", "2026-04-20 10:00", "bfu:2")], "2026-06-01"),
    ],
)
def test_first_follow_up_falls_due_when_the_parallel_investigation_is_finished(facts, due):
    case = make_case(
        f("bfu.started", "2026-02-01 10:00", "bfu:1"),
        measure(
            "2026-03-01 10:00",
            parallel_investigation_ends_on="2026-06-30",
            parallel_investigation="bfu:1",
        ),
        *facts,
    )
    assert one(run(case, "2026-07-01 00:00"), "opfoelgning-foerste").due_at == eod(due)


def test_first_follow_up_without_a_named_investigation_uses_the_first_one_finished():
    case = make_case(
        measure("2026-03-01 10:00", parallel_investigation_ends_on="2026-05-30"),
        f("bfu.completed", "2026-04-02 10:00", "bfu:1"),
    )
    assert one(run(case, "2026-07-01 00:00"), "opfoelgning-foerste").due_at == eod("2026-04-02")


def test_a_bfu_still_running_when_the_measure_starts_runs_alongside_it():
    """The start need not say so: a BFU started before the measure and finished after it is
    the parallel investigation, and its end brings the first follow-up forward."""
    running = make_case(
        f("bfu.started", "2026-02-01 10:00", "bfu:1"),
        measure("2026-03-01 10:00"),
        f("bfu.completed", "2026-04-15 10:00", "bfu:1"),
    )
    assert one(run(running, "2026-07-01 00:00"), "opfoelgning-foerste").due_at == eod("2026-04-15")
    finished_before = make_case(
        f("bfu.started", "2026-01-05 10:00", "bfu:1"),
        f("bfu.completed", "2026-02-20 10:00", "bfu:1"),
        measure("2026-03-01 10:00"),
    )
    due = one(run(finished_before, "2026-07-01 00:00"), "opfoelgning-foerste").due_at
    assert due == eod("2026-06-01")


# --- ungestøtte: §§ 114-116 and 120, refusals included ----------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "attrs", "status"),
    [
        ("114", {}, Status.MET),
        ("115", {}, Status.MET),
        ("116", {}, Status.MET),
        ("120", {}, Status.MET),
        ("114", {"refused": True}, Status.MET),  # a refusal is a decision on ungestøtte
        ("32", {}, Status.OVERDUE),
    ],
)
def test_ungestoette_is_met_by_a_decision_under_114_to_116_or_120(paragraph, attrs, status):
    case = make_case(
        decision("2026-01-05 10:00", "46"),
        f(
            "measure.started",
            "2026-01-05 10:00",
            "measure:1",
            decision="decision:1",
            placement=True,
        ),
        decision("2026-10-01 10:00", paragraph, "decision:2", **attrs),
        birth="2009-06-15",
    )
    duty = one(run(case, "2027-01-01 00:00"), "ungestoette-18")
    assert (duty.due_at, duty.status) == (eod("2026-12-15"), status)


# --- § 143, the complaint chain and aktindsigt: switchable, with their sources ----------------

NEW_RULES = ("foreloebig-143-buu", "klagefrist-4-uger", "klage-genvurdering-4-uger",
             "aktindsigt-7-hverdage")  # fmt: skip


@pytest.mark.parametrize("rule_id", NEW_RULES)
def test_the_new_rules_are_switchable_and_say_where_they_come_from(rule_id):
    rule = RULES_BY_ID[rule_id]
    assert rule.verification is not Verification.LAW
    assert "unverified" in rule.note or "secondary" in rule.note
    RuleConfig(overrides={rule_id: RuleOverride(enabled=False)})  # may be switched off


def test_a_provisional_decision_goes_before_the_committee_within_7_days():
    case = make_case(decision("2026-03-02 10:00", "143"))
    duty = one(run(case, "2026-03-03 00:00"), "foreloebig-143-buu")
    assert (duty.due_at, duty.status) == (eod("2026-03-09"), Status.OPEN)
    approved = make_case(
        decision("2026-03-02 10:00", "143"), decision("2026-03-06 10:00", "47", "decision:2")
    )
    duty = one(run(approved, "2026-04-01 00:00"), "foreloebig-143-buu")
    assert (duty.status, duty.met_by_ref) == (Status.MET, "decision:2")
    off = RuleConfig(overrides={"foreloebig-143-buu": RuleOverride(enabled=False)})
    assert of_rule(run(case, "2026-03-03 00:00", off), "foreloebig-143-buu") == []


def test_the_complaint_chain_4_weeks_to_complain_and_4_weeks_to_reconsider():
    notified = f("decision.notified", "2026-03-02 10:00", "decision:1#notified", about="decision:1")
    quiet = make_case(notified)
    window = one(run(quiet, "2026-03-10 00:00"), "klagefrist-4-uger")
    assert (window.due_at, window.status) == (eod("2026-03-30"), Status.OPEN)
    # Nobody complained: the period ran out; nothing was owed, so it is not overdue.
    assert one(run(quiet, "2026-04-10 00:00"), "klagefrist-4-uger").status is Status.LAPSED

    complained = make_case(
        notified,
        f("complaint.received", "2026-03-20 10:00", "complaint:1", about="decision:1"),
        f("complaint.reconsidered", "2026-04-10 10:00", "reconsider:1", about="complaint:1"),
    )
    obligations = run(complained, "2026-05-01 00:00")
    assert one(obligations, "klagefrist-4-uger").met_by_ref == "complaint:1"
    reconsider = one(obligations, "klage-genvurdering-4-uger")
    assert (reconsider.due_at, reconsider.status, reconsider.met_by_ref) == (
        eod("2026-04-17"),
        Status.MET,
        "reconsider:1",
    )


def test_aktindsigt_is_answered_within_7_working_days():
    case = make_case(f("access_request.received", "2026-03-27 10:00", "access:1"))
    duty = one(run(case, "2026-04-01 00:00"), "aktindsigt-7-hverdage")
    # Friday 27 March 2026: 7 working days, Easter (2, 3 and 6 April) not counted.
    assert duty.due_at == eod("2026-04-10")
    answered = make_case(
        f("access_request.received", "2026-03-27 10:00", "access:1"),
        f("access_request.answered", "2026-04-08 10:00", "answer:1", about="access:1"),
    )
    assert one(run(answered, "2026-05-01 00:00"), "aktindsigt-7-hverdage").status is Status.MET


# --- a task whose occasion has passed is met, lapsed or waived, never left open ---------------


def test_the_investigations_conversation_task_lapses_when_it_finishes_even_if_overdue():
    case = make_case(
        f("bfu.started", "2026-01-05 10:00", "bfu:1"),
        f("bfu.completed", "2026-03-01 10:00", "bfu:1", child_heard=False),
    )
    assert one(run(case, "2026-02-01 00:00"), "samtale-undersoegelse").status is Status.OVERDUE
    assert one(run(case, "2026-04-01 00:00"), "samtale-undersoegelse").status is Status.LAPSED
    heard = make_case(
        f("bfu.started", "2026-01-05 10:00", "bfu:1"),
        f("bfu.completed", "2026-03-01 10:00", "bfu:1", child_heard=True),
    )
    duty = one(run(heard, "2026-04-01 00:00"), "samtale-undersoegelse")
    assert (duty.status, duty.met_by_ref, duty.met_late) == (Status.MET, "bfu:1", True)


def test_a_conversation_after_the_occasion_does_not_meet_it():
    case = make_case(
        f("bfu.started", "2026-01-05 10:00", "bfu:1"),
        f("bfu.completed", "2026-03-01 10:00", "bfu:1"),
        f("conversation.held", "2026-03-05 10:00", "conversation:1", alone=True),
    )
    assert one(run(case, "2026-04-01 00:00"), "samtale-undersoegelse").status is Status.LAPSED


def test_the_talk_before_the_follow_up_ends_with_the_follow_up():
    case = make_case(
        f("follow_up.scheduled", "2026-01-05 10:00", "startup:1#next", due_on="2026-03-02"),
        f("follow_up.held", "2026-03-10 10:00", "followup:1", talked_with_child_alone=False),
        f("follow_up.scheduled", "2026-03-10 10:00", "followup:1#next", due_on="2026-06-01"),
    )
    obligations = of_rule(run(case, "2026-04-01 00:00"), "samtale-foer-opfoelgning")
    assert [(o.trigger_ref, o.status) for o in obligations] == [
        ("startup:1#next", Status.LAPSED),
        ("followup:1#next", Status.OPEN),
    ]
    alone = make_case(
        f("follow_up.scheduled", "2026-01-05 10:00", "startup:1#next", due_on="2026-03-02"),
        f("follow_up.held", "2026-03-02 10:00", "followup:1", talked_with_child_alone=True),
        f("follow_up.scheduled", "2026-03-02 10:00", "followup:1#next", due_on="2026-06-01"),
    )
    obligations = of_rule(run(alone, "2026-04-01 00:00"), "samtale-foer-opfoelgning")
    # The follow-up's checklist meets the task before it, never the one it schedules.
    assert [(o.trigger_ref, o.status, o.met_by_ref) for o in obligations] == [
        ("startup:1#next", Status.MET, "followup:1"),
        ("followup:1#next", Status.OPEN, None),
    ]


def test_the_conversation_at_the_measure_lapses_when_the_measure_ends():
    case = make_case(
        measure("2026-01-05 10:00"),
        f("measure.ended", "2026-03-01 10:00", "measure:1", decision="decision:1"),
    )
    assert one(run(case, "2026-04-01 00:00"), "samtale-indsats").status is Status.LAPSED


# --- properties -------------------------------------------------------------------------------


def _with_involvement(rng: random.Random, case: CaseFacts) -> CaseFacts:
    """A synthetic case with rights occasions, tellings and follow-ups sprinkled in, some on
    the same day-only instant (the end of a day) as the case's own steps."""
    facts = list(case.facts)
    if not facts:
        return case
    moments = sorted(fact.at for fact in facts)
    extra = []
    for i in range(rng.randrange(0, 12)):
        base = rng.choice(moments)
        at = (
            end_of_day(base.astimezone(COPENHAGEN).date())
            if rng.random() < 0.5
            else base + timedelta(hours=rng.randrange(0, 24 * 40))
        )
        kind = rng.choice(
            ["rights.occasion", "rights.informed", "follow_up.scheduled", "follow_up.held"]
        )
        attrs: dict = {}
        ref = f"x{i}:{rng.randrange(3)}" if kind == "rights.occasion" else f"x{i}"
        if kind == "rights.informed":
            attrs = {"to_child": rng.random() < 0.8}
        elif kind == "follow_up.scheduled":
            ref = f"followup:{i}#next"
            attrs = {"due_on": (at + timedelta(days=rng.randrange(1, 90))).date().isoformat()}
        elif kind == "follow_up.held":
            ref = f"followup:{i}"
            attrs = {"talked_with_child_alone": rng.random() < 0.5}
        extra.append(Fact(kind=kind, at=at, ref=ref, attrs=attrs))
    return CaseFacts(
        case.case_ref, case.child_ref, case.child_birth_date, case.awareness_date,
        (*facts, *extra),
    )  # fmt: skip


PENDING = (Status.OPEN, Status.OVERDUE)


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    as_of=st.datetimes(
        min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=datetime(2031, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
)
def test_no_two_open_duties_share_rule_and_trigger_and_rights_are_open_once(seed, as_of):
    rng = random.Random(seed)
    case = _with_involvement(rng, synthetic_case(rng, seed % 1000))
    obligations = derive_obligations(case, as_of=as_of)
    keys = [(o.rule_id, o.trigger_ref) for o in obligations]
    assert len(keys) == len(set(keys))
    # In the case's current period (an overdue duty of a closed period stays a recorded
    # failure), the rights task is open at most once.
    closures = [x.at for x in case.facts if x.kind == "case.closed" and x.at <= as_of]
    since = max(closures, default=datetime.min.replace(tzinfo=UTC))
    open_rights = [
        o
        for o in obligations
        if o.rule_id == "rettigheder" and o.status in PENDING and o.started_at > since
    ]
    assert len(open_rights) <= 1
    # A task whose occasion has passed is never left open: a talk before a follow-up that
    # has been held (by another follow-up) is met or lapsed.
    held = [x for x in case.facts if x.kind == "follow_up.held" and x.at <= as_of]
    for o in obligations:
        if o.rule_id == "samtale-foer-opfoelgning" and o.status in PENDING:
            assert not any(h.at >= o.started_at and f"{h.ref}#next" != o.trigger_ref for h in held)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_the_same_dated_steps_in_any_order_give_the_same_duties(seed):
    """Steps dated with a day only happen at the end of that day whenever they are typed, so
    a history whose day-only facts share that instant gives the same duties in any order."""
    rng = random.Random(seed)
    case = _with_involvement(rng, synthetic_case(rng, seed % 1000))
    day_only = CaseFacts(
        case.case_ref,
        case.child_ref,
        case.child_birth_date,
        case.awareness_date,
        tuple(
            Fact(x.kind, end_of_day(x.at.astimezone(COPENHAGEN).date()), x.ref, x.attrs)
            if x.kind not in ("underretning.received", "underretning.urgency_assessed")
            else x
            for x in case.facts
        ),
    )
    as_of = datetime(2029, 1, 1, tzinfo=UTC)
    first = derive_obligations(day_only, as_of=as_of)
    for _ in range(3):
        shuffled = list(day_only.facts)
        rng.shuffle(shuffled)
        again = CaseFacts(
            day_only.case_ref, day_only.child_ref, day_only.child_birth_date,
            day_only.awareness_date, tuple(shuffled),
        )  # fmt: skip
        assert derive_obligations(again, as_of=as_of) == first


def test_a_plan_on_the_day_of_a_47_decision_meets_plan_foer_47_in_any_order():
    day = end_of_day(t("2026-05-01 00:00").date())
    plan = Fact("plan.made", day, "plan:1")
    placement = Fact("decision.made", day, "decision:1", {"paragraph": "47"})
    for facts in ((plan, placement), (placement, plan)):
        duty = one(run(make_case(*facts), "2026-06-01 00:00"), "plan-foer-47")
        assert (duty.status, duty.met_by_ref) == (Status.MET, "plan:1")


def test_a_closure_at_the_same_instant_closes_what_the_closing_step_recorded():
    """Steps dated the closing day share the closure's instant; they belong to the period the
    closure ends, so none of them opens a new period (the refs would sort the other way)."""
    day = end_of_day(t("2026-05-01 00:00").date())
    case = make_case(
        report("2026-01-05 09:00"),
        Fact("decision.made", day, "decision:zz", {"paragraph": "32"}),
        Fact("measure.ended", day, "measure:zz", {"decision": "decision:zz"}),
        Fact("case.closed", day, "closure:aa"),
        birth="2016-08-20",
    )
    obligations = of_rule(run(case, "2026-09-01 00:00"), "partsstatus-10")
    # The child turns 10 after the closure: the duty of the closed period lapsed.
    assert [(o.trigger_ref, o.status) for o in obligations] == [
        ("decision:zz#birthday:10", Status.LAPSED)
    ]
