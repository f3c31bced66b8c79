"""The PostgreSQL role the web application runs as: it may read and write the case tables, but
may only INSERT and SELECT the audit tables, and owns nothing.

Why: the append-only triggers (append_only.py) stop UPDATE, DELETE and TRUNCATE, but a table's
owner may drop or disable its triggers. Migrations therefore run as a separate owner role, and
the application connects as a role that is granted (by ``manage.py grant_app_role``, run by the
owner after every ``migrate``) no more than it needs. Without ownership and without UPDATE,
DELETE, TRUNCATE or TRIGGER on the audit tables, the application's credentials cannot rewrite the
logs, whatever SQL they send. docs/security.md ("The logs") and docs/deploy notes say how to set
it up.
"""

import re

from django.db import connection

from stemme.audit.append_only import TABLES as AUDIT_TABLES

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# What the application may never do to an audit table (PostgreSQL's privilege names).
ONLY_POSTGRESQL = "Roller findes kun på PostgreSQL; SQLite har ingen brugere eller rettigheder."
FORBIDDEN_ON_AUDIT = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")


class RoleProblem(Exception):
    """Why the role cannot be (or is not) the application's role, in Danish."""


def _quoted(role: str) -> str:
    if not ROLE_NAME.fullmatch(role):
        raise RoleProblem(
            f"{role!r} er ikke et gyldigt rollenavn her (små bogstaver, tal og _, højst 63 tegn)."
        )
    return f'"{role}"'


def _role_facts(cursor, role: str) -> tuple[bool, bool]:
    """(is superuser, owns any of our tables)."""
    _quoted(role)  # a name that is not a plain role name is refused before anything else
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
    row = cursor.fetchone()
    if row is None:
        raise RoleProblem(
            f"Rollen {role} findes ikke. Opret den først (CREATE ROLE {role} LOGIN PASSWORD …)."
        )
    cursor.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tableowner = %s",
        [role],
    )
    return bool(row[0]), cursor.fetchone()[0] > 0


def grant_statements(role: str) -> list[str]:
    """The statements that give ``role`` exactly the application's rights (idempotent)."""
    name = _quoted(role)
    audit = ", ".join(AUDIT_TABLES)
    schema = connection.ops.quote_name(_schema())
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {name}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {name}",
        f"REVOKE UPDATE, DELETE ON {audit} FROM {name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {name}",
    ]


def _schema() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return cursor.fetchone()[0]


def app_role_grant(role: str) -> None:
    """Grant ``role`` the application's rights. Run as the owner of the tables (the role that ran
    ``migrate``). Refuses a superuser or an owner: their rights cannot be narrowed."""
    if connection.vendor != "postgresql":
        raise RoleProblem(ONLY_POSTGRESQL)
    with connection.cursor() as cursor:
        superuser, owner = _role_facts(cursor, role)
        if superuser:
            raise RoleProblem(
                f"Rollen {role} er superbruger og kan alt; applikationen skal køre som en "
                "almindelig rolle."
            )
        if owner:
            raise RoleProblem(
                f"Rollen {role} ejer tabeller og kan derfor fjerne deres triggere; lad en anden "
                "rolle eje tabellerne og køre migrate."
            )
        for statement in grant_statements(role):
            cursor.execute(statement)


def app_role_problems(role: str) -> list[str]:
    """What ``role`` may do that the application's role must not (empty: it is as it should be)."""
    if connection.vendor != "postgresql":
        raise RoleProblem(ONLY_POSTGRESQL)
    problems = []
    with connection.cursor() as cursor:
        superuser, owner = _role_facts(cursor, role)
        if superuser:
            problems.append(f"{role} er superbruger")
        if owner:
            problems.append(f"{role} ejer tabeller (og kan fjerne deres triggere)")
        for table in AUDIT_TABLES:
            for privilege in FORBIDDEN_ON_AUDIT:
                cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
                if cursor.fetchone()[0]:
                    problems.append(f"{role} har {privilege} på {table}")
            for privilege in ("SELECT", "INSERT"):
                cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
                if not cursor.fetchone()[0]:
                    problems.append(f"{role} mangler {privilege} på {table}")
    return problems
