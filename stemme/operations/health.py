"""The readiness checks behind /health/ready (docs/operations.md, "Health").

Each check says ok or not and, for the monitoring that holds the token, why. The web process is
ready when the database answers, every migration is applied, a worker wrote its heartbeat
recently, no task has waited to run longer than allowed and, where the audit log is shipped,
the oldest row not yet shipped is young enough.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from stemme.audit.shipping import Cursor
from stemme.operations import selectors


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


# Once every migration is applied it stays so for the life of the process: checked until then.
_migrations_applied = False


def database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any database failure means not ready
        return Check("database", False, f"unreachable: {type(error).__name__}")
    return Check("database", True, "ok")


def migrations() -> Check:
    global _migrations_applied  # noqa: PLW0603 - the per-process cache described above
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return Check("migrations", False, f"{len(pending)} not applied")
        _migrations_applied = True
    return Check("migrations", True, "ok")


def worker(now: dt.datetime) -> Check:
    seen = selectors.worker_last_seen()
    if seen is None:
        return Check("worker", False, "no worker has reported")
    age = (now - seen).total_seconds()
    if age > settings.STEMME_WORKER_STALE_SECONDS:
        return Check("worker", False, f"last heartbeat {age:.0f} s ago")
    return Check("worker", True, f"last heartbeat {age:.0f} s ago")


def queue_lag(now: dt.datetime) -> Check:
    try:
        since = selectors.queue_oldest_ready_since()
    except Exception as error:  # noqa: BLE001 - an unreachable broker means not ready
        return Check("queue", False, f"unreachable: {type(error).__name__}")
    lag = max((now - since).total_seconds(), 0) if since else 0
    return Check("queue", lag <= settings.STEMME_QUEUE_LAG_MAX_SECONDS, f"lag {lag:.0f} s")


def audit_shipping(now: dt.datetime) -> Check | None:
    """``None`` where the audit log is not shipped (no STEMME_AUDIT_SHIPPING_STATE)."""
    if not settings.STEMME_AUDIT_SHIPPING_STATE:
        return None
    try:
        data = json.loads(Path(settings.STEMME_AUDIT_SHIPPING_STATE).read_text(encoding="utf-8"))
        cursor = Cursor.from_dict(data)
    except FileNotFoundError:
        cursor = Cursor()  # nothing shipped yet
    except (OSError, ValueError, KeyError, TypeError):
        return Check("audit_shipping", False, "state file unreadable")
    oldest = selectors.audit_oldest_unshipped(event_id=cursor.event_id, access_id=cursor.access_id)
    lag = max((now - oldest).total_seconds(), 0) if oldest else 0
    return Check(
        "audit_shipping",
        lag <= settings.STEMME_AUDIT_SHIPPING_LAG_MAX_SECONDS,
        f"lag {lag:.0f} s",
    )


def readiness() -> list[Check]:
    """Every check; after a failed database check the others are not tried."""
    checks = [database()]
    if not checks[0].ok:
        return checks
    now = timezone.now()
    try:
        checks += [migrations(), worker(now), queue_lag(now)]
        shipping = audit_shipping(now)
    except Exception as error:  # noqa: BLE001 - the database went away half-way
        return [*checks, Check("database", False, f"failed: {type(error).__name__}")]
    return checks if shipping is None else [*checks, shipping]
