"""Broken and hostile files given to ``manage.py export_audit_log`` (its cursor file ``--state``
and a shipped file to ``--verify``): a clear error (CommandError), never a traceback, and an
unreadable cursor never leads to an export (issue 6, item 6; see also
stemme/core/tests/test_fuzz_forms.py and stemme/interchange/tests/test_fuzz_import.py)."""

import contextlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

STATES = [
    b"",
    b"\xff\xfe\x00",
    b"{",
    b"[]",
    b"null",
    b'"text"',
    b'{"format": "stemme-audit-1"}',
    b'{"format": "stemme-audit-1", "event_id": "x", "access_id": 0, "hash": "0"}',
    b'{"format": "stemme-audit-1", "event_id": 1e999, "access_id": 0, "hash": "0"}',
    b'{"format": "stemme-audit-1", "event_id": -1, "access_id": 0, "hash": "0"}',
    b'{"format": "stemme-audit-1", "event_id": 99999999999999999999, "access_id": 0, "hash": "0"}',
    b'{"format": "stemme-audit-1", "event_id": 0, "access_id": 0, "hash": 5}',
    b'{"format": "stemme-audit-1", "event_id": 0, "access_id": 0, "hash": "\\u0000"}',
    b'{"format": "stemme-audit-1", "event_id": true, "access_id": [], "hash": null}',
]
SHIPPED = [
    b"",
    b"\xff\xfe\x00",
    b"[1]\n",
    b'"x"\n',
    b"NaN\n",
    b'{"prev": 1, "hash": {}}\n',
    b'{"table": "event", "id": 1e999}\n',
    b"{" * 100_000 + b"\n",
    b"\x00\n",
]


@pytest.fixture(autouse=True)
def audit_key(settings, tmp_path):
    path = tmp_path / "audit.key"
    path.write_text("k" * 64, encoding="ascii")
    settings.STEMME_AUDIT_KEY_FILE = str(path)


def _run(*args) -> None:
    with contextlib.suppress(CommandError):  # the refusal, with its message
        call_command("export_audit_log", *args, stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(STATES)))
def test_a_broken_cursor_file_is_refused(tmp_path, index):
    state = tmp_path / "state.json"
    state.write_bytes(STATES[index])
    _run("--state", str(state), "--output", str(tmp_path / "out.jsonl"))


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(SHIPPED)))
def test_a_broken_shipped_file_is_reported(tmp_path, index):
    shipped = tmp_path / "shipped.jsonl"
    shipped.write_bytes(SHIPPED[index])
    _run("--verify", str(shipped))


@pytest.mark.django_db
def test_a_folder_is_not_a_file(tmp_path):
    _run("--state", str(tmp_path), "--output", str(tmp_path / "out.jsonl"))
    _run("--verify", str(tmp_path))
