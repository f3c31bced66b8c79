"""The import's validation and writing (``services.cases_import`` is the entry point).

``Importer.validate`` (run.py) checks a schema-valid document against the database and the
models and builds every row unsaved, one module per section of the file: the municipality, its
teams, staff and settings (organisation.py), the children and their related persons
(children.py), the child's registers (registers.py), cases with their assignments, step records,
handovers and plan goals (cases.py), meetings (meetings.py), letters and Min sag (portal.py),
journal notes (journal.py), documents' metadata and their files in the storage (documents.py),
hearings of the parties (hearings.py) and events (events.py); the state they share and the
checks they all use are in state.py.
``Importer.write`` (writer.py, the only module that writes), inside the caller's transaction,
writes the rows with ``bulk_create`` in dependency order. Errors are ``ImportIssue``s with the
JSON path of the bad value. A version-1 file is read with version 1's rules: it has none of the
version-2 lists, and refs to meetings, handovers and the child's registers in its events are not
checked. A version-2 file has none of the version-3 lists, and refs to notes, documents and
hearings in its events are not checked.
"""

from stemme.interchange.importer.run import Importer
from stemme.interchange.importer.writer import ImportResult, count_labels

__all__ = ["ImportResult", "Importer", "count_labels"]
