"""Export and import of whole case histories (docs/import-format.md).

``cases_export`` reads a municipality into the exchange format and logs the export as an access
to every child; ``cases_export_stream`` writes the same bytes as it reads them, a batch of
children at a time, for a municipality of any size. ``cases_import`` validates a document —
values no database stores, the schema of the file's format version, then every rule the models
and the database would enforce (``importer.Importer``) — and writes it in one transaction with
``bulk_create``, a batch of children at a time as each is found valid; anything wrong anywhere
rolls the transaction back, so it is everything or nothing. Then it derives the obligations from
the imported events. ``cases_import_file`` does the same for a file of any size, read as it
streams (``reader``).

Errors are ``ImportIssue``s: the JSON path of the bad value and a message in the active
language (English msgids; the commands speak Danish).
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import jsonschema
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from stemme.accounts.models import Municipality, Role
from stemme.audit.models import AccessAction
from stemme.audit.services import access_log_children
from stemme.interchange.errors import (
    ImportErrors,
    ImportIssue,
    child_validator,
    issues_sorted,
    payload_parse,
    payload_problems,
    repeated_field_issue,
    schema_found,
    schema_issues,
    schema_sorted,
)
from stemme.interchange.fields import FORMAT_VERSION, READABLE_VERSIONS
from stemme.interchange.importer import Importer, ImportResult, count_labels
from stemme.interchange.reader import document_items
from stemme.interchange.schema import load_schema
from stemme.interchange.selectors import ExportError, MunicipalityExport, municipality_export

EXPORT_PURPOSE = "export_cases"
# Only a role that is shown children's data at all may export it: an administrator manages
# accounts and organisation and is never shown a child (stemme.access).
EXPORT_ROLES = frozenset({Role.TEAM_LEADER})
# Children validated and written at a time: what an import holds in memory.
IMPORT_BATCH_SIZE = 200

__all__ = [
    "EXPORT_PURPOSE",
    "IMPORT_BATCH_SIZE",
    "ExportError",
    "ImportErrors",
    "ImportIssue",
    "ImportResult",
    "cases_export",
    "cases_export_stream",
    "cases_import",
    "cases_import_file",
    "count_labels",
    "export_permission_check",
    "export_text",
    "payload_parse",
    "schema_errors",
]

# --- Export ------------------------------------------------------------------------------------


def export_permission_check(*, user, municipality) -> None:
    """The staff member responsible for an export: a team leader there (an administrator is
    never shown children's data, so cannot export it either)."""
    if not user.is_active:
        raise PermissionDenied(
            _("The user %(username)s is deactivated.") % {"username": user.username}
        )
    if user.municipality_id != municipality.pk:
        raise PermissionDenied(
            _("The user %(username)s does not belong to %(municipality)s.")
            % {"username": user.username, "municipality": municipality.name}
        )
    if user.role not in EXPORT_ROLES:
        raise PermissionDenied(
            _(
                "The user %(username)s is %(role)s: only a team leader of the municipality can "
                "be responsible for an export, since the export holds children's data that "
                "only caseworkers and team leaders are shown."
            )
            % {"username": user.username, "role": Role(user.role).label.lower()}
        )


def cases_export(*, municipality: Municipality, user) -> dict:
    """The municipality's children with their cases, events and the records around them, as a
    document of the current format version.

    The export shows every child's data, so it is logged as one access per child (action
    "export", purpose "export_cases") for ``user``, the staff member responsible for it.
    Raises ``ExportError`` (nothing exported, nothing logged) if the data holds something the
    format cannot carry without losing it.
    """
    export_permission_check(user=user, municipality=municipality)
    with transaction.atomic():
        document, children = municipality_export(municipality=municipality)
        access_log_children(
            user=user, children=children, purpose=EXPORT_PURPOSE, action=AccessAction.EXPORT
        )
    return document


def export_text(document: dict) -> str:
    """The canonical bytes of a document: the same data always gives the same text."""
    return _json(document) + "\n"


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


def _indented(text: str, level: int) -> str:
    """``text`` as a value nested ``level`` deep in ``_json``'s layout. JSON text holds no raw
    line break (one in a string is written ``\\n``), so every line break is one of the layout's."""
    return text.replace("\n", "\n" + "  " * level)


def cases_export_stream(
    *, municipality: Municipality, user, out: TextIO, batch_size: int | None = None
) -> int:
    """Write ``export_text(cases_export(...))`` to ``out``, byte for byte, as it is read: a
    batch of children at a time (``batch_size``), each child written as soon as it is done, so
    memory does not grow with the number of children. Returns the number of children.

    Logged as ``cases_export`` is, batch by batch in one transaction: if ``ExportError`` stops
    the export, nothing is logged, and what was written to ``out`` is incomplete, so the caller
    throws it away (the command writes to a temporary file).
    """
    export_permission_check(user=user, municipality=municipality)
    count = 0
    with transaction.atomic():
        export = MunicipalityExport(municipality, batch_size=batch_size)
        # The layout of ``export_text``: the keys sorted, so "children" first.
        out.write('{\n  "children": ')
        for children, values in export.batches():
            access_log_children(
                user=user, children=children, purpose=EXPORT_PURPOSE, action=AccessAction.EXPORT
            )
            for child in values:
                out.write(("," if count else "[") + "\n    " + _indented(_json(child), 2))
                count += 1
        out.write("\n  ]" if count else "[]")
        sections = export.sections()
        # The staff section could only be read after the children; the sorted keys agree.
        assert all(key > "children" for key in sections)
        for key in sorted(sections):
            out.write(f",\n  {_json(key)}: {_indented(_json(sections[key]), 1)}")
        out.write("\n}\n")
    return count


# --- Import ------------------------------------------------------------------------------------


def _schema_for(payload) -> dict:
    """The schema of the file's format version (an unknown version: the current one, which
    then reports the version)."""
    version = payload.get("version") if isinstance(payload, dict) else None
    numeric = isinstance(version, int | float) and not isinstance(version, bool)
    if numeric and version in READABLE_VERSIONS:
        return load_schema(int(version))
    return load_schema(FORMAT_VERSION)


def schema_errors(payload) -> list[str]:
    """The schema problems of a document, as ``path: message`` lines (empty: valid)."""
    issues = payload_problems(payload) or schema_issues(payload, _schema_for(payload))
    return [str(issue) for issue in issues]


def cases_import(
    *, payload, dry_run: bool = False, batch_size: int = IMPORT_BATCH_SIZE
) -> ImportResult:
    """Import a document of format version 1, 2 or 3: everything, or — on any error — nothing.

    Raises ImportErrors with every problem found; nothing is left written. With ``dry_run``
    the whole import runs and is rolled back, so the result counts what would be written.
    Messages are in the active language.
    """
    return _document_import(_payload_document(payload), dry_run=dry_run, batch_size=batch_size)


def cases_import_file(
    *, path: Path, dry_run: bool = False, batch_size: int = IMPORT_BATCH_SIZE
) -> ImportResult:
    """``cases_import`` of the document in the file ``path``, read as it streams: once for
    what no database stores (and the document's fields besides its children), then again a
    batch of children at a time to validate and write them. Memory holds one batch, whatever
    the size of the file; the guarantee is the same: everything, or nothing."""
    return _document_import(_file_document(path), dry_run=dry_run, batch_size=batch_size)


@dataclass
class _Document:
    """A document to import: its fields without the children (``header``; a document that is
    not an object, as it is), its children read anew on each call of ``children`` as (index,
    child), and the values no database stores (``problems``), found as it was read."""

    header: object
    children: Callable[[], Iterable[tuple[int, object]]]
    problems: list[ImportIssue]
    unchanged: Callable[[], bool] = lambda: True


def _payload_document(payload) -> _Document:
    children = []
    header = payload
    if isinstance(payload, dict) and isinstance(payload.get("children"), list):
        children = payload["children"]
        header = {**payload, "children": []}
    return _Document(header, lambda: enumerate(children), payload_problems(payload))


def _file_document(path: Path) -> _Document:
    """Read the file once: its fields besides the children, the problems of every value."""
    try:
        before = path.stat()
    except OSError as exc:
        raise ImportErrors(
            [ImportIssue("", _("Cannot read the file: %(error)s.") % {"error": exc.strerror})]
        ) from exc
    header: dict = {}
    problems: list[ImportIssue] = []
    repeated: list[ImportIssue] = []
    for name, index, value, repeats in document_items(path):
        repeated += repeats
        if name == "":  # not an object: the whole document, read as it is
            return _payload_document(value)
        if index is None:
            if name in header:
                repeated.append(repeated_field_issue([], name))
            header[name] = value
            problems += payload_problems(value, (name,))
        else:
            problems += payload_problems(value, ("children", index))
    if repeated:
        raise ImportErrors(repeated)

    def children():
        for _name, index, value, _repeats in document_items(path):
            if index is not None:
                yield index, value

    def unchanged() -> bool:
        after = path.stat()
        return (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    return _Document(header, children, issues_sorted(problems), unchanged)


def _document_import(document: _Document, *, dry_run: bool, batch_size: int) -> ImportResult:
    if document.problems:
        raise ImportErrors(document.problems)
    schema = _schema_for(document.header)
    found = schema_found(document.header, jsonschema.Draft202012Validator(schema))
    try:
        with transaction.atomic():
            result = _document_write(
                document, schema, found, dry_run=dry_run, batch_size=batch_size
            )
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as exc:  # a concurrent write that validation could not foresee
        raise ImportErrors(
            [
                ImportIssue(
                    "",
                    _("The database refused the import; nothing was written: %(error)s")
                    % {"error": exc},
                    "database",
                )
            ]
        ) from exc
    return result


def _document_write(
    document: _Document, schema: dict, found: list, *, dry_run: bool, batch_size: int
) -> ImportResult:
    """Validate and write the document inside the caller's transaction, which an error rolls
    back. The schema comes first: once a value breaks it, only the schema is checked further
    and its errors are all that is reported (the rules behind it assume the schema's shapes)."""
    importer = None if found else Importer(document.header)
    if importer is not None:
        importer.organisation_import()
    validator = child_validator(schema)
    batch: list[tuple[int, object]] = []
    for index, child in document.children():
        child_found = schema_found(child, validator, ("children", index))
        if child_found:
            found += child_found
            importer, batch = None, []
        elif importer is not None:
            batch.append((index, child))
            if len(batch) >= batch_size:
                importer.children_import(batch)
                batch = []
    if found:
        raise ImportErrors(schema_sorted(found))
    if batch:
        importer.children_import(batch)
    result = importer.finish(dry_run=dry_run)
    if result is None:
        raise ImportErrors(importer.issues)
    if not document.unchanged():
        raise ImportErrors(
            [
                ImportIssue(
                    "",
                    _("The file changed while it was being imported; nothing was imported."),
                    "changed",
                )
            ]
        )
    return result
