"""Writes to the two append-only logs. Callers are other services and the access module."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from stemme.audit.event_kinds import EVENT_KINDS
from stemme.audit.models import AccessAction, AccessLog, Event


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


def access_log_children(*, user, children: Iterable, purpose: str, action=AccessAction.VIEW) -> int:
    """Log that ``user`` was shown each of ``children`` (one row each, one INSERT)."""
    rows = [
        AccessLog(
            user=user,
            municipality_id=child.municipality_id,
            child=child,
            action=action,
            purpose=purpose,
        )
        for child in children
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


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
