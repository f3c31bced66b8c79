"""Make the event log and the access log append-only in the database itself.

The application's own database user cannot UPDATE, DELETE (or, on PostgreSQL, TRUNCATE) rows in
these tables: a trigger aborts the statement. Written per database vendor because SQLite and
PostgreSQL spell triggers differently.
"""

from django.db import migrations

TABLES = ["audit_event", "audit_accesslog"]

SQLITE_FORWARD = [
    sql
    for table in TABLES
    for sql in (
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""",
    )
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {table}_{op}" for table in TABLES for op in ("no_update", "no_delete")
]

POSTGRES_FORWARD = [
    """CREATE OR REPLACE FUNCTION stemme_append_only() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
       END;
       $$ LANGUAGE plpgsql""",
] + [
    sql
    for table in TABLES
    for sql in (
        f"""CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION stemme_append_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION stemme_append_only()""",
    )
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}"
    for table in TABLES
    for name in ("no_update_delete", "no_truncate")
] + ["DROP FUNCTION IF EXISTS stemme_append_only()"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"No append-only triggers for {schema_editor.connection.vendor}; "
                "Stemme supports SQLite and PostgreSQL."
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
