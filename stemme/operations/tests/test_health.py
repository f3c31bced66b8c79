"""/health/live and /health/ready: status only for everyone, the checks for the token holder;
503 when the worker stops, the queue lags or the audit log's shipping falls behind."""

import datetime as dt
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stemme.audit.models import AccessLog, Event
from stemme.operations import services
from stemme.operations.models import WorkerHeartbeat
from stemme.operations.tests import sample_tasks

TOKEN = "a-long-random-health-token-for-monitoring"  # noqa: S105 - test value
LIVE = "/health/live"
READY = "/health/ready"


def beat(*, seconds_ago: int = 0, worker_id: str = "w1") -> None:
    services.heartbeat_touch(
        worker_id=worker_id,
        backend="database",
        hostname="host",
        pid=1,
        started_at=timezone.now(),
    )
    if seconds_ago:
        WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
            seen_at=timezone.now() - dt.timedelta(seconds=seconds_ago)
        )


def details(client) -> dict:
    response = client.get(READY, HTTP_X_HEALTH_TOKEN=TOKEN)
    return {name: check["ok"] for name, check in response.json()["checks"].items()}


def test_the_urls_are_where_monitoring_looks():
    assert reverse("operations:live") == LIVE
    assert reverse("operations:ready") == READY


def test_live_answers_without_the_database(client):
    """No ``db`` fixture: any database access here would raise."""
    response = client.get(LIVE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_ready_with_a_fresh_worker_says_ok_and_nothing_else(client, db):
    beat()
    response = client.get(READY)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_ready_fails_when_the_worker_stops(client, db):
    beat()
    assert client.get(READY).status_code == 200
    services.heartbeat_remove(worker_id="w1")  # what the worker does as it stops
    response = client.get(READY)
    assert response.status_code == 503
    assert response.json() == {"status": "error"}


def test_ready_fails_when_the_heartbeat_is_stale(client, db, settings):
    settings.STEMME_WORKER_STALE_SECONDS = 30
    beat(seconds_ago=31)  # the worker was killed: its row stays, ageing
    assert client.get(READY).status_code == 503
    beat(worker_id="w2")  # another worker is alive
    assert client.get(READY).status_code == 200


@override_settings(STEMME_HEALTH_TOKEN=TOKEN)
def test_the_checks_only_with_the_token(client, db):
    beat(seconds_ago=300)
    assert client.get(READY).json() == {"status": "error"}
    assert client.get(READY, HTTP_X_HEALTH_TOKEN="wrong").json() == {"status": "error"}
    assert client.get(READY, HTTP_X_HEALTH_TOKEN=TOKEN[:-1]).json() == {"status": "error"}
    assert details(client) == {"database": True, "migrations": True, "worker": False, "queue": True}


def test_no_token_configured_means_no_details(client, db, settings):
    settings.STEMME_HEALTH_TOKEN = ""
    beat()
    assert client.get(READY, HTTP_X_HEALTH_TOKEN="").json() == {"status": "ok"}


@override_settings(
    STEMME_HEALTH_TOKEN=TOKEN,
    STEMME_QUEUE_LAG_MAX_SECONDS=60,
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
)
def test_ready_fails_when_a_ready_task_waits_too_long(client, db):
    beat()
    result = sample_tasks.add.enqueue(1, 2)
    assert client.get(READY).status_code == 200  # just enqueued
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=61)
    )
    assert client.get(READY).status_code == 503
    assert details(client)["queue"] is False
    # A task deferred to the future does not count as waiting.
    DBTaskResult.objects.all().delete()
    sample_tasks.add.using(run_after=timezone.now() + dt.timedelta(hours=2)).enqueue(1, 2)
    assert client.get(READY).status_code == 200


@override_settings(STEMME_HEALTH_TOKEN=TOKEN, STEMME_AUDIT_SHIPPING_LAG_MAX_SECONDS=0)
def test_ready_fails_when_the_audit_log_is_not_shipped(client, world, settings, tmp_path):
    beat()
    state = tmp_path / "audit-state.json"
    settings.STEMME_AUDIT_SHIPPING_STATE = str(state)
    assert Event.objects.exists()  # the world's children and cases
    assert client.get(READY).status_code == 503  # nothing shipped yet
    assert details(client)["audit_shipping"] is False
    shipped = {
        "format": "stemme-audit-2",
        "event_id": Event.objects.order_by("pk").last().pk,
        "access_id": AccessLog.objects.order_by("pk").last().pk
        if AccessLog.objects.exists()
        else 0,
        "hash": "0" * 64,
    }
    state.write_text(json.dumps(shipped), encoding="utf-8")
    assert client.get(READY).status_code == 200
    state.write_text("not json", encoding="utf-8")
    assert client.get(READY).status_code == 503


def test_health_is_get_only_and_writes_no_audit_rows(client, world):
    beat()
    events, accesses = Event.objects.count(), AccessLog.objects.count()
    client.force_login(world.administrator)
    for url in (LIVE, READY):
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 405
    assert (Event.objects.count(), AccessLog.objects.count()) == (events, accesses)


@pytest.mark.parametrize("url", ["/health/", LIVE, READY])
def test_every_health_url_is_public(client, db, url):
    beat()
    assert client.get(url).status_code == 200
