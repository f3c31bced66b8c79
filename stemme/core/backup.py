"""Backups that are tried (issue 16; docs/backup.md): ``manage.py backup`` and
``manage.py restore_check``.

A backup is one file and its **manifest** (``<file>.manifest.json``): the row count of every
table and the head of the audit log's hash chain, taken from the very snapshot the file holds —

- SQLite: the online backup API copies a consistent snapshot while the application keeps
  running; the manifest is then read from the copy itself.
- PostgreSQL: ``pg_dump -Fc --snapshot`` dumps the snapshot of a REPEATABLE READ transaction in
  which the manifest is counted, so the counts are exactly those of the dump.

``restore_check`` restores the file into a scratch database (SQLite: a temporary file;
PostgreSQL: a temporary database it creates and drops with ``pg_restore``), counts every table
and recomputes the audit log's hash chain (stemme/audit/shipping.py, the export's own format)
over the restored event and access logs. Every count and the chain's head must equal the
manifest: a row lost, added or changed in the audit logs shows. A dump made without a manifest
(a plain ``pg_dump -Fc``) is compared with the live database instead, which only matches while
nothing writes.

The chain here proves the backup whole, not that nobody tampered with it: its key is a constant,
since whoever can alter the backup can alter the manifest beside it. The shipped audit export
(``export_audit_log``, keyed) is the tamper evidence.
"""

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.db import connections, transaction
from django.db.utils import load_backend
from django.utils import timezone

from stemme.audit.shipping import ExportResult, Window, audit_lines

FORMAT = "stemme-backup-1"
#: Not a secret (see the module's docstring): the chain proves the restored logs whole.
CHAIN_KEY = b"stemme-backup-manifest: the audit chain of one backup"
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


class BackupError(Exception):
    """The backup or the check could not be made; the message says why (Danish, for the
    operator, as the other management commands)."""


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def audit_chain_head(using: str) -> tuple[int, int, str]:
    """(events, access rows, the hash of the last row) of the audit logs in ``using``, chained
    as ``export_audit_log`` chains them."""
    result = ExportResult()
    last = ""
    for line in audit_lines(
        window=Window(), settle=dt.timedelta(0), result=result, key=CHAIN_KEY, using=using
    ):
        last = line
    # The last line is the seal (it carries the time it was made); the chain's head is the
    # hash it continues from.
    return result.events, result.accesses, json.loads(last)["prev"]


def database_manifest(using: str = "default") -> dict:
    """Every table's row count and the audit chain's head, as the database ``using`` sees it."""
    connection = connections[using]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table name from the catalogue, quoted
            counts[table] = cursor.fetchone()[0]
    events, accesses, chain = audit_chain_head(using)
    return {
        "format": FORMAT,
        "vendor": connection.vendor,
        "tables": counts,
        "audit": {"events": events, "accesses": accesses, "chain": chain},
    }


@contextlib.contextmanager
def scratch_connection(
    name: str, *, using: str = "default", sqlite: bool = False, read_only: bool = False
):
    """A database alias for ``name`` (a SQLite file, or a database on ``using``'s server) with
    ``using``'s other settings, for as long as the block runs."""
    base = connections[using].settings_dict
    alias = f"scratch_{secrets.token_hex(4)}"
    settings = {**base, "NAME": name, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False}
    if sqlite:
        settings["ENGINE"] = "django.db.backends.sqlite3"
        # No WAL or other pragma: the file is only read, and stays one file.
        settings["NAME"] = f"file:{name}?mode=ro" if read_only else str(name)
        settings["OPTIONS"] = {}
    # A connection of its own, not an entry in settings.DATABASES: only this module uses it.
    connections[alias] = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


# --- Making a backup ----------------------------------------------------------------------------


def _pg_env(settings: dict) -> dict:
    """libpq's environment for pg_dump and pg_restore, from Django's settings (no password on
    the command line, where other users could read it)."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} findes ikke på maskinen: installer PostgreSQL' klientprogrammer "
            "(Debian: postgresql-client) i mindst samme version som serveren."
        )
    return path


def _sqlite_backup(target: Path, using: str) -> dict:
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file, whatever mode the live database runs in.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
    with scratch_connection(str(target), using=using, sqlite=True, read_only=True) as alias:
        return database_manifest(alias)


def _postgres_backup(target: Path, using: str) -> dict:
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("En sikkerhedskopi kan ikke tages inde i en åben transaktion.")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        dump = subprocess.Popen(  # noqa: S603 - fixed program, arguments from settings
            [
                _tool("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
                "--no-password",
                connection.settings_dict["NAME"],
            ],
            env=_pg_env(connection.settings_dict),
            stderr=subprocess.PIPE,
        )
        # Counted in the same snapshot that pg_dump reads.
        manifest = database_manifest(using)
        _out, errors = dump.communicate()
    if dump.returncode != 0:
        raise BackupError(f"pg_dump fejlede: {errors.decode(errors='replace').strip()}")
    return manifest


def backup_make(target: Path, *, using: str = "default") -> dict:
    """Write a backup of ``using`` to ``target`` and its manifest beside it; the manifest."""
    if target.exists():
        raise BackupError(f"{target} findes allerede; en sikkerhedskopi overskrives aldrig.")
    target.parent.mkdir(parents=True, exist_ok=True)
    # The file holds every child's data: only its owner may read it, from the first byte.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    vendor = connections[using].vendor
    try:
        if vendor == "sqlite":
            manifest = _sqlite_backup(target, using)  # into the empty private file
        elif vendor == "postgresql":
            manifest = _postgres_backup(target, using)
        else:
            raise BackupError(f"Sikkerhedskopi af {vendor} understøttes ikke.")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    manifest = {
        **manifest,
        "created_at": timezone.now().isoformat(),
        "file": target.name,
        "sha256": file_sha256(target),
    }
    path = manifest_path(target)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
        handle.write("\n")
    return manifest


# --- Checking a backup by restoring it ------------------------------------------------------


def backup_kind(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise BackupError(
        f"{path} er hverken en SQLite-database eller en pg_dump i custom-format (pg_dump -Fc)."
    )


@contextlib.contextmanager
def _restored_sqlite(backup: Path, using: str) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="stemme-restore-check-") as folder:
        scratch = Path(folder) / "restored.sqlite3"
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        copy = sqlite3.connect(scratch)
        try:
            source.backup(copy)
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            source.close()
            copy.close()
        if verdict != "ok":
            raise BackupError(f"SQLite' integritetstjek af kopien fejlede: {verdict}")
        with scratch_connection(str(scratch), using=using, sqlite=True) as alias:
            yield alias


@contextlib.contextmanager
def _restored_postgres(backup: Path, using: str) -> Iterator[str]:
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise BackupError("En pg_dump kan kun prøves, når Stemme kører på PostgreSQL.")
    name = f"stemme_restore_check_{secrets.token_hex(6)}"
    quoted = connection.ops.quote_name(name)
    # A database is created and dropped from a connection to another one, outside transactions.
    with connection._nodb_cursor() as cursor:  # noqa: SLF001 - Django's own way to do this
        cursor.execute(f"CREATE DATABASE {quoted} TEMPLATE template0 ENCODING 'UTF8'")
    try:
        restore = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--no-password",
                f"--dbname={name}",
                str(backup),
            ],
            env=_pg_env(connection.settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
        if restore.returncode != 0:
            raise BackupError(f"pg_restore fejlede: {restore.stderr.strip()}")
        with scratch_connection(name, using=using) as alias:
            yield alias
    finally:
        with connection._nodb_cursor() as cursor:  # noqa: SLF001 - as above
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


def manifest_differences(expected: dict, restored: dict) -> list[str]:
    """What the restored database lacks or has too much of, in Danish; empty when whole."""
    problems = []
    want, got = expected["tables"], restored["tables"]
    for table in sorted(set(want) | set(got)):
        if table not in got:
            problems.append(f"tabellen {table} mangler i den gendannede database")
        elif table not in want:
            problems.append(f"tabellen {table} er i den gendannede database, men ikke i kilden")
        elif want[table] != got[table]:
            problems.append(f"{table}: {got[table]} rækker gendannet, {want[table]} forventet")
    if expected["audit"]["chain"] != restored["audit"]["chain"]:
        problems.append(
            "revisionsloggens hash-kæde er ikke den samme: en hændelse eller adgangsrække er "
            "ændret, mangler eller står i en anden rækkefølge"
        )
    return problems


def restore_check(backup: Path, *, manifest: Path | None = None, using: str = "default") -> dict:
    """Restore ``backup`` into a scratch database and compare it with its manifest (or, without
    one, with the live database ``using``). Returns {"expected", "restored", "against",
    "problems"}."""
    kind = backup_kind(backup)
    manifest = manifest or manifest_path(backup)
    if manifest.exists():
        expected = json.loads(manifest.read_text(encoding="utf-8"))
        if expected.get("format") != FORMAT:
            raise BackupError(f"{manifest} er ikke et manifest fra manage.py backup.")
        if expected.get("sha256") and expected["sha256"] != file_sha256(backup):
            raise BackupError(f"{backup} er ikke den fil, manifestet beskriver (SHA-256 afviger).")
        against = "manifest"
    else:
        expected = database_manifest(using)
        against = "source"
    restored_in = _restored_sqlite if kind == "sqlite" else _restored_postgres
    with restored_in(backup, using) as alias:
        restored = database_manifest(alias)
    return {
        "expected": expected,
        "restored": restored,
        "against": against,
        "problems": manifest_differences(expected, restored),
    }
