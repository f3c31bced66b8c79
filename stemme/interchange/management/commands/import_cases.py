"""``manage.py import_cases FILE [--dry-run] [--language da|en]``

Reads a JSON file in the exchange format (docs/import-format.md), validates all of it, and
imports it in one transaction — or, if anything is wrong, writes nothing and lists every error
with the JSON path of the value it concerns. ``--dry-run`` runs the whole import and rolls it
back. Messages are in Danish unless ``--language en`` is given.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from stemme.interchange.errors import MAX_FILE_BYTES, file_too_large
from stemme.interchange.services import ImportErrors, cases_import, count_labels, payload_parse

MAX_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = "Import children with their cases and events from a JSON file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file (docs/import-format.md).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and try the import, write nothing."
        )
        parser.add_argument(
            "--language",
            choices=("da", "en"),
            default="da",
            help="The language of the messages (default: Danish).",
        )

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self._import(Path(options["file"]), dry_run=options["dry_run"])

    def _import(self, path: Path, *, dry_run: bool) -> None:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise ImportErrors([file_too_large(size, MAX_FILE_BYTES)])
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s.") % {"path": path, "error": exc.strerror}
            ) from exc
        except ImportErrors as exc:
            self._fail(path, exc)
        try:
            result = cases_import(payload=payload_parse(raw), dry_run=dry_run)
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
