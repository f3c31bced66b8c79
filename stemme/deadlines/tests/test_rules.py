"""The rule table and its configuration: ids, defaults, registries, overrides."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from stemme.deadlines.calendar import HolidayOptions
from stemme.deadlines.facts import CaseFacts, Fact
from stemme.deadlines.rules import (
    CONDITIONS,
    DEFAULT_CONFIG,
    MATCHERS,
    RULES,
    RULES_BY_ID,
    Rule,
    RuleConfig,
    RuleOverride,
    Unit,
    Verification,
    effective_rules,
)

EXPECTED = {
    # id: (verification, duration, unit, start_event)
    "underretning-24t": (Verification.LAW, 24, Unit.HOURS, "underretning.received"),
    "kvittering-6-hverdage": (
        Verification.UNVERIFIED,
        6,
        Unit.WORKING_DAYS,
        "underretning.received",
    ),
    "genvurdering-137": (Verification.LAW, 7, Unit.CALENDAR_DAYS, "underretning.received"),
    "samtale-overgreb-137": (Verification.LAW, 7, Unit.CALENDAR_DAYS, "underretning.received"),
    "bfu-4-maaneder": (Verification.LAW, 4, Unit.CALENDAR_MONTHS, "bfu.started"),
    "soeskende-bfu-21": (Verification.LAW, 7, Unit.CALENDAR_DAYS, "decision.made"),
    "plan-3-maaneder": (Verification.LAW, 3, Unit.CALENDAR_MONTHS, "decision.made"),
    "plan-foer-47": (Verification.LAW, 0, Unit.HOURS, "decision.made"),
    "opfoelgning-foerste": (Verification.LAW, 3, Unit.CALENDAR_MONTHS, "measure.started"),
    "tilsyn-2-aarligt": (Verification.LAW, 12, Unit.CALENDAR_MONTHS, "placement.period"),
    "ungeplan-16": (Verification.LAW, 3, Unit.CALENDAR_MONTHS, "birthday:16"),
    "ungestoette-18": (Verification.LAW, 6, Unit.CALENDAR_MONTHS, "birthday:18"),
    # Switchable, with their sources (issue 12): § 143, the complaint chain, aktindsigt
    "foreloebig-143-buu": (Verification.SECONDARY, 7, Unit.CALENDAR_DAYS, "decision.made"),
    "klagefrist-4-uger": (Verification.SECONDARY, 28, Unit.CALENDAR_DAYS, "decision.notified"),
    "klage-genvurdering-4-uger": (
        Verification.SECONDARY,
        28,
        Unit.CALENDAR_DAYS,
        "complaint.received",
    ),
    "aktindsigt-7-hverdage": (
        Verification.SECONDARY,
        7,
        Unit.WORKING_DAYS,
        "access_request.received",
    ),
    "partsstatus-10": (Verification.LAW, 0, Unit.CALENDAR_DAYS, "birthday:10"),
    # Involvement duties (M3/M4): guidance, switchable by the municipality
    "samtale-underretning": (
        Verification.GUIDANCE,
        7,
        Unit.CALENDAR_DAYS,
        "underretning.received",
    ),
    "samtale-undersoegelse": (Verification.GUIDANCE, 14, Unit.CALENDAR_DAYS, "bfu.started"),
    "samtale-indsats": (Verification.GUIDANCE, 14, Unit.CALENDAR_DAYS, "measure.started"),
    "samtale-foer-opfoelgning": (
        Verification.GUIDANCE,
        0,
        Unit.CALENDAR_DAYS,
        "follow_up.scheduled",
    ),
    "forklaring-afgoerelse": (Verification.GUIDANCE, 0, Unit.CALENDAR_DAYS, "decision.made"),
    "forklaring-afgoerelse-delvis": (
        Verification.GUIDANCE,
        0,
        Unit.CALENDAR_DAYS,
        "decision.made",
    ),
    "moede-dagsorden": (Verification.GUIDANCE, 2, Unit.CALENDAR_DAYS, "meeting.planned"),
    "moede-opsummering": (Verification.GUIDANCE, 5, Unit.WORKING_DAYS, "meeting.held"),
    "rettigheder": (Verification.GUIDANCE, 14, Unit.CALENDAR_DAYS, "rights.occasion"),
    "overdragelse-brev": (Verification.GUIDANCE, 5, Unit.WORKING_DAYS, "caseworker.changed"),
    "partshoering-svar": (Verification.GUIDANCE, 0, Unit.CALENDAR_DAYS, "hearing.sent"),
}
INVOLVEMENT = [rule_id for rule_id, (v, *_rest) in EXPECTED.items() if v is Verification.GUIDANCE]

LAW_RULES = sorted(i for i, (v, *_rest) in EXPECTED.items() if v is Verification.LAW)
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_rule_ids_are_exactly_the_fixed_set():
    assert [rule.id for rule in RULES] == list(EXPECTED)
    assert set(RULES_BY_ID) == set(EXPECTED)


@pytest.mark.parametrize("rule_id", list(EXPECTED))
def test_rule_defaults(rule_id):
    rule = RULES_BY_ID[rule_id]
    verification, duration, unit, start_event = EXPECTED[rule_id]
    assert (rule.verification, rule.duration, rule.unit, rule.start_event) == (
        verification,
        duration,
        unit,
        start_event,
    )
    assert rule.title
    assert rule.note
    if verification is Verification.LAW:
        assert rule.legal_basis.startswith("barnets lov")
    else:  # guidance cites the act, the national board (SBST) or the general acts
        assert rule.legal_basis.startswith(
            (
                "barnets lov",
                "Social- og Boligstyrelsens anbefaling",
                "retssikkerhedsloven",
                "forvaltningsloven",
            )
        )
    assert len(rule.legal_basis) <= 80  # fits the Obligation.legal_basis column
    assert rule.met_by


def test_rule_validates_registry_names():
    base = RULES_BY_ID["underretning-24t"]
    with pytest.raises(ValueError, match="unknown condition"):
        replace(base, condition="nope")
    with pytest.raises(ValueError, match="unknown matcher"):
        replace(base, matcher="nope")
    with pytest.raises(ValueError, match="unknown schedule"):
        replace(base, schedule="nope")
    with pytest.raises(ValueError, match="duration"):
        replace(base, duration=-1)
    with pytest.raises(ValueError, match="calendar months"):
        replace(RULES_BY_ID["tilsyn-2-aarligt"], unit=Unit.CALENDAR_DAYS)
    with pytest.raises(ValueError, match="calendar days before the date"):
        replace(RULES_BY_ID["moede-dagsorden"], unit=Unit.WORKING_DAYS)


def test_the_involvement_rules_come_last_and_can_all_be_switched_off():
    assert [rule.id for rule in RULES[-len(INVOLVEMENT) :]] == INVOLVEMENT
    config = RuleConfig(overrides={rule_id: RuleOverride(enabled=False) for rule_id in INVOLVEMENT})
    assert effective_rules(config) == RULES[: -len(INVOLVEMENT)]


def test_default_config_keeps_every_rule():
    assert effective_rules(DEFAULT_CONFIG) == RULES
    assert effective_rules() == RULES


def test_duration_override_changes_only_that_rule():
    config = RuleConfig(overrides={"bfu-4-maaneder": RuleOverride(duration=3)})
    rules = {rule.id: rule for rule in effective_rules(config)}
    assert rules["bfu-4-maaneder"].duration == 3
    assert rules["plan-3-maaneder"].duration == 3
    assert rules["underretning-24t"] == RULES_BY_ID["underretning-24t"]
    assert RULES_BY_ID["bfu-4-maaneder"].duration == 4  # the defaults are untouched


def test_disabling_an_unverified_rule_removes_it():
    config = RuleConfig(overrides={"kvittering-6-hverdage": RuleOverride(enabled=False)})
    ids = [rule.id for rule in effective_rules(config)]
    assert "kvittering-6-hverdage" not in ids
    assert len(ids) == len(RULES) - 1


@pytest.mark.parametrize("rule_id", LAW_RULES)
def test_disabling_a_law_rule_is_refused(rule_id):
    with pytest.raises(ValueError, match="cannot be switched off"):
        RuleConfig(overrides={rule_id: RuleOverride(enabled=False)})


def test_enabled_true_on_a_law_rule_is_fine():
    config = RuleConfig(overrides={"underretning-24t": RuleOverride(enabled=True, duration=12)})
    assert effective_rules(config)[0].duration == 12


@pytest.mark.parametrize("duration", [0, -3, True, 2.5, "4"])
def test_override_duration_must_be_a_positive_int(duration):
    with pytest.raises(ValueError, match="positive int"):
        RuleOverride(duration=duration)


def test_unknown_rule_id_is_refused():
    with pytest.raises(ValueError, match="unknown rule id 'bfu-5-maaneder'"):
        RuleConfig(overrides={"bfu-5-maaneder": RuleOverride(duration=5)})


@pytest.mark.parametrize("rule_id", ["plan-foer-47", "partsstatus-10"])
def test_deadline_at_the_trigger_cannot_be_moved(rule_id):
    with pytest.raises(ValueError, match="cannot be overridden"):
        RuleConfig(overrides={rule_id: RuleOverride(duration=2)})


def test_config_is_immutable_hashable_and_compares_by_value():
    overrides = {"tilsyn-2-aarligt": RuleOverride(duration=6)}
    first = RuleConfig(overrides=overrides, holidays=HolidayOptions(grundlovsdag=False))
    overrides["kvittering-6-hverdage"] = RuleOverride(enabled=False)  # caller mutates later
    second = RuleConfig(
        overrides={"tilsyn-2-aarligt": RuleOverride(duration=6)},
        holidays=HolidayOptions(grundlovsdag=False),
    )
    assert "kvittering-6-hverdage" not in first.overrides
    assert first == second
    assert hash(first) == hash(second)
    with pytest.raises(TypeError):
        first.overrides["x"] = RuleOverride()  # type: ignore[index]


# --- conditions and matchers ---------------------------------------------------------


def _fact(kind: str, **attrs) -> Fact:
    return Fact(kind=kind, at=NOW, ref=f"{kind}:1", attrs=attrs)


CASE = CaseFacts("case:1", "child:1", datetime(2012, 1, 1).date(), None, ())  # noqa: DTZ001


@pytest.mark.parametrize(
    ("condition", "attrs", "expected"),
    [
        ("always", {}, True),
        ("professional_reporter", {"reporter_type": "professional"}, True),
        ("professional_reporter", {"reporter_type": "citizen"}, False),
        ("professional_reporter", {"reporter_type": "anonymous"}, False),
        ("professional_reporter", {"reporter_type": "other_municipality"}, False),
        ("child_has_measure", {"child_has_measure": True}, True),
        ("child_has_measure", {"child_has_measure": False}, False),
        ("child_has_measure", {}, False),
        ("abuse", {"abuse": True}, True),
        ("abuse", {"abuse": False}, False),
        ("plan_due_after_decision", {"paragraph": "32", "plan_decided": True}, True),
        ("plan_due_after_decision", {"paragraph": "32", "plan_decided": False}, False),
        ("plan_due_after_decision", {"paragraph": "46"}, True),
        ("plan_due_after_decision", {"paragraph": "47"}, False),
        ("plan_due_after_decision", {"paragraph": "30", "plan_decided": True}, False),
        ("placement_without_consent", {"paragraph": "47"}, True),
        ("placement_without_consent", {"paragraph": "46"}, False),
        ("placement_for_neglect_or_abuse", {"paragraph": "46", "neglect_or_abuse": True}, True),
        ("placement_for_neglect_or_abuse", {"paragraph": "47", "neglect_or_abuse": True}, True),
        ("placement_for_neglect_or_abuse", {"paragraph": "46", "neglect_or_abuse": False}, False),
        ("placement_for_neglect_or_abuse", {"paragraph": "32", "neglect_or_abuse": True}, False),
        ("placement", {"placement": True}, True),
        ("placement", {"placement": False}, False),
        ("against_child_wish", {"against_child_wish": True}, True),
        ("against_child_wish", {"against_child_wish": False}, False),
        ("against_child_wish", {"child_wish": "against"}, False),  # the flag decides
        ("against_child_wish", {}, False),
        # In part against the wish: the partial rule's, never labelled "against".
        ("against_child_wish", {"child_wish": "partly", "explanation_due_on": "2026-01-09"}, False),
        # An older import without child_wish that planned an explanation keeps its task.
        ("against_child_wish", {"explanation_due_on": "2026-01-09"}, True),
        ("partly_child_wish", {"child_wish": "partly"}, True),
        ("partly_child_wish", {"child_wish": "partly", "explanation_due_on": None}, True),
        ("partly_child_wish", {"child_wish": "against", "against_child_wish": True}, False),
        ("partly_child_wish", {"child_wish": "followed"}, False),
        ("party_case_decision", {"paragraph": "32"}, True),
        ("party_case_decision", {"paragraph": "31"}, False),
        ("youth_measure_decision", {"paragraph": "46"}, True),
        ("youth_measure_decision", {"paragraph": "30"}, False),
        ("provisional_decision", {"paragraph": "143"}, True),
        ("provisional_decision", {"paragraph": "47"}, False),
    ],
)
def test_conditions(condition, attrs, expected):
    assert CONDITIONS[condition](_fact("x", **attrs), CASE) is expected


@pytest.mark.parametrize(
    ("trigger_attrs", "candidate_attrs", "expected"),
    [
        ({}, {}, True),
        ({}, {"underretning": "u:1"}, True),
        ({}, {"underretning": "u:2"}, False),
        ({"parent_suspected": True}, {"alone": False}, False),
        ({"parent_suspected": True}, {}, False),
        ({"parent_suspected": True}, {"alone": True}, True),
        ({"parent_suspected": True}, {"alone": True, "underretning": "u:2"}, False),
    ],
)
def test_conversation_about_abuse_matcher(trigger_attrs, candidate_attrs, expected):
    trigger = Fact("underretning.received", NOW, "u:1", trigger_attrs)
    candidate = Fact("conversation.held", NOW, "c:1", candidate_attrs)
    assert MATCHERS["conversation_about_abuse"](trigger, "u:1", candidate) is expected


def test_ungeplan_matcher():
    match = MATCHERS["ungeplan"]
    assert match(None, "", Fact("ungeplan.decided", NOW, "x:1"))
    assert match(None, "", Fact("plan.made", NOW, "x:2", {"ungeplan": True}))
    assert not match(None, "", Fact("plan.made", NOW, "x:3", {"ungeplan": False}))


def test_every_rule_is_a_frozen_value():
    rule = RULES[0]
    with pytest.raises(AttributeError):
        rule.duration = 1  # type: ignore[misc]
    assert isinstance(rule, Rule)


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        ("2020-01-05", True),  # 6 today (NOW is 2026-01-05)
        ("2020-01-06", False),  # 6 tomorrow
        ("2022-06-01", False),
        ("2010-01-01", True),
        # A 29-February child turns 6 on 28 February, as the birthday rules count it.
        ("2020-02-29", "28 Feb"),
    ],
)
def test_child_old_enough_for_rights(birth, expected):
    condition = CONDITIONS["child_old_enough_for_rights"]
    case = CaseFacts("case:1", "child:1", datetime.fromisoformat(birth).date(), None, ())
    if expected == "28 Feb":
        # 00:30 on 28 February in Copenhagen is 23:30 UTC the day before.
        first_minutes = Fact("rights.occasion", datetime(2026, 2, 27, 23, 30, tzinfo=UTC), "r:1")
        day_before = Fact("rights.occasion", datetime(2026, 2, 27, 22, 30, tzinfo=UTC), "r:1")
        assert condition(first_minutes, case) is True
        assert condition(day_before, case) is False
        return
    assert condition(_fact("rights.occasion"), case) is expected


@pytest.mark.parametrize(
    ("matcher", "candidate", "expected"),
    [
        # about_trigger: only a fact that names the trigger
        ("about_trigger", Fact("explanation.delivered", NOW, "e", {"about": "t:1"}), True),
        ("about_trigger", Fact("explanation.delivered", NOW, "e", {"about": "t:2"}), False),
        ("about_trigger", Fact("explanation.delivered", NOW, "e"), False),
        # conversation_task: untied or about this task; an omission only when it names it
        ("conversation_task", Fact("conversation.held", NOW, "c", {"alone": False}), True),
        ("conversation_task", Fact("conversation.held", NOW, "c", {"about": "t:1"}), True),
        ("conversation_task", Fact("conversation.held", NOW, "c", {"about": "t:2"}), False),
        ("conversation_task", Fact("conversation.held", NOW, "c", {"underretning": "t:1"}), True),
        ("conversation_task", Fact("conversation.held", NOW, "c", {"underretning": "t:2"}), False),
        ("conversation_task", Fact("conversation.omitted", NOW, "c", {"about": "t:1"}), True),
        ("conversation_task", Fact("conversation.omitted", NOW, "c", {"about": "t:2"}), False),
        ("conversation_task", Fact("conversation.omitted", NOW, "c"), False),
        # conversation_alone_task: as above, and a held conversation must be alone
        ("conversation_alone_task", Fact("conversation.held", NOW, "c", {"alone": True}), True),
        ("conversation_alone_task", Fact("conversation.held", NOW, "c", {"alone": False}), False),
        ("conversation_alone_task", Fact("conversation.held", NOW, "c"), False),
        (
            "conversation_alone_task",
            Fact("conversation.held", NOW, "c", {"alone": True, "about": "t:2"}),
            False,
        ),
        ("conversation_alone_task", Fact("conversation.omitted", NOW, "c", {"about": "t:1"}), True),
        # told_the_child: rights told only to the parents do not count
        ("told_the_child", Fact("rights.informed", NOW, "r", {"to_child": True}), True),
        ("told_the_child", Fact("rights.informed", NOW, "r", {"to_child": False}), False),
        ("told_the_child", Fact("rights.informed", NOW, "r", {"topics": ["complaint"]}), True),
    ],
)
def test_involvement_matchers(matcher, candidate, expected):
    trigger = Fact("x.y", NOW, "t:1")
    assert MATCHERS[matcher](trigger, "t:1", candidate) is expected
