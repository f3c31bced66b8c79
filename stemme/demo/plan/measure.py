"""Measures, the child's plan, the start-up meeting and the measure running on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from stemme.deadlines import events
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import (
    ADJUST,
    BARNETS_PLAN,
    CHOICE_OF_MEASURE,
    CLOSE,
    CLOSING,
    CONTINUE,
    FOLLOW_UP,
    MEASURE_RUNNING,
    MEASURES_NEEDING_REASSESSMENT,
    NEW_MEASURE,
    PLACEMENTS,
    PLAN,
    START_UP_MEETING,
    START_UP_MEETING_KIND,
    SUPERVISION,
    TASK_MEASURE,
    UNDERRETNING,
    UNGEPLAN,
)
from stemme.demo.plan.helpers import add_months
from stemme.demo.plan.records import DecisionRecord, MeasureRecord, PlanRecord, StartUpMeetingRecord
from stemme.demo.plan.state import CaseState, MeasureSpan, Schedule
from stemme.demo.plan.texts import (
    PLACEMENT_GOALS,
    PLAN_GOALS,
    STARTUP_TEXTS,
    SUPPORT_MEASURES,
    UNGEPLAN_GOALS,
)


class MeasureBuilder(BuilderBase):
    def measure(
        self,
        c: CaseState,
        day: dt.date,
        *,
        decision: DecisionRecord,
        description: str,
        provider: str,
        parallel_end: dt.date | None,
    ) -> MeasureSpan:
        measure = MeasureRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            decision_id=decision.id,
            description=description,
            provider=provider,
            started_on=day,
            parallel_investigation_ends_on=parallel_end,
            ended_on=None,
        )
        self.record(c, "measures", measure, day)
        placement = decision.paragraph in PLACEMENTS
        self.emit(
            c,
            day,
            events.measure_started(
                decision=decision.ref,
                placement=placement,
                parallel_investigation_ends_on=parallel_end,
                description=description,
                summary=description,
            ),
            measure.recorded_by,
            ref=measure.ref,
            stamp=measure,
        )
        c.tasks.append((*TASK_MEASURE, measure.ref, day))
        if placement and c.history.placed_on is None:
            c.history.placed_on = day
        span = MeasureSpan(decision=decision, record=measure, placement=placement)
        c.measures.append(span)
        return span

    def end_measure(self, c: CaseState, span: MeasureSpan, day: dt.date) -> None:
        span.record.ended_on = day
        c.last_step = max(c.last_step, day)
        self.emit(
            c,
            day,
            events.measure_ended(
                decision=span.decision.ref,
                placement=span.placement,
                summary=span.record.description,
            ),
            self.actor(c, day),
            ref=span.record.ref,
        )

    def plan(self, c: CaseState, day: dt.date, *, kind: str, placement: bool) -> PlanRecord:
        rng = self.rng
        if kind == UNGEPLAN:
            goals = rng.sample(UNGEPLAN_GOALS, 2)
        else:
            goals = rng.sample(PLAN_GOALS, 2)
            if placement:
                goals[0] = rng.choice(PLACEMENT_GOALS)
        summary = c.fill(
            f"Mål: {goals[0].lower()}; {goals[1].lower()}. Succes er, når {{navn}} selv "
            "fortæller, at det går bedre, og de voksne omkring {navn} ser det samme."
        )
        plan = PlanRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            kind=kind,
            made_on=day,
            summary=summary,
        )
        self.record(c, "plans", plan, day)
        c.plans += 1
        self.emit(
            c,
            day,
            events.plan_made(ungeplan=kind == UNGEPLAN, summary=summary[:160]),
            plan.recorded_by,
            ref=plan.ref,
            stamp=plan,
        )
        self.occasion(c, day, plan.ref, "plan")
        return plan

    def first_follow_up_due(self, span: MeasureSpan) -> dt.date:
        """3 months after the start, or when the parallel investigation ends if earlier; a
        weekend moves back to the Friday (the deadline is the date itself)."""
        due = add_months(span.start, 3)
        if span.record.parallel_investigation_ends_on is not None:
            due = min(due, span.record.parallel_investigation_ends_on)
        return self.workday(due, due)

    def startup(self, c: CaseState, day: dt.date, *, placement: bool) -> StartUpMeetingRecord:
        rng = self.rng
        texts = STARTUP_TEXTS if placement else STARTUP_TEXTS[:3]
        first = max(self.first_follow_up_due(c.measures[-1]), day + dt.timedelta(days=14))
        meeting = StartUpMeetingRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            held_on=day,
            concern_and_change=c.fill(rng.choice(texts)),
            first_follow_up_on=first,
        )
        self.record(c, "startup_meetings", meeting, day)
        c.meeting_days.append((START_UP_MEETING_KIND, day))
        self.emit(
            c,
            day,
            events.start_up_meeting_held(next=first),
            meeting.recorded_by,
            ref=meeting.ref,
            stamp=meeting,
        )
        self.schedule_follow_up(c, day, f"{meeting.ref}#next", first)
        return meeting

    def long_steps(
        self, c: CaseState, s: Schedule, *, flavour: dict[str, Any], closed: bool
    ) -> None:
        """Follow-ups, supervision visits, new reports and the way to closing, after the start."""
        rng = self.rng
        randint = rng.randint
        workday = self.workday
        limit = c.last_day
        target = s.target
        span = c.measures[0]
        start = span.start
        far = dt.date.max
        days = dt.timedelta

        close_on = None
        stop = limit
        if target == CLOSING:
            close_on = limit - days(randint(14, 60) if closed else randint(3, 50))
            close_on = workday(min(max(close_on, start + days(45), c.last_step), limit), limit)
            stop = close_on - days(25)

        # Follow-ups: the first within 3 months of the start, mostly on time; then every 3–6
        # months, as agreed at the previous one, some of them late.
        due = self.first_follow_up_due(span)
        first = True
        previous = start
        planned: list[list[Any]] = []  # [held, next, outcome, (decided, started) of a new one]
        new_measure = False
        while True:
            roll = rng.random()
            if first:
                jitter = -randint(0, 25) if roll < 0.9 else randint(1, 45)
            elif roll < 0.75:
                jitter = randint(-21, 3)
            else:
                jitter = randint(4, 30) if roll < 0.92 else randint(31, 90)
            held = workday(max(due + days(jitter), previous + days(21)), limit)
            if held > stop:
                break
            months = 3 if (held - start).days < 365 and self.chance(0.5) else 6
            months = rng.choice((3, 4, 6, 6)) if months == 6 else months
            next_on = workday(add_months(held, months), far)
            outcome = ADJUST if self.chance(0.28) else CONTINUE
            replacement = None
            if (
                s.paragraph == "32"
                and not new_measure
                and held + days(100) < stop
                and self.chance(0.07)
            ):
                outcome, new_measure = NEW_MEASURE, True
                decided = workday(held + days(randint(7, 30)), limit)
                replacement = (decided, workday(decided + days(randint(5, 25)), limit))
                # The new measure's first follow-up is within 3 months of its start.
                next_on = min(next_on, workday(add_months(replacement[1], 3), far))
            planned.append([held, next_on, outcome, replacement])
            previous, due, first = held, next_on, replacement is not None
        if target == FOLLOW_UP and planned and planned[-1][2] != NEW_MEASURE:
            # The follow-up now in progress was set for about now at the previous one.
            last = planned[-1]
            if due > self.today + days(21) and last[0] <= self.today - days(45):
                last[1] = workday(max(self.today + days(randint(-10, 21)), last[0] + days(45)), far)
                due = last[1]
        for held, next_on, outcome, replacement in planned:
            self.follow_up(c, held, outcome=outcome, next_on=next_on)
            if replacement is not None:
                self.new_measure(c, held, *replacement)

        # Supervision visits at a placement: two in each year from the placement date (rolling
        # years, as the deadline engine counts them), some years only one.
        next_visit = None
        if span.placement:
            last_visit = close_on or limit
            year = 0
            while next_visit is None:
                begins = add_months(start, 12 * year)
                visits = [begins + days(randint(40, 150)), begins + days(randint(200, 330))]
                if self.chance(0.15):
                    visits.pop(rng.randrange(2))
                for visit in visits:
                    day = workday(visit, limit)
                    if day > last_visit:
                        next_visit = visit
                        break
                    self.supervision(c, day)
                year += 1

        # A new report while the measure runs: someone new reassesses it.
        if (flavour.get("new_report") or self.chance(0.18)) and (stop - start).days > 40:
            day = workday(start + days(randint(30, (stop - start).days - 5)), limit)
            abuse = self.chance(0.08)
            conversation_on = None
            if abuse:
                conversation_on = workday(day + days(randint(0, 3)), limit)
                if conversation_on > limit:
                    conversation_on = None
            self.intake(
                c,
                day=day,
                minute=randint(8 * 60, 14 * 60),
                kind=UNDERRETNING,
                abuse=abuse,
                child_has_measure=any(
                    m.decision.paragraph in MEASURES_NEEDING_REASSESSMENT
                    and m.start <= day
                    and (m.end is None or m.end > day)
                    for m in c.measures
                ),
                first=False,
                urgency_days=rng.choices((0, 1, 3), (62, 31, 7))[0],
                urgency_latest=None,
                conversation_on=conversation_on,
            )

        if close_on is not None:
            self.follow_up(c, close_on, outcome=CLOSE, next_on=None)
            c.entries.append((CLOSING, close_on))
            ends = workday(close_on + days(randint(0, 21)), limit)
            if closed:  # closing the case ends what still runs
                ends = min(ends, limit)
            for measure in c.measures:
                if measure.end is None and ends <= limit:
                    self.end_measure(c, measure, ends)
        elif target == FOLLOW_UP:
            first = max(c.last_step, due - days(30))
            c.entries.append(
                (FOLLOW_UP, workday(self.day_between(min(first, limit), limit), limit))
            )
        elif target == SUPERVISION and next_visit is not None:
            first = max(c.last_step, next_visit - days(30))
            entered = workday(self.day_between(min(first, limit), limit), limit)
            c.entries.append((SUPERVISION, entered))

    def new_measure(self, c: CaseState, held: dt.date, decided: dt.date, started: dt.date) -> None:
        """A follow-up found the measure not working: a new § 32 decision and measure."""
        rng = self.rng
        days = dt.timedelta
        c.entries.append((CHOICE_OF_MEASURE, held))
        current = c.measures[-1]
        options = [m for m in SUPPORT_MEASURES if m[0] != current.record.description]
        description, provider = rng.choice(options)
        plan_decided = self.chance(0.6)
        decision = self.decision(
            c,
            decided,
            paragraph="32",
            plan_decided=plan_decided,
            provisional=False,
            description=description,
            abuse=False,
        )
        c.entries.append((PLAN if plan_decided else START_UP_MEETING, decided))
        self.end_measure(c, current, started)
        self.measure(
            c,
            started,
            decision=decision,
            description=description,
            provider=provider,
            parallel_end=None,
        )
        held_on = self.workday(started + days(rng.randint(0, 10)), c.last_day)
        if plan_decided:
            made = self.workday(decided + days(rng.randint(10, 60)), c.last_day)
            self.plan(c, made, kind=BARNETS_PLAN, placement=False)
            if made < held_on:
                c.entries.append((START_UP_MEETING, made))
        self.startup(c, held_on, placement=False)
        c.entries.append((MEASURE_RUNNING, held_on))
