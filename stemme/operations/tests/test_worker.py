"""``manage.py worker``: runs the configured backend's worker with a heartbeat — the database
worker here, an RQ worker against the Redis at 127.0.0.1:6379 (required in CI:
STEMME_REQUIRE_REDIS=1 makes an unreachable Redis fail the test instead of skipping it)."""

import datetime as dt
import os
import time

import django_rq
import pytest
import redis
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_rq.backend import Job
from rq import SimpleWorker
from rq.registry import ScheduledJobRegistry

from stemme.operations import services
from stemme.operations.management.commands import worker as worker_command
from stemme.operations.models import DeadLetter, WorkerHeartbeat
from stemme.operations.tests import sample_tasks

REDIS_URL = os.environ.get("STEMME_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the worker loop recycles its connection, which on PostgreSQL ends the test's "
    "transaction; test_tasks.py runs the same loop's steps on both databases",
)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_worker_runs_database_tasks_and_reports_while_it_runs(db, monkeypatch):
    seen_during_run = []
    run = worker_command.Command._run_database

    def run_and_look(self, *args, **kwargs):
        seen_during_run.extend(WorkerHeartbeat.objects.values_list("backend", flat=True))
        return run(self, *args, **kwargs)

    monkeypatch.setattr(worker_command.Command, "_run_database", run_and_look)
    result = sample_tasks.add.enqueue(20, 22)
    call_command("worker", "--batch", verbosity=0)
    assert DBTaskResult.objects.get(pk=result.id).return_value == 42
    assert seen_during_run == ["database"]  # the heartbeat row while the worker ran
    assert not WorkerHeartbeat.objects.exists()  # removed as it stopped


def test_a_stopping_worker_prunes_long_dead_ones(db):
    services.heartbeat_touch(
        worker_id="old", backend="database", hostname="h", pid=1, started_at=_ago(days=3)
    )
    WorkerHeartbeat.objects.filter(worker_id="old").update(seen_at=_ago(days=2))
    services.heartbeat_touch(
        worker_id="now", backend="database", hostname="h", pid=2, started_at=_ago(days=0)
    )
    services.heartbeat_remove(worker_id="now")
    assert not WorkerHeartbeat.objects.exists()


def _ago(*, days):
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def redis_queue():
    """A queue of its own in the local Redis, emptied afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("STEMME_REQUIRE_REDIS") == "1":
            pytest.fail(
                f"Redis is required (STEMME_REQUIRE_REDIS=1) but not reachable: {REDIS_URL}"
            )
        pytest.skip(f"no Redis at {REDIS_URL} (CI requires it: STEMME_REQUIRE_REDIS=1)")
    name = f"stemme-test-{get_random_string(8).lower()}"
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}},
        # "default": where django-rq looks up a job by id (the backend's get_result).
        RQ_QUEUES={
            name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60},
            "default": {"URL": REDIS_URL},
        },
    ):
        yield name
    for key in client.scan_iter(match=f"rq:*{name}*"):
        client.delete(key)
    client.close()


def test_the_worker_runs_rq_tasks_from_redis(db, redis_queue):
    result = sample_tasks.add.using(queue_name=redis_queue).enqueue(2, 3)
    assert result.status == TaskResultStatus.READY
    call_command("worker", "--batch", "--queue-name", redis_queue, verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5
    assert not WorkerHeartbeat.objects.exists()


def _rq_burst(queue_name: str) -> None:
    """What ``manage.py worker --batch`` does on RQ, but in this process (RQ's SimpleWorker):
    the command's worker runs each job in a forked process, whose database writes a test's
    transaction never sees."""
    worker_class = type("Worker", (worker_command.QuickStop, SimpleWorker), {})
    worker = django_rq.get_worker(queue_name, job_class=Job, worker_class=worker_class)
    worker.work(burst=True, with_scheduler=True)


def test_on_rq_a_failing_task_waits_for_its_retry_in_redis_then_is_dead_lettered(db, redis_queue):
    """The retry is deferred (RQ's scheduled jobs, moved to the queue by the worker's scheduler
    when due) on the queue the task ran on, not run at once; after the last attempt the failure
    is on the administrator's list."""
    sample_tasks.fails_quickly.using(queue_name=redis_queue).enqueue(7)
    _rq_burst(redis_queue)
    queue = django_rq.get_queue(redis_queue)
    scheduled = ScheduledJobRegistry(queue=queue)
    assert scheduled.count == 1  # the second attempt waits for its backoff, in Redis
    assert not DeadLetter.objects.exists()

    time.sleep(1.5)  # the backoff is one second
    _rq_burst(redis_queue)
    assert scheduled.count == 0
    assert len(queue) == 0
    letter = DeadLetter.objects.get()
    assert letter.task_path == "stemme.operations.tests.sample_tasks.fails_quickly"
    assert letter.attempts == 2
    assert letter.args_kwargs == {"args": [7], "kwargs": {}}
    assert letter.exception_class_path == "builtins.ConnectionRefusedError"
