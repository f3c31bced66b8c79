"""``manage.py backup [--output FILE]``: a consistent backup of the running database and its
manifest (row counts, the audit chain's head) beside it — SQLite through the online backup API,
PostgreSQL through ``pg_dump -Fc`` in the snapshot the manifest is counted in (stemme/core/
backup.py; docs/backup.md). Check it with ``manage.py restore_check FILE``."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from stemme.core.backup import BackupError, backup_make, manifest_path


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump -Fc) with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="The backup file (default: $STEMME_DATA_DIR/backups/stemme-<time>.sqlite3|.dump).",
        )

    def handle(self, *args, **options):
        if options["output"]:
            target = Path(options["output"])
        else:
            suffix = ".sqlite3" if connection.vendor == "sqlite" else ".dump"
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            target = settings.DATA_DIR / "backups" / f"stemme-{stamp}{suffix}"
        try:
            manifest = backup_make(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Sikkerhedskopi skrevet til {target} ({len(manifest['tables'])} tabeller, {rows} "
            f"rækker, {manifest['audit']['events']} hændelser og "
            f"{manifest['audit']['accesses']} adgangsrækker); manifest: {manifest_path(target)}."
        )
