"""How each rule lays out its obligations over time: one function per ``schedule`` of
rules.py, each giving drafts (when an obligation arose, when it is due, what met it)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

from ..calendar import HolidayOptions, add_calendar_days, add_calendar_months, local_date
from ..facts import Fact
from ..rules import CONDITIONS, MATCHERS, OCCASION_ENDS, SCHEDULES, Rule, Unit
from .timeline import (
    _age_of,
    _birthday,
    _Draft,
    _due,
    _eod_utc,
    _Facts,
    _find,
    _find_last_before,
    _Measure,
    _sod_utc,
    _through,
    _triggers,
)

# Ages used by schedules besides the rule's own birthday: ungestøtte becomes visible from
# the 16th birthday, when the ungeplan that § 111 stk. 2 revises first exists.
_UNGEPLAN_AGE = 16

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
