"""``manage.py export_cases --user USERNAME [--municipality CODE] [--output FILE]``

Writes a municipality's children, cases, dated events and the records around them as JSON
(docs/import-format.md). An export shows every child's data, so it is logged in the access log
as one "export" per child for the staff member named by ``--user``, who must be a team
leader there (an administrator is never shown children's data). ``--output`` writes the file
readable by its owner only (mode 0600). ``--schema`` prints the format's JSON Schema instead
(docs/import-format.schema.json). Messages are in Danish unless ``--language en`` is given.
"""

import os
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from stemme.accounts.models import Municipality, User
from stemme.interchange.schema import schema_text
from stemme.interchange.services import ExportError, cases_export, export_text


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
        try:
            document = cases_export(municipality=municipality, user=user)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ExportError as exc:
            raise CommandError(
                _("The export was stopped, nothing was exported: %(error)s") % {"error": exc}
            ) from exc
        self._write(export_text(document), options["output"], private=True)
        if options["output"]:
            self.stderr.write(
                _(
                    "%(municipality)s: %(count)s children exported to %(path)s (logged in the "
                    "access log for %(username)s)."
                )
                % {
                    "municipality": municipality.name,
                    "count": len(document["children"]),
                    "path": options["output"],
                    "username": user.username,
                }
            )

    def _write(self, text: str, output: str | None, *, private: bool = False) -> None:
        if output and private:
            # Children's data: readable by the file's owner only, whatever the umask, and also
            # when the file already existed with wider permissions.
            descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                os.fchmod(file.fileno(), 0o600)
                file.write(text)
        elif output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
