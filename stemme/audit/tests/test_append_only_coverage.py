"""The append-only protection covers every audit table, and nothing in the suite works around it.

test_append_only.py proves the triggers refuse UPDATE/DELETE (and TRUNCATE on PostgreSQL). These
tests make sure a new audit table cannot be added without them, that the triggers are really
installed under the names the migrations use, and that no test asks for a database flush —
pytest-django flushes the tables after a ``transactional_db`` test, and the triggers refuse it,
so the suite relies on rolled-back transactions only (docs/architecture.md, "The two logs").
"""

import io
import tokenize
from pathlib import Path

from django.apps import apps
from django.db import connection

from stemme.audit import append_only

ROOT = Path(__file__).resolve().parents[3]


def test_every_audit_table_is_append_only():
    tables = {model._meta.db_table for model in apps.get_app_config("audit").get_models()}
    assert tables == set(append_only.TABLES)


def test_the_triggers_are_installed(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = {
                f"{t}_{op}" for t in append_only.TABLES for op in ("no_update", "no_delete")
            }
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            expected = {
                f"{t}_{op}"
                for t in append_only.TABLES
                for op in ("no_update_delete", "no_truncate")
            }
        installed = {row[0] for row in cursor.fetchall()}
    assert expected <= installed


FLUSHING_NAMES = {"transactional_db", "live_server", "TransactionTestCase", "LiveServerTestCase"}


def _asks_for_a_flush(source: str) -> bool:
    """Code (not comments or docstrings) naming a flushing fixture, or ``transaction=True``."""
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type in (tokenize.NAME, tokenize.OP)
    ]
    for index, token in enumerate(tokens):
        if token.type == tokenize.NAME and token.string in FLUSHING_NAMES:
            return True
        if token.string == "transaction" and [t.string for t in tokens[index + 1 : index + 3]] == [
            "=",
            "True",
        ]:
            return True
    return False


def test_no_test_needs_a_database_flush():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("stemme", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if ("tests" in path.parts or path.name == "conftest.py")
        and path.resolve() != Path(__file__).resolve()
        and _asks_for_a_flush(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], (
        "These tests need a flush, which the append-only audit tables refuse; use the ordinary "
        "rolled-back `db` fixture (browser tests use their own server process)"
    )


def test_the_flush_guard_sees_code_not_comments():
    assert _asks_for_a_flush("def test_x(live_server):\n    pass\n")
    assert _asks_for_a_flush("@pytest.mark.django_db(transaction=True)\ndef test_x(): pass\n")
    assert not _asks_for_a_flush('"""Not live_server: it flushes."""\n# transactional_db\n')
