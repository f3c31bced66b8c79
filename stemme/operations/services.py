"""Writes of the operations app: the worker's heartbeat and the dead-letter list."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks.base import Task

from stemme.audit.services import event_record
from stemme.operations.models import DeadLetter, DeadLetterState, WorkerHeartbeat

logger = logging.getLogger(__name__)

#: Rows of workers that died without saying goodbye are pruned once this old.
HEARTBEAT_PRUNE_AFTER = dt.timedelta(days=1)


def heartbeat_touch(
    *, worker_id: str, backend: str, hostname: str, pid: int, started_at: dt.datetime
) -> None:
    """The worker ``worker_id`` is alive now."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now},
        create_defaults={
            "backend": backend,
            "hostname": hostname[:255],
            "pid": pid,
            "started_at": started_at,
            "seen_at": now,
        },
    )


def heartbeat_remove(*, worker_id: str) -> None:
    """The worker stops; also forget workers silent for a day (killed, machine gone)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - HEARTBEAT_PRUNE_AFTER).delete()


def dead_letter_record(
    *, task_path: str, args: list, kwargs: dict, attempts: int, error: BaseException
) -> DeadLetter:
    """A task failed on its last attempt: keep it for the administrator. The error's class
    only; its message and traceback stay in the worker's log, as they may quote data."""
    return DeadLetter.objects.create(
        task_path=task_path,
        args_kwargs={"args": args, "kwargs": kwargs},
        attempts=attempts,
        exception_class_path=f"{type(error).__module__}.{type(error).__qualname__}",
        failed_at=timezone.now(),
    )


def _letter_for_update(*, letter_id: int) -> DeadLetter:
    return DeadLetter.objects.select_for_update().get(pk=letter_id)


def dead_letter_retry(*, actor, letter_id: int) -> bool:
    """Enqueue the task afresh (attempt 1) after the commit and mark the letter tried again.
    Idempotent: a letter already handled is left as it is (``False``), so a double click or
    a resent form enqueues the task once."""
    with transaction.atomic():
        letter = _letter_for_update(letter_id=letter_id)
        if letter.state != DeadLetterState.OPEN:
            return False
        try:
            task_ = import_string(letter.task_path)
        except ImportError:
            task_ = None
        if not isinstance(task_, Task):
            raise ValidationError(_("This task no longer exists in Stemme; remove it instead."))
        args = letter.args_kwargs.get("args", [])
        kwargs = letter.args_kwargs.get("kwargs", {})
        _handle(letter, actor=actor, state=DeadLetterState.RETRIED)
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="operations.dead_letter_retried",
            ref=str(letter.pk),
            data={"task": letter.task_path, "attempts": letter.attempts},
        )
        transaction.on_commit(lambda: task_.enqueue(*args, **kwargs))
    logger.info("Dead letter %s (%s) enqueued again", letter.pk, letter.task_path)
    return True


def dead_letter_remove(*, actor, letter_id: int) -> bool:
    """Take the letter off the list without running the task. Idempotent like the retry."""
    with transaction.atomic():
        letter = _letter_for_update(letter_id=letter_id)
        if letter.state != DeadLetterState.OPEN:
            return False
        _handle(letter, actor=actor, state=DeadLetterState.REMOVED)
        event_record(
            actor=actor,
            municipality=actor.municipality,
            kind="operations.dead_letter_removed",
            ref=str(letter.pk),
            data={"task": letter.task_path, "attempts": letter.attempts},
        )
    return True


def _handle(letter: DeadLetter, *, actor, state: str) -> None:
    letter.state = state
    letter.handled_by = actor
    letter.handled_at = timezone.now()
    letter.save(update_fields=["state", "handled_by", "handled_at"])
