"""What the builder keeps while it builds one case: its raw events, history, schedule, measures."""

from __future__ import annotations

import bisect
import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from stemme.demo.plan.records import (
    ChildPlan,
    DecisionRecord,
    IntakeRecord,
    MeasureRecord,
    PersonPlan,
    StepRecord,
)

# An event before it gets its time of day:
# (day, minute of the day or None, kind, actor, case id, ref, data, step record to stamp).
RawEvent = tuple[
    dt.date, int | None, str, str | None, uuid.UUID | None, str, dict[str, Any], StepRecord | None
]
# A person linked to the child: (person, relation, has custody).
Link = tuple[PersonPlan, str, bool]


def linked(link: Link) -> dict[str, Any]:
    person, relation, custody = link
    return {
        "person": f"{person.first_name} {person.last_name}",
        "relation": relation,
        "has_custody": custody,
    }


@dataclass(slots=True)
class CaseHistory:
    """Who was the primary caseworker when, and when a placement started."""

    case_id: uuid.UUID
    primaries: list[tuple[dt.date, str]]  # (from, username), in order
    placed_on: dt.date | None = None
    first_received_at: dt.datetime | None = None

    def primary_on(self, day: dt.date) -> str:
        starts = [start for start, _ in self.primaries]
        return self.primaries[max(0, bisect.bisect_right(starts, day) - 1)][1]


@dataclass(slots=True)
class Family:
    parents: list[Link]  # linked when the child is registered
    foster: list[Link]  # linked when the placement starts
    network: list[Link]  # linked during the case


@dataclass(slots=True)
class Schedule:
    """When a case's early steps happen, in days after the day it was opened.

    Drawn before the case is placed in time: ``opened`` is then chosen so that the case stands
    in its target stage today (the next stage's first day is after yesterday), or, for a closed
    case, so that it closes on the given day.
    """

    target: str
    lag: int  # awareness date = opened - lag
    kind: str  # underretning or henvendelse
    abuse: bool
    urgency_days: int  # after receipt; 0 same day, 1 next day, more is late
    conversation: int | None  # the first conversation with the child
    screening_entry: int | None  # the case moved to the screening stage (optional)
    screened: int
    outcome: str
    afdaekning: tuple[int, int] | None  # (started, completed)
    bfu: tuple[int, int | None, int] | None  # (started, preliminary assessment, completed)
    bfu_conversation: int | None
    paragraph: str | None  # "30", "31", "32", "46", "47"; None when the case closes early
    provisional: bool
    plan_decided: bool | None
    decided: int | None
    plan_before: int | None  # § 47: the plan made for the decision
    measure_start: int | None
    plan: int | None  # barnets plan after a § 32/§ 46 decision
    startup: int | None
    closure: int | None  # a case closed after the screening or afdækning
    path: list[tuple[str, int]]  # (stage, day the case entered it), one per stage change
    opened: dt.date | None = None  # the unadjusted day; weekends are moved when the day is used
    closed: dt.date | None = None  # the unadjusted closing day of a closed case


@dataclass(slots=True)
class MeasureSpan:
    decision: DecisionRecord
    record: MeasureRecord
    placement: bool

    @property
    def start(self) -> dt.date:
        return self.record.started_on

    @property
    def end(self) -> dt.date | None:
        return self.record.ended_on


@dataclass(slots=True)
class CaseState:
    """One case while it is being built."""

    id: uuid.UUID
    child: ChildPlan
    raw: list[RawEvent]
    history: CaseHistory
    team: int
    leader: str
    teammates: list[str]
    limit: dt.date  # the unadjusted last day (yesterday, or the closing day)
    last_day: dt.date  # the last working day anything can happen on
    texts: dict[str, str]
    received_on: dt.date | None = None
    last_step: dt.date = dt.date.min
    measures: list[MeasureSpan] = field(default_factory=list)
    entries: list[tuple[str, dt.date]] = field(default_factory=list)  # stage changes
    first_intake: IntakeRecord | None = None
    secondary: str | None = None
    plans: int = 0
    # The child's voice: the conversation tasks the case gives (rule, days, trigger ref, day),
    # the conversations already held (day, alone, linked ref), the rights occasions (ref, day)
    # and the agreed follow-up dates (ref, day agreed, due).
    tasks: list[tuple[str, int, str, dt.date]] = field(default_factory=list)
    talks: list[tuple[dt.date, bool, str | None]] = field(default_factory=list)
    occasions: list[tuple[str, dt.date]] = field(default_factory=list)
    follow_ups: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)
    # Meetings with the child: the start-up meeting and the follow-ups (kind, day).
    meeting_days: list[tuple[str, dt.date]] = field(default_factory=list)

    def fill(self, template: str, **extra: str) -> str:
        return template.format_map({**self.texts, **extra} if extra else self.texts)
