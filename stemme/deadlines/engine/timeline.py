"""A case's facts as the schedules read them: in UTC, sorted and indexed by kind once, with
the searches and the obligation drafts the schedules make."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..calendar import (
    HolidayOptions,
    add_calendar_days,
    add_calendar_months,
    add_hours,
    add_working_days,
    add_years,
    end_of_day,
    local_date,
    start_of_day,
)
from ..facts import FACT_KINDS, CaseFacts, Fact
from ..rules import CONDITIONS, Rule, Unit


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
