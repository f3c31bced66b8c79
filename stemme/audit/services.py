"""Writes to the two append-only logs. Callers are other services and the access module."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from stemme.audit.event_kinds import EVENT_KINDS
from stemme.audit.models import AccessAction, AccessBasis, AccessLog, Event


def event_record(
    *,
    actor,
    municipality,
    kind: str,
    child=None,
    case=None,
    ref: str = "",
    data: dict | None = None,
    occurred_at: dt.datetime | None = None,
) -> Event:
    """Record that something was written. Must run inside the writing service's transaction."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"Unknown event kind {kind!r}: add it to stemme/audit/event_kinds.py")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record must run inside the transaction of the write it records")
    return Event.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        municipality=municipality,
        child=child,
        case=case,
        kind=kind,
        ref=ref,
        data=data or {},
        occurred_at=occurred_at or timezone.now(),
    )


def access_log_children(
    *, user, children: Iterable, purpose: str, action=AccessAction.VIEW, basis: str = ""
) -> int:
    """Log that ``user`` was shown each of ``children`` (one row each, one INSERT).

    ``basis`` (an ``AccessBasis``) says why the user could see them, when one rule did.
    """
    if basis and basis not in AccessBasis.values:
        raise ValueError(f"Unknown access basis {basis!r}")
    rows = [
        AccessLog(
            user=user,
            municipality_id=child.municipality_id,
            child=child,
            action=action,
            purpose=purpose,
            basis=basis,
        )
        for child in children
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def access_log_denied(*, user, requested: str, purpose: str) -> None:
    """Log a refused request for a well-formed id (the user got 404): one INSERT.

    An access-log row, not an event: events record writes in a case and feed the deadline
    engine and the timeline; a refusal changes nothing and is an attempted *read*, which is what
    the access log (and its shipping to a separate system) is for. No child is linked — the id
    may not exist, and the child's "who has looked" must not show someone who saw nothing; the
    requested id is kept as the criterion. Must be written outside the refused request's
    rolled-back transaction (the caller, ``staff_with_child_access``, does that).
    """
    AccessLog.objects.create(
        user=user,
        municipality_id=user.municipality_id,
        action=AccessAction.DENIED,
        purpose=purpose[:60],
        criterion=requested[:200],
        result_count=0,
    )


def access_log_search(*, user, criterion: str, children: Iterable, purpose: str) -> None:
    """Log a search: one row with the criterion and the count, and one row per child shown."""
    shown = list(children)
    rows = [
        AccessLog(
            user=user,
            municipality_id=user.municipality_id,
            action=AccessAction.SEARCH,
            purpose=purpose,
            criterion=criterion[:200],
            result_count=len(shown),
        )
    ]
    rows += [
        AccessLog(
            user=user,
            municipality_id=child.municipality_id,
            child=child,
            action=AccessAction.VIEW,
            purpose=purpose,
            criterion=criterion[:200],
        )
        for child in shown
    ]
    AccessLog.objects.bulk_create(rows)
