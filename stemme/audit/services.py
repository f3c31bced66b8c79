"""Writes to the two append-only logs. Callers are other services and the access module."""

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator

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


# The access-log rows of a page that only reads (a GET), kept until the view has returned.
_deferred_rows: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "deferred_access_log_rows", default=None
)


@contextlib.contextmanager
def access_log_deferred() -> Iterator[None]:
    """Keep the staff access-log rows written in the block, and write them in one short
    transaction of their own when it ends without an exception.

    For ``staff_with_child_access`` on a GET, which runs without a transaction so it never holds
    SQLite's write lock while it reads (issue 13): the rows are written before the page is
    returned, and a view that logs and then refuses (404, 403) or fails logs nothing — as when
    the whole request was one transaction.
    """
    rows: list = []
    token = _deferred_rows.set(rows)
    try:
        yield
    finally:
        _deferred_rows.reset(token)
    if rows:
        with transaction.atomic():
            AccessLog.objects.bulk_create(rows)


def _access_log_write(rows: list) -> None:
    deferred = _deferred_rows.get()
    if deferred is not None:
        deferred.extend(rows)
    else:
        AccessLog.objects.bulk_create(rows)


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
    _access_log_write(rows)
    return len(rows)


def access_log_portal(*, account, purpose: str) -> AccessLog:
    """Log that a Min sag account (the child's own or a parent's) was shown the child's data:
    one row with the account as the actor, in its own short transaction, so the child's "who
    has looked" and the right-of-access export see parents' reads too."""
    with transaction.atomic():
        return AccessLog.objects.create(
            portal_account=account,
            municipality_id=account.child.municipality_id,
            child_id=account.child_id,
            action=AccessAction.VIEW,
            purpose=purpose[:60],
        )


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


def access_log_portal_denied(*, account, requested: str, purpose: str) -> None:
    """Log a refused request from Min sag (the account got 404): another child's meeting, letter
    or goal, or a guessed id. As ``access_log_denied``, with the portal account as the actor: no
    child linked, the requested id kept as the criterion, in a short transaction of its own."""
    with transaction.atomic():
        AccessLog.objects.create(
            portal_account=account,
            municipality_id=account.child.municipality_id,
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
    _access_log_write(rows)
