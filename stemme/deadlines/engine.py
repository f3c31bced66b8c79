"""Derive a case's statutory obligations, and their status, from its facts.

``derive_obligations(case, as_of=..., config=...)`` is a pure function: no Django, no
database, no clock. It sees only facts that happened at or before ``as_of``, so replaying
a case "as of" any past moment gives what the system would have said then.

Status of an obligation as of ``as_of`` (first that applies):

1. MET: a fact that meets it exists (``met_late`` if it came after ``due_at``).
2. WAIVED: an ``obligation.waived`` fact names this rule and trigger.
3. LAPSED: the duty ended before it was met and before it fell due. That is a
   ``case.closed`` at or after the obligation arose, or for measure-bound rules
   (first follow-up, supervision windows, ungestøtte) the measure ending. A task whose
   occasion has passed (a rule's ``ends_with``: the investigation finished, the follow-up
   held, the measure ended) is lapsed too, whenever it fell due: it is never left open.
4. OVERDUE if ``as_of`` is after ``due_at``, otherwise OPEN.

Facts at the same instant: a step dated a past day happens at the end of that day (see
``stemme.cases.services.unit.occurred_at_for``), so steps of one day share an instant and
compare as the guards compare dates: "at or after" and "at or before" include the same
day. At one instant a ``case.closed`` comes last, so what the closing step itself
records (a measure ending the same day) belongs to the period it closes.

How each rule lays out its obligations over time is its ``schedule`` (see rules.py).
Internally every instant is handled in UTC: Python compares two datetimes that share a
``ZoneInfo`` by wall-clock time, which is wrong inside the autumn DST fold. Output
datetimes are in Europe/Copenhagen.

Performance: facts are sorted and indexed by kind once per case; each rule then looks
only at the kinds it needs, with a binary search for "at or after the trigger".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from .calendar import (
    COPENHAGEN,
    HolidayOptions,
    add_calendar_days,
    add_calendar_months,
    add_hours,
    add_working_days,
    add_years,
    end_of_day,
    local_date,
    require_aware,
    start_of_day,
)
from .facts import FACT_KINDS, CaseFacts, Fact
from .rules import (
    CONDITIONS,
    DEFAULT_CONFIG,
    MATCHERS,
    OCCASION_ENDS,
    SCHEDULES,
    Rule,
    RuleConfig,
    Unit,
    Verification,
    effective_rules,
)

__all__ = ["Obligation", "Status", "derive_obligations"]

# Ages used by schedules besides the rule's own birthday: ungestøtte becomes visible from
# the 16th birthday, when the ungeplan that § 111 stk. 2 revises first exists.
_UNGEPLAN_AGE = 16


class Status(StrEnum):
    OPEN = "open"
    MET = "met"
    OVERDUE = "overdue"
    WAIVED = "waived"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class Obligation:
    rule_id: str
    legal_basis: str
    verification: Verification
    case_ref: str
    child_ref: str
    trigger_ref: str  # unique together with rule_id within a case
    started_at: datetime  # when the clock started (Europe/Copenhagen)
    due_at: datetime  # for day/month units: end_of_day(due_date)
    due_date: date  # local date of due_at
    unit: Unit
    status: Status
    met_by_ref: str | None
    met_at: datetime | None
    met_late: bool
    waived_reason: str | None


# --- internal representation -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Draft:
    """An obligation before status: when it arose, when it is due, what met it."""

    trigger_ref: str
    opened_at: datetime  # when the obligation came into being; closures before it don't count
    started_at: datetime  # when the legal clock started (may precede opened_at, e.g. BFU)
    due_at: datetime
    met: Fact | None
    ended_at: datetime | None = None  # a rule-specific end of the duty (measure ended)
    occasion_end: datetime | None = None  # the task's occasion passed: lapsed unless met


@dataclass(frozen=True, slots=True)
class _Measure:
    fact: Fact  # the measure.started fact
    ended_at: datetime | None  # its own measure.ended
    end: datetime | None  # the earlier of ended_at and a case closure


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def _in_utc(fact: Fact) -> Fact:
    if fact.at.tzinfo is UTC:
        return fact
    # A validated, frozen Fact with only ``at`` re-expressed; skipping __post_init__ avoids
    # re-freezing attrs (a third of the engine's time when facts arrive in local time).
    copy = object.__new__(Fact)
    for name, value in (
        ("kind", fact.kind),
        ("at", fact.at.astimezone(UTC)),
        ("ref", fact.ref),
        ("attrs", fact.attrs),
    ):
        object.__setattr__(copy, name, value)
    return copy


def _eod_utc(d: date) -> datetime:
    return end_of_day(d).astimezone(UTC)


def _sod_utc(d: date) -> datetime:
    return start_of_day(d).astimezone(UTC)


def _due(start: datetime, duration: int, unit: Unit, holidays: HolidayOptions) -> datetime:
    """Due instant (UTC) ``duration`` ``unit``s after ``start``; dates end at 23:59:59."""
    if unit is Unit.HOURS:
        return _utc(add_hours(start, duration))
    day = local_date(start)
    if unit is Unit.CALENDAR_DAYS:
        due_day = add_calendar_days(day, duration)
    elif unit is Unit.WORKING_DAYS:
        due_day = add_working_days(day, duration, holidays)
    else:
        due_day = add_calendar_months(day, duration)
    return _eod_utc(due_day)


def _order(fact: Fact) -> tuple:
    """(at, a closure last at its instant, ref, kind): a total order of a case's facts."""
    return (fact.at, fact.kind == "case.closed", fact.ref, fact.kind)


def _through(moment: datetime) -> datetime:
    """An exclusive bound that includes ``moment`` itself (facts are whole microseconds)."""
    return moment + timedelta(microseconds=1)


class _Facts:
    """One case's facts up to ``as_of``, sorted by (at, ref) and indexed by kind."""

    def __init__(self, case: CaseFacts, as_of: datetime) -> None:
        # Unknown kinds are dropped here so that no schedule (e.g. the open periods of
        # partsstatus-10) can be influenced by them.
        facts = [
            fact
            for fact in map(_in_utc, (f for f in case.facts if f.kind in FACT_KINDS))
            if fact.at <= as_of
        ]
        facts.sort(key=_order)
        self.case = case
        self.as_of = as_of
        self.all: list[Fact] = facts
        self.by_kind: dict[str, list[Fact]] = {}
        for fact in facts:
            self.by_kind.setdefault(fact.kind, []).append(fact)
        self.closures: list[datetime] = [f.at for f in self.by_kind.get("case.closed", ())]
        self._merged: dict[tuple[str, ...], tuple[list[Fact], list[datetime]]] = {}
        self._measures: list[_Measure] | None = None
        self.waivers: dict[tuple[str, str], str] = {}
        for waiver in self.by_kind.get("obligation.waived", ()):
            key = (str(waiver.attrs.get("rule_id")), str(waiver.attrs.get("trigger_ref")))
            # The first waiver stands; later ones for the same obligation change nothing.
            self.waivers.setdefault(key, str(waiver.attrs.get("reason") or ""))

    def of(self, kind: str) -> list[Fact]:
        return self.by_kind.get(kind, [])

    def candidates(self, kinds: tuple[str, ...]) -> tuple[list[Fact], list[datetime]]:
        """Facts of any of ``kinds`` in (at, ref) order, with their times for bisecting."""
        cached = self._merged.get(kinds)
        if cached is None:
            if len(kinds) == 1:
                items = self.of(kinds[0])
            else:
                items = [f for kind in kinds for f in self.of(kind)]
                items.sort(key=_order)
            cached = (items, [f.at for f in items])
            self._merged[kinds] = cached
        return cached

    def first_closure_from(self, moment: datetime) -> datetime | None:
        index = bisect_left(self.closures, moment)
        return self.closures[index] if index < len(self.closures) else None

    def measures(self) -> list[_Measure]:
        """Every measure.started with the moment it stopped (own end or case closure)."""
        if self._measures is None:
            ends = self.of("measure.ended")
            result = []
            for start in self.of("measure.started"):
                decision = start.attrs.get("decision")
                ended_at = next(
                    (
                        e.at
                        for e in ends
                        if e.at >= start.at and e.attrs.get("decision") == decision
                    ),
                    None,
                )
                closed_at = self.first_closure_from(start.at)
                stops = [t for t in (ended_at, closed_at) if t is not None]
                result.append(_Measure(start, ended_at, min(stops) if stops else None))
            self._measures = result
        return self._measures


def _find(
    candidates: tuple[list[Fact], list[datetime]],
    match: Callable[[Fact | None, str, Fact], bool],
    trigger: Fact | None,
    subject: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    nth: int = 1,
) -> Fact | None:
    """The ``nth`` matching candidate with ``since <= at < until`` (bounds optional)."""
    items, times = candidates
    index = bisect_left(times, since) if since is not None else 0
    count = 0
    for position in range(index, len(items)):
        fact = items[position]
        if until is not None and fact.at >= until:
            break
        if match(trigger, subject, fact):
            count += 1
            if count == nth:
                return fact
    return None


def _find_last_before(
    candidates: tuple[list[Fact], list[datetime]],
    match: Callable[[Fact | None, str, Fact], bool],
    trigger: Fact,
    subject: str,
    until: datetime,
) -> Fact | None:
    items, times = candidates
    for position in range(bisect_left(times, _through(until)) - 1, -1, -1):
        if match(trigger, subject, items[position]):
            return items[position]
    return None


def _triggers(rule: Rule, ctx: _Facts) -> Iterator[Fact]:
    condition = CONDITIONS[rule.condition]
    for fact in ctx.of(rule.start_event):
        if condition(fact, ctx.case):
            yield fact


def _birthday(ctx: _Facts, age: int) -> date:
    return add_years(ctx.case.child_birth_date, age)


def _age_of(rule: Rule) -> int:
    # start_event "birthday:N"
    return int(rule.start_event.partition(":")[2])


# --- schedules -----------------------------------------------------------------------

Schedule = Callable[[Rule, _Facts, HolidayOptions], Iterator[_Draft]]


def _occasion_end(rule: Rule, ctx: _Facts, trigger: Fact, since: datetime) -> datetime | None:
    """When the task's occasion passed: the first ``ends_with`` fact at or after ``since``
    that ends it (``rule.ends_when``), or None."""
    if not rule.ends_with:
        return None
    ends = OCCASION_ENDS[rule.ends_when]
    items, times = ctx.candidates(rule.ends_with)
    for position in range(bisect_left(times, since), len(items)):
        if ends(trigger, items[position]):
            return items[position].at
    return None


def _until(end: datetime | None) -> datetime | None:
    return _through(end) if end is not None else None


def _per_trigger(rule: Rule, ctx: _Facts, holidays: HolidayOptions) -> Iterator[_Draft]:
    match = MATCHERS[rule.matcher]
    candidates = ctx.candidates(rule.met_by)
    seen: set[str] = set()
    for trigger in _triggers(rule, ctx):
        # One obligation per trigger ref (the first fact counts): the involvement facts
        # reuse refs (a rights occasion "decision:<uuid>", a meeting held again after a
        # correction), and (rule, trigger ref) must stay unique within a case.
        if trigger.ref in seen:
            continue
        seen.add(trigger.ref)
        end = _occasion_end(rule, ctx, trigger, trigger.at)
        yield _Draft(
            trigger_ref=trigger.ref,
            opened_at=trigger.at,
            started_at=trigger.at,
            due_at=_due(trigger.at, rule.duration, rule.unit, holidays),
            met=_find(candidates, match, trigger, trigger.ref, since=trigger.at, until=_until(end)),
            occasion_end=end,
        )


def _per_open_occasion(rule: Rule, ctx: _Facts, holidays: HolidayOptions) -> Iterator[_Draft]:
    """As per_trigger, but an occasion that arises while the task of an earlier one is still
    open (not met, waived or ended by a closure before it) joins that task: one telling
    answers both, and the same duty is never shown twice."""
    match = MATCHERS[rule.matcher]
    candidates = ctx.candidates(rule.met_by)
    waived_at: dict[str, datetime] = {}
    for waiver in ctx.of("obligation.waived"):
        if waiver.attrs.get("rule_id") == rule.id:
            waived_at.setdefault(str(waiver.attrs.get("trigger_ref")), waiver.at)
    seen: set[str] = set()
    current: tuple[Fact, Fact | None] | None = None  # (trigger, what met it)
    for trigger in _triggers(rule, ctx):
        if trigger.ref in seen:
            continue
        seen.add(trigger.ref)
        if current is not None:
            earlier, met = current
            still_open = (
                (met is None or met.at > trigger.at)
                and not (earlier.ref in waived_at and waived_at[earlier.ref] <= trigger.at)
                and not (
                    (closed := ctx.first_closure_from(earlier.at)) is not None
                    and closed <= trigger.at
                )
            )
            if still_open:
                continue
        met = _find(candidates, match, trigger, trigger.ref, since=trigger.at)
        current = (trigger, met)
        yield _Draft(
            trigger_ref=trigger.ref,
            opened_at=trigger.at,
            started_at=trigger.at,
            due_at=_due(trigger.at, rule.duration, rule.unit, holidays),
            met=met,
        )


def _from_awareness(rule: Rule, ctx: _Facts, holidays: HolidayOptions) -> Iterator[_Draft]:
    match = MATCHERS[rule.matcher]
    candidates = ctx.candidates(rule.met_by)
    completions = ctx.of("bfu.completed")
    underretninger = ctx.of("underretning.received")
    previous: Fact | None = None
    for trigger in _triggers(rule, ctx):
        if previous is None:
            anchor = ctx.case.awareness_date or local_date(trigger.at)
        else:
            # A new BFU after an earlier one: the kendskabsdato is the first report after
            # the earlier BFU was completed (or started, if it was not completed before this
            # one began; a later completion must not move this deadline).
            done = next(
                (c.at for c in completions if previous.at <= c.at <= trigger.at), previous.at
            )
            report = next((u for u in underretninger if done < u.at <= trigger.at), None)
            anchor = local_date(report.at if report is not None else trigger.at)
        started_at = _sod_utc(anchor)
        yield _Draft(
            trigger_ref=trigger.ref,
            opened_at=trigger.at,
            started_at=started_at,
            due_at=_due(started_at, rule.duration, rule.unit, holidays),
            met=_find(candidates, match, trigger, trigger.ref, since=trigger.at),
        )
        previous = trigger


def _parse_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _parallel_finished(ctx: _Facts, trigger: Fact) -> date | None:
    """The day the parallel investigation was actually finished (§ 95 stk. 2 nr. 1): the
    first bfu.completed at or after the measure's start, the named one when given."""
    named = trigger.attrs.get("parallel_investigation")
    items, times = ctx.candidates(("bfu.completed",))
    for position in range(bisect_left(times, trigger.at), len(items)):
        if not named or items[position].ref == named:
            return local_date(items[position].at)
    return None


def _running_investigation(ctx: _Facts, trigger: Fact) -> str | None:
    """A BFU started at or before the measure's start and not finished before it: the
    measure runs alongside it (§ 95 stk. 2 nr. 1), whether or not the start said so. One
    finished on the day the measure starts (steps of one day share an instant) is not."""
    completed_before = {c.ref for c in ctx.of("bfu.completed") if c.at <= trigger.at}
    running = [
        b.ref for b in ctx.of("bfu.started") if b.at <= trigger.at and b.ref not in completed_before
    ]
    return running[-1] if running else None


def _first_follow_up(rule: Rule, ctx: _Facts, holidays: HolidayOptions) -> Iterator[_Draft]:
    match = MATCHERS[rule.matcher]
    candidates = ctx.candidates(rule.met_by)
    measures = {m.fact.ref: m for m in ctx.measures()}
    for trigger in _triggers(rule, ctx):
        start_day = local_date(trigger.at)
        due_day = add_calendar_months(start_day, rule.duration)
        parallel_end = _parse_date(trigger.attrs.get("parallel_investigation_ends_on"))
        finished = None
        if parallel_end is not None or trigger.attrs.get("parallel_investigation"):
            finished = _parallel_finished(ctx, trigger)
        elif (running := _running_investigation(ctx, trigger)) is not None:
            finished = next(
                (local_date(c.at) for c in ctx.of("bfu.completed") if c.ref == running), None
            )
        ends = [d for d in (parallel_end, finished) if d is not None]
        if ends:
            # The investigation run alongside the measure: its expected end, or the day it
            # was actually finished when that is earlier. One that ended before the measure
            # began makes the follow-up due at once, never before the measure itself.
            due_day = min(due_day, max(min(ends), start_day))
        measure = measures.get(trigger.ref)
        yield _Draft(
            trigger_ref=trigger.ref,
            opened_at=trigger.at,
            started_at=trigger.at,
            due_at=_eod_utc(due_day),
            met=_find(candidates, match, trigger, trigger.ref, since=trigger.at),
            ended_at=measure.ended_at if measure is not None else None,
        )


def _before_trigger(rule: Rule, ctx: _Facts, holidays: HolidayOptions) -> Iterator[_Draft]:
    match = MATCHERS[rule.matcher]
    candidates = ctx.candidates(rule.met_by)
    for trigger in _triggers(rule, ctx):
        yield _Draft(
            trigger_ref=trigger.ref,
            opened_at=trigger.at,
            started_at=trigger.at,
            due_at=_due(trigger.at, rule.duration, rule.unit, holidays),
            met=_find_last_before(candidates, match, trigger, trigger.ref, until=trigger.at),
        )


def _per_sibling(rule: Rule, ctx: _Facts, holidays: HolidayOptions) -> Iterator[_Draft]:
    match = MATCHERS[rule.matcher]
    candidates = ctx.candidates(rule.met_by)
    for trigger in _triggers(rule, ctx):
        due_at = _due(trigger.at, rule.duration, rule.unit, holidays)
        siblings = trigger.attrs.get("siblings_under_15") or ()
        for sibling in dict.fromkeys(str(s) for s in siblings):  # dedupe, keep order
            yield _Draft(
                trigger_ref=f"{trigger.ref}#{sibling}",
                opened_at=trigger.at,
                started_at=trigger.at,
                due_at=due_at,
                # Any BFU decision on the sibling counts, even one made before the
                # placement: the duty is that the sibling is investigated.
                met=_find(candidates, match, trigger, sibling),
            )


def _yearly_windows(rule: Rule, ctx: _Facts, holidays: HolidayOptions) -> Iterator[_Draft]:
    match = MATCHERS[rule.matcher]
    condition = CONDITIONS[rule.condition]
    candidates = ctx.candidates(rule.met_by)
    for measure in ctx.measures():
        placement = measure.fact
        if not condition(placement, ctx.case):
            continue
        start_day = local_date(placement.at)
        k = 1
        while True:
            window_start = (
                placement.at
                if k == 1
                else _sod_utc(add_calendar_months(start_day, rule.duration * (k - 1)))
            )
            if window_start > ctx.as_of or (
                measure.end is not None and window_start >= measure.end
            ):
                break
            next_start_day = add_calendar_months(start_day, rule.duration * k)
            until = _sod_utc(next_start_day)
            if measure.end is not None:
                # Visits after the placement are not at it; one on its last day is.
                until = min(until, _through(measure.end))
            yield _Draft(
                trigger_ref=f"{placement.ref}#{k}",
                opened_at=window_start,
                started_at=window_start,
                due_at=_eod_utc(next_start_day - timedelta(days=1)),
                met=_find(
                    candidates,
                    match,
                    placement,
                    placement.ref,
                    since=window_start,
                    until=until,
                    nth=2,
                ),
                ended_at=measure.ended_at,
            )
            k += 1


def _engagements(rule: Rule, ctx: _Facts) -> list[tuple[Fact, datetime, datetime | None]]:
    """(fact, from, end) for each measure decided or started: a decision under the rule's
    condition counts from the decision, whether or not its measure starts (§ 108 stk. 3); a
    measure whose decision is not among the facts counts from its start. ``end``: its
    measure's end (or a closure), the latest of its measures when it has several."""
    condition = CONDITIONS[rule.condition]
    decisions = [d for d in ctx.of("decision.made") if condition(d, ctx.case)]
    decided = {d.ref for d in decisions}
    by_decision: dict[str, list[_Measure]] = {}
    result: list[tuple[Fact, datetime, datetime | None]] = []
    for measure in ctx.measures():
        ref = measure.fact.attrs.get("decision")
        if ref in decided:
            by_decision.setdefault(str(ref), []).append(measure)
        else:
            result.append((measure.fact, measure.fact.at, measure.end))
    for decision in decisions:
        measures = by_decision.get(decision.ref, [])
        if measures and all(m.end is not None for m in measures):
            end = max(m.end for m in measures if m.end is not None)
        elif measures:
            end = None
        else:
            end = ctx.first_closure_from(decision.at)
        result.append((decision, decision.at, end))
    result.sort(key=lambda item: (item[1], item[0].ref))
    return result


def _measure_after_birthday(rule: Rule, ctx: _Facts, holidays: HolidayOptions) -> Iterator[_Draft]:
    match = MATCHERS[rule.matcher]
    candidates = ctx.candidates(rule.met_by)
    age = _age_of(rule)
    birthday_start = _sod_utc(_birthday(ctx, age))
    reopened_after: datetime | None = None  # set when a closure lapsed the previous one
    for fact, begun, end in _engagements(rule, ctx):
        if end is not None and end <= birthday_start:
            continue  # not active on or after the birthday
        if reopened_after is not None and begun < reopened_after:
            continue  # belongs to the period whose obligation already lapsed
        start = max(birthday_start, begun)
        if start > ctx.as_of:
            return
        due_at = _due(start, rule.duration, rule.unit, holidays)
        # A closure before the due date ends this obligation; only what happened before that
        # closure can meet it, so a later answer cannot rewrite the past (and the reopened
        # case keeps its own obligation).
        closure = ctx.first_closure_from(start)
        lapsing = closure if closure is not None and closure < due_at else None
        met = _find(candidates, match, fact, fact.ref, since=birthday_start, until=_until(lapsing))
        yield _Draft(
            trigger_ref=f"{fact.ref}#birthday:{age}",
            opened_at=start,
            started_at=start,
            due_at=due_at,
            met=met,
        )
        # One obligation per case, unless a closure lapsed it: a measure in the reopened
        # case then starts a new one (§ 108 stk. 1 nr. 3: support decided after 16).
        if met is not None or lapsing is None:
            return
        reopened_after = lapsing


def _placement_before_birthday(
    rule: Rule, ctx: _Facts, holidays: HolidayOptions
) -> Iterator[_Draft]:
    match = MATCHERS[rule.matcher]
    condition = CONDITIONS[rule.condition]
    candidates = ctx.candidates(rule.met_by)
    age = _age_of(rule)
    due_day = add_calendar_months(_birthday(ctx, age), -rule.duration)
    due_at = _eod_utc(due_day)
    # Visible from the 16th birthday (never later than the due day itself).
    visible_from = min(_sod_utc(_birthday(ctx, _UNGEPLAN_AGE)), _sod_utc(due_day))
    for measure in ctx.measures():
        placement = measure.fact
        if not condition(placement, ctx.case) or placement.at > due_at:
            continue
        if measure.end is not None and measure.end <= visible_from:
            continue
        start = max(visible_from, placement.at)
        if start > ctx.as_of:
            continue
        yield _Draft(
            trigger_ref=f"{placement.ref}#birthday:{age}",
            opened_at=start,
            started_at=start,
            due_at=due_at,
            met=_find(candidates, match, placement, placement.ref, since=visible_from),
            ended_at=measure.ended_at,
        )


def _open_periods(ctx: _Facts) -> Iterator[tuple[Fact, datetime | None]]:
    """(first fact, closure or None) for each period in which the case was open."""
    opened: Fact | None = None
    for fact in ctx.all:
        if fact.kind == "case.closed":
            if opened is not None:
                yield opened, fact.at
                opened = None
        elif opened is None and fact.kind != "obligation.waived":
            opened = fact
    if opened is not None:
        yield opened, None


def _birthday_in_open_case(rule: Rule, ctx: _Facts, holidays: HolidayOptions) -> Iterator[_Draft]:
    """Due at a birthday reached while the case is open and of the kind the rule's condition
    names (partsstatus-10: a § 3 case type, from its first such decision)."""
    match = MATCHERS[rule.matcher]
    condition = CONDITIONS[rule.condition]
    candidates = ctx.candidates(rule.met_by)
    age = _age_of(rule)
    birthday = _birthday(ctx, age)
    birthday_start = _sod_utc(birthday)
    decisions = ctx.of("decision.made")
    for period_first, closed_at in _open_periods(ctx):
        first = next(
            (
                d
                for d in decisions
                if d.at >= period_first.at
                and (closed_at is None or d.at <= closed_at)  # a closure comes last
                and condition(d, ctx.case)
            ),
            None,
        )
        if first is None:
            continue  # not a case in which the child is a party in this period
        start = first.at
        due_day = add_calendar_days(max(birthday, local_date(start)), rule.duration)
        yield _Draft(
            trigger_ref=f"{first.ref}#birthday:{age}",
            opened_at=start,
            started_at=start,
            due_at=_eod_utc(due_day),
            met=_find(candidates, match, first, first.ref),
        )
        # A period closed before the birthday leaves a lapsed obligation; the next period
        # (if the case reopens) gets its own. The first qualifying period is the last one.
        if closed_at is None or closed_at >= birthday_start:
            return


def _by_date(rule: Rule, ctx: _Facts, holidays: HolidayOptions) -> Iterator[_Draft]:
    """One obligation per trigger ref, dated by the latest trigger's ``due_on``.

    A meeting that is moved is planned again under the same ref: the latest date counts, and
    an answer given since the first planning still counts. A ``meeting.cancelled`` with the
    ref ends the duty, unless the meeting was planned again after it (then the cancellation
    no longer stands). ``due_on`` is read from ``due_on`` (meetings, follow-ups) or
    ``explanation_due_on`` (a decision against the child's wish); without a date the task is
    due at the end of the trigger's day. Never due before the day the task arose.
    """
    match = MATCHERS[rule.matcher]
    candidates = ctx.candidates(rule.met_by)
    first: dict[str, Fact] = {}
    latest: dict[str, Fact] = {}
    for trigger in _triggers(rule, ctx):
        first.setdefault(trigger.ref, trigger)
        previous = latest.get(trigger.ref)
        if (
            previous is not None
            and previous.at == trigger.at
            and str(_due_on(previous) or "") > str(_due_on(trigger) or "")
        ):
            continue  # two plannings at the same instant: the later date wins, whatever order
        latest[trigger.ref] = trigger
    cancelled: dict[str, datetime] = {}
    for fact in ctx.of("meeting.cancelled"):
        cancelled[fact.ref] = fact.at  # the last cancellation
    for ref, trigger in latest.items():
        opened_at = first[ref].at
        due_on = _due_on(trigger)
        if due_on is None:
            due_at = _due(opened_at, 0, Unit.CALENDAR_DAYS, holidays)
        else:
            due_at = _eod_utc(add_calendar_days(due_on, -rule.duration))
        ended_at = cancelled.get(ref)
        if ended_at is not None and ended_at < trigger.at:
            ended_at = None  # planned again after it was cancelled
        end = _occasion_end(rule, ctx, trigger, opened_at)
        yield _Draft(
            trigger_ref=ref,
            opened_at=opened_at,
            started_at=opened_at,
            due_at=max(due_at, _eod_utc(local_date(opened_at))),
            met=_find(candidates, match, trigger, ref, since=opened_at, until=_until(end)),
            ended_at=ended_at,
            occasion_end=end,
        )


def _due_on(trigger: Fact) -> date | None:
    return _parse_date(trigger.attrs.get("due_on") or trigger.attrs.get("explanation_due_on"))


_SCHEDULES: dict[str, Schedule] = {
    "by_date": _by_date,
    "per_trigger": _per_trigger,
    "per_open_occasion": _per_open_occasion,
    "from_awareness": _from_awareness,
    "first_follow_up": _first_follow_up,
    "before_trigger": _before_trigger,
    "per_sibling": _per_sibling,
    "yearly_windows": _yearly_windows,
    "measure_after_birthday": _measure_after_birthday,
    "placement_before_birthday": _placement_before_birthday,
    "birthday_in_open_case": _birthday_in_open_case,
}
if set(_SCHEDULES) != SCHEDULES:  # pragma: no cover - guards rules.py and engine.py drifting
    raise ImportError("engine schedules do not match rules.SCHEDULES")


# --- public entry point --------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    return moment.astimezone(COPENHAGEN)


def derive_obligations(
    case: CaseFacts, *, as_of: datetime, config: RuleConfig = DEFAULT_CONFIG
) -> list[Obligation]:
    """Every obligation the facts of ``case`` give rise to, with its status at ``as_of``.

    Sorted by (due_at, rule_id, trigger_ref). Same input, same output.
    """
    require_aware(as_of, "as_of")
    as_of = _utc(as_of)
    ctx = _Facts(case, as_of)
    holidays = config.holidays
    rows: list[tuple[datetime, str, str, Rule, _Draft]] = []
    for rule in effective_rules(config):
        for draft in _SCHEDULES[rule.schedule](rule, ctx, holidays):
            rows.append((draft.due_at, rule.id, draft.trigger_ref, rule, draft))
    # Sort on UTC instants (see module docstring about the DST fold).
    rows.sort(key=lambda row: row[:3])

    result = []
    for due_at, _rule_id, _trigger_ref, rule, draft in rows:
        met = draft.met
        waived_reason = ctx.waivers.get((rule.id, draft.trigger_ref))
        if met is not None:
            status = Status.MET
        elif waived_reason is not None:
            status = Status.WAIVED
        elif draft.occasion_end is not None or _lapsed(ctx, draft):
            status = Status.LAPSED
        elif rule.window and as_of > due_at:
            status = Status.LAPSED  # the period ran out: nothing was owed
        elif as_of > due_at:
            status = Status.OVERDUE
        else:
            status = Status.OPEN
        local_due = _local(due_at)
        result.append(
            Obligation(
                rule_id=rule.id,
                legal_basis=rule.legal_basis,
                verification=rule.verification,
                case_ref=case.case_ref,
                child_ref=case.child_ref,
                trigger_ref=draft.trigger_ref,
                started_at=_local(draft.started_at),
                due_at=local_due,
                due_date=local_due.date(),
                unit=rule.unit,
                status=status,
                met_by_ref=met.ref if met is not None else None,
                met_at=_local(met.at) if met is not None else None,
                met_late=met is not None and met.at > due_at,
                waived_reason=waived_reason if status is Status.WAIVED else None,
            )
        )
    return result


def _lapsed(ctx: _Facts, draft: _Draft) -> bool:
    """The duty ended (case closed, or the measure ended) before it fell due."""
    ends = [t for t in (ctx.first_closure_from(draft.opened_at), draft.ended_at) if t is not None]
    return bool(ends) and min(ends) < draft.due_at
