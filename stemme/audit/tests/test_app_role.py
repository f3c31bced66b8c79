"""The application's PostgreSQL role cannot rewrite the audit logs (issue 13: the role that ran
``migrate`` owned the tables and could drop the triggers). In ``make test``'s PostgreSQL phase
this runs against the real server: a fresh role gets the application's rights through
``manage.py grant_app_role``, and every way of rewriting the logs is refused to it, while the
application's own writes still work. The role lives in the test's transaction and is gone after.
"""

import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import ProgrammingError, connection, transaction

from stemme.audit import services as audit
from stemme.audit.models import AccessLog, Event
from stemme.children.models import Child

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles exist only on PostgreSQL"
)


@pytest.fixture
def app_role(world):
    role = f"stemme_app_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    out = StringIO()
    call_command("grant_app_role", role, stdout=out)
    assert "kun tilføje til og læse" in out.getvalue()
    audit.access_log_children(
        user=world.assigned_caseworker, children=[world.child], purpose="child_overview"
    )
    return role


def _as_role(role: str, sql: str, params=()):
    """Run ``sql`` as ``role`` (in a savepoint, so the role ends with it)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        cursor.execute(sql, params)
        cursor.execute("RESET ROLE")


@pytest.mark.parametrize("table", ["audit_event", "audit_accesslog"])
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE {table} SET id = id",
        "DELETE FROM {table}",
        "TRUNCATE {table}",
        "DROP TRIGGER {table}_no_update_delete ON {table}",
        "ALTER TABLE {table} DISABLE TRIGGER ALL",
        "DROP TABLE {table} CASCADE",
        "INSERT INTO {table} SELECT * FROM {table} LIMIT 1 "
        "ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id",
    ],
)
def test_the_app_role_cannot_rewrite_the_logs(app_role, table, sql):
    before = Event.objects.count(), AccessLog.objects.count()
    with pytest.raises(ProgrammingError, match="permission denied|must be owner"):
        _as_role(app_role, sql.format(table=table))
    assert (Event.objects.count(), AccessLog.objects.count()) == before


def test_the_app_role_can_still_do_its_work(app_role, world):
    """Insert and read the logs, and change a case table: what the application does."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{app_role}"')
        audit.access_log_children(
            user=world.leader, children=[world.child], purpose="child_overview"
        )
        audit.event_record(actor=None, municipality=world.municipality, kind="child.created")
        assert AccessLog.objects.filter(user=world.leader).exists()
        Child.objects.filter(pk=world.child.pk).update(first_name="Zenia")
        cursor.execute("RESET ROLE")


def test_the_check_reports_a_role_with_too_many_rights(app_role):
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT UPDATE ON audit_accesslog TO "{app_role}"')
    with pytest.raises(CommandError, match="har UPDATE på audit_accesslog"):
        call_command("grant_app_role", app_role, "--check", stdout=StringIO())
    call_command("grant_app_role", app_role, stdout=StringIO())  # granting again narrows it
    call_command("grant_app_role", app_role, "--check", stdout=StringIO())


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ('CREATE ROLE "{role}" SUPERUSER NOLOGIN', "superbruger"),
        ("", "findes ikke"),
    ],
)
def test_a_role_that_cannot_be_narrowed_is_refused(db, setup, message):
    role = f"stemme_bad_{uuid.uuid4().hex[:12]}"
    if setup:
        with connection.cursor() as cursor:
            cursor.execute(setup.format(role=role))
    with pytest.raises(CommandError, match=message):
        call_command("grant_app_role", role, stdout=StringIO())


def test_the_owner_is_refused(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event'")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="superbruger|ejer tabeller"):
        call_command("grant_app_role", owner, stdout=StringIO())


def test_a_bad_role_name_is_refused(db):
    with pytest.raises(CommandError, match="ikke et gyldigt rollenavn"):
        call_command("grant_app_role", 'x"; DROP TABLE audit_event; --', stdout=StringIO())
