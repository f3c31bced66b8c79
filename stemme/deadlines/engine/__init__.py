"""Derive a case's statutory obligations, and their status, from its facts.

``derive_obligations(case, as_of=..., config=...)`` is a pure function: no Django, no
database, no clock. It sees only facts that happened at or before ``as_of``, so replaying
a case "as of" any past moment gives what the system would have said then.

Status of an obligation as of ``as_of`` (first that applies):

1. MET: a fact that meets it exists (``met_late`` if it came after ``due_at``).
2. WAIVED: an ``obligation.waived`` fact names this rule and trigger.
3. LAPSED: the duty ended before it was met and before it fell due. That is a
   ``case.closed`` at or after the obligation arose, or for measure-bound rules
   (first follow-up, supervision windows, ungestøtte) the measure ending. A task whose
   occasion has passed (a rule's ``ends_with``: the investigation finished, the follow-up
   held, the measure ended) is lapsed too, whenever it fell due: it is never left open.
4. OVERDUE if ``as_of`` is after ``due_at``, otherwise OPEN.

Facts at the same instant: a step dated a past day happens at the end of that day (see
``stemme.cases.services.unit.occurred_at_for``), so steps of one day share an instant and
compare as the guards compare dates: "at or after" and "at or before" include the same
day. At one instant a ``case.closed`` comes last, so what the closing step itself
records (a measure ending the same day) belongs to the period it closes.

How each rule lays out its obligations over time is its ``schedule`` (see rules.py).
Internally every instant is handled in UTC: Python compares two datetimes that share a
``ZoneInfo`` by wall-clock time, which is wrong inside the autumn DST fold. Output
datetimes are in Europe/Copenhagen.

Performance: facts are sorted and indexed by kind once per case; each rule then looks
only at the kinds it needs, with a binary search for "at or after the trigger".

The package: ``timeline`` (the facts indexed), ``schedules`` (one per rule schedule) and
``derive`` (``derive_obligations`` and its results, re-exported here).
"""

from .derive import Obligation, Status, derive_obligations

__all__ = [
    "Obligation",
    "Status",
    "derive_obligations",
]
