"""A case's documents (format version 3): their metadata only, never the bytes.

The files are copied separately into the target's documents storage under the same
``stored_name`` (docs/import-format.md). Before anything is written, each document's file must
be there with the size and SHA-256 the file states; a document whose file is missing or
different is an error, so an imported document always has exactly the bytes its metadata
describes, and no document row exists that points to nothing. The virus scan's state travels
as it is: a document blocked as infected, or waiting for its scan, stays blocked.
"""

import hashlib

from django.utils.translation import gettext as _

from stemme.documents.storage import document_storage
from stemme.interchange.fields import DOCUMENTS
from stemme.interchange.importer.state import ChildScope, ImportState

CHUNK = 1024 * 1024


def documents_validate(
    state: ImportState, data: dict, path: str, scope: ChildScope, case_id, refs
) -> None:
    for index, item in enumerate(data.get("documents", [])):
        where = f"{path}.documents[{index}]"
        row = state.section_row(DOCUMENTS, item, where, scope, case_id=case_id)
        if row.pk is not None:
            refs["documents"].add(row.pk)
        stored_name_validate(state, item, f"{where}.stored_name")


def stored_name_validate(state: ImportState, item: dict, path: str) -> None:
    name = item["stored_name"]
    seen = state.seen_ids["stored_names"]
    if name in seen:
        state.error(
            path,
            _("the stored file %(name)s appears for more than one document in the file")
            % {"name": name},
            "duplicate",
        )
        return
    seen.add(name)
    if name in state.existing_stored_names:
        state.error(
            path,
            _("a document with the stored file %(name)s already exists in the database")
            % {"name": name},
            "exists",
        )
        return
    problem = file_problem(name, item["size"], item["sha256"])
    if problem:
        state.error(path, problem, "file_missing")


def file_problem(name: str, size: int, sha256: str) -> str:
    """Why the document's file in the storage is not the one the metadata describes ("" when
    it is)."""
    storage = document_storage()
    if not storage.exists(name):
        return _(
            "the document's file %(name)s is not in the documents storage; copy the documents' "
            "files to the new installation before the import (the file carries only the "
            "metadata)"
        ) % {"name": name}
    actual = storage.size(name)
    if actual != size:
        return _(
            "the document's file %(name)s in the documents storage has %(actual)s bytes, not "
            "%(size)s as the file says; it is not the same document"
        ) % {"name": name, "actual": actual, "size": size}
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    if digest.hexdigest() != sha256:
        return _(
            "the document's file %(name)s in the documents storage has another SHA-256 "
            "checksum than the file says; it is not the same document"
        ) % {"name": name}
    return ""
