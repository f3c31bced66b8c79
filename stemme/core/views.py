from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from stemme.core.navigation import home_for


@login_required
def home(request):
    """Send each role to where its work starts (the apps say where: core/navigation.py)."""
    return redirect(home_for(request.user))


@require_GET
@never_cache
def health(request):
    """For load balancers and monitoring: the app answers, the database answers and, on
    SQLite, a write could start now (503 ``"locked"`` if another connection has held the
    single write lock for longer than ``HEALTH_LOCK_WAIT_MS``)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
            if connection.vendor == "sqlite" and not _sqlite_write_lock_free(cursor):
                return JsonResponse({"status": "error", "database": "locked"}, status=503)
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


#: How long /health/ waits for SQLite's write lock before it reports the database locked.
HEALTH_LOCK_WAIT_MS = 250


def _sqlite_write_lock_free(cursor) -> bool:
    """Take and at once give back SQLite's write lock (``BEGIN IMMEDIATE; ROLLBACK``), waiting
    at most ``HEALTH_LOCK_WAIT_MS`` instead of the configured busy timeout.

    Inside an open transaction (only the test suite's per-test transaction) nothing is probed:
    this connection holds or can take the lock itself, and a nested BEGIN is not allowed."""
    if connection.in_atomic_block:
        return True
    cursor.execute(f"PRAGMA busy_timeout = {HEALTH_LOCK_WAIT_MS}")
    try:
        cursor.execute("BEGIN IMMEDIATE")
    except OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return False
        raise
    else:
        cursor.execute("ROLLBACK")
    finally:
        busy_ms = getattr(settings, "SQLITE_BUSY_SECONDS", 20) * 1000
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
    return True
