"""The deadline engine's input: what happened in a case, as immutable facts.

The Django layer turns database rows into ``Fact`` objects with the fixed vocabulary
``FACT_KINDS``; the engine never sees a model. Unknown kinds are ignored by the engine, so the
vocabulary can grow on the Django side before the rules use it.

What each kind means and the ``attrs`` it carries: one typed function per kind in
``stemme/deadlines/events/`` (``events.decision_made(...)`` and so on), which is also how the
step services record them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from .calendar import require_aware

__all__ = ["FACT_KINDS", "CaseFacts", "Fact", "freeze"]

# The fixed vocabulary. The engine drops any other kind before looking at a case, so a
# new kind emitted by the Django layer changes nothing until a rule uses it.
FACT_KINDS: frozenset[str] = frozenset(
    {
        "underretning.received",
        "underretning.urgency_assessed",
        "underretning.receipt_sent",
        "underretning.reassessed",
        "conversation.held",
        "bfu.started",
        "bfu.completed",
        "bfu.preliminary_assessment",
        "decision.made",
        "measure.started",
        "measure.ended",
        "plan.made",
        "follow_up.held",
        "supervision.held",
        "ungeplan.decided",
        "ungestoette.decided",
        "party_status.informed",
        "sibling_bfu.decided",
        "obligation.waived",
        "case.closed",
        # Complaints and access to the file (switchable rules)
        "decision.notified",
        "complaint.received",
        "complaint.reconsidered",
        "access_request.received",
        "access_request.answered",
        # Involvement (M3/M4)
        "explanation.delivered",
        "conversation.omitted",
        "follow_up.scheduled",
        "meeting.planned",
        "meeting.cancelled",
        "meeting.held",
        "meeting.agenda_sent",
        "meeting.summary_delivered",
        "rights.occasion",
        "rights.informed",
        "caseworker.changed",
        "handover.letter_sent",
        # Hearing of the parties (forvaltningsloven § 19)
        "hearing.sent",
        "hearing.closed",
    }
)

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def freeze(value: Any) -> Any:
    """A read-only copy: mappings become MappingProxyType, lists/tuples/sets become tuples.

    Equality keeps working (a proxy compares equal to a proxy of an equal dict), and the
    Fact stays immutable even if the caller later mutates what it passed in.
    """
    if isinstance(value, Mapping):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(freeze(item) for item in value))
    return value


@dataclass(frozen=True)
class Fact:
    """One thing that happened in a case, at an aware moment, with a stable record id."""

    kind: str
    at: datetime
    ref: str
    attrs: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)

    def __post_init__(self) -> None:
        require_aware(self.at, f"Fact {self.ref!r} at")
        object.__setattr__(self, "attrs", freeze(self.attrs) if self.attrs else _EMPTY)

    # attrs may hold tuples of refs and read-only mappings, which do not hash; ``ref`` is
    # unique within a case, so (kind, at, ref) is a sound hash consistent with equality.
    def __hash__(self) -> int:
        return hash((self.kind, self.at, self.ref))


@dataclass(frozen=True)
class CaseFacts:
    """Everything the engine knows about one case. ``facts`` may be in any order."""

    case_ref: str
    child_ref: str
    child_birth_date: date
    awareness_date: date | None
    facts: tuple[Fact, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.facts, tuple):
            object.__setattr__(self, "facts", tuple(self.facts))
