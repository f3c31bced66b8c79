"""``manage.py worker [--batch] [--queue-name default]``: runs the background tasks of the
configured backend (STEMME_TASKS_BACKEND) — django-tasks-db's database worker or an RQ worker
(with its scheduler, for retries that wait) — and writes a heartbeat every
STEMME_WORKER_HEARTBEAT_SECONDS, which /health/ready reads.

The heartbeat is written by a thread beside the worker loop, so a long task does not make the
worker look dead; the row is removed when the worker stops (Ctrl-C, SIGTERM, ``--batch`` done).
``--batch`` runs what is ready now and exits.
"""

import logging
import os
import socket
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker

from stemme.operations import services

logger = logging.getLogger("stemme.operations.worker")


class Heartbeat:
    """Writes the worker's heartbeat row now and then every ``interval`` seconds."""

    def __init__(self, *, worker_id: str, backend: str, interval: float):
        self.fields = {
            "worker_id": worker_id,
            "backend": backend,
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": timezone.now(),
        }
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="heartbeat", daemon=True)

    def start(self) -> None:
        services.heartbeat_touch(**self.fields)
        self._thread.start()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    services.heartbeat_touch(**self.fields)
                except Exception:  # a database blip must not end the worker: log, go on
                    logger.exception("Heartbeat not written")
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        try:
            services.heartbeat_remove(worker_id=self.fields["worker_id"])
        except Exception:  # stopping anyway; the row goes stale and is pruned later
            logger.exception("Heartbeat not removed")


class QuickStop:
    """For an RQ worker class: listen for RQ's commands (stop, kill the running job) with a
    one-second poll instead of RQ's sixty. redis-py 8 waits for the listening thread's poll to
    end when the worker stops, so every stop — a deploy, a ``--batch`` run — took a minute."""

    def subscribe(self):
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler
        )


class Command(BaseCommand):
    help = "Run the background task worker of the configured backend, with a heartbeat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name",
            default="default",
            help="The queues to work on, separated by commas (default: default).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the tasks ready now, then exit."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Database backend: seconds between looks at an empty queue (default: 1).",
        )

    def handle(self, *, queue_name, batch, interval, verbosity, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        queues = [name for name in queue_name.split(",") if name]
        kind = "database" if isinstance(backend, DatabaseBackend) else "rq"
        if kind == "rq" and type(backend).__name__ != "RQBackend":
            raise CommandError(f"No worker for the task backend {type(backend).__name__}.")
        worker_id = f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"
        heartbeat = Heartbeat(
            worker_id=worker_id, backend=kind, interval=settings.STEMME_WORKER_HEARTBEAT_SECONDS
        )
        if verbosity:
            self.stdout.write(f"Worker {worker_id} ({kind}) on {', '.join(queues)}")
        heartbeat.start()
        try:
            if kind == "database":
                self._run_database(backend, queues, batch=batch, interval=interval, wid=worker_id)
            else:
                self._run_rq(queues, batch=batch, wid=worker_id)
        finally:
            heartbeat.stop()

    def _run_database(self, backend, queues, *, batch, interval, wid):
        worker = DatabaseWorker(
            queue_names=queues,
            interval=interval,
            batch=batch,
            backend_name=backend.alias,
            startup_delay=not batch,
            max_tasks=None,
            worker_id=wid,
            excluded_queue_names=[],
        )
        if threading.current_thread() is threading.main_thread():
            worker.configure_signals()  # Ctrl-C/SIGTERM: finish the running task, then stop
        worker.run()

    def _run_rq(self, queues, *, batch, wid):
        # django_rq, django_tasks_rq and rq are used only with STEMME_TASKS_BACKEND=rq.
        import django_rq
        from django_tasks_rq.backend import Job
        from rq import Worker

        worker_class = type("StemmeWorker", (QuickStop, Worker), {})
        worker = django_rq.get_worker(*queues, job_class=Job, name=wid, worker_class=worker_class)
        worker.work(burst=batch, with_scheduler=True)
