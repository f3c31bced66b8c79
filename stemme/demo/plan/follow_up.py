"""Follow-ups of a measure, supervision visits of a placement and the case's closure."""

from __future__ import annotations

import datetime as dt

from stemme.deadlines import events
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import (
    ADJUST,
    CLOSE,
    CLOSED,
    CONTINUE,
    FOLLOW_UP_MEETING_KIND,
    NEW_MEASURE,
)
from stemme.demo.plan.helpers import age_on
from stemme.demo.plan.records import ClosureRecord, FollowUpRecord, SupervisionVisitRecord
from stemme.demo.plan.state import CaseState
from stemme.demo.plan.texts import (
    CLOSURE_TEXTS,
    FOLLOW_UP_TEXTS,
    FREQUENCY_WISHES,
    SUPERVISION_NOTES,
)


class FollowUpBuilder(BuilderBase):
    def follow_up(
        self, c: CaseState, day: dt.date, *, outcome: str, next_on: dt.date | None
    ) -> FollowUpRecord:
        rng = self.rng
        age = age_on(c.child.birth_date, day)
        alone = age >= 7 and self.chance(0.8)
        wishes = ""
        if age >= 7 and self.chance(0.4):
            wishes = c.fill(rng.choice(FREQUENCY_WISHES))
        record = FollowUpRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            held_on=day,
            talked_with_child_alone=alone,
            goals_reviewed=self.chance(0.9),
            all_measures_reviewed=self.chance(0.85),
            child_wishes_for_frequency=wishes,
            assessment=c.fill(rng.choice(FOLLOW_UP_TEXTS[outcome])),
            outcome=outcome,
            next_follow_up_on=next_on,
        )
        self.record(c, "follow_ups", record, day)
        c.meeting_days.append((FOLLOW_UP_MEETING_KIND, day))
        summary = {
            CONTINUE: "Indsatsen fortsætter",
            ADJUST: "Indsatsen justeres",
            NEW_MEASURE: "Ny indsats",
            CLOSE: "Formålet er nået; sagen afsluttes",
        }[outcome]
        self.emit(
            c,
            day,
            events.follow_up_held(
                outcome=outcome, talked_with_child_alone=alone, next=next_on, summary=summary
            ),
            record.recorded_by,
            ref=record.ref,
            stamp=record,
        )
        if next_on is not None:
            self.schedule_follow_up(c, day, f"{record.ref}#next", next_on)
        return record

    def supervision(self, c: CaseState, day: dt.date) -> None:
        rng = self.rng
        age = age_on(c.child.birth_date, day)
        talked = age >= 2 and self.chance(0.97)
        notes = rng.choice(SUPERVISION_NOTES["young" if age < 6 else "older"])
        visit = SupervisionVisitRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            visited_on=day,
            talked_with_child=talked,
            staff_present=self.chance(0.2),
            notes=c.fill(notes),
        )
        self.record(c, "supervision_visits", visit, day)
        self.emit(
            c,
            day,
            events.supervision_held(
                with_child_conversation=talked, staff_present=visit.staff_present
            ),
            visit.recorded_by,
            ref=visit.ref,
            stamp=visit,
        )

    def closure(self, c: CaseState, day: dt.date, *, how: str) -> None:
        purpose, if_worry = self.rng.choice(CLOSURE_TEXTS[how])
        closure = ClosureRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            closed_on=day,
            purpose_achieved=c.fill(purpose),
            if_worry_returns=c.fill(if_worry),
        )
        self.record(c, "closures", closure, day)
        self.emit(
            c,
            day,
            events.case_closed(stage=CLOSED, summary=closure.purpose_achieved[:160]),
            closure.recorded_by,
            ref=closure.ref,
            stamp=closure,
        )
