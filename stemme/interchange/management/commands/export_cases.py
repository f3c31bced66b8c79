"""``manage.py export_cases --user USERNAME [--municipality CODE] [--output FILE]``

Writes a municipality's children, cases, dated events and the records around them as JSON
(docs/import-format.md), as it reads them, a batch of children at a time, so a municipality of
any size fits in memory. An export shows every child's data, so it is logged in the access log
as one "export" per child for the staff member named by ``--user``, who must be a team leader
there (an administrator is never shown children's data). ``--output`` writes the file readable
by its owner only (mode 0600), through a temporary file beside it that is renamed at the end: an
export that stops leaves no partial file (and an older file as it was). Standard output gets the
export only once it is complete (kept meanwhile in an anonymous temporary file). ``--schema``
prints the format's JSON Schema instead (docs/import-format.schema.json). Messages are in Danish
unless ``--language en`` is given.
"""

import contextlib
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from stemme.accounts.models import Municipality, User
from stemme.interchange.schema import schema_text
from stemme.interchange.services import ExportError, cases_export_stream

# Characters copied from the spooled export at a time.
SPOOL_CHUNK = 1 << 20


@contextlib.contextmanager
def _spooled(export):
    """(the number of children, the export) in an anonymous temporary file: readable by its
    owner only, and gone when it is closed, also when the export stops."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        count = export(out=spool)
        spool.seek(0)
        yield count, spool


class Command(BaseCommand):
    help = "Export a municipality's children with their cases and events as JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--user",
            help="Username of the staff member responsible for the export (a team leader of "
            "the municipality). Required.",
        )
        parser.add_argument(
            "--municipality", help="Municipality code (kommunekode); default: the user's own."
        )
        parser.add_argument(
            "--output",
            help="Write to this file instead of standard output (readable by its owner only).",
        )
        parser.add_argument(
            "--schema", action="store_true", help="Print the format's JSON Schema and stop."
        )
        parser.add_argument(
            "--language",
            choices=("da", "en"),
            default="da",
            help="The language of the messages (default: Danish).",
        )

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self._export(options)

    def _export(self, options) -> None:
        if options["schema"]:
            self._write(schema_text(), options["output"])
            return
        if not options["user"]:
            raise CommandError(
                _(
                    "Give --user USERNAME: the team leader responsible for the export (it is "
                    "logged in the access log)."
                )
            )
        user = User.objects.select_related("municipality").filter(username=options["user"]).first()
        if user is None:
            raise CommandError(
                _("The user %(username)s does not exist.") % {"username": options["user"]}
            )
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(
                    _("No municipality with the municipality code %(code)s.")
                    % {"code": options["municipality"]}
                )
        elif user.municipality is None:
            raise CommandError(
                _("The user %(username)s does not belong to a municipality.")
                % {"username": user.username}
            )
        else:
            municipality = user.municipality
        export = partial(cases_export_stream, municipality=municipality, user=user)
        try:
            count = self._export_write(export, options["output"])
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ExportError as exc:
            raise CommandError(
                _("The export was stopped, nothing was exported: %(error)s") % {"error": exc}
            ) from exc
        if options["output"]:
            self.stderr.write(
                _(
                    "%(municipality)s: %(count)s children exported to %(path)s (logged in the "
                    "access log for %(username)s)."
                )
                % {
                    "municipality": municipality.name,
                    "count": count,
                    "path": options["output"],
                    "username": user.username,
                }
            )

    def _export_write(self, export, output: str | None) -> int:
        """Write the export, all or nothing: an export that stops writes nothing.

        A file is written into a temporary file beside it, renamed to it when complete (an
        older file stays as it was until then). Standard output, or a pipe or a device named
        by ``--output``, cannot be taken back: the export goes to an anonymous temporary file
        first, copied there when complete.
        """
        if output and (Path(output).is_file() or not Path(output).exists()):
            # Through a symbolic link: the file it names is replaced, not the link.
            return self._write_private(os.path.realpath(output), export)
        with _spooled(export) as (count, spool):
            if output:
                with open(output, "w", encoding="utf-8") as file:
                    shutil.copyfileobj(spool, file)
            else:
                while chunk := spool.read(SPOOL_CHUNK):
                    self.stdout.write(chunk, ending="")
        return count

    def _write_private(self, output: str, export) -> int:
        """The export into a temporary file beside ``output``, renamed to it when complete; if
        the export fails the temporary file is removed, so no partial export is left behind."""
        target = Path(output)
        # Children's data: readable by the file's owner only, whatever the umask (mkstemp
        # creates it 0600), and the rename also replaces a file that had wider permissions.
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                os.fchmod(file.fileno(), 0o600)
                count = export(out=file)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return count

    def _write(self, text: str, output: str | None) -> None:
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
