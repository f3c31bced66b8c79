"""Statutory deadline rules for barnets lov, kept as data.

Each ``Rule`` says what starts the clock (``start_event``), how long the clock runs
(``duration`` in ``unit``), which triggers count (``condition``, a named predicate in
``CONDITIONS``), which facts meet it (``met_by`` kinds filtered by ``matcher``, a named
predicate in ``MATCHERS``) and how obligations are laid out over time (``schedule``,
interpreted by ``engine.py``). ``note`` records how the law is read and what is not
verified. Sources: /work/shared/research/barnets_lov_rules.md §13 (D1-D16) and the
R-sections cited in each note.

``verification`` is honest about the evidence:

* LAW: the duty is in the consolidated act (LBK 282/2025) or the ministry states it as a
  statutory duty. These rules cannot be switched off; their durations can be shortened
  or lengthened by a municipality (practice may be stricter, and several durations are
  Stemme defaults where the law sets no number — the note says which).
* GUIDANCE / SECONDARY / UNVERIFIED: can be switched off in ``RuleConfig``.

Interpretations worth knowing (details in the notes):

* The 24-hour urgency assessment is treated as LAW although the research tags it [MIN]:
  the ministry that owns the act states it as a duty under § 136; only the stk. number is
  unverified, and a child-safety check must not be switchable.
* Deadlines where the law sets none (genvurdering, the abuse conversation, sibling BFU
  decision) default to 7 calendar days, Stemme's choice, configurable.
* Birthdays of 29-February children fall on 28 February in non-leap years (unverified).
* "Mindst to årlige tilsynsbesøg" is read as rolling 12-month windows from the placement
  start; calendar years are the other possible reading (open item 11).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

from .calendar import DEFAULT_HOLIDAY_OPTIONS, HolidayOptions, add_years, local_date
from .facts import CaseFacts, Fact

__all__ = [
    "CONDITIONS",
    "DEFAULT_CONFIG",
    "MATCHERS",
    "RULES",
    "RULES_BY_ID",
    "SCHEDULES",
    "Rule",
    "RuleConfig",
    "RuleOverride",
    "Unit",
    "Verification",
    "effective_rules",
]


class Verification(StrEnum):
    LAW = "law"
    GUIDANCE = "guidance"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"


class Unit(StrEnum):
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    CALENDAR_MONTHS = "calendar_months"


# --- Conditions: which trigger facts start a clock -------------------------------------
# Pure functions of (trigger fact, whole case). Birthday and period rules use "always":
# their start is computed by the schedule, not by a single fact.

Condition = Callable[[Fact, CaseFacts], bool]


def _always(trigger: Fact, case: CaseFacts) -> bool:
    return True


def _professional_reporter(trigger: Fact, case: CaseFacts) -> bool:
    return trigger.attrs.get("reporter_type") == "professional"


def _child_has_measure(trigger: Fact, case: CaseFacts) -> bool:
    # Trust the Django layer's flag: it knows measures in other cases of the same child,
    # which this case's facts do not show.
    return trigger.attrs.get("child_has_measure") is True


def _abuse(trigger: Fact, case: CaseFacts) -> bool:
    return trigger.attrs.get("abuse") is True


def _plan_due_after_decision(trigger: Fact, case: CaseFacts) -> bool:
    paragraph = trigger.attrs.get("paragraph")
    if paragraph == "32":
        return trigger.attrs.get("plan_decided") is True
    return paragraph == "46"


def _placement_without_consent(trigger: Fact, case: CaseFacts) -> bool:
    return trigger.attrs.get("paragraph") == "47"


def _placement_for_neglect_or_abuse(trigger: Fact, case: CaseFacts) -> bool:
    return (
        trigger.attrs.get("paragraph") in ("46", "47")
        and trigger.attrs.get("neglect_or_abuse") is True
    )


def _placement(trigger: Fact, case: CaseFacts) -> bool:
    return trigger.attrs.get("placement") is True


# Rights information is age-adapted; below school age there is nobody to explain rights to
# yet (Stemme's default, documented in the rule notes).
_RIGHTS_FROM_AGE = 6


def _against_child_wish(trigger: Fact, case: CaseFacts) -> bool:
    # Against the child's wish. Facts without ``child_wish`` (older imports) that plan an
    # explanation anyway keep the task, as before the partial wish had a rule of its own.
    if trigger.attrs.get("against_child_wish") is True:
        return True
    return "child_wish" not in trigger.attrs and bool(trigger.attrs.get("explanation_due_on"))


def _partly_child_wish(trigger: Fact, case: CaseFacts) -> bool:
    # Follows the child's wish only in part: the child needs the explanation as well.
    return (
        trigger.attrs.get("child_wish") == "partly"
        and trigger.attrs.get("against_child_wish") is not True
    )


# § 3: from 10 the child is a party in these case types (R1; the list is configuration
# because L 87 amended it). A case becomes one with its first decision under one of them.
PARTY_CASE_PARAGRAPHS: frozenset[str] = frozenset(
    {
        "32",
        "33",
        "39",
        "46",
        "47",
        "52",
        "67",
        "97",
        "100",
        "104",
        "114",
        "115",
        "116",
        "120",
        "142",
        "143",
        "146",
        "147",
        "148",
        "151",
    }
)


def _party_case_decision(trigger: Fact, case: CaseFacts) -> bool:
    return str(trigger.attrs.get("paragraph")) in PARTY_CASE_PARAGRAPHS


# § 108 stk. 1 nr. 3-4 and stk. 2: decisions on a measure that call for an ungeplan after 16.
YOUTH_MEASURE_PARAGRAPHS: frozenset[str] = frozenset(
    {"32", "46", "47", "67", "114", "115", "116", "120", "143"}
)


def _youth_measure_decision(trigger: Fact, case: CaseFacts) -> bool:
    return str(trigger.attrs.get("paragraph")) in YOUTH_MEASURE_PARAGRAPHS


def _provisional_decision(trigger: Fact, case: CaseFacts) -> bool:
    return trigger.attrs.get("paragraph") == "143"


def _child_old_enough_for_rights(trigger: Fact, case: CaseFacts) -> bool:
    # The 6th birthday as the birthday rules count it (29 February → 28 February).
    return local_date(trigger.at) >= add_years(case.child_birth_date, _RIGHTS_FROM_AGE)


CONDITIONS: Mapping[str, Condition] = MappingProxyType(
    {
        "against_child_wish": _against_child_wish,
        "partly_child_wish": _partly_child_wish,
        "party_case_decision": _party_case_decision,
        "youth_measure_decision": _youth_measure_decision,
        "provisional_decision": _provisional_decision,
        "child_old_enough_for_rights": _child_old_enough_for_rights,
        "always": _always,
        "professional_reporter": _professional_reporter,
        "child_has_measure": _child_has_measure,
        "abuse": _abuse,
        "plan_due_after_decision": _plan_due_after_decision,
        "placement_without_consent": _placement_without_consent,
        "placement_for_neglect_or_abuse": _placement_for_neglect_or_abuse,
        "placement": _placement,
    }
)


# --- Matchers: which candidate facts (of a ``met_by`` kind) meet an obligation ----------
# (trigger fact or None, subject, candidate) -> bool. ``subject`` is the trigger's ref, or
# the sibling's child ref for per-sibling obligations. Time windows are the schedule's job.

Matcher = Callable[[Fact | None, str, Fact], bool]


def _any(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    return True


def _same_underretning(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    return candidate.attrs.get("underretning") == subject


def _conversation_about_abuse(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    # A conversation tied to a different underretning is about something else; an untied
    # one counts. When a parent is suspected, § 137 stk. 3 requires the conversation
    # without the parents; "alone" is the only signal we have for that.
    linked = candidate.attrs.get("underretning")
    if linked is not None and linked != subject:
        return False
    if trigger is not None and trigger.attrs.get("parent_suspected") is True:
        return candidate.attrs.get("alone") is True
    return True


def _same_sibling(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    return candidate.attrs.get("sibling") == subject


def _ungeplan(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    return candidate.kind == "ungeplan.decided" or candidate.attrs.get("ungeplan") is True


def _with_child_conversation(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    return candidate.attrs.get("with_child_conversation") is True


def _about_trigger(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    return candidate.attrs.get("about") == subject


def _conversation_task(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    # An omission (with its reason) answers only the task it names; a conversation answers
    # every task unless it was held about something else. A finished investigation that
    # records the child's view as the child told it (``child_heard``) answers its own task.
    if candidate.kind == "conversation.omitted":
        return candidate.attrs.get("about") == subject
    if candidate.kind == "bfu.completed":
        return candidate.ref == subject and candidate.attrs.get("child_heard") is True
    if candidate.kind != "conversation.held":
        return False
    linked = candidate.attrs.get("about") or candidate.attrs.get("underretning")
    return linked is None or linked == subject


def _conversation_alone_task(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    if candidate.kind == "follow_up.held":
        # The follow-up's own checklist: "talked with the child alone beforehand". The
        # follow-up that scheduled this one (its ref + "#next") answers the previous task.
        return (
            candidate.attrs.get("talked_with_child_alone") is True
            and f"{candidate.ref}#next" != subject
        )
    if candidate.kind == "conversation.held" and candidate.attrs.get("alone") is not True:
        return False
    return _conversation_task(trigger, subject, candidate)


UNGESTOETTE_PARAGRAPHS: frozenset[str] = frozenset({"114", "115", "116", "120"})


def _ungestoette_decision(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    # § 111 stk. 1: a decision on ungestøtte under §§ 114-116 or 120. A refusal is a decision
    # too, so the outcome does not matter.
    if candidate.kind == "ungestoette.decided":
        return True
    return str(candidate.attrs.get("paragraph")) in UNGESTOETTE_PARAGRAPHS


def _about_the_same_decision(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    # A complaint names the decision it is about, as the notice of the decision does.
    return trigger is not None and candidate.attrs.get("about") == trigger.attrs.get("about")


def _committee_decision(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    # The child and youth committee's own decision on the matter of a provisional decision
    # (a placement without consent, or a permanent placement).
    return candidate.attrs.get("paragraph") in ("47", "67")


def _told_the_child(trigger: Fact | None, subject: str, candidate: Fact) -> bool:
    # Rights explained only to the parents do not tell the child; facts without the flag
    # (older imports) are taken as told to the child, the model's default.
    return candidate.attrs.get("to_child") is not False


MATCHERS: Mapping[str, Matcher] = MappingProxyType(
    {
        "about_trigger": _about_trigger,
        "told_the_child": _told_the_child,
        "conversation_task": _conversation_task,
        "conversation_alone_task": _conversation_alone_task,
        "ungestoette_decision": _ungestoette_decision,
        "committee_decision": _committee_decision,
        "about_the_same_decision": _about_the_same_decision,
        "any": _any,
        "same_underretning": _same_underretning,
        "conversation_about_abuse": _conversation_about_abuse,
        "same_sibling": _same_sibling,
        "ungeplan": _ungeplan,
        "with_child_conversation": _with_child_conversation,
    }
)


# --- Occasion ends: when a task's occasion has passed -----------------------------------
# (trigger fact, candidate fact of an ``ends_with`` kind) -> bool. A task whose occasion has
# passed unmet is lapsed, never left open: the conversation during an investigation once the
# investigation is finished, the conversation before a follow-up once the follow-up is held.

OccasionEnd = Callable[[Fact, Fact], bool]


def _same_ref(trigger: Fact, candidate: Fact) -> bool:
    return candidate.ref == trigger.ref


def _the_scheduled_follow_up(trigger: Fact, candidate: Fact) -> bool:
    # A follow-up scheduled as "<ref>#next" is held by any later follow-up, not by <ref>.
    return f"{candidate.ref}#next" != trigger.ref


OCCASION_ENDS: Mapping[str, OccasionEnd] = MappingProxyType(
    {"same_ref": _same_ref, "the_scheduled_follow_up": _the_scheduled_follow_up}
)

# Schedules are implemented in engine.py; the names live here so a Rule can be validated
# without importing the engine.
SCHEDULES: frozenset[str] = frozenset(
    {
        "per_trigger",  # one obligation per trigger fact, due = trigger + duration
        "per_open_occasion",  # per_trigger, but an occasion while one is still open joins it
        "from_awareness",  # BFU: due = kendskabsdato + duration
        "first_follow_up",  # earlier of the parallel investigation's end and + duration
        "before_trigger",  # must be met strictly before the trigger fact
        "per_sibling",  # one obligation per sibling named on the trigger
        "yearly_windows",  # one obligation per window of ``duration`` months of placement
        "measure_after_birthday",  # measure active on/after a birthday
        "placement_before_birthday",  # due ``duration`` months before a birthday
        "birthday_in_open_case",  # due at a birthday reached while the case is open
        "by_date",  # one per ref (latest trigger wins), due ``duration`` days before due_on
    }
)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # plain English; translated in the UI layer
    legal_basis: str
    verification: Verification
    start_event: str  # a fact kind, or a pseudo-event such as "birthday:16"
    duration: int
    unit: Unit
    condition: str  # key in CONDITIONS
    met_by: tuple[str, ...]  # fact kinds that can meet it
    note: str  # interpretation and what is unverified
    matcher: str = "any"  # key in MATCHERS
    schedule: str = "per_trigger"  # key in SCHEDULES
    ends_with: tuple[str, ...] = ()  # fact kinds that end the task's occasion
    ends_when: str = "same_ref"  # key in OCCASION_ENDS: which of them end it
    # A period that runs out rather than a duty (the 4 weeks to complain): unmet at its end
    # it lapses (nobody complained), it is never overdue.
    window: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.duration, bool) or not isinstance(self.duration, int):
            raise ValueError(f"Rule {self.id}: duration must be an int")
        if self.duration < 0:
            raise ValueError(f"Rule {self.id}: duration must be >= 0")
        if self.condition not in CONDITIONS:
            raise ValueError(f"Rule {self.id}: unknown condition {self.condition!r}")
        if self.matcher not in MATCHERS:
            raise ValueError(f"Rule {self.id}: unknown matcher {self.matcher!r}")
        if self.schedule not in SCHEDULES:
            raise ValueError(f"Rule {self.id}: unknown schedule {self.schedule!r}")
        if self.ends_when not in OCCASION_ENDS:
            raise ValueError(f"Rule {self.id}: unknown occasion end {self.ends_when!r}")
        if self.ends_with and self.schedule not in ("per_trigger", "by_date"):
            raise ValueError(f"Rule {self.id}: only per_trigger and by_date tasks end early")
        if self.schedule == "yearly_windows" and self.unit is not Unit.CALENDAR_MONTHS:
            raise ValueError(f"Rule {self.id}: yearly_windows needs calendar months")
        if self.schedule == "by_date" and self.unit is not Unit.CALENDAR_DAYS:
            raise ValueError(f"Rule {self.id}: by_date counts calendar days before the date")


_UNDERRETNING = "underretning.received"

RULES: tuple[Rule, ...] = (
    Rule(
        id="underretning-24t",
        title="Assess within 24 hours whether the child's health or development is in danger",
        legal_basis="barnets lov § 136",
        verification=Verification.LAW,
        start_event=_UNDERRETNING,
        duration=24,
        unit=Unit.HOURS,
        condition="always",
        met_by=("underretning.urgency_assessed",),
        matcher="same_underretning",
        note=(
            "R8/D1. Elapsed clock hours from the moment the underretning was received, "
            "through nights, weekends and holidays. Met by the urgency assessment that "
            "names this underretning. The research tags the source [MIN] (sm.dk states the "
            "24 hours as the kommune's duty under § 136); the stk. number is unverified. "
            "Classed as LAW because the ministry that owns the act states it as a statutory "
            "duty and a child-safety check must not be switchable; re-check § 136 text. "
            "The legal_basis shown to users is the plain citation; the stk. is unverified."
        ),
    ),
    Rule(
        id="kvittering-6-hverdage",
        title="Send a receipt to the professional who made the report",
        legal_basis="barnets lov § 136 (tidl. serviceloven § 155 b, stk. 1)",
        verification=Verification.UNVERIFIED,
        start_event=_UNDERRETNING,
        duration=6,
        unit=Unit.WORKING_DAYS,
        condition="professional_reporter",
        met_by=("underretning.receipt_sent",),
        matcher="same_underretning",
        note=(
            "R9/D2. Only for reporters with the heightened duty (§ 133, "
            "reporter_type 'professional'). Due on the 6th working day after the date of "
            "receipt (Mon-Fri minus holidays; the receipt day does not count). The number "
            "and § come only from municipal pages and the old serviceloven; no barnets lov "
            "text confirms them, so the rule can be switched off."
        ),
    ),
    Rule(
        id="genvurdering-137",
        title="Reassess the case with someone who is new to it",
        legal_basis="barnets lov § 137, stk. 1",
        verification=Verification.LAW,
        start_event=_UNDERRETNING,
        duration=7,
        unit=Unit.CALENDAR_DAYS,
        condition="child_has_measure",
        met_by=("underretning.reassessed",),
        matcher="same_underretning",
        note=(
            "R11a/D3. The duty (re-assess with at least one person who has not handled the "
            "case) is law when the underretning concerns a child with an active §32/46/47/67 "
            "measure (the underretning's child_has_measure flag). The law sets no deadline: "
            "7 calendar days is Stemme's default and should be set by the municipality."
        ),
    ),
    Rule(
        id="samtale-overgreb-137",
        title="Talk with the child about the reported abuse",
        legal_basis="barnets lov § 137, stk. 3",
        verification=Verification.LAW,
        start_event=_UNDERRETNING,
        duration=7,
        unit=Unit.CALENDAR_DAYS,
        condition="abuse",
        met_by=("conversation.held",),
        matcher="conversation_about_abuse",
        note=(
            "R11b/D4. A conversation is mandatory when the underretning is about abuse. Met "
            "by a conversation at or after receipt that is not tied to another underretning. "
            "When a parent is suspected it must happen without the parents, so only a "
            "conversation with the child alone counts. The law sets no deadline: 7 calendar "
            "days is Stemme's default. Omission under stk. 4 (maturity, nature of the case) "
            "is recorded as a waiver."
        ),
    ),
    Rule(
        id="bfu-4-maaneder",
        title="Finish the child-welfare investigation, or make a preliminary assessment",
        legal_basis="barnets lov § 20, stk. 3",
        verification=Verification.LAW,
        start_event="bfu.started",
        duration=4,
        unit=Unit.CALENDAR_MONTHS,
        condition="always",
        met_by=("bfu.completed", "bfu.preliminary_assessment"),
        schedule="from_awareness",
        note=(
            "R16/D5. The 4 months run from when the kommune became aware of the possible "
            "need (kendskabsdato), not from the BFU decision. The first BFU in a case uses "
            "the case's awareness date (or the BFU date if there is none). A later BFU, "
            "started after the previous one was completed, runs from the first underretning "
            "received since then, else from its own date: the case's original kendskabsdato "
            "says nothing about a new need. Met by completion or by the preliminary "
            "assessment the law requires when 4 months are not enough."
        ),
    ),
    Rule(
        id="soeskende-bfu-21",
        title="Decide on an investigation of a sibling under 15 in the household",
        legal_basis="barnets lov § 21, stk. 2",
        verification=Verification.LAW,
        start_event="decision.made",
        duration=7,
        unit=Unit.CALENDAR_DAYS,
        condition="placement_for_neglect_or_abuse",
        met_by=("sibling_bfu.decided",),
        matcher="same_sibling",
        schedule="per_sibling",
        note=(
            "R18. When a child is placed (§46/47) because of neglect or abuse, each sibling "
            "under 15 in the household must get a BFU unless there is obviously no need "
            "(stk. 3: record that as a waiver). One obligation per sibling. A sibling BFU "
            "decided before the placement also counts. The law sets no deadline: 7 calendar "
            "days is Stemme's default."
        ),
    ),
    Rule(
        id="plan-3-maaneder",
        title="Make the child's plan",
        legal_basis="barnets lov § 91, stk. 1–2",
        verification=Verification.LAW,
        start_event="decision.made",
        duration=3,
        unit=Unit.CALENDAR_MONTHS,
        condition="plan_due_after_decision",
        met_by=("plan.made",),
        note=(
            "R25/D6-D7. For a §32 decision where the kommune decided to make a plan, and "
            "for every §46 placement: plan at the latest 3 months after the decision. A "
            "plan made at or after the decision meets it; an ungeplan counts too (for "
            "youths of 16+ the ungeplan replaces the barnets plan, § 108)."
        ),
    ),
    Rule(
        id="plan-foer-47",
        title="Have the child's plan ready before placement without consent",
        legal_basis="barnets lov § 91, stk. 2, og § 108, stk. 4",
        verification=Verification.LAW,
        start_event="decision.made",
        duration=0,
        unit=Unit.HOURS,
        condition="placement_without_consent",
        met_by=("plan.made",),
        schedule="before_trigger",
        note=(
            "R24-R25/D8. Under §47 the plan (or ungeplan) must exist before the decision. "
            "Due at the decision's moment; met only by a plan made before it or at the same "
            "moment, as a plan dated the decision's day is (a step dated a past day happens at "
            "the end of that day, as the decision guard compares dates; the latest such plan "
            "is cited). A plan made afterwards does not repair the "
            "decision, so without a prior plan the obligation is overdue at once and stays "
            "so. The duration cannot be overridden."
        ),
    ),
    Rule(
        id="opfoelgning-foerste",
        title="Hold the first follow-up on the measure",
        legal_basis="barnets lov § 95, stk. 2",
        verification=Verification.LAW,
        start_event="measure.started",
        duration=3,
        unit=Unit.CALENDAR_MONTHS,
        condition="always",
        met_by=("follow_up.held",),
        schedule="first_follow_up",
        note=(
            "R28/D10. Due at the earlier of the date a parallel investigation ends and 3 "
            "months after the measure started; never before the start date. The end is the "
            "date expected at the start (parallel_investigation_ends_on), or the day the "
            "investigation is actually finished (§ 95 stk. 2 nr. 1: a bfu.completed after the "
            "start, the one named parallel_investigation when given) when that is earlier. "
            "Met by the first follow-up held at or after the start. "
            "If the measure ends (or the case closes) first, the obligation lapses. Later "
            "follow-ups have no statutory interval (set at the first follow-up)."
        ),
    ),
    Rule(
        id="tilsyn-2-aarligt",
        title="Visit the placement at least twice a year and talk with the child",
        legal_basis="barnets lov § 156, stk. 5",
        verification=Verification.LAW,
        start_event="placement.period",
        duration=12,
        unit=Unit.CALENDAR_MONTHS,
        condition="placement",
        met_by=("supervision.held",),
        matcher="with_child_conversation",
        schedule="yearly_windows",
        note=(
            "R29/D11. For each placement (measure.started with placement), one obligation per "
            "window of 12 calendar months from the placement date, window k = [start + "
            "12(k-1) months, start + 12k months), due at the end of its last day. Met by the "
            "2nd supervision visit with a conversation with the child inside the window. "
            "Windows appear once they have started, while the placement lasts; a window cut "
            "short by the placement ending (or the case closing) lapses unless met. "
            "Rolling windows versus calendar years is UNVERIFIED (open item 11)."
        ),
    ),
    Rule(
        id="ungeplan-16",
        title="Decide on a youth plan (ungeplan) after the 16th birthday",
        legal_basis="barnets lov § 108, stk. 1 og 3",
        verification=Verification.LAW,
        start_event="birthday:16",
        duration=3,
        unit=Unit.CALENDAR_MONTHS,
        condition="youth_measure_decision",
        met_by=("ungeplan.decided", "plan.made"),
        matcher="ungeplan",
        schedule="measure_after_birthday",
        note=(
            "R27/D9. When a youth with a measure turns 16 (or gets a measure after 16) the "
            "kommune must decide whether to make an ungeplan; § 108 stk. 3: the plan is due 3 "
            "months after the decision on the measure, or after the 16th birthday. The clock "
            "starts at the later of the 16th birthday and the decision on the first measure "
            "(§§ 32, 46, 47, 67, 114-116, 120, 143) active on or after it, whether or not the "
            "measure has started or ever starts; a measure whose decision is not among the "
            "facts counts from its start. Met by the decision on an ungeplan or an ungeplan "
            "made on or after the birthday. 'Any measure' approximates § 108 stk. 1's list."
        ),
    ),
    Rule(
        id="ungestoette-18",
        title="Decide on ungestøtte at least 6 months before the 18th birthday",
        legal_basis="barnets lov § 111, stk. 1",
        verification=Verification.LAW,
        start_event="birthday:18",
        duration=6,
        unit=Unit.CALENDAR_MONTHS,
        condition="placement",
        met_by=("ungestoette.decided", "decision.made"),
        matcher="ungestoette_decision",
        schedule="placement_before_birthday",
        note=(
            "R30/D12. For a placement that would end at 18, the decision on ungestøtte is "
            "due 6 calendar months before the 18th birthday (duration = months before). One "
            "obligation per placement that is active at some point between the 16th "
            "birthday and that due date; it becomes visible at the later of the 16th "
            "birthday (when the ungeplan, which § 111 stk. 2 revises first, exists) and the "
            "placement start, and lapses if the placement ends before the due date. Met by "
            "a decision under §§ 114-116 or 120 (a refusal is a decision too) on or after the "
            "16th birthday."
        ),
    ),
    Rule(
        id="foreloebig-143-buu",
        title="Put the provisional decision before the child and youth committee",
        legal_basis="barnets lov § 143, stk. 4",
        verification=Verification.SECONDARY,
        start_event="decision.made",
        duration=7,
        unit=Unit.CALENDAR_DAYS,
        condition="provisional_decision",
        met_by=("decision.made",),
        matcher="committee_decision",
        note=(
            "R24. The chair's provisional decision (§ 143, e.g. an urgent placement without "
            "consent) must be approved by the child and youth committee (§ 142). The 7 "
            "calendar days come from the old serviceloven § 75 stk. 3 and municipal pages, "
            "unverified for barnets lov, so the rule can be switched off. Met by the "
            "committee's own decision (§ 47 or § 67) at or after the provisional one."
        ),
    ),
    Rule(
        id="klagefrist-4-uger",
        title="The 4 weeks in which the decision can be complained about",
        legal_basis="retssikkerhedsloven § 67, stk. 1 (barnets lov § 144)",
        verification=Verification.SECONDARY,
        start_event="decision.notified",
        duration=28,
        unit=Unit.CALENDAR_DAYS,
        condition="always",
        met_by=("complaint.received",),
        matcher="about_the_same_decision",
        window=True,
        note=(
            "R33. A complaint is due within 4 weeks of the party receiving the decision "
            "(retssikkerhedsloven § 67 stk. 1, quoted via other acts; barnets lov §§ 144-150 "
            "unverified), counted from the day the party received it (decision.notified; "
            "when a digital letter counts as received is unverified). A period, not a duty: "
            "met when a complaint about the decision arrives, lapsed when it runs out."
        ),
    ),
    Rule(
        id="klage-genvurdering-4-uger",
        title="Reconsider the decision within 4 weeks of the complaint",
        legal_basis="retssikkerhedsloven § 67 (barnets lov § 144)",
        verification=Verification.SECONDARY,
        start_event="complaint.received",
        duration=28,
        unit=Unit.CALENDAR_DAYS,
        condition="always",
        met_by=("complaint.reconsidered",),
        matcher="about_trigger",
        note=(
            "R33. The complaint goes to the authority that decided; it reconsiders "
            "(genvurdering) and either changes the decision or sends the complaint on to "
            "Ankestyrelsen. The 4 weeks are stated by several secondary sources only, so the "
            "rule can be switched off. Met by the reconsideration about the complaint."
        ),
    ),
    Rule(
        id="aktindsigt-7-hverdage",
        title="Answer the request for access to the file within 7 working days",
        legal_basis="forvaltningsloven § 16, stk. 2",
        verification=Verification.SECONDARY,
        start_event="access_request.received",
        duration=7,
        unit=Unit.WORKING_DAYS,
        condition="always",
        met_by=("access_request.answered",),
        matcher="about_trigger",
        note=(
            "R35. A party's request for access to the file (aktindsigt) is answered within 7 "
            "working days, or the requester is told why not and when to expect an answer "
            "(cited by municipalities as forvaltningsloven § 16 stk. 2; barnets lov §§ "
            "140-141 unverified), so the rule can be switched off. Met by the answer, or that "
            "message, about the request."
        ),
    ),
    Rule(
        id="partsstatus-10",
        title="Tell the child that they are a party to the case from age 10",
        legal_basis="barnets lov § 3",
        verification=Verification.LAW,
        start_event="birthday:10",
        duration=0,
        unit=Unit.CALENDAR_DAYS,
        condition="party_case_decision",
        met_by=("party_status.informed",),
        schedule="birthday_in_open_case",
        note=(
            "R1. From the 10th birthday the child exercises party rights in the § 3 case "
            "types only (§§ 32, 33, 39, 46, 52, 97, 100, 104, 114-116, 120, and §§ 142-143, "
            "146-148, 151 with § 47 and § 67): a case becomes one with its first decision "
            "under one of them. § 3 states the rights; informing the child is how Stemme "
            "makes them real, and the due date is Stemme's reading: the 10th birthday, or the "
            "day of that decision if the child is already 10. One obligation per case, from "
            "the first period in which the case is a § 3 case while open when the child is "
            "or turns 10. Met by informing the child at any time in the case. The duration "
            "cannot be overridden."
        ),
    ),
)


# --- Involvement duties (M3/M4): the child's voice made routine -------------------------
# Not statutory deadlines but SBST's recommendations turned into tasks, so they are GUIDANCE:
# a municipality can change their durations or switch them off on /fristregler/. Each one
# exists to move a figure from the youth survey (seed004 §5), named in its note.

_CONVERSATION = ("conversation.held", "conversation.omitted")

INVOLVEMENT_RULES: tuple[Rule, ...] = (
    Rule(
        id="samtale-underretning",
        title="Talk with the child about the report",
        legal_basis="barnets lov § 5, stk. 3",
        verification=Verification.GUIDANCE,
        start_event=_UNDERRETNING,
        duration=7,
        unit=Unit.CALENDAR_DAYS,
        condition="always",
        met_by=_CONVERSATION,
        matcher="conversation_task",
        note=(
            "seed003 rec. 1-2. Every underretning starts a conversation task. Met by a "
            "conversation with the child at or after receipt that is not about something "
            "else, or by recording why it was omitted (age, nature of the case, the child "
            "declined, other). 7 calendar days is Stemme's default."
        ),
    ),
    Rule(
        id="samtale-undersoegelse",
        title="Talk with the child during the investigation",
        legal_basis="barnets lov § 5, stk. 3, og § 22",
        verification=Verification.GUIDANCE,
        start_event="bfu.started",
        duration=14,
        unit=Unit.CALENDAR_DAYS,
        condition="always",
        met_by=(*_CONVERSATION, "bfu.completed"),
        matcher="conversation_task",
        ends_with=("bfu.completed",),
        note=(
            "seed003 rec. 2 and 6. A conversation with the child belongs in every børnefaglig "
            "undersøgelse; the task makes it happen early. 14 calendar days is Stemme's default. "
            "Finishing the investigation with the child's view as the child told it meets the "
            "task; finishing it without lapses it (the occasion has passed)."
        ),
    ),
    Rule(
        id="samtale-indsats",
        title="Talk with the child when the measure starts",
        legal_basis="barnets lov § 5, stk. 3",
        verification=Verification.GUIDANCE,
        start_event="measure.started",
        duration=14,
        unit=Unit.CALENDAR_DAYS,
        condition="always",
        met_by=_CONVERSATION,
        matcher="conversation_task",
        ends_with=("measure.ended",),
        note=(
            "seed002 §6. A conversation at the start of every measure. Stemme's default: 14 "
            "days. A measure that ends before the conversation lapses the task."
        ),
    ),
    Rule(
        id="samtale-foer-opfoelgning",
        title="Talk with the child alone before the follow-up",
        legal_basis="barnets lov § 5, stk. 3, og § 95",
        verification=Verification.GUIDANCE,
        start_event="follow_up.scheduled",
        duration=0,
        unit=Unit.CALENDAR_DAYS,
        condition="always",
        met_by=(*_CONVERSATION, "follow_up.held"),
        matcher="conversation_alone_task",
        schedule="by_date",
        ends_with=("follow_up.held",),
        ends_when="the_scheduled_follow_up",
        note=(
            "seed003 rec. 16. Each agreed follow-up date (at the start-up meeting or the "
            "previous follow-up) starts a task: a conversation with the child alone, at the "
            "latest on the follow-up day. Only a conversation with the child alone counts, or "
            "the follow-up's own 'talked with the child alone beforehand'. The follow-up held "
            "ends the task: met by then, or lapsed."
        ),
    ),
    Rule(
        id="forklaring-afgoerelse",
        title="Explain the decision to the child when it goes against the child's wish",
        legal_basis="barnets lov § 5, stk. 3",
        verification=Verification.GUIDANCE,
        start_event="decision.made",
        duration=0,
        unit=Unit.CALENDAR_DAYS,
        condition="against_child_wish",
        met_by=("explanation.delivered",),
        matcher="about_trigger",
        schedule="by_date",
        note=(
            "seed004 focus point: only 42 % talk with their caseworker after a meeting about "
            "what was decided. A decision that goes against the child's wish records a plain "
            "explanation and when it will be given; the task stays open until it is delivered. "
            "A decision that follows the wish only in part has its own task, "
            "forklaring-afgoerelse-delvis."
        ),
    ),
    Rule(
        id="forklaring-afgoerelse-delvis",
        title="Explain the decision to the child when it follows the child's wish only in part",
        legal_basis="barnets lov § 5, stk. 3",
        verification=Verification.GUIDANCE,
        start_event="decision.made",
        duration=0,
        unit=Unit.CALENDAR_DAYS,
        condition="partly_child_wish",
        met_by=("explanation.delivered",),
        matcher="about_trigger",
        schedule="by_date",
        note=(
            "As forklaring-afgoerelse, for a decision that follows the child's wish only in "
            "part (child_wish 'partly'): the part that goes against the wish needs the same "
            "plain explanation, due on explanation_due_on (without one, on the decision's day)."
        ),
    ),
    Rule(
        id="moede-dagsorden",
        title="Send the child the agenda before the meeting",
        legal_basis="Social- og Boligstyrelsens anbefaling: rammesætning af møder",
        verification=Verification.GUIDANCE,
        start_event="meeting.planned",
        duration=2,
        unit=Unit.CALENDAR_DAYS,
        condition="always",
        met_by=("meeting.agenda_sent",),
        matcher="about_trigger",
        schedule="by_date",
        note=(
            "seed004: 53 % know beforehand what a meeting is about. Due 2 calendar days "
            "before the meeting (Stemme's default); moving the meeting moves the task, "
            "cancelling it ends the task."
        ),
    ),
    Rule(
        id="moede-opsummering",
        title="Give the child a summary of what was decided and why",
        legal_basis="Social- og Boligstyrelsens anbefaling: rammesætning af møder",
        verification=Verification.GUIDANCE,
        start_event="meeting.held",
        duration=5,
        unit=Unit.WORKING_DAYS,
        condition="always",
        met_by=("meeting.summary_delivered",),
        matcher="about_trigger",
        note=(
            "seed004: only 42 % talk with their caseworker after a meeting about what was "
            "decided. Due 5 working days after the meeting (Stemme's default)."
        ),
    ),
    Rule(
        id="rettigheder",
        title="Tell the child about their rights",
        legal_basis="barnets lov §§ 3, 5 og 6",
        verification=Verification.GUIDANCE,
        start_event="rights.occasion",
        duration=14,
        unit=Unit.CALENDAR_DAYS,
        condition="child_old_enough_for_rights",
        met_by=("rights.informed",),
        matcher="told_the_child",
        schedule="per_open_occasion",
        note=(
            "seed004: 59 % were told they have a right to be involved. The occasions are the "
            "start of the case, a decision, a new plan and a change of caseworker (the 10th "
            "birthday is partsstatus-10). Met by rights information given to the child at or "
            "after the occasion (information given only to the parents does not count). An "
            "occasion while the child has still not been told since an earlier one joins that "
            "task: telling the child once answers both, so the task is never shown twice. From "
            "age 6 (school age, from the 6th birthday), Stemme's default; 14 days likewise."
        ),
    ),
    Rule(
        id="overdragelse-brev",
        title="Introduce the new caseworker to the child",
        legal_basis="Social- og Boligstyrelsens anbefaling: kontinuitet",
        verification=Verification.GUIDANCE,
        start_event="caseworker.changed",
        duration=5,
        unit=Unit.WORKING_DAYS,
        condition="always",
        met_by=("handover.letter_sent",),
        matcher="about_trigger",
        note=(
            "seed004: two thirds had a caseworker change in two years, often without being "
            "told. A letter to the child introducing the new caseworker, within 5 working "
            "days of the change (Stemme's default)."
        ),
    ),
    Rule(
        id="partshoering-svar",
        title="Follow up on the hearing of the parties by its answer deadline",
        legal_basis="forvaltningsloven § 19",
        verification=Verification.GUIDANCE,
        start_event="hearing.sent",
        duration=0,
        unit=Unit.CALENDAR_DAYS,
        condition="always",
        met_by=("hearing.closed",),
        matcher="about_trigger",
        schedule="by_date",
        note=(
            "Before a decision against a party's wish the parties are heard (partshøring, "
            "forvaltningsloven § 19, stk. 1); the caseworker sets the answer deadline. The task "
            "is due on that day (due_on) and met when the hearing closes: every party answered, "
            "the deadline passed and the caseworker closed it, or a decision was made on it. "
            "The deadline is the caseworker's, so the rule is guidance and can be switched off."
        ),
    ),
)

RULES = RULES + INVOLVEMENT_RULES

RULES_BY_ID: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in RULES})

# The rules whose tasks a conversation with the child answers (held, or omitted with a reason).
CONVERSATION_RULES: tuple[str, ...] = (
    "samtale-underretning",
    "samtale-undersoegelse",
    "samtale-indsats",
    "samtale-foer-opfoelgning",
    "samtale-overgreb-137",
)
# § 137, stk. 3: a conversation about reported abuse is mandatory. It can be left out only
# for the child's maturity or the nature of the case, and is then recorded as a waiver.
ABUSE_CONVERSATION_RULE = "samtale-overgreb-137"
# The rules that remind the caseworker to tell the child about their rights.
RIGHTS_RULES: tuple[str, ...] = ("rettigheder", "partsstatus-10")


@dataclass(frozen=True)
class RuleOverride:
    """A municipality's change to one rule. ``None`` means "keep the default"."""

    duration: int | None = None
    enabled: bool | None = None

    def __post_init__(self) -> None:
        if self.duration is not None and (
            isinstance(self.duration, bool)
            or not isinstance(self.duration, int)
            or self.duration <= 0
        ):
            raise ValueError(f"override duration must be a positive int, got {self.duration!r}")
        if self.enabled is not None and not isinstance(self.enabled, bool):
            raise ValueError(f"override enabled must be a bool or None, got {self.enabled!r}")


def _validate_override(rule_id: str, override: RuleOverride) -> None:
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        raise ValueError(f"unknown rule id {rule_id!r}; known: {', '.join(RULES_BY_ID)}")
    if not isinstance(override, RuleOverride):
        raise ValueError(f"override for {rule_id!r} must be a RuleOverride")
    if override.enabled is False and rule.verification is Verification.LAW:
        raise ValueError(
            f"rule {rule_id!r} is a statutory duty ({rule.legal_basis}, verified as law) "
            "and cannot be switched off; change its duration or waive single obligations"
        )
    if override.duration is not None and rule.duration == 0:
        # A deadline at the trigger itself ("before the decision", "at the birthday") can
        # only be relaxed by a positive duration, which the law does not allow.
        raise ValueError(
            f"rule {rule_id!r} is due at its trigger moment; its duration cannot be overridden"
        )


@dataclass(frozen=True)
class RuleConfig:
    """A municipality's rule settings: per-rule overrides and the working-day calendar.

    Validated on construction, so a bad setting fails when it is loaded, not mid-run.
    """

    overrides: Mapping[str, RuleOverride] = field(default_factory=lambda: MappingProxyType({}))
    holidays: HolidayOptions = DEFAULT_HOLIDAY_OPTIONS

    def __post_init__(self) -> None:
        frozen = dict(sorted(self.overrides.items()))
        for rule_id, override in frozen.items():
            _validate_override(rule_id, override)
        object.__setattr__(self, "overrides", MappingProxyType(frozen))
        if not isinstance(self.holidays, HolidayOptions):
            raise ValueError("holidays must be a HolidayOptions")

    def __hash__(self) -> int:
        return hash((tuple(self.overrides.items()), self.holidays))


DEFAULT_CONFIG = RuleConfig()


@lru_cache(maxsize=256)
def effective_rules(config: RuleConfig = DEFAULT_CONFIG) -> tuple[Rule, ...]:
    """The rules in force under ``config``: overrides applied, disabled rules removed."""
    result: list[Rule] = []
    for rule in RULES:
        override = config.overrides.get(rule.id)
        if override is None:
            result.append(rule)
            continue
        if override.enabled is False:
            continue
        if override.duration is not None:
            rule = replace(rule, duration=override.duration)
        result.append(rule)
    return tuple(result)
