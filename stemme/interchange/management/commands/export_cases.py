"""``manage.py export_cases --user USERNAME [--municipality CODE] [--output FILE]``

Writes a municipality's children, cases and dated events as JSON (docs/import-format.md). An
export shows every child's data, so it is logged in the access log as one "export" per child for
the staff member named by ``--user``, who must be an administrator or team leader there.
``--schema`` prints the format's JSON Schema instead (docs/import-format.schema.json).
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from stemme.accounts.models import Municipality, User
from stemme.interchange.schema import schema_text
from stemme.interchange.services import cases_export, export_text


class Command(BaseCommand):
    help = "Export a municipality's children with their cases and events as JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--user",
            help="Username of the staff member responsible for the export (administrator or "
            "team leader of the municipality). Required.",
        )
        parser.add_argument(
            "--municipality", help="Municipality code (kommunekode); default: the user's own."
        )
        parser.add_argument("--output", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--schema", action="store_true", help="Print the format's JSON Schema and stop."
        )

    def handle(self, *args, **options):
        translation.activate("da")
        if options["schema"]:
            self._write(schema_text(), options["output"])
            return
        if not options["user"]:
            raise CommandError(
                "Angiv --user BRUGERNAVN: den administrator eller teamleder, der står for "
                "eksporten (den logges i adgangsloggen)."
            )
        user = User.objects.select_related("municipality").filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Brugeren {options['user']!r} findes ikke.")
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Ingen kommune med kommunekode {options['municipality']!r}.")
        elif user.municipality is None:
            raise CommandError(f"Brugeren {user.username} hører ikke til en kommune.")
        else:
            municipality = user.municipality
        try:
            document = cases_export(municipality=municipality, user=user)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self._write(export_text(document), options["output"])
        if options["output"]:
            self.stderr.write(
                f"{municipality.name}: {len(document['children'])} børn eksporteret til "
                f"{options['output']} (logget i adgangsloggen for {user.username})."
            )

    def _write(self, text: str, output: str | None) -> None:
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
