"""Table-driven tests of every rule through ``derive_obligations``.

Times are written as Copenhagen wall-clock strings; due dates are checked as instants.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from stemme.deadlines.calendar import COPENHAGEN, HolidayOptions, end_of_day, start_of_day
from stemme.deadlines.engine import Obligation, Status, derive_obligations
from stemme.deadlines.facts import CaseFacts, Fact
from stemme.deadlines.rules import DEFAULT_CONFIG, RuleConfig, RuleOverride, Unit, Verification

CPH = ZoneInfo("Europe/Copenhagen")


# --- helpers (also used by the property and scenario tests) ---------------------------


def t(text: str) -> datetime:
    """Copenhagen wall-clock time, e.g. "2026-01-05 09:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=CPH)


def eod(text: str) -> datetime:
    """End of a local day, the instant a date-based deadline expires."""
    return end_of_day(date.fromisoformat(text))


def sod(text: str) -> datetime:
    return start_of_day(date.fromisoformat(text))


def f(kind: str, when: str | datetime, ref: str, **attrs) -> Fact:
    return Fact(kind=kind, at=t(when) if isinstance(when, str) else when, ref=ref, attrs=attrs)


def report(
    when: str,
    ref: str = "underretning:1",
    *,
    reporter: str = "citizen",
    abuse: bool = False,
    measure: bool = False,
    suspected: bool = False,
) -> Fact:
    return f(
        "underretning.received",
        when,
        ref,
        reporter_type=reporter,
        abuse=abuse,
        child_has_measure=measure,
        parent_suspected=suspected,
    )


def make_case(*facts: Fact, birth: str = "2012-06-15", awareness: str | None = None) -> CaseFacts:
    return CaseFacts(
        case_ref="case:1",
        child_ref="child:1",
        child_birth_date=date.fromisoformat(birth),
        awareness_date=date.fromisoformat(awareness) if awareness else None,
        facts=tuple(facts),
    )


def run(case: CaseFacts, as_of: str | datetime, config: RuleConfig = DEFAULT_CONFIG):
    return derive_obligations(
        case, as_of=t(as_of) if isinstance(as_of, str) else as_of, config=config
    )


def of_rule(obligations: list[Obligation], rule_id: str) -> list[Obligation]:
    return [o for o in obligations if o.rule_id == rule_id]


def one(obligations: list[Obligation], rule_id: str) -> Obligation:
    found = of_rule(obligations, rule_id)
    assert len(found) == 1, found
    return found[0]


# --- underretning-24t ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-03-28 12:00", "2026-03-29 13:00"),  # spring forward: 13:00 CEST
        ("2026-10-24 12:00", "2026-10-25 11:00"),  # fall back: 11:00 CET
        ("2026-01-02 16:30", "2026-01-03 16:30"),  # Friday → Saturday: hours ignore weekends
        ("2026-12-24 10:00", "2026-12-25 10:00"),  # and holidays
    ],
)
def test_urgency_assessment_is_due_24_clock_hours_later(received, due):
    obligation = one(run(make_case(report(received)), received), "underretning-24t")
    assert obligation.due_at == t(due)
    # Subtract in UTC: Python subtracts same-zone datetimes by wall clock.
    elapsed = obligation.due_at.astimezone(UTC) - obligation.started_at.astimezone(UTC)
    assert elapsed == timedelta(hours=24)
    assert obligation.due_date == t(due).date()
    assert obligation.unit is Unit.HOURS
    assert obligation.started_at == t(received)
    assert obligation.trigger_ref == "underretning:1"
    assert obligation.status is Status.OPEN


def test_urgency_assessment_in_the_autumn_fold_is_compared_as_instants():
    # Received 02:30 CEST on 24 Oct; due 02:30 CEST (00:30 UTC) on 25 Oct. 02:15 in the
    # repeated hour (CET, fold=1) is 01:15 UTC: later than due despite the smaller wall time.
    received = report("2026-10-24 02:30")
    late = datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=CPH)
    on_time = datetime(2026, 10, 25, 2, 15, fold=0, tzinfo=CPH)
    for moment, expected_late in ((late, True), (on_time, False)):
        assessed = f("underretning.urgency_assessed", moment, "a:1", underretning="underretning:1")
        obligation = one(run(make_case(received, assessed), "2026-11-01 00:00"), "underretning-24t")
        assert obligation.status is Status.MET
        assert obligation.met_late is expected_late


URGENT = report("2026-01-05 09:00")


def _assessed(when: str, underretning: str = "underretning:1") -> Fact:
    return f("underretning.urgency_assessed", when, f"a:{when}", underretning=underretning)


def _waived(rule_id: str, trigger_ref: str, when: str = "2026-01-05 10:00") -> Fact:
    return f(
        "obligation.waived",
        when,
        f"w:{rule_id}:{trigger_ref}",
        rule_id=rule_id,
        trigger_ref=trigger_ref,
        reason="Duplicate of an earlier report",
    )


@pytest.mark.parametrize(
    ("extra", "as_of", "status", "met_late"),
    [
        ([_assessed("2026-01-05 12:00")], "2026-01-07 00:00", Status.MET, False),
        ([_assessed("2026-01-06 10:00")], "2026-01-07 00:00", Status.MET, True),
        ([_assessed("2026-01-06 09:00")], "2026-01-07 00:00", Status.MET, False),  # exactly due
        (
            [_assessed("2026-01-05 12:00", "underretning:9")],
            "2026-01-07 00:00",
            Status.OVERDUE,
            False,
        ),
        ([], "2026-01-05 20:00", Status.OPEN, False),
        ([], "2026-01-06 09:00", Status.OPEN, False),  # as_of == due is not yet overdue
        ([], datetime(2026, 1, 6, 8, 0, 1, tzinfo=UTC), Status.OVERDUE, False),
        ([_waived("underretning-24t", "underretning:1")], "2026-01-07 00:00", Status.WAIVED, False),
        (
            [_waived("underretning-24t", "underretning:2")],
            "2026-01-07 00:00",
            Status.OVERDUE,
            False,
        ),
        (
            [f("case.closed", "2026-01-05 15:00", "close:1")],
            "2026-01-07 00:00",
            Status.LAPSED,
            False,
        ),
        (
            [f("case.closed", "2026-01-07 15:00", "close:1")],
            "2026-01-08 00:00",
            Status.OVERDUE,
            False,
        ),
        # A closure only lapses what was still unmet; met beats waived beats lapsed.
        (
            [_assessed("2026-01-05 12:00"), f("case.closed", "2026-01-05 15:00", "close:1")],
            "2026-01-07 00:00",
            Status.MET,
            False,
        ),
        (
            [_assessed("2026-01-05 12:00"), _waived("underretning-24t", "underretning:1")],
            "2026-01-07 00:00",
            Status.MET,
            False,
        ),
        (
            [
                _waived("underretning-24t", "underretning:1"),
                f("case.closed", "2026-01-05 15:00", "c"),
            ],
            "2026-01-07 00:00",
            Status.WAIVED,
            False,
        ),
        # Facts after as_of do not exist yet.
        ([_assessed("2026-01-05 12:00")], "2026-01-05 11:00", Status.OPEN, False),
    ],
)
def test_statuses(extra, as_of, status, met_late):
    obligation = one(run(make_case(URGENT, *extra), as_of), "underretning-24t")
    assert obligation.status is status
    assert obligation.met_late is met_late
    assert (obligation.met_by_ref is not None) is (status is Status.MET)
    assert (obligation.met_at is not None) is (status is Status.MET)
    if status is Status.WAIVED:
        assert obligation.waived_reason == "Duplicate of an earlier report"
    else:
        assert obligation.waived_reason is None


def test_met_obligation_names_the_meeting_fact():
    obligation = one(
        run(make_case(URGENT, _assessed("2026-01-05 12:00")), "2026-01-07 00:00"),
        "underretning-24t",
    )
    assert obligation.met_by_ref == "a:2026-01-05 12:00"
    assert obligation.met_at == t("2026-01-05 12:00")


def test_each_underretning_gets_its_own_obligation():
    obligations = of_rule(
        run(
            make_case(
                report("2026-01-05 09:00", "underretning:1"),
                report("2026-01-06 09:00", "underretning:2"),
                _assessed("2026-01-06 10:00", "underretning:2"),
            ),
            "2026-01-08 00:00",
        ),
        "underretning-24t",
    )
    assert [(o.trigger_ref, o.status) for o in obligations] == [
        ("underretning:1", Status.OVERDUE),
        ("underretning:2", Status.MET),
    ]


# --- kvittering-6-hverdage -------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "holidays", "due"),
    [
        ("2026-04-01 10:00", HolidayOptions(), "2026-04-14"),  # across Easter 2026
        ("2026-12-21 10:00", HolidayOptions(), "2027-01-04"),  # across Christmas 2026
        (
            "2026-12-21 10:00",
            HolidayOptions(grundlovsdag=False, juleaftensdag=False, nytaarsaftensdag=False),
            "2026-12-30",
        ),
        ("2026-01-03 23:30", HolidayOptions(), "2026-01-12"),  # received on a Saturday
        ("2023-05-04 10:00", HolidayOptions(), "2023-05-15"),  # store bededag 5 May 2023
        ("2024-04-25 10:00", HolidayOptions(), "2024-05-03"),  # no store bededag in 2024
        ("2026-06-01 10:00", HolidayOptions(), "2026-06-10"),  # grundlovsdag closed
        ("2026-06-01 10:00", HolidayOptions(grundlovsdag=False), "2026-06-09"),
    ],
)
def test_receipt_due_after_six_working_days(received, holidays, due):
    case = make_case(report(received, reporter="professional"))
    obligation = one(run(case, received, RuleConfig(holidays=holidays)), "kvittering-6-hverdage")
    assert obligation.due_at == eod(due)
    assert obligation.unit is Unit.WORKING_DAYS
    assert obligation.verification is Verification.UNVERIFIED


def test_receipt_counts_from_the_local_date_of_receipt():
    # 23:30 UTC on Friday 2 Jan is 00:30 on Saturday 3 Jan in Copenhagen.
    received = Fact(
        "underretning.received",
        datetime(2026, 1, 2, 23, 30, tzinfo=UTC),
        "underretning:1",
        {"reporter_type": "professional"},
    )
    obligation = one(run(make_case(received), "2026-01-04 00:00"), "kvittering-6-hverdage")
    assert obligation.due_at == eod("2026-01-12")


@pytest.mark.parametrize("reporter", ["citizen", "anonymous", "other_municipality"])
def test_no_receipt_for_non_professional_reporters(reporter):
    obligations = run(make_case(report("2026-04-01 10:00", reporter=reporter)), "2026-04-01 11:00")
    assert of_rule(obligations, "kvittering-6-hverdage") == []
    assert len(of_rule(obligations, "underretning-24t")) == 1


def test_receipt_rule_can_be_switched_off_and_shortened():
    case = make_case(report("2026-12-21 10:00", reporter="professional"))
    off = RuleConfig(overrides={"kvittering-6-hverdage": RuleOverride(enabled=False)})
    assert of_rule(run(case, "2026-12-22 00:00", off), "kvittering-6-hverdage") == []
    shorter = RuleConfig(overrides={"kvittering-6-hverdage": RuleOverride(duration=3)})
    assert one(run(case, "2026-12-22 00:00", shorter), "kvittering-6-hverdage").due_at == eod(
        "2026-12-28"
    )


def test_receipt_met_only_by_receipt_for_that_underretning():
    case = make_case(
        report("2026-04-01 10:00", reporter="professional"),
        f("underretning.receipt_sent", "2026-04-02 10:00", "r:1", underretning="underretning:7"),
        f("underretning.receipt_sent", "2026-04-15 10:00", "r:2", underretning="underretning:1"),
    )
    obligation = one(run(case, "2026-05-01 00:00"), "kvittering-6-hverdage")
    assert (obligation.status, obligation.met_by_ref, obligation.met_late) == (
        Status.MET,
        "r:2",
        True,
    )


# --- genvurdering-137 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [("2026-02-25 09:00", "2026-03-04"), ("2028-02-25 09:00", "2028-03-03")],
)
def test_reassessment_due_seven_calendar_days_after(received, due):
    obligation = one(run(make_case(report(received, measure=True)), received), "genvurdering-137")
    assert obligation.due_at == eod(due)
    assert obligation.verification is Verification.LAW


def test_reassessment_only_when_the_child_has_a_measure():
    assert (
        of_rule(run(make_case(report("2026-02-25 09:00")), "2026-03-01 00:00"), "genvurdering-137")
        == []
    )


@pytest.mark.parametrize(
    ("answers", "status"), [("underretning:1", Status.MET), ("underretning:2", Status.OVERDUE)]
)
def test_reassessment_met_by_reassessing_that_underretning(answers, status):
    case = make_case(
        report("2026-02-25 09:00", measure=True),
        f("underretning.reassessed", "2026-02-27 09:00", "g:1", underretning=answers),
    )
    assert one(run(case, "2026-03-10 00:00"), "genvurdering-137").status is status


# --- samtale-overgreb-137 ------------------------------------------------------------


def test_abuse_conversation_due_after_seven_days():
    obligation = one(
        run(make_case(report("2026-02-25 09:00", abuse=True)), "2026-02-26 00:00"),
        "samtale-overgreb-137",
    )
    assert obligation.due_at == eod("2026-03-04")
    assert obligation.status is Status.OPEN


def test_no_abuse_no_conversation_rule():
    assert (
        of_rule(
            run(make_case(report("2026-02-25 09:00")), "2026-02-26 00:00"), "samtale-overgreb-137"
        )
        == []
    )


@pytest.mark.parametrize(
    ("suspected", "conversations", "met_by"),
    [
        (False, [("2026-02-26 10:00", {})], "c:0"),
        (False, [("2026-02-26 10:00", {"underretning": "underretning:1"})], "c:0"),
        (False, [("2026-02-26 10:00", {"underretning": "underretning:2"})], None),
        (False, [("2026-02-20 10:00", {})], None),  # before the report
        (True, [("2026-02-26 10:00", {"alone": False})], None),
        (
            True,
            [("2026-02-26 10:00", {"alone": False}), ("2026-02-27 10:00", {"alone": True})],
            "c:1",
        ),
    ],
)
def test_abuse_conversation_matching(suspected, conversations, met_by):
    facts = [report("2026-02-25 09:00", abuse=True, suspected=suspected)]
    facts += [
        f("conversation.held", when, f"c:{i}", **attrs)
        for i, (when, attrs) in enumerate(conversations)
    ]
    obligation = one(run(make_case(*facts), "2026-03-10 00:00"), "samtale-overgreb-137")
    assert obligation.met_by_ref == met_by
    assert obligation.status is (Status.MET if met_by else Status.OVERDUE)


# --- bfu-4-maaneder ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("awareness", "started", "due"),
    [
        ("2026-10-31", "2026-11-10 09:00", "2027-02-28"),
        ("2027-10-31", "2027-11-05 09:00", "2028-02-29"),
        (None, "2026-06-30 10:00", "2026-10-30"),
    ],
)
def test_bfu_due_four_months_after_awareness(awareness, started, due):
    case = make_case(f("bfu.started", started, "bfu:1"), awareness=awareness)
    obligation = one(run(case, started), "bfu-4-maaneder")
    assert obligation.due_at == eod(due)
    assert obligation.started_at == sod(awareness or started[:10])


@pytest.mark.parametrize(
    ("kind", "when", "status", "late"),
    [
        ("bfu.preliminary_assessment", "2027-02-20 10:00", Status.MET, False),
        ("bfu.completed", "2027-02-28 23:00", Status.MET, False),
        ("bfu.completed", "2027-03-10 10:00", Status.MET, True),
        ("bfu.started", "2027-02-20 10:00", Status.OVERDUE, False),  # not a meeting kind
    ],
)
def test_bfu_met_by_completion_or_preliminary_assessment(kind, when, status, late):
    case = make_case(
        f("bfu.started", "2026-11-10 09:00", "bfu:1"), f(kind, when, "x:1"), awareness="2026-10-31"
    )
    obligation = one(of_rule(run(case, "2027-04-01 00:00"), "bfu-4-maaneder")[:1], "bfu-4-maaneder")
    assert (obligation.status, obligation.met_late) == (status, late)


@pytest.mark.parametrize(("new_report", "due"), [(True, "2027-01-01"), (False, "2027-01-15")])
def test_a_later_bfu_runs_from_the_next_report_not_the_case_awareness(new_report, due):
    facts = [
        report("2026-01-05 09:00"),
        f("bfu.started", "2026-01-10 09:00", "bfu:1"),
        report("2026-02-01 09:00", "underretning:2"),  # during the first BFU: not a new need
        f("bfu.completed", "2026-03-01 09:00", "done:1"),
        f("bfu.started", "2026-09-15 09:00", "bfu:2"),
    ]
    if new_report:
        facts.append(report("2026-09-01 09:00", "underretning:3"))
    obligations = of_rule(
        run(make_case(*facts, awareness="2026-01-05"), "2026-10-01 00:00"), "bfu-4-maaneder"
    )
    assert [(o.trigger_ref, o.due_at, o.status) for o in obligations] == [
        ("bfu:1", eod("2026-05-05"), Status.MET),
        ("bfu:2", eod(due), Status.OPEN),
    ]


# --- soeskende-bfu-21 ----------------------------------------------------------------


def _decision(when: str, paragraph: str, ref: str = "decision:1", **attrs) -> Fact:
    return f("decision.made", when, ref, paragraph=paragraph, **attrs)


@pytest.mark.parametrize(
    ("paragraph", "neglect", "count"),
    [("46", True, 2), ("47", True, 2), ("46", False, 0), ("32", True, 0), ("67", True, 0)],
)
def test_sibling_bfu_one_per_sibling_for_placement_due_to_neglect(paragraph, neglect, count):
    decision = _decision(
        "2026-03-02 10:00",
        paragraph,
        neglect_or_abuse=neglect,
        siblings_under_15=["child:a", "child:b", "child:a"],
    )
    obligations = of_rule(run(make_case(decision), "2026-03-03 00:00"), "soeskende-bfu-21")
    assert len(obligations) == count
    if count:
        assert [o.trigger_ref for o in obligations] == ["decision:1#child:a", "decision:1#child:b"]
        assert {o.due_at for o in obligations} == {eod("2026-03-09")}


def test_sibling_bfu_met_per_sibling():
    case = make_case(
        f("sibling_bfu.decided", "2026-02-20 10:00", "s:0", sibling="child:c"),  # before: counts
        _decision(
            "2026-03-02 10:00",
            "46",
            neglect_or_abuse=True,
            siblings_under_15=["child:a", "child:b", "child:c"],
        ),
        f("sibling_bfu.decided", "2026-03-05 10:00", "s:1", sibling="child:a"),
    )
    obligations = of_rule(run(case, "2026-03-20 00:00"), "soeskende-bfu-21")
    assert [(o.trigger_ref, o.status, o.met_by_ref) for o in obligations] == [
        ("decision:1#child:a", Status.MET, "s:1"),
        ("decision:1#child:b", Status.OVERDUE, None),
        ("decision:1#child:c", Status.MET, "s:0"),
    ]


# --- plan-3-maaneder and plan-foer-47 ------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "attrs", "due"),
    [
        ("32", {"plan_decided": True}, "2027-02-28"),
        ("46", {}, "2027-02-28"),
        ("32", {"plan_decided": False}, None),
        ("47", {}, None),
        ("30", {"plan_decided": True}, None),
    ],
)
def test_plan_due_three_months_after_decision(paragraph, attrs, due):
    obligations = of_rule(
        run(make_case(_decision("2026-11-30 10:00", paragraph, **attrs)), "2026-12-01 00:00"),
        "plan-3-maaneder",
    )
    assert [o.due_at for o in obligations] == ([eod(due)] if due else [])


def test_plan_due_in_leap_february():
    case = make_case(_decision("2027-11-30 10:00", "46"))
    assert one(run(case, "2027-12-01 00:00"), "plan-3-maaneder").due_at == eod("2028-02-29")


@pytest.mark.parametrize(
    ("plan_at", "status", "late"),
    [
        ("2026-04-01 10:00", Status.OVERDUE, False),  # before the decision: does not count
        ("2026-06-01 10:00", Status.MET, False),
        ("2026-08-02 10:00", Status.MET, True),
    ],
)
def test_plan_after_the_decision_meets_it(plan_at, status, late):
    case = make_case(
        _decision("2026-05-01 10:00", "46"), f("plan.made", plan_at, "plan:1", ungeplan=False)
    )
    obligation = one(run(case, "2026-09-01 00:00"), "plan-3-maaneder")
    assert (obligation.status, obligation.met_late) == (status, late)


@pytest.mark.parametrize(
    ("plans", "as_of", "status", "met_by"),
    [
        (["2026-04-01 10:00", "2026-04-20 10:00"], "2026-06-01 00:00", Status.MET, "plan:1"),
        # The same moment counts: steps dated the same day share the end of that day, and
        # the guard lets a plan dated the decision's day through (made_on <= decided_on).
        (["2026-05-01 10:00"], "2026-06-01 00:00", Status.MET, "plan:0"),
        (["2026-05-02 10:00"], "2026-06-01 00:00", Status.OVERDUE, None),  # after: too late
        ([], "2026-05-01 10:00", Status.OPEN, None),
        ([], "2026-05-01 10:01", Status.OVERDUE, None),
    ],
)
def test_plan_before_placement_without_consent(plans, as_of, status, met_by):
    facts = [f("plan.made", when, f"plan:{i}") for i, when in enumerate(plans)]
    case = make_case(*facts, _decision("2026-05-01 10:00", "47"))
    obligations = run(case, as_of)
    obligation = one(obligations, "plan-foer-47")
    assert (obligation.status, obligation.met_by_ref, obligation.met_late) == (
        status,
        met_by,
        False,
    )
    assert obligation.due_at == t("2026-05-01 10:00")
    assert obligation.due_date == date(2026, 5, 1)
    assert of_rule(obligations, "plan-3-maaneder") == []


# --- opfoelgning-foerste ---------------------------------------------------------------


def _measure(when: str, ref: str = "measure:1", decision: str = "decision:1", **attrs) -> Fact:
    attrs.setdefault("placement", False)
    return f("measure.started", when, ref, decision=decision, **attrs)


@pytest.mark.parametrize(
    ("parallel", "due"),
    [
        (None, "2027-02-28"),
        ("2027-01-15", "2027-01-15"),
        ("2027-05-01", "2027-02-28"),
        ("2026-11-01", "2026-11-30"),  # ended before the measure: due at once, never earlier
    ],
)
def test_first_follow_up_due_at_the_earlier_of(parallel, due):
    case = make_case(_measure("2026-11-30 10:00", parallel_investigation_ends_on=parallel))
    obligation = one(run(case, "2026-11-30 11:00"), "opfoelgning-foerste")
    assert obligation.due_at == eod(due)
    assert obligation.trigger_ref == "measure:1"


@pytest.mark.parametrize(
    ("extra", "status", "met_by"),
    [
        ([f("follow_up.held", "2026-11-01 10:00", "fu:0")], Status.OVERDUE, None),  # before
        (
            [
                f("follow_up.held", "2027-01-10 10:00", "fu:1"),
                f("follow_up.held", "2027-02-10 10:00", "fu:2"),
            ],
            Status.MET,
            "fu:1",
        ),
        (
            [f("measure.ended", "2027-01-10 10:00", "end:1", decision="decision:1")],
            Status.LAPSED,
            None,
        ),
        (
            [f("measure.ended", "2027-03-15 10:00", "end:1", decision="decision:1")],
            Status.OVERDUE,
            None,
        ),
        (
            [f("measure.ended", "2027-01-10 10:00", "end:1", decision="decision:9")],
            Status.OVERDUE,
            None,
        ),
        ([f("case.closed", "2027-01-10 10:00", "close:1")], Status.LAPSED, None),
    ],
)
def test_first_follow_up_statuses(extra, status, met_by):
    case = make_case(_measure("2026-11-30 10:00"), *extra)
    obligation = one(run(case, "2027-04-01 00:00"), "opfoelgning-foerste")
    assert (obligation.status, obligation.met_by_ref) == (status, met_by)


# --- tilsyn-2-aarligt ----------------------------------------------------------------


def _visit(when: str, ref: str, conversation: bool = True) -> Fact:
    return f("supervision.held", when, ref, with_child_conversation=conversation)


PLACED = _measure("2026-03-10 10:00", placement=True)


def test_supervision_windows_of_twelve_months():
    case = make_case(
        PLACED,
        _visit("2026-06-01 10:00", "v:1"),
        _visit("2026-09-01 10:00", "v:2", conversation=False),
        _visit("2026-12-01 10:00", "v:3"),
        _visit("2027-03-10 09:00", "v:4"),  # first day of window 2
    )
    windows = of_rule(run(case, "2028-04-01 00:00"), "tilsyn-2-aarligt")
    assert [(o.trigger_ref, o.started_at, o.due_at, o.status, o.met_by_ref) for o in windows] == [
        ("measure:1#1", t("2026-03-10 10:00"), eod("2027-03-09"), Status.MET, "v:3"),
        ("measure:1#2", sod("2027-03-10"), eod("2028-03-09"), Status.OVERDUE, None),
        ("measure:1#3", sod("2028-03-10"), eod("2029-03-09"), Status.OPEN, None),
    ]


def test_supervision_window_boundaries():
    case = make_case(
        PLACED,
        _visit("2026-06-01 10:00", "v:1"),
        _visit("2027-03-09 20:00", "v:2"),  # last day of window 1
        _visit("2027-03-10 00:30", "v:3"),  # first minutes of window 2
    )
    windows = of_rule(run(case, "2027-03-11 00:00"), "tilsyn-2-aarligt")
    assert [(o.status, o.met_by_ref) for o in windows] == [(Status.MET, "v:2"), (Status.OPEN, None)]


def test_supervision_windows_stop_when_the_placement_ends():
    case = make_case(
        PLACED,
        _visit("2026-06-01 10:00", "v:1"),
        _visit("2026-12-01 10:00", "v:2"),
        _visit("2027-04-01 10:00", "v:3"),
        f("measure.ended", "2027-06-01 10:00", "end:1", decision="decision:1", placement=True),
        _visit("2027-07-01 10:00", "v:4"),  # after the placement: not at it
    )
    windows = of_rule(run(case, "2028-04-01 00:00"), "tilsyn-2-aarligt")
    assert [(o.trigger_ref, o.status) for o in windows] == [
        ("measure:1#1", Status.MET),
        ("measure:1#2", Status.LAPSED),
    ]


def test_supervision_windows_only_for_placements_and_only_once_started():
    assert (
        of_rule(
            run(make_case(_measure("2026-03-10 10:00")), "2027-04-01 00:00"), "tilsyn-2-aarligt"
        )
        == []
    )
    assert len(of_rule(run(make_case(PLACED), "2027-03-09 23:00"), "tilsyn-2-aarligt")) == 1
    assert len(of_rule(run(make_case(PLACED), "2027-03-10 00:00"), "tilsyn-2-aarligt")) == 2


def test_supervision_window_length_is_configurable():
    config = RuleConfig(overrides={"tilsyn-2-aarligt": RuleOverride(duration=6)})
    windows = of_rule(run(make_case(PLACED), "2026-10-01 00:00", config), "tilsyn-2-aarligt")
    assert [o.due_at for o in windows] == [eod("2026-09-09"), eod("2027-03-09")]


def test_supervision_windows_from_29_february():
    windows = of_rule(
        run(make_case(_measure("2028-02-29 10:00", placement=True)), "2029-03-01 00:00"),
        "tilsyn-2-aarligt",
    )
    assert [(o.started_at, o.due_at) for o in windows] == [
        (t("2028-02-29 10:00"), eod("2029-02-27")),
        (sod("2029-02-28"), eod("2030-02-27")),
    ]


# --- ungeplan-16 ---------------------------------------------------------------------

YOUTH = "2010-05-05"  # 16 on 2026-05-05, 18 on 2028-05-05


def test_ungeplan_clock_starts_at_the_16th_birthday():
    case = make_case(_measure("2026-01-10 10:00"), birth=YOUTH)
    assert of_rule(run(case, "2026-05-04 23:00"), "ungeplan-16") == []
    obligation = one(run(case, "2026-06-01 00:00"), "ungeplan-16")
    assert (
        obligation.trigger_ref,
        obligation.started_at,
        obligation.due_at,
        obligation.status,
    ) == (
        "measure:1#birthday:16",
        sod("2026-05-05"),
        eod("2026-08-05"),
        Status.OPEN,
    )


def test_ungeplan_clock_starts_at_a_measure_after_16():
    case = make_case(_measure("2026-11-05 10:00"), birth=YOUTH)
    obligation = one(run(case, "2026-11-06 00:00"), "ungeplan-16")
    assert (obligation.started_at, obligation.due_at) == (t("2026-11-05 10:00"), eod("2027-02-05"))


def test_no_ungeplan_when_the_measure_ended_before_16():
    case = make_case(
        _measure("2026-01-10 10:00"),
        f("measure.ended", "2026-04-01 10:00", "end:1", decision="decision:1"),
        birth=YOUTH,
    )
    assert of_rule(run(case, "2026-09-01 00:00"), "ungeplan-16") == []


@pytest.mark.parametrize(
    ("fact", "status"),
    [
        (f("ungeplan.decided", "2026-06-01 10:00", "ug:1"), Status.MET),
        (f("plan.made", "2026-06-01 10:00", "ug:1", ungeplan=True), Status.MET),
        (f("plan.made", "2026-06-01 10:00", "ug:1", ungeplan=False), Status.OVERDUE),
        (f("ungeplan.decided", "2026-04-01 10:00", "ug:1"), Status.OVERDUE),  # before 16
    ],
)
def test_ungeplan_met_by_decision_or_youth_plan_after_16(fact, status):
    case = make_case(_measure("2026-01-10 10:00"), fact, birth=YOUTH)
    assert one(run(case, "2026-09-01 00:00"), "ungeplan-16").status is status


def test_ungeplan_for_a_29_february_child():
    case = make_case(_measure("2027-06-01 10:00"), birth="2012-02-29")
    obligation = one(run(case, "2028-03-01 00:00"), "ungeplan-16")
    assert (obligation.started_at, obligation.due_at) == (sod("2028-02-29"), eod("2028-05-29"))


def test_ungeplan_lapsed_by_closure_restarts_in_the_reopened_case():
    case = make_case(
        _measure("2026-01-10 10:00"),
        f("case.closed", "2026-06-01 10:00", "close:1"),
        report("2026-09-01 10:00", "underretning:2"),
        _measure("2026-10-01 10:00", "measure:2", "decision:2"),
        birth=YOUTH,
    )
    obligations = of_rule(run(case, "2026-10-15 00:00"), "ungeplan-16")
    assert [(o.trigger_ref, o.due_at, o.status) for o in obligations] == [
        ("measure:1#birthday:16", eod("2026-08-05"), Status.LAPSED),
        ("measure:2#birthday:16", eod("2027-01-01"), Status.OPEN),
    ]


# --- ungestoette-18 ------------------------------------------------------------------

LONG_PLACEMENT = _measure("2020-01-01 10:00", placement=True)


@pytest.mark.parametrize(
    ("extra", "as_of", "status"),
    [
        ([], "2026-06-01 00:00", Status.OPEN),
        ([], "2027-12-01 00:00", Status.OVERDUE),
        ([f("ungestoette.decided", "2027-09-01 10:00", "us:1")], "2027-12-01 00:00", Status.MET),
        (
            [f("ungestoette.decided", "2026-03-01 10:00", "us:1")],
            "2027-12-01 00:00",
            Status.OVERDUE,
        ),
        (
            [f("measure.ended", "2027-01-01 10:00", "end:1", decision="decision:1")],
            "2027-12-01 00:00",
            Status.LAPSED,
        ),
    ],
)
def test_ungestoette_decision_six_months_before_18(extra, as_of, status):
    obligation = one(run(make_case(LONG_PLACEMENT, *extra, birth=YOUTH), as_of), "ungestoette-18")
    assert (
        obligation.trigger_ref,
        obligation.started_at,
        obligation.due_at,
        obligation.status,
    ) == (
        "measure:1#birthday:18",
        sod("2026-05-05"),
        eod("2027-11-05"),
        status,
    )


def test_ungestoette_not_visible_before_16_nor_for_late_or_non_placements():
    assert (
        of_rule(run(make_case(LONG_PLACEMENT, birth=YOUTH), "2026-05-04 23:00"), "ungestoette-18")
        == []
    )
    late = make_case(_measure("2027-12-01 10:00", placement=True), birth=YOUTH)
    assert of_rule(run(late, "2028-01-01 00:00"), "ungestoette-18") == []
    home = make_case(_measure("2020-01-01 10:00"), birth=YOUTH)
    assert of_rule(run(home, "2027-01-01 00:00"), "ungestoette-18") == []


def test_ungestoette_for_a_placement_starting_after_16():
    case = make_case(_measure("2027-06-01 10:00", placement=True), birth=YOUTH)
    obligation = one(run(case, "2027-06-02 00:00"), "ungestoette-18")
    assert (obligation.started_at, obligation.due_at) == (t("2027-06-01 10:00"), eod("2027-11-05"))


@pytest.mark.parametrize(
    ("birth", "config", "due"),
    [
        ("2012-02-29", DEFAULT_CONFIG, "2029-08-28"),  # 18 on 28 Feb 2030
        (YOUTH, RuleConfig(overrides={"ungestoette-18": RuleOverride(duration=9)}), "2027-08-05"),
    ],
)
def test_ungestoette_due_date_variants(birth, config, due):
    case = make_case(LONG_PLACEMENT, birth=birth)
    assert one(run(case, "2029-01-01 00:00", config), "ungestoette-18").due_at == eod(due)


# --- partsstatus-10 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "due"),
    [
        ("2016-08-20", "2026-08-20"),  # turns 10 while the case is open
        ("2012-06-15", "2026-01-05"),  # already 10: due on the case's first day
        ("2016-02-29", "2026-02-28"),  # 29 February child
    ],
)
def test_party_status_due_at_the_10th_birthday(birth, due):
    case = make_case(report("2026-01-05 09:00"), _decision("2026-01-05 09:30", "32"), birth=birth)
    obligation = one(run(case, "2026-01-05 10:00"), "partsstatus-10")
    assert (obligation.trigger_ref, obligation.started_at, obligation.due_at) == (
        "decision:1#birthday:10",
        t("2026-01-05 09:30"),
        eod(due),
    )


@pytest.mark.parametrize(
    ("paragraph", "party_case"),
    [
        ("30", False),
        ("31", False),
        ("32", True),
        ("46", True),
        ("47", True),
        ("67", True),
        ("114", True),
        ("120", True),
        ("143", True),
    ],
)
def test_party_status_only_in_the_case_types_of_section_3(paragraph, party_case):
    """§ 3: the child of 10 is a party only in the listed case types. A report, a screening
    or an early preventive offer (§§ 30-31) alone does not make the child a party."""
    only_report = make_case(report("2026-01-05 09:00"), birth="2012-06-15")
    assert of_rule(run(only_report, "2026-03-01 00:00"), "partsstatus-10") == []
    case = make_case(
        report("2026-01-05 09:00"), _decision("2026-02-02 10:00", paragraph), birth="2012-06-15"
    )
    obligations = of_rule(run(case, "2026-03-01 00:00"), "partsstatus-10")
    assert [(o.trigger_ref, o.due_date) for o in obligations] == (
        [("decision:1#birthday:10", date(2026, 2, 2))] if party_case else []
    )


def test_party_status_met_and_overdue():
    decided = _decision("2026-01-05 10:00", "32")
    case = make_case(report("2026-01-05 09:00"), decided, birth="2016-08-20")
    assert one(run(case, "2026-09-01 00:00"), "partsstatus-10").status is Status.OVERDUE
    informed = make_case(
        report("2026-01-05 09:00"),
        decided,
        f("party_status.informed", "2026-08-10 10:00", "p:1"),
        birth="2016-08-20",
    )
    assert one(run(informed, "2026-09-01 00:00"), "partsstatus-10").status is Status.MET


def test_party_status_lapses_with_closure_before_10_and_restarts_on_reopening():
    case = make_case(
        report("2026-01-05 09:00"),
        _decision("2026-01-06 10:00", "32", "decision:1"),
        f("case.closed", "2026-05-01 10:00", "close:1"),
        report("2026-10-01 09:00", "underretning:2"),
        _decision("2026-10-02 10:00", "46", "decision:2"),
        f("case.closed", "2026-11-01 10:00", "close:2"),
        report("2027-01-01 09:00", "underretning:3"),
        _decision("2027-01-02 10:00", "32", "decision:3"),
        birth="2016-08-20",
    )
    obligations = of_rule(run(case, "2027-02-01 00:00"), "partsstatus-10")
    assert [(o.trigger_ref, o.due_at, o.status) for o in obligations] == [
        ("decision:1#birthday:10", eod("2026-08-20"), Status.LAPSED),
        ("decision:2#birthday:10", eod("2026-10-02"), Status.OVERDUE),
    ]


# --- general behaviour ---------------------------------------------------------------


def test_naive_inputs_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        derive_obligations(make_case(), as_of=datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        Fact("case.closed", datetime(2026, 1, 1), "close:1")  # noqa: DTZ001


def test_unknown_fact_kinds_are_ignored():
    base = make_case(report("2026-01-05 09:00"), birth="2016-08-20")
    noisy = make_case(
        f("meeting.scheduled", "2026-01-01 09:00", "m:0"),
        report("2026-01-05 09:00"),
        f("letter.sent", "2026-01-05 10:00", "l:1", underretning="underretning:1"),
        birth="2016-08-20",
    )
    assert run(noisy, "2026-02-01 00:00") == run(base, "2026-02-01 00:00")


def test_output_is_sorted_and_fully_described():
    case = make_case(
        report("2026-01-05 09:00", reporter="professional", abuse=True, measure=True),
        _decision("2026-01-05 09:30", "32"),
        birth="2016-08-20",
    )
    obligations = run(case, "2026-01-05 10:00")
    assert [o.rule_id for o in obligations] == [
        "underretning-24t",
        "genvurdering-137",
        "samtale-overgreb-137",
        "samtale-underretning",  # the involvement rule: 7 calendar days, same day as both
        "kvittering-6-hverdage",
        "partsstatus-10",
    ]
    keys = [(o.due_at, o.rule_id, o.trigger_ref) for o in obligations]
    assert keys == sorted(keys)
    for obligation in obligations:
        assert (obligation.case_ref, obligation.child_ref) == ("case:1", "child:1")
        assert obligation.legal_basis.startswith("barnets lov")
        assert obligation.due_at.tzinfo == COPENHAGEN
        assert obligation.started_at.tzinfo == COPENHAGEN
        assert obligation.due_date == obligation.due_at.date()
    with pytest.raises(FrozenInstanceError):
        obligations[0].status = Status.MET  # type: ignore[misc]


def test_facts_in_any_timezone_give_the_same_result():
    local = make_case(report("2026-01-05 09:00"), _assessed("2026-01-05 12:00"))
    utc = make_case(*(Fact(x.kind, x.at.astimezone(UTC), x.ref, x.attrs) for x in local.facts))
    assert run(local, "2026-02-01 00:00") == run(utc, datetime(2026, 1, 31, 23, 0, tzinfo=UTC))


def test_fact_attrs_are_frozen_copies():
    siblings = ["child:a"]
    fact = Fact("decision.made", t("2026-01-05 09:00"), "d:1", {"siblings_under_15": siblings})
    siblings.append("child:b")
    assert fact.attrs["siblings_under_15"] == ("child:a",)
    assert fact == Fact(
        "decision.made", t("2026-01-05 09:00"), "d:1", {"siblings_under_15": ("child:a",)}
    )
    assert hash(fact) == hash(Fact("decision.made", t("2026-01-05 09:00"), "d:1"))
    with pytest.raises(TypeError):
        fact.attrs["x"] = 1  # type: ignore[index]
