"""Backup and restore, tried (issue 16): ``manage.py backup`` then ``manage.py restore_check``
loses nothing, on SQLite and — with TEST_DATABASE_URL — on PostgreSQL (pg_dump/pg_restore); a
backup that lost a row or whose audit log was changed is caught.

A backup is taken by another process (pg_dump) or must see committed data, so these tests run on
a throwaway copy of the migrated test database outside the test's transaction, as the
concurrency tests do (stemme/core/tests/test_idempotency.py, whose copy on PostgreSQL they share).
"""

import itertools
import json
import shutil
import sqlite3
import subprocess
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from conftest import make_case, make_child, make_user
from stemme.accounts.models import Municipality, Role, Team
from stemme.audit.models import AccessLog, Event
from stemme.children.models import Child
from stemme.core.backup import _pg_env, file_sha256, manifest_path
from stemme.core.testing import CONNECTION_STATE
from stemme.core.tests.test_idempotency import postgres_copy  # noqa: F401 - a shared fixture

_codes = itertools.count(970)


@pytest.fixture
def busy_world(tmp_path, postgres_copy, db, client):  # noqa: F811 - the imported fixture
    """The test's connection switched to a throwaway copy of the test database, outside any
    transaction, with a caseworker, a child with a case (events) and a page read (access log);
    afterwards the connection and its test transaction are put back as they were."""
    if postgres_copy is None:
        path = tmp_path / "live.sqlite3"
        copy = sqlite3.connect(path)
        copy.executescript("\n".join(connection.connection.iterdump()))
        copy.close()
        name = str(path)
    else:
        name = postgres_copy
    saved = {key: getattr(connection, key) for key in CONNECTION_STATE if hasattr(connection, key)}
    for key in ("run_on_commit", "savepoint_ids", "atomic_blocks"):
        saved[key] = list(saved.get(key, []))
    test_name = connection.settings_dict["NAME"]
    connection.connection = None  # kept aside, not closed (SQLite: the in-memory database)
    connection.settings_dict["NAME"] = name
    try:
        connection.connect()
        town = Municipality.objects.create(
            name=f"Kopiby {uuid.uuid4().hex[:8]}", code=f"{next(_codes)}"
        )
        team = Team.objects.create(municipality=town, name="Team Kopi")
        caseworker = make_user(town, Role.CASEWORKER, f"kopi{uuid.uuid4().hex[:6]}", [team])
        child = make_child(town, first_name="Kamma", last_name="Kopi")
        make_case(child, team, caseworker)
        client.force_login(caseworker)
        assert client.get(reverse("children:detail", args=[child.pk])).status_code == 200
        assert AccessLog.objects.exists()
        yield child
    finally:
        connection.close()
        connection.settings_dict["NAME"] = test_name
        for key, value in saved.items():
            setattr(connection, key, value)


def _backup(tmp_path, capsys):
    target = tmp_path / ("stemme.sqlite3" if connection.vendor == "sqlite" else "stemme.dump")
    call_command("backup", output=str(target))
    assert "Sikkerhedskopi skrevet" in capsys.readouterr().out
    return target


def test_backup_then_restore_check_loses_nothing(busy_world, tmp_path, capsys):
    target = _backup(tmp_path, capsys)

    manifest = json.loads(manifest_path(target).read_text())
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["audit_event"] == Event.objects.count() > 0
    assert manifest["tables"]["audit_accesslog"] == AccessLog.objects.count() > 0
    assert manifest["tables"]["children_child"] == Child.objects.count() > 0
    assert manifest["audit"]["events"] == Event.objects.count()
    assert manifest["sha256"] == file_sha256(target)
    assert oct(target.stat().st_mode & 0o777) == "0o600"

    call_command("restore_check", str(target))
    out = capsys.readouterr().out
    assert "kontrolleret mod manifestet" in out
    assert "hash-kæde er hel" in out


def test_a_manifest_that_counted_more_rows_fails_the_check(busy_world, tmp_path, capsys):
    target = _backup(tmp_path, capsys)
    path = manifest_path(target)
    manifest = json.loads(path.read_text())
    children = manifest["tables"]["children_child"]
    manifest["tables"]["children_child"] += 1
    path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="1 afvigelse"):
        call_command("restore_check", str(target))
    expected = f"children_child: {children} rækker gendannet, {children + 1} forventet"
    assert expected in capsys.readouterr().err


def test_a_file_that_is_not_the_one_described_is_refused(busy_world, tmp_path, capsys):
    target = _backup(tmp_path, capsys)
    with target.open("ab") as handle:
        handle.write(b"\0")

    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore_check", str(target))


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_changed_audit_event_breaks_the_chain(busy_world, tmp_path, capsys):
    """Someone with the backup file drops the append-only trigger and rewrites one event."""
    target = _backup(tmp_path, capsys)
    database = sqlite3.connect(target)
    triggers = database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
    ).fetchall()
    for (name,) in triggers:
        database.execute(f'DROP TRIGGER "{name}"')
    database.execute(
        "UPDATE audit_event SET kind = 'rewritten' WHERE id = (SELECT MIN(id) FROM audit_event)"
    )
    database.commit()
    database.close()
    path = manifest_path(target)
    manifest = json.loads(path.read_text())
    manifest["sha256"] = file_sha256(target)  # the manifest rewritten too: only the chain shows
    path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="1 afvigelse"):
        call_command("restore_check", str(target))
    assert "hash-kæde er ikke den samme" in capsys.readouterr().err


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_plain_pg_dump_is_checked_against_the_live_database(busy_world, tmp_path, capsys):
    """The documented ``pg_dump -Fc`` without ``manage.py backup``: no manifest, so the
    restored copy is compared with the running database (nothing writes meanwhile here)."""
    target = tmp_path / "plain.dump"
    subprocess.run(  # noqa: S603 - fixed command
        [shutil.which("pg_dump"), "-Fc", f"--file={target}", connection.settings_dict["NAME"]],
        env=_pg_env(connection.settings_dict),
        check=True,
    )

    call_command("restore_check", str(target))
    assert "kontrolleret mod den kørende database" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'stemme_restore_check_%'"
        )
        assert cursor.fetchall() == []  # the scratch database is gone again
