"""``manage.py import_cases FILE [--dry-run]``

Reads a JSON file in the exchange format (docs/import-format.md), validates all of it, and
imports it in one transaction — or, if anything is wrong, writes nothing and lists every error
with the record and field it concerns. ``--dry-run`` runs the whole import and rolls it back.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from stemme.interchange.services import ImportErrors, cases_import, payload_parse

MAX_ERRORS_SHOWN = 50

LABELS = {
    "teams": "teams",
    "staff": "medarbejdere",
    "children": "børn",
    "persons": "personer",
    "relations": "relationer",
    "cases": "sager",
    "assignments": "sagsbehandlertildelinger",
    "intakes": "underretninger og henvendelser",
    "screenings": "screeninger",
    "investigations": "afdækninger og undersøgelser",
    "decisions": "afgørelser",
    "measures": "indsatser",
    "plans": "planer",
    "startup_meetings": "opstartsmøder",
    "follow_ups": "opfølgninger",
    "supervision_visits": "tilsynsbesøg",
    "closures": "lukninger",
    "milestones": "milepæle",
    "events": "hændelser",
    "rule_overrides": "fristregler",
    "obligations": "forpligtelser",
}


class Command(BaseCommand):
    help = "Import children with their cases and events from a JSON file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file (docs/import-format.md).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and try the import, write nothing."
        )

    def handle(self, *args, **options):
        translation.activate("da")
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan ikke læse {path}: {exc.strerror}.") from exc
        try:
            result = cases_import(payload=payload_parse(raw), dry_run=options["dry_run"])
        except ImportErrors as exc:
            errors = exc.errors
            for error in errors[:MAX_ERRORS_SHOWN]:
                self.stderr.write(error)
            if len(errors) > MAX_ERRORS_SHOWN:
                self.stderr.write(f"… og {len(errors) - MAX_ERRORS_SHOWN} fejl mere.")
            raise CommandError(f"{path}: {len(errors)} fejl. Intet er importeret.") from exc
        municipality = result.municipality
        if result.dry_run:
            self.stdout.write(
                f"Prøvekørsel: {path} er gyldig. Intet er skrevet. Importen ville give:"
            )
        else:
            created = "oprettet" if result.municipality_created else "fandtes i forvejen"
            self.stdout.write(
                f"Importeret til {municipality.name} ({municipality.code}, {created}):"
            )
        for key, count in result.counts.items():
            if count:
                self.stdout.write(f"  {LABELS.get(key, key)}: {count}")
        for note in result.notes:
            self.stdout.write(f"Bemærk: {note}")
