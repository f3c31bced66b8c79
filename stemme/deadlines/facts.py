"""The deadline engine's input: what happened in a case, as immutable facts.

The Django layer turns database rows into ``Fact`` objects with the fixed vocabulary
below; the engine never sees a model. Unknown kinds are ignored by the engine, so the
vocabulary can grow on the Django side before the rules use it.

Fact kinds and their ``attrs``:

* ``underretning.received``: ``reporter_type`` ("professional", "citizen", "anonymous",
  "other_municipality"), ``abuse`` (bool), ``child_has_measure`` (bool: an active
  §32/§46/§47/§67 measure at the time), ``parent_suspected`` (bool).
* ``underretning.urgency_assessed`` / ``underretning.receipt_sent`` /
  ``underretning.reassessed``: ``underretning`` = the ref of the underretning answered.
* ``conversation.held``: ``alone`` (bool), optional ``underretning`` ref, optional ``about``
  (the trigger ref of the conversation task it answers; without it, it answers any).
* ``bfu.started``, ``bfu.completed``, ``bfu.preliminary_assessment``.
* ``decision.made``: ``paragraph`` ("30", "31", "32", "46", "47", "67", "114"-"116", "120",
  "143" the chair's provisional decision), ``plan_decided`` (bool, for §32),
  ``neglect_or_abuse`` (bool, for §46/47), ``siblings_under_15`` (refs of the siblings under
  15 in the household, for §46/47; § 21 stk. 2), ``refused`` (bool: an afslag, still a
  decision).
* ``measure.started``: ``decision`` ref, ``placement`` (bool),
  ``parallel_investigation_ends_on`` (ISO date string or None: the end expected at the
  start), ``parallel_investigation`` (the running BFU's ref, or None; its ``bfu.completed``
  is the actual end).
* ``bfu.completed``: ``child_heard`` (bool: the child's view recorded as the child told it).
* ``measure.ended``: ``decision`` ref, ``placement`` (bool).
* ``plan.made``: ``ungeplan`` (bool).
* ``follow_up.held``: ``talked_with_child_alone`` (bool); ``supervision.held``:
  ``with_child_conversation`` (bool).
* ``decision.notified`` (a party received the decision): ``about`` = the decision's ref.
* ``complaint.received``: ``about`` = the decision's ref; ``complaint.reconsidered``:
  ``about`` = the complaint's ref. ``access_request.received``; ``access_request.answered``:
  ``about`` = the request's ref.
* ``ungeplan.decided``, ``ungestoette.decided``, ``party_status.informed``.
* ``sibling_bfu.decided``: ``sibling`` = child ref.
* ``obligation.waived``: ``rule_id``, ``trigger_ref``, ``reason``.
* ``case.closed``.

Involvement facts (the child's voice, M3/M4). Facts that answer a task name it in ``about``
(the trigger's ref); dated tasks carry their date in ``due_on`` (ISO date):

* ``decision.made`` also carries ``child_wish`` ("followed", "partly", "against",
  "no_wish"), ``against_child_wish`` (bool) and ``explanation_due_on``.
* ``explanation.delivered``: ``about`` = the decision's ref.
* ``conversation.omitted``: ``about`` = the task's trigger ref, ``reason``.
* ``follow_up.scheduled``: ``due_on`` = the agreed follow-up date.
* ``meeting.planned`` (again with the same ref when moved): ``due_on`` = the meeting date;
  ``meeting.cancelled``, ``meeting.held``: the meeting's ref;
  ``meeting.agenda_sent``, ``meeting.summary_delivered``: ``about`` = the meeting's ref.
* ``rights.occasion``: ``occasion`` (case_start, decision, plan, caseworker_change);
  ``rights.informed``: ``topics``, ``to_child`` (bool; only rights told to the child count).
* ``caseworker.changed``: the handover's ref; ``handover.letter_sent``: ``about``.
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
