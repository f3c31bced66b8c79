"""``manage.py grant_app_role ROLE [--check]`` (PostgreSQL): give the web application's database
role exactly its rights — read and write the case tables, only INSERT and SELECT on the audit
tables, own nothing (stemme/audit/database_roles.py). Run it as the owner role, after every
``migrate``. ``--check`` only reports what the role may do that it must not.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from stemme.audit.database_roles import RoleProblem, app_role_grant, app_role_problems


class Command(BaseCommand):
    help = "Grant the application's PostgreSQL role its rights (audit tables: INSERT/SELECT)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role the web application connects as.")
        parser.add_argument(
            "--check", action="store_true", help="Only check the role's rights; change nothing."
        )

    def handle(self, *args, role, check, **options):
        try:
            if check:
                problems = app_role_problems(role)
            else:
                with transaction.atomic():
                    app_role_grant(role)
                problems = app_role_problems(role)
        except RoleProblem as problem:
            raise CommandError(str(problem)) from problem
        if problems:
            listed = "; ".join(problems)
            raise CommandError(f"Rollen {role} har for mange eller for få rettigheder: {listed}.")
        self.stdout.write(
            f"Rollen {role} kan læse og skrive sagerne, men kun tilføje til og læse "
            "hændelsesloggen og adgangsloggen, og den ejer ingen tabeller."
        )
