"""``manage.py restore_check BACKUP [--manifest FILE]``: restore a backup into a scratch
database (SQLite: a temporary file; PostgreSQL: a temporary database, created and dropped) and
check that every table has the rows the manifest counted and that the audit log's hash chain is
the same (stemme/core/backup.py; docs/backup.md). Without a manifest, the live database is the
measure. Exits with an error when anything differs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stemme.core.backup import BackupError, restore_check


class Command(BaseCommand):
    help = "Restore a backup into a scratch database and verify row counts and the audit chain."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="A file from manage.py backup or pg_dump -Fc.")
        parser.add_argument(
            "--manifest", help="The manifest (default: BACKUP.manifest.json beside the file)."
        )

    def handle(self, *args, **options):
        backup = Path(options["backup"])
        if not backup.is_file():
            raise CommandError(f"Filen {backup} findes ikke.")
        manifest = Path(options["manifest"]) if options["manifest"] else None
        if manifest is not None and not manifest.is_file():
            raise CommandError(f"Manifestet {manifest} findes ikke.")
        try:
            result = restore_check(backup, manifest=manifest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        measure = "manifestet" if result["against"] == "manifest" else "den kørende database"
        if result["problems"]:
            for problem in result["problems"]:
                self.stderr.write(problem)
            raise CommandError(
                f"Gendannelsen af {backup} svarer ikke til {measure}: "
                f"{len(result['problems'])} afvigelse(r)."
            )
        restored = result["restored"]
        self.stdout.write(
            f"Gendannet og kontrolleret mod {measure}: {len(restored['tables'])} tabeller med "
            f"samme antal rækker ({sum(restored['tables'].values())} i alt); revisionsloggens "
            f"hash-kæde er hel ({restored['audit']['events']} hændelser, "
            f"{restored['audit']['accesses']} adgangsrækker, hoved "
            f"{restored['audit']['chain'][:16]}…)."
        )
