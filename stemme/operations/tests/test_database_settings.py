"""How Stemme connects to PostgreSQL: values bound on the server and statements prepared (the
planning of the access rules' sub-queries cost more than running them), except behind PgBouncer
in transaction mode, where neither a prepared statement nor a server-side cursor may outlive
the transaction (docs/deploy.md, "Connection pooling")."""

import pytest
from django.db import connection

from config.settings import database_from_url
from stemme.children.models import Child

URL = "postgres://stemme_app@db.example:5432/stemme"


def test_postgresql_prepares_what_it_runs_again(monkeypatch):
    monkeypatch.delenv("STEMME_DB_PGBOUNCER", raising=False)
    monkeypatch.delenv("STEMME_DB_PREPARE", raising=False)
    config = database_from_url(URL)
    assert config["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 2}
    assert not config.get("DISABLE_SERVER_SIDE_CURSORS")


def test_behind_pgbouncer_nothing_outlives_a_transaction(monkeypatch):
    monkeypatch.setenv("STEMME_DB_PGBOUNCER", "1")
    config = database_from_url(URL)
    assert config["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert "prepare_threshold" not in config.get("OPTIONS", {})


def test_preparing_can_be_turned_off(monkeypatch):
    monkeypatch.delenv("STEMME_DB_PGBOUNCER", raising=False)
    monkeypatch.setenv("STEMME_DB_PREPARE", "0")
    assert "prepare_threshold" not in database_from_url(URL).get("OPTIONS", {})


def test_sqlite_keeps_its_own_options(monkeypatch):
    monkeypatch.delenv("STEMME_DB_PREPARE", raising=False)
    config = database_from_url("sqlite:////tmp/stemme-settings-test.sqlite3")
    assert "prepare_threshold" not in config["OPTIONS"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_the_second_run_of_a_query_is_prepared_on_the_server():
    for _attempt in range(3):
        # A query no other test runs, so it is this test's runs that prepared it.
        list(Child.objects.filter(first_name="Ingen", gender="x").values_list("last_name"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"last_name"%"first_name" = $1 AND %"gender" = $2%'],
        )
        assert cursor.fetchone()[0] == 1
