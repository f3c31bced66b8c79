"""One case: its caseworkers, the report, the stage changes and the steps of each stage."""

from __future__ import annotations

import datetime as dt
from typing import Any

from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import (
    BFU,
    CLOSED,
    CLOSING,
    INITIAL_CONVERSATIONS,
    LONG_STAGES,
    PRIMARY,
    RECEIVED,
    SECONDARY,
    UNDERRETNING,
)
from stemme.demo.plan.helpers import possessive
from stemme.demo.plan.records import AssignmentPlan, CasePlan, ChildPlan
from stemme.demo.plan.state import CaseHistory, CaseState, RawEvent, Schedule
from stemme.demo.plan.texts import DAYCARES, OTHER_MUNICIPALITIES, SCHOOLS


class CaseBuilder(BuilderBase):
    def case(
        self,
        *,
        raw: list[RawEvent],
        child: ChildPlan,
        primary: str,
        schedule: Schedule,
        placed: bool,
        force_secondary: bool,
        force_change: bool,
        flavour: dict[str, Any],
    ) -> CaseHistory:
        """One case with its assignments, step records and events."""
        rng = self.rng
        assert schedule.opened is not None
        case_id = self.new_id()
        closed = schedule.closed is not None
        limit = schedule.closed if schedule.closed is not None else self.yesterday
        opened_raw = schedule.opened

        def on(offset: int) -> dt.date:
            return self.workday(opened_raw + dt.timedelta(days=offset), limit)

        def done(offset: int | None) -> bool:
            return offset is not None and opened_raw + dt.timedelta(days=offset) <= limit

        opened_on = on(0)
        awareness = on(-schedule.lag)
        last_day = self.workday(limit, limit)
        closed_on = last_day if closed else None
        team = self.team_of[primary]
        leader = self.team_leader[team]
        end = closed_on or self.yesterday
        span = (end - opened_on).days

        # Caseworker changes: cases older than a year have often changed hands.
        teammates = [name for name in self.team_caseworkers[team] if name != primary]
        chain = [primary]
        starts = [opened_on]
        if span > 365 and teammates and (force_change or self.chance(0.4)):
            changes = 2 if len(teammates) >= 2 and self.chance(0.15) else 1
            chain = [*rng.sample(teammates, changes), primary]
            starts += [
                opened_on + dt.timedelta(days=d)
                for d in sorted(rng.sample(range(60, span - 14), changes))
            ]
        history = CaseHistory(case_id=case_id, primaries=list(zip(starts, chain, strict=True)))
        for i, (start, caseworker) in enumerate(history.primaries):
            ended = starts[i + 1] if i + 1 < len(starts) else closed_on
            self.assignments.append(AssignmentPlan(case_id, caseworker, PRIMARY, start, ended))

        texts = self.texts(child)
        c = CaseState(
            id=case_id,
            child=child,
            raw=raw,
            history=history,
            team=team,
            leader=leader,
            teammates=teammates,
            limit=limit,
            last_day=last_day,
            texts=texts,
        )

        # S0: the report, and the case opened for it.
        received_minute = rng.randint(8 * 60, 14 * 60)
        ic_offset = next(
            (offset for stage, offset in schedule.path if stage == INITIAL_CONVERSATIONS), None
        )
        urgency_on = None
        if schedule.kind == UNDERRETNING and done(ic_offset):
            assert ic_offset is not None
            urgency_on = on(ic_offset)
        intake = self.intake(
            c,
            day=awareness,
            minute=received_minute,
            kind=schedule.kind,
            abuse=schedule.abuse,
            child_has_measure=False,
            first=True,
            urgency_days=schedule.urgency_days,
            urgency_latest=urgency_on,
            conversation_on=on(schedule.conversation)
            if schedule.abuse and done(schedule.conversation)
            else None,
        )
        c.first_intake = intake
        c.received_on = awareness
        history.first_received_at = intake.received_at
        self.emit(c, opened_on, "case.opened", chain[0], data={"team": self.teams[team].name})
        self.occasion(c, opened_on, f"case:{case_id}#start", "case_start")
        self.emit(
            c, opened_on, "assignment.started", leader, data=self.assignment_data(chain[0], PRIMARY)
        )
        for i in range(1, len(chain)):
            data = self.assignment_data(chain[i - 1], PRIMARY)
            self.emit(c, starts[i], "assignment.ended", leader, data=data)
            data = self.assignment_data(chain[i], PRIMARY)
            self.emit(c, starts[i], "assignment.started", leader, data=data)

        # The stage changes the schedule implies; the first conversations stage of a report
        # begins with the urgency assessment.
        previous = opened_on
        for stage, offset in schedule.path[1:]:
            if not done(offset):
                break
            day = on(offset)
            if stage == INITIAL_CONVERSATIONS and schedule.kind == UNDERRETNING:
                if intake.urgency_assessed_at is None:
                    break
                day = intake.urgency_assessed_at.date()
            previous = max(previous, day)
            c.entries.append((stage, previous))

        # A secondary caseworker: common in investigations and placements.
        target = schedule.target
        probability = 0.2 if closed else 0.55 if target == BFU else 0.6 if placed else 0.28
        candidates = [name for name in teammates if name not in chain] or teammates
        if candidates and (force_secondary or self.chance(probability)):
            secondary = c.secondary = rng.choice(candidates)
            entered = dict(c.entries)
            start = entered.get(BFU) or self.day_between(opened_on, end)
            if secondary in chain:  # a former primary stays on as the secondary
                start = max(start, starts[chain.index(secondary) + 1])
            self.assignments.append(AssignmentPlan(case_id, secondary, SECONDARY, start, closed_on))
            data = self.assignment_data(secondary, SECONDARY)
            self.emit(c, start, "assignment.started", leader, data=data)
            if closed_on:
                self.emit(c, closed_on, "assignment.ended", leader, data=data)

        self.early_steps(c, schedule, done=done, on=on)
        if target in LONG_STAGES and c.measures:
            self.long_steps(c, schedule, flavour=flavour, closed=closed)
        self.milestones(c, opened_on=opened_on)
        self.handovers(c)
        self.meetings(c, closed=closed)
        self.voice(c)

        # The stage changes, each no earlier than the one before, after the day's steps.
        latest = opened_on
        for index, (stage, day) in enumerate(c.entries):
            latest = max(latest, day)
            c.entries[index] = (stage, latest)
        for stage, day in c.entries:
            self.emit(c, day, "case.stage_changed", history.primary_on(day), data={"stage": stage})
        if closed_on:
            data = self.assignment_data(chain[-1], PRIMARY)
            self.emit(c, closed_on, "assignment.ended", leader, data=data)
            if target == CLOSING:
                how = "plan" if c.plans else "measure"
            else:
                how = "afdaekning" if schedule.afdaekning else "screening"
            self.closure(c, closed_on, how=how)

        stage = CLOSED if closed else c.entries[-1][0] if c.entries else RECEIVED
        self.cases.append(
            CasePlan(
                id=case_id,
                child_id=child.id,
                team_key=team,
                stage=stage,
                opened_on=opened_on,
                awareness_date=awareness,
                closed_on=closed_on,
                # Every stage change raised the version, as the step services do.
                version=1 + len(c.entries) + (1 if closed else 0),
            )
        )
        self.case_states.append((c, closed_on, stage))
        return history

    def texts(self, child: ChildPlan) -> dict[str, str]:
        rng = self.rng
        school = rng.choice(SCHOOLS)
        daycare = rng.choice(DAYCARES)
        return {
            "navn": child.first_name,
            "navns": possessive(child.first_name),
            "skole": school,
            "institution": daycare,
            "kommune": rng.choice(OTHER_MUNICIPALITIES),
            "pct": str(rng.choice([15, 18, 20, 25, 30])),
        }

    def assignment_data(self, username: str, role: str) -> dict[str, Any]:
        return {"caseworker": self.names[username], "role": role}
