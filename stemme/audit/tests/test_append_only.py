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
