"""Retries with backoff and the dead-letter list, on the database backend for real: tasks are
enqueued into django-tasks-db's table, claimed and run by its worker's own code in this process.

(Inside the test's transaction: the worker's loop also recycles the database connection, which
would end the transaction, so ``run_ready_tasks`` does the loop's claim-and-run steps itself.)"""

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from stemme.operations import services
from stemme.operations.models import DeadLetter, DeadLetterState
from stemme.operations.tasks import ATTEMPT, backoff_delay, due_check_soon, enqueue_on_commit
from stemme.operations.tests import sample_tasks

DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)


def run_ready_tasks() -> None:
    """What django-tasks-db's worker does in batch mode: claim each ready task under a lock,
    run it with the worker's ``run_task``, until none is ready."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while True:
        with exclusive_transaction():
            row = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if row is None:
                return
            row.claim(worker.worker_id)
        worker.run_task(row)


def waiting() -> DBTaskResult:
    return DBTaskResult.objects.get(status=TaskResultStatus.READY)


def let_time_pass(row: DBTaskResult) -> None:
    """The backoff has passed: the waiting row is due now."""
    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())


def test_backoff_doubles_up_to_an_hour():
    assert [backoff_delay(n, 30).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff_delay(20, 30) == dt.timedelta(hours=1)


@DATABASE_TASKS
@pytest.mark.django_db
def test_a_failing_task_is_retried_with_backoff_then_dead_lettered():
    sample_tasks.always_fails.enqueue(41)

    before = timezone.now()
    run_ready_tasks()
    first_retry = waiting()
    assert first_retry.args_kwargs == {"args": [41], "kwargs": {ATTEMPT: 2}}
    assert before + dt.timedelta(seconds=10) <= first_retry.run_after
    assert first_retry.run_after <= timezone.now() + dt.timedelta(seconds=10)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 1
    assert not DeadLetter.objects.exists()

    let_time_pass(first_retry)
    before = timezone.now()
    run_ready_tasks()
    second_retry = waiting()
    assert second_retry.args_kwargs["kwargs"] == {ATTEMPT: 3}
    assert before + dt.timedelta(seconds=20) <= second_retry.run_after  # doubled

    let_time_pass(second_retry)
    run_ready_tasks()
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 3
    letter = DeadLetter.objects.get()
    assert letter.task_path == "stemme.operations.tests.sample_tasks.always_fails"
    assert letter.args_kwargs == {"args": [41], "kwargs": {}}
    assert letter.attempts == 3
    assert letter.exception_class_path == "builtins.ConnectionRefusedError"
    assert letter.state == DeadLetterState.OPEN


@DATABASE_TASKS
@pytest.mark.django_db
def test_a_task_that_succeeds_on_its_retry_leaves_no_dead_letter():
    sample_tasks.flaky.enqueue("mail-7")
    run_ready_tasks()
    let_time_pass(waiting())
    run_ready_tasks()
    done = DBTaskResult.objects.get(status=TaskResultStatus.SUCCESSFUL)
    assert done.return_value == "done after 2"
    assert not DeadLetter.objects.exists()


@DATABASE_TASKS
def test_enqueue_on_commit_waits_for_the_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(sample_tasks.add, 2, 3)
        assert not DBTaskResult.objects.exists()
    assert waiting().args_kwargs == {"args": [2, 3], "kwargs": {}}
    run_ready_tasks()
    assert DBTaskResult.objects.get().return_value == 5


@DATABASE_TASKS
def test_a_rolled_back_transaction_enqueues_nothing(db, django_capture_on_commit_callbacks):
    def failing_request():
        with transaction.atomic():
            enqueue_on_commit(sample_tasks.add, 2, 3)
            raise RuntimeError("the request failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pytest.raises(RuntimeError, failing_request)
    assert callbacks == []
    assert not DBTaskResult.objects.exists()


@DATABASE_TASKS
def test_trying_a_dead_letter_again_enqueues_it_once(world, django_capture_on_commit_callbacks):
    letter = services.dead_letter_record(
        task_path="stemme.operations.tests.sample_tasks.add",
        args=[1, 2],
        kwargs={},
        attempts=5,
        error=ValueError("x"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.dead_letter_retry(actor=world.administrator, letter_id=letter.pk)
    assert not services.dead_letter_retry(actor=world.administrator, letter_id=letter.pk)
    assert not services.dead_letter_remove(actor=world.administrator, letter_id=letter.pk)
    assert waiting().args_kwargs == {"args": [1, 2], "kwargs": {}}
    run_ready_tasks()
    assert DBTaskResult.objects.get().return_value == 3
    letter.refresh_from_db()
    assert (letter.state, letter.handled_by) == (DeadLetterState.RETRIED, world.administrator)


def test_on_the_immediate_backend_the_retries_run_at_once(db):
    """The tests' backend cannot defer: each retry runs at once, the last one dead-letters."""
    result = sample_tasks.always_fails.enqueue(7)
    assert result.status == TaskResultStatus.FAILED
    letter = DeadLetter.objects.get()
    assert (letter.attempts, letter.args_kwargs) == (3, {"args": [7], "kwargs": {}})


@DATABASE_TASKS
def test_the_due_checks_are_asked_for_once_per_transaction(db, django_capture_on_commit_callbacks):
    """A leaver's thirty children handed over in one go ask for one sweep, not thirty; a
    rolled-back part of the transaction takes its request with it."""
    # Run when "committed" (execute): as after a real commit, the next transaction asks anew.
    with django_capture_on_commit_callbacks(execute=True) as asked, transaction.atomic():
        for _ in range(30):
            due_check_soon()
    assert len(asked) == 1

    with django_capture_on_commit_callbacks() as asked, transaction.atomic():
        try:
            with transaction.atomic():
                due_check_soon()
                raise RuntimeError("this part is rolled back")
        except RuntimeError:
            pass
        due_check_soon()  # asked again: the first request went with the rollback
    assert len(asked) == 1  # had the first request been kept in mind, there would be none
