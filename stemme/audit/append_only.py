"""The database triggers that make the audit tables append-only, for SQLite and PostgreSQL.

Used by migration 0002. **Any later migration that alters an audit table must end with
``reinstall_operation()``**: on SQLite, Django changes a table by copying it into a new one and
dropping the old, and the triggers go with the old table. The append-only tests catch a
forgotten reinstall.
"""

from django.db import migrations

TABLES = ["audit_event", "audit_accesslog"]

SQLITE_INSTALL = [
    sql
    for table in TABLES
    for sql in (
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""",
    )
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {table}_{op}" for table in TABLES for op in ("no_update", "no_delete")
]

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION stemme_append_only() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
       END;
       $$ LANGUAGE plpgsql""",
] + [
    sql
    for table in TABLES
    for sql in (
        f"DROP TRIGGER IF EXISTS {table}_no_update_delete ON {table}",
        f"""CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION stemme_append_only()""",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION stemme_append_only()""",
    )
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}"
    for table in TABLES
    for name in ("no_update_delete", "no_truncate")
] + ["DROP FUNCTION IF EXISTS stemme_append_only()"]


def _runner(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"No append-only triggers for {schema_editor.connection.vendor}; "
                "Stemme supports SQLite and PostgreSQL."
            )
        for statement in statements:
            # params=None: the SQL holds a literal '%' that is not a query placeholder.
            schema_editor.execute(statement, params=None)

    return run


install = _runner({"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL})
remove = _runner({"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE})


def reinstall_operation() -> migrations.RunPython:
    """The migration operation that (re)installs the triggers; idempotent."""
    return migrations.RunPython(install, migrations.RunPython.noop)
