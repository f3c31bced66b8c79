"""``manage.py import_cases FILE [--dry-run] [--batch-size N] [--language da|en]``

Reads a JSON file in the exchange format (docs/import-format.md) as it streams, validates all
of it, and imports it in one transaction — or, if anything is wrong, writes nothing and lists
every error with the JSON path of the value it concerns. A file of any size: memory holds one
batch of children. ``--dry-run`` runs the whole import and rolls it
back. Messages are in Danish unless ``--language en`` is given.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from stemme.interchange.services import (
    IMPORT_BATCH_SIZE,
    ImportErrors,
    cases_import_file,
    count_labels,
)

MAX_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = "Import children with their cases and events from a JSON file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file (docs/import-format.md).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and try the import, write nothing."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=IMPORT_BATCH_SIZE,
            help=(
                "Children validated and written at a time: what the import holds in memory "
                f"(default: {IMPORT_BATCH_SIZE})."
            ),
        )
        parser.add_argument(
            "--language",
            choices=("da", "en"),
            default="da",
            help="The language of the messages (default: Danish).",
        )

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            if options["batch_size"] < 1:
                raise CommandError(_("--batch-size must be at least 1."))
            self._import(
                Path(options["file"]), dry_run=options["dry_run"], batch_size=options["batch_size"]
            )

    def _import(self, path: Path, *, dry_run: bool, batch_size: int) -> None:
        if not path.is_file():
            raise CommandError(
                _("Cannot read %(path)s: %(error)s.")
                % {"path": path, "error": _("there is no such file")}
            )
        try:
            result = cases_import_file(path=path, dry_run=dry_run, batch_size=batch_size)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s.") % {"path": path, "error": exc.strerror}
            ) from exc
        except ImportErrors as exc:
            self._fail(path, exc)
        municipality = result.municipality
        if result.dry_run:
            self.stdout.write(
                _("Dry run: %(path)s is valid. Nothing was written. The import would give:")
                % {"path": path}
            )
        else:
            state = _("created") if result.municipality_created else _("already existed")
            self.stdout.write(
                _("Imported into %(municipality)s (%(code)s, %(state)s):")
                % {"municipality": municipality.name, "code": municipality.code, "state": state}
            )
        labels = count_labels()
        for key, count in result.counts.items():
            if count:
                self.stdout.write(f"  {labels.get(key, key)}: {count}")
        for note in result.notes:
            self.stdout.write(_("Note: %(note)s") % {"note": note})

    def _fail(self, path: Path, exc: ImportErrors):
        errors = exc.errors
        for error in errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(error)
        if len(errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(
                _("… and %(count)s more errors.") % {"count": len(errors) - MAX_ERRORS_SHOWN}
            )
        raise CommandError(
            _("%(path)s: %(count)s errors. Nothing was imported.")
            % {"path": path, "count": len(errors)}
        ) from exc
