"""``build_demo_plan``: the stage builders joined into one builder, and the whole plan built."""

from __future__ import annotations

import datetime as dt

from stemme.demo.plan.case_file import CaseFileBuilder
from stemme.demo.plan.cases import CaseBuilder
from stemme.demo.plan.constants import (
    DEMO_MUNICIPALITY_CODE,
    DEMO_MUNICIPALITY_NAME,
    DOCUMENT_LIMIT,
    MIN_CHILDREN,
    RAADGIVER_CASES,
)
from stemme.demo.plan.decision import DecisionBuilder
from stemme.demo.plan.follow_up import FollowUpBuilder
from stemme.demo.plan.handover import HandoverBuilder
from stemme.demo.plan.intake import IntakeBuilder
from stemme.demo.plan.investigation import InvestigationBuilder
from stemme.demo.plan.measure import MeasureBuilder
from stemme.demo.plan.meetings import MeetingBuilder
from stemme.demo.plan.milestones import MilestoneBuilder
from stemme.demo.plan.organisation import OrganisationBuilder
from stemme.demo.plan.records import DemoPlan, MunicipalityPlan
from stemme.demo.plan.schedule import ScheduleBuilder
from stemme.demo.plan.voice import VoiceBuilder


class _Builder(
    OrganisationBuilder,
    ScheduleBuilder,
    CaseBuilder,
    IntakeBuilder,
    InvestigationBuilder,
    DecisionBuilder,
    MeasureBuilder,
    FollowUpBuilder,
    MilestoneBuilder,
    VoiceBuilder,
    MeetingBuilder,
    HandoverBuilder,
    CaseFileBuilder,
):
    def build(self, *, children: int) -> DemoPlan:
        self.build_staff(children=children)
        # Documents have files: a handful per child, at most a thousand, keep the disk small.
        self.document_budget = min(children, DOCUMENT_LIMIT)
        for index, caseworker in enumerate(self.allocate_caseloads(children=children)):
            curated = None
            if caseworker == "raadgiver" and index < len(RAADGIVER_CASES):
                curated = RAADGIVER_CASES[index]
            self.build_child(primary=caseworker, curated=curated)
        # Chronological, so event ids follow the history; the sort is stable for equal times.
        self.events.sort(key=lambda event: event.occurred_at)
        return DemoPlan(
            today=self.today,
            seed=self.seed,
            municipality=MunicipalityPlan(
                name=DEMO_MUNICIPALITY_NAME,
                code=DEMO_MUNICIPALITY_CODE,
                caseworkers_see_team_children=False,
            ),
            teams=self.teams,
            staff=self.staff,
            children=self.children,
            persons=self.persons,
            relations=self.relations,
            cases=self.cases,
            assignments=self.assignments,
            events=self.events,
            **self.steps,
            **self.meeting_rows,
            **self.case_file_rows,
        )


def build_demo_plan(*, children: int, seed: int, today: dt.date) -> DemoPlan:
    """The whole demo municipality for ``children`` children, reproducible from ``seed``."""
    if children < MIN_CHILDREN:
        raise ValueError(f"The demo needs at least {MIN_CHILDREN} children, not {children}.")
    return _Builder(seed=seed, today=today).build(children=children)
