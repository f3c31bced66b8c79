"""Reads of the operations app: dead letters, live workers, how long the queue makes tasks wait."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from stemme.audit.models import AccessLog, Event
from stemme.operations.models import DeadLetter, DeadLetterState, WorkerHeartbeat


def dead_letters_open() -> QuerySet[DeadLetter]:
    """The failed tasks waiting for an administrator, newest first."""
    return DeadLetter.objects.filter(state=DeadLetterState.OPEN)


def dead_letters_handled(*, limit: int = 10) -> list[DeadLetter]:
    """The last letters an administrator tried again or removed, for the record."""
    return list(
        DeadLetter.objects.exclude(state=DeadLetterState.OPEN)
        .select_related("handled_by")
        .order_by("-handled_at", "-pk")[:limit]
    )


def worker_last_seen() -> dt.datetime | None:
    """When the most recently active worker last wrote its heartbeat (``None``: no worker)."""
    return WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


def queue_oldest_ready_since() -> dt.datetime | None:
    """Since when the oldest task that could run now has been waiting (``None``: no task waits).

    A task waits from when it was enqueued or, if deferred, from its ``run_after``."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, DatabaseBackend):
        return _database_oldest_ready(backend.alias)
    if type(backend).__name__ == "RQBackend":
        return _rq_oldest_ready(backend)
    return None  # a backend without a queue (the tests' immediate one)


def _database_oldest_ready(alias: str) -> dt.datetime | None:
    ready = DBTaskResult.objects.ready().filter(backend_name=alias)
    never_deferred = (
        ready.filter(run_after=get_date_max())
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    deferred = (
        ready.exclude(run_after=get_date_max())
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    candidates = [moment for moment in (never_deferred, deferred) if moment is not None]
    return min(candidates) if candidates else None


def _rq_oldest_ready(backend) -> dt.datetime | None:
    # django_rq is installed only with STEMME_TASKS_BACKEND=rq (config/settings.py).
    import django_rq

    oldest = None
    for name in sorted(backend.queues):
        jobs = django_rq.get_queue(name).get_jobs(0, 0)
        if jobs and jobs[0].enqueued_at is not None:
            at = jobs[0].enqueued_at
            at = at if timezone.is_aware(at) else at.replace(tzinfo=dt.UTC)
            oldest = at if oldest is None else min(oldest, at)
    return oldest


def audit_oldest_unshipped(*, event_id: int, access_id: int) -> dt.datetime | None:
    """When the oldest audit row after the shipping cursor was written (``None``: all shipped)."""
    event = (
        Event.objects.filter(pk__gt=event_id)
        .order_by("pk")
        .values_list("recorded_at", flat=True)
        .first()
    )
    access = (
        AccessLog.objects.filter(pk__gt=access_id)
        .order_by("pk")
        .values_list("at", flat=True)
        .first()
    )
    candidates = [moment for moment in (event, access) if moment is not None]
    return min(candidates) if candidates else None
