"""How Stemme's background tasks are written: enqueued after the commit, retried with backoff,
dead-lettered at the end. The rules every task follows (docs/operations.md, "Background tasks"):

* **Idempotent.** A task may run more than once: a retry after a failure half-way, a worker that
  died after the work but before the result was saved, an administrator's "try again". Running
  it twice must leave the same state as running it once — check before acting ("is this e-mail
  already sent for this message?"), keyed on the ids in its arguments.
* **Ids, never data.** Arguments are JSON and stored in the queue (and, if it fails for good, in
  the dead-letter list): pass the ids of what to work on and read the rest when the task runs.
  No names, CPR numbers or texts.
* **Enqueued on commit.** ``enqueue_on_commit`` hands the task to the queue only once the
  transaction that made the work necessary has committed, so a worker never looks for a row
  that is not there yet, and a rolled-back request leaves no task behind.

``retrying_task`` is ``django_tasks.task`` with retries: a task that raises is enqueued again
after ``STEMME_TASK_BACKOFF_SECONDS`` × 2^(attempt − 1) (at most an hour), up to
``STEMME_TASK_MAX_ATTEMPTS`` attempts; the last failure is recorded as a dead letter for the
administrator (stemme.operations.services.dead_letter_record). On a backend that cannot defer a
task (the tests' immediate backend) the retry runs at once.
"""

import contextlib
import datetime as dt
import functools
import importlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from stemme.operations import services

logger = logging.getLogger(__name__)

#: The keyword argument that carries the attempt number from one try to the next; the task's
#: own function never sees it.
ATTEMPT = "stemme_attempt"
MAX_BACKOFF = dt.timedelta(hours=1)
#: What each retrying task is called on the administrator's list of failed tasks, by its path.
TASK_LABELS: dict[str, str] = {}


def enqueue_on_commit(task_: Task, /, *args, **kwargs) -> None:
    """Enqueue ``task_(*args, **kwargs)`` once the current transaction commits (at once
    outside one). The arguments must be JSON: ids, never personal data."""
    transaction.on_commit(functools.partial(task_.enqueue, *args, **kwargs))


#: Tasks that look for what is due now (the notifications' sweep), registered by their apps.
_DUE_CHECKS: list[Task] = []


def due_check_register(task_: Task) -> None:
    """``task_()`` looks for what is due and tells it, idempotently (an app's ``ready()``)."""
    if task_ not in _DUE_CHECKS:
        _DUE_CHECKS.append(task_)


def due_check_soon() -> None:
    """Something others must be told about was just written (an emergency access, a handover):
    run the registered checks as soon as the current transaction commits, not at the next
    timer. Once per transaction however many were written (a leaver's children handed over in
    one go); the timer stays as the safety net; the checks never tell anything twice."""
    connection = transaction.get_connection()
    waiting = getattr(connection, "stemme_due_check", None)
    # Already asked for in this transaction, and neither run nor rolled back since.
    if waiting is not None and any(
        callback is waiting for _, callback, _ in connection.run_on_commit
    ):
        return

    def enqueue_checks() -> None:
        connection.stemme_due_check = None
        for task_ in _DUE_CHECKS:
            task_.enqueue()

    connection.stemme_due_check = enqueue_checks
    transaction.on_commit(enqueue_checks)


def backoff_delay(attempt: int, base_seconds: int) -> dt.timedelta:
    """The wait before attempt ``attempt + 1``: base, 2 × base, 4 × base …, at most an hour."""
    return min(dt.timedelta(seconds=base_seconds * 2 ** (attempt - 1)), MAX_BACKOFF)


def retrying_task(
    function: Callable | None = None,
    *,
    max_attempts: int | None = None,
    backoff_seconds: int | None = None,
    label: str | None = None,
    **task_options,
):
    """``@retrying_task`` or ``@retrying_task(label=_("…"), max_attempts=3, queue_name=…)``: a
    task (as ``django_tasks.task``) that is retried with exponential backoff and dead-lettered
    when its last attempt fails. The limits default to the settings, read when the task fails.
    ``label`` (lazily translated) names the task on the administrator's dead-letter list."""

    def decorate(func: Callable) -> Task:
        created: Task | None = None

        def attempt_run(context, *args, **kwargs):
            attempt = int(kwargs.pop(ATTEMPT, 1))
            try:
                return func(*args, **kwargs)
            except Exception as error:
                _after_failure(
                    created,
                    args,
                    kwargs,
                    attempt=attempt,
                    error=error,
                    max_attempts=max_attempts or settings.STEMME_TASK_MAX_ATTEMPTS,
                    backoff_seconds=backoff_seconds or settings.STEMME_TASK_BACKOFF_SECONDS,
                    # The retry goes to the queue this attempt came from, not the task's default.
                    queue_name=context.task_result.task.queue_name,
                )
                raise

        # The task's name is the function's (its path is how workers find it), but not its
        # signature: the backends check that a task taking the context names it first.
        for name in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(attempt_run, name, getattr(func, name))
        created = task(takes_context=True, **task_options)(attempt_run)
        if label is not None:
            TASK_LABELS[created.module_path] = label
        return created

    return decorate(function) if function is not None else decorate


def task_label(task_path: str) -> str:
    """The task's label, or its function's name for a task without one. A task's module is
    imported when no label is known yet: the web process may never have imported the module
    the worker ran (only Stemme's own modules: the path comes from the database)."""
    module, _dot, name = task_path.rpartition(".")
    if task_path not in TASK_LABELS and module.startswith("stemme."):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    return str(TASK_LABELS.get(task_path) or name)


def _after_failure(
    task_: Task, args, kwargs, *, attempt, error, max_attempts, backoff_seconds, queue_name
) -> None:
    name = task_.module_path
    kind = f"{type(error).__module__}.{type(error).__qualname__}"
    if attempt >= max_attempts:
        logger.error(
            "Task %s failed on attempt %d of %d (%s): dead letter",
            name,
            attempt,
            max_attempts,
            kind,
        )
        services.dead_letter_record(
            task_path=name, args=list(args), kwargs=kwargs, attempts=attempt, error=error
        )
        return
    retry = task_.using(queue_name=queue_name)
    if task_.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + backoff_delay(attempt, backoff_seconds))
    logger.warning(
        "Task %s failed on attempt %d of %d (%s): retrying at %s",
        name,
        attempt,
        max_attempts,
        kind,
        retry.run_after or "once",
    )
    retry.enqueue(*args, **kwargs, **{ATTEMPT: attempt + 1})
