"""The builder's state and small helpers, shared by the stage builders (the builder's parts).

Each stage module holds one part of the builder as a class on ``BuilderBase``; ``builder.py``
joins them into one builder, so the parts call each other's methods through ``self``."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from stemme.deadlines import events
from stemme.demo.plan.constants import GIRL
from stemme.demo.plan.helpers import ascii_fold, draw_pools
from stemme.demo.plan.records import (
    CASE_FILE_RECORDS,
    MEETING_RECORDS,
    STEP_RECORDS,
    VOICE_RECORDS,
    AssignmentPlan,
    CasePlan,
    ChildPlan,
    EventPlan,
    PersonPlan,
    RelationPlan,
    StaffPlan,
    StepRecord,
    TeamPlan,
)
from stemme.demo.plan.state import CaseState
from stemme.demo.plan.texts import TOWNS


class BuilderBase:
    def __init__(self, *, seed: int, today: dt.date) -> None:
        self.seed = seed
        self.today = today
        self.yesterday = today - dt.timedelta(days=1)
        # A seeded generator is the point here: the plan must be reproducible, nothing is secret.
        self.rng = random.Random(seed)  # noqa: S311
        self.pools = draw_pools(seed)
        self.teams: list[TeamPlan] = []
        self.staff: list[StaffPlan] = []
        self.children: list[ChildPlan] = []
        self.persons: list[PersonPlan] = []
        self.relations: list[RelationPlan] = []
        self.cases: list[CasePlan] = []
        self.assignments: list[AssignmentPlan] = []
        self.events: list[EventPlan] = []
        self.steps: dict[str, list] = {name: [] for name in {**STEP_RECORDS, **VOICE_RECORDS}}
        self.meeting_rows: dict[str, list] = {name: [] for name in MEETING_RECORDS}
        # The child's voice is drawn from its own generator, so adding it left the rest of the
        # demo (drawn from ``rng``) exactly as it was.
        self.vrng = random.Random(seed * 1_000_003 + 17)  # noqa: S311
        # Meetings, letters and handovers: a third generator, for the same reason.
        self.mrng = random.Random(seed * 1_000_033 + 29)  # noqa: S311
        # The case file (journal, documents, hearings, decision letters): a fourth generator.
        self.frng = random.Random(seed * 1_000_037 + 41)  # noqa: S311
        self.case_file_rows: dict[str, list] = {name: [] for name in CASE_FILE_RECORDS}
        # Each case when built, with its closing day and stage, for the case file.
        self.case_states: list[tuple[CaseState, dt.date | None, str]] = []
        self.document_budget = 0
        self.raadgiver_open_hearing = False
        self.cprs: set[str] = set()
        self.emails: dict[str, int] = {}
        self.team_caseworkers: list[list[str]] = []
        self.team_leader: dict[int, str] = {}
        self.team_of: dict[str, int] = {}
        self.names: dict[str, str] = {}

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def voice_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.vrng.getrandbits(128), version=4)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    @staticmethod
    def workday(day: dt.date, limit: dt.date) -> dt.date:
        """Casework happens on weekdays: a weekend day moves to Monday, or back to Friday when
        Monday is after ``limit``. Monotone, so dates keep their order."""
        weekday = day.weekday()
        if weekday < 5:
            return day
        monday = day + dt.timedelta(days=7 - weekday)
        return monday if monday <= limit else day - dt.timedelta(days=weekday - 4)

    def phone(self) -> str:
        digits = f"{self.rng.randint(20, 99)}{self.rng.randrange(1_000_000):06d}"
        return f"{digits[0:2]} {digits[2:4]} {digits[4:6]} {digits[6:8]}"

    def address(self) -> str:
        street = self.rng.choice(self.pools.streets)
        number = self.rng.randint(1, 120)
        floor = ""
        if self.chance(0.35):
            floor = f", {self.rng.randint(1, 4)}. {self.rng.choice(['tv', 'th'])}"
        return f"{street} {number}{floor}, {self.rng.choice(TOWNS)}"

    def email(self, *, first_name: str, last_name: str, domain: str) -> str:
        # Unique addresses, numbered like real ones (anna.jensen2@...) when a name repeats.
        base = f"{ascii_fold(first_name)}.{ascii_fold(last_name.split()[-1])}@{domain}"
        count = self.emails[base] = self.emails.get(base, 0) + 1
        if count == 1:
            return base
        local, _, host = base.partition("@")
        return f"{local}{count}@{host}"

    def first_name(self, gender: str) -> str:
        return self.rng.choice(self.pools.female if gender == GIRL else self.pools.male)

    def last_name(self) -> str:
        return self.rng.choice(self.pools.last)

    def emit(
        self,
        c: CaseState,
        day: dt.date,
        kind: str | events.FactData,
        actor: str | None,
        *,
        ref: str = "",
        data: dict[str, Any] | None = None,
        stamp: StepRecord | None = None,
        minute: int | None = None,
    ) -> None:
        """An event of the case. The case's facts come typed (``events.decision_made(...)``,
        their kind and data); the other events (``case.opened``, ``assignment.started`` …) as
        a kind and its ``data``."""
        if isinstance(kind, events.FactData):
            assert data is None, "a typed fact carries its own data"
            kind, data = kind.kind, kind.data
        c.raw.append((day, minute, kind, actor, c.id, ref, data or {}, stamp))

    def record(self, c: CaseState, name: str, record: StepRecord, day: dt.date) -> None:
        self.steps[name].append(record)
        c.last_step = max(c.last_step, day)

    def actor(self, c: CaseState, day: dt.date) -> str:
        return c.history.primary_on(day)
