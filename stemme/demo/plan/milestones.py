"""Milestones: conversations with the child and the steps that follow the child's age."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from stemme.deadlines import events
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import (
    CONVERSATION,
    PARTY_STATUS_INFORMED,
    UNDERRETNING,
    UNGEPLAN,
    UNGEPLAN_DECIDED,
)
from stemme.demo.plan.helpers import add_months, add_years, age_on
from stemme.demo.plan.records import IntakeRecord, MilestoneRecord
from stemme.demo.plan.state import CaseState
from stemme.demo.plan.texts import (
    PARTY_STATUS_NOTES,
    TALKS_ALONE,
    TALKS_ALONE_TEEN,
    TALKS_TOGETHER,
    TALKS_TOGETHER_OLDER,
    TALKS_YOUNG,
    UNGEPLAN_NOTES,
)


class MilestoneBuilder(BuilderBase):
    def conversation(
        self, c: CaseState, day: dt.date, *, note: str, alone: bool, intake: IntakeRecord | None
    ) -> None:
        milestone = MilestoneRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            kind=CONVERSATION,
            happened_on=day,
            child_alone=alone,
            intake_id=intake.id if intake else None,
            sibling_id=None,
            note=note,
        )
        self.record(c, "milestones", milestone, day)
        report = intake.ref if intake is not None and intake.kind == UNDERRETNING else None
        c.talks.append((day, alone, report))
        self.emit(
            c,
            day,
            events.conversation_held(summary=note, alone=alone, underretning=report),
            milestone.recorded_by,
            ref=milestone.ref,
            stamp=milestone,
        )

    def milestone(
        self,
        c: CaseState,
        day: dt.date,
        kind: str,
        event: Callable[..., events.FactData],
        note: str,
    ) -> None:
        """A milestone of ``kind`` with its fact (``event``, given the note as ``summary``)."""
        milestone = MilestoneRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            kind=kind,
            happened_on=day,
            child_alone=False,
            intake_id=None,
            sibling_id=None,
            note=note,
        )
        self.record(c, "milestones", milestone, day)
        self.emit(
            c,
            day,
            event(summary=note),
            milestone.recorded_by,
            ref=milestone.ref,
            stamp=milestone,
        )

    def talk_note(self, c: CaseState, day: dt.date) -> tuple[str, bool]:
        """A first conversation with the child, fitting the age: (note, alone)."""
        rng = self.rng
        age = age_on(c.child.birth_date, day)
        if age < 3:
            return c.fill(rng.choice(TALKS_YOUNG)), False
        if age >= 7 and self.chance(0.6):
            options = TALKS_ALONE + (TALKS_ALONE_TEEN if age >= 13 else [])
            return c.fill(rng.choice(options)), True
        return c.fill(rng.choice(TALKS_TOGETHER_OLDER if age >= 10 else TALKS_TOGETHER)), False

    def milestones(self, c: CaseState, *, opened_on: dt.date) -> None:
        rng = self.rng
        randint = rng.randint
        days = dt.timedelta
        birth = c.child.birth_date
        limit = c.last_day
        start = c.received_on or opened_on

        # Party status from 10: told at the start of the case, or around the 10th birthday.
        ten = add_years(birth, 10)
        roll = rng.random()
        informed = None
        if ten <= start:  # due the day the case began
            if roll < 0.7:
                informed = start
            elif roll < 0.95:
                informed = start + days(randint(1, 14))
            elif roll < 0.98:
                informed = start + days(randint(15, 40))
        elif ten <= limit:
            if roll < 0.85:
                informed = max(start, ten - days(randint(0, 30)))
            elif roll < 0.95:
                informed = ten + days(randint(1, 60))
        if informed is not None:
            informed = self.workday(informed, limit)
            if informed <= limit:
                note = c.fill(rng.choice(PARTY_STATUS_NOTES))
                fact = events.party_status_informed
                self.milestone(c, informed, PARTY_STATUS_INFORMED, fact, note)

        # From 16 with a measure: decide on an ungeplan (§ 108).
        sixteen = add_years(birth, 16)
        for span in c.measures:
            if span.end is not None and span.end <= sixteen:
                continue
            begins = max(sixteen, span.start)
            roll = rng.random()
            if begins > limit or roll >= 0.92:
                break
            decided = begins + days(randint(0, 75) if roll < 0.82 else randint(95, 200))
            decided = self.workday(decided, limit)
            if decided > limit:
                break
            make = self.chance(0.7)
            fact = events.ungeplan_decided
            self.milestone(c, decided, UNGEPLAN_DECIDED, fact, UNGEPLAN_NOTES[make])

            if make and self.chance(0.7):
                made = self.workday(decided + days(randint(14, 60)), limit)
                if made <= limit:
                    self.plan(c, made, kind=UNGEPLAN, placement=span.placement)
            break

        # A placed youth: decide on ungestøtte (§ 114) at least 6 months before 18.
        due = add_months(add_years(birth, 18), -6)
        for span in c.measures:
            if not span.placement or span.start > due:
                continue
            if span.end is not None and span.end <= sixteen:
                continue
            roll = rng.random()
            if roll >= 0.95:
                break
            earliest = max(add_months(add_years(birth, 17), -2), span.start + days(30), sixteen)
            if roll < 0.85:
                decided = earliest + days(randint(0, max(0, min(100, (due - earliest).days))))
            else:
                decided = due + days(randint(5, 60))
            decided = self.workday(decided, limit)
            if decided <= limit and (span.end is None or decided <= span.end):
                self.decision(
                    c,
                    decided,
                    paragraph="114",
                    plan_decided=None,
                    provisional=False,
                    description="Ungestøtte",
                    abuse=False,
                )
            break
