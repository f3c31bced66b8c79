"""The event log and the access log reject UPDATE and DELETE in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from stemme.audit import services as audit
from stemme.audit.models import AccessLog, Event


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def logged(world):
    audit.access_log_children(
        user=world.assigned_caseworker, children=[world.child], purpose="child_overview"
    )
    return world


@pytest.mark.parametrize("table", ["audit_event", "audit_accesslog"])
def test_raw_update_is_rejected(logged, table):
    column = "kind" if table == "audit_event" else "purpose"
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE {table} SET {column} = 'tampered'")  # noqa: S608 - fixed table names


@pytest.mark.parametrize("table", ["audit_event", "audit_accesslog"])
def test_raw_delete_is_rejected(logged, table):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {table}")  # noqa: S608 - fixed table names


def test_orm_update_and_delete_are_rejected(logged):
    event = Event.objects.filter(child=logged.child).first()
    event.kind = "tampered"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(data={"x": 1})
    event.refresh_from_db()
    assert event.kind == "child.created"
    assert AccessLog.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists only on PostgreSQL")
@pytest.mark.parametrize("table", ["audit_event", "audit_accesslog"])
def test_truncate_is_rejected_on_postgresql(logged, table):
    # The test's own transaction has deferred FK checks pending; fire them so PostgreSQL reaches
    # our trigger instead of refusing TRUNCATE for that reason.
    _raw("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"TRUNCATE {table} CASCADE")


def test_inserting_is_allowed(world):
    before = Event.objects.count()
    with transaction.atomic():
        audit.event_record(actor=None, municipality=world.municipality, kind="child.created")
    assert Event.objects.count() == before + 1


def test_unknown_event_kind_is_refused(world):
    with pytest.raises(ValueError, match="Unknown event kind"), transaction.atomic():
        audit.event_record(actor=None, municipality=world.municipality, kind="nonsense")


# --- Rewriting a row by replacing it (issue 13: REPLACE rewrote rows without firing a trigger) ---


def _replace_sql(table: str) -> str:
    """Write a row over an existing one: SQLite's REPLACE deletes the old row to make room;
    PostgreSQL's upsert updates it."""
    if connection.vendor == "sqlite":
        return f"INSERT OR REPLACE INTO {table} SELECT * FROM {table} WHERE id = %s"  # noqa: S608
    return (
        f"INSERT INTO {table} SELECT * FROM {table} WHERE id = %s "  # noqa: S608
        "ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id"
    )


@pytest.mark.parametrize("table", ["audit_event", "audit_accesslog"])
@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
def test_replacing_a_row_is_rejected(logged, table, verb):
    model = Event if table == "audit_event" else AccessLog
    row = model.objects.order_by("pk").first()
    before = list(model.objects.order_by("pk").values())
    sql = _replace_sql(table)
    if connection.vendor == "sqlite":
        sql = sql.replace("INSERT OR REPLACE", verb, 1)
    elif verb == "REPLACE":
        pytest.skip("PostgreSQL has no REPLACE; its upsert is the INSERT OR REPLACE case")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(sql, [row.pk])
    assert list(model.objects.order_by("pk").values()) == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite connection setting")
def test_every_sqlite_connection_fires_delete_triggers_on_replace(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone()[0] == 1
