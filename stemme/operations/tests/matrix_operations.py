"""Access-matrix entries for the health endpoints (public: load balancers and monitoring) and
the administrator's list of failed background tasks (only administrators; no child data)."""

from django.utils import timezone

from stemme.access.testing import ROLES, Entry
from stemme.operations import services

PUBLIC = dict.fromkeys(ROLES, 200)
ADMIN_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "administrator": 200}
ADMIN_WRITES = {**ADMIN_ONLY, "administrator": 302}  # the action redirects to the list
ADMINISTRATOR = frozenset({"administrator"})


def _worker_alive(world):
    services.heartbeat_touch(
        worker_id="matrix", backend="database", hostname="h", pid=1, started_at=timezone.now()
    )
    return {}


def _dead_letter(world):
    letter = services.dead_letter_record(
        task_path="stemme.operations.tests.sample_tasks.add",
        args=[1, 2],
        kwargs={},
        attempts=5,
        error=ConnectionError("matrix"),
    )
    return {"letter": letter}


ENTRIES = {
    "operations:live": [Entry(status=PUBLIC)],
    "operations:ready": [Entry(setup=_worker_alive, status=PUBLIC)],
    "operations:dead_letters": [
        Entry(status=ADMIN_ONLY),
        Entry(setup=_dead_letter, status=ADMIN_ONLY),
    ],
    "operations:dead_letter_retry": [
        Entry(
            method="post",
            setup=_dead_letter,
            kwargs={"letter_id": "letter.pk"},
            status=ADMIN_WRITES,
            writes=True,
            sees=ADMINISTRATOR,
        )
    ],
    "operations:dead_letter_remove": [
        Entry(
            method="post",
            setup=_dead_letter,
            kwargs={"letter_id": "letter.pk"},
            status=ADMIN_WRITES,
            writes=True,
            sees=ADMINISTRATOR,
        )
    ],
}
