"""The early path: the screening, afdækning and the børnefaglig undersøgelse."""

from __future__ import annotations

import datetime as dt

from stemme.deadlines import events
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import AFDAEKNING, BARNETS_PLAN, BFU, PLACEMENTS, TASK_INVESTIGATION
from stemme.demo.plan.helpers import add_months, age_group, age_on
from stemme.demo.plan.records import InvestigationRecord, ScreeningRecord
from stemme.demo.plan.state import CaseState, Schedule
from stemme.demo.plan.texts import (
    BFU_TALKS,
    CHILD_DEVELOPMENT,
    EARLY_MEASURES,
    FAMILY_AND_NETWORK,
    INVESTIGATION_CONCLUSION,
    PARALLEL_SUPPORT,
    PARENTS_CAPACITY,
    PARENTS_VIEW,
    PLACEMENT_MEASURES,
    PRELIMINARY_ASSESSMENTS,
    RESOURCES_AND_CHALLENGES,
    SCREENING_ASSESSMENTS,
    SCREENING_WEIGHTED,
    SUPPORT_MEASURES,
)


class InvestigationBuilder(BuilderBase):
    def early_steps(self, c: CaseState, s: Schedule, *, done, on) -> None:
        """Conversations, screening, investigations, decision, measure, plan and start-up."""
        rng = self.rng
        intake = c.first_intake
        assert intake is not None
        if s.conversation is not None and done(s.conversation) and not intake.abuse:
            day = on(s.conversation)
            note, alone = self.talk_note(c, day)
            self.conversation(c, day, note=note, alone=alone, intake=intake)

        if not done(s.screened):
            return
        day = on(s.screened)
        screening = ScreeningRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, day),
            screened_on=day,
            information_weighted=c.fill(rng.choice(SCREENING_WEIGHTED)),
            assessment=c.fill(rng.choice(SCREENING_ASSESSMENTS[s.outcome])),
            outcome=s.outcome,
        )
        self.record(c, "screenings", screening, day)
        self.emit(
            c,
            day,
            events.screening_completed(outcome=s.outcome, summary=screening.assessment[:160]),
            screening.recorded_by,
            ref=screening.ref,
            stamp=screening,
        )
        if s.afdaekning and done(s.afdaekning[0]):
            follows = "close" if s.paragraph is None else "early" if s.bfu is None else "bfu"
            self.investigation(
                c,
                kind=AFDAEKNING,
                started=on(s.afdaekning[0]),
                completed=on(s.afdaekning[1]) if done(s.afdaekning[1]) else None,
                conclusion=c.fill(rng.choice(INVESTIGATION_CONCLUSION[follows])),
            )
        if s.closure is not None:
            return

        # The measure the case leads to.
        paragraph = s.paragraph
        assert paragraph is not None
        placement = paragraph in PLACEMENTS
        decided_on = on(s.decided) if s.decided is not None else None
        age = age_on(c.child.birth_date, decided_on or c.last_day)
        if placement:
            description, provider = rng.choice(PLACEMENT_MEASURES[age_group(age)])
        elif paragraph == "32":
            description, provider = rng.choice(SUPPORT_MEASURES)
        else:
            description, provider = rng.choice(EARLY_MEASURES[paragraph])
        measure_text = description[0].lower() + description[1:]

        if s.bfu and done(s.bfu[0]):
            start, preliminary, completed = s.bfu
            kind = "placement" if placement else "support"
            self.investigation(
                c,
                kind=BFU,
                started=on(start),
                completed=on(completed) if done(completed) else None,
                preliminary=on(preliminary) if done(preliminary) else None,
                conclusion=c.fill(rng.choice(INVESTIGATION_CONCLUSION[kind]), tiltag=measure_text),
                parallel=s.provisional,
            )
            if s.bfu_conversation is not None and done(s.bfu_conversation):
                day = on(s.bfu_conversation)
                talk_age = age_on(c.child.birth_date, day)
                if talk_age < 3:
                    note, alone = c.fill(BFU_TALKS["young"]), False
                else:
                    alone = self.chance(0.8 if talk_age >= 7 else 0.3)
                    note = c.fill(BFU_TALKS["alone" if alone else "together"])
                self.conversation(c, day, note=note, alone=alone, intake=None)

        if s.plan_before is not None and done(s.plan_before):
            self.plan(c, on(s.plan_before), kind=BARNETS_PLAN, placement=True)
        if decided_on is None or not done(s.decided):
            return
        decision = self.decision(
            c,
            decided_on,
            paragraph=paragraph,
            plan_decided=s.plan_decided,
            provisional=s.provisional,
            description=description,
            abuse=intake.abuse,
        )
        if s.measure_start is not None and done(s.measure_start):
            day = on(s.measure_start)
            parallel_end = None
            if s.provisional and s.bfu is not None:
                # The placement started during the investigation; it is due to finish then.
                due = add_months(c.received_on or day, 4)
                parallel_end = max(day, self.workday(due, dt.date.max))
            self.measure(
                c,
                day,
                decision=decision,
                description=description,
                provider=provider,
                parallel_end=parallel_end,
            )
        if s.plan is not None and done(s.plan):
            self.plan(c, on(s.plan), kind=BARNETS_PLAN, placement=placement)
        if s.startup is not None and done(s.startup) and c.measures:
            day = on(s.startup)
            self.startup(c, day, placement=placement)

    def investigation(
        self,
        c: CaseState,
        *,
        kind: str,
        started: dt.date,
        completed: dt.date | None,
        conclusion: str,
        preliminary: dt.date | None = None,
        parallel: bool = False,
    ) -> InvestigationRecord:
        rng = self.rng
        fill = c.fill
        sections = dict.fromkeys(
            (
                "child_development",
                "parents_capacity",
                "family_and_network",
                "resources_and_challenges",
                "child_view",
                "parents_view",
                "conclusion",
                "parallel_support",
            ),
            "",
        )
        age = age_on(c.child.birth_date, started)
        ongoing_days = ((completed or c.last_day) - started).days
        if kind == BFU and (completed is not None or ongoing_days > 30):
            # Written along the way: the first sections exist before the investigation ends.
            sections["child_development"] = fill(rng.choice(CHILD_DEVELOPMENT[age_group(age)]))
            sections["family_and_network"] = fill(rng.choice(FAMILY_AND_NETWORK))
        if kind == BFU and completed is not None:
            view, exception = self.child_view(c, completed, placement=False)
            sections.update(
                parents_capacity=fill(rng.choice(PARENTS_CAPACITY)),
                resources_and_challenges=fill(rng.choice(RESOURCES_AND_CHALLENGES)),
                child_view=view or exception,
                parents_view=fill(rng.choice(PARENTS_VIEW)),
                conclusion=conclusion,
                parallel_support=fill(rng.choice(PARALLEL_SUPPORT)) if parallel else "",
            )
        elif completed is not None:
            sections["conclusion"] = conclusion
        record = InvestigationRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=self.actor(c, started),
            kind=kind,
            started_on=started,
            completed_on=completed,
            preliminary_assessment_on=preliminary,
            preliminary_assessment=fill(rng.choice(PRELIMINARY_ASSESSMENTS)) if preliminary else "",
            **sections,
        )
        self.record(c, "investigations", record, completed or preliminary or started)
        bfu = kind == BFU
        fact = events.bfu_started() if bfu else events.afdaekning_started()
        self.emit(c, started, fact, record.recorded_by, ref=record.ref, stamp=record)
        if bfu:
            c.tasks.append((*TASK_INVESTIGATION, record.ref, started))
        if preliminary is not None:
            self.emit(
                c,
                preliminary,
                events.bfu_preliminary_assessment(summary=record.preliminary_assessment[:160]),
                self.actor(c, preliminary),
                ref=record.ref,
            )
        if completed is not None:
            self.emit(
                c,
                completed,
                (events.bfu_completed if bfu else events.afdaekning_completed)(
                    summary=conclusion[:160]
                ),
                self.actor(c, completed),
                ref=record.ref,
            )
        return record
