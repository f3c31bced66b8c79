"""Reads for the export: a whole municipality as the exchange format, in a fixed number of queries.

Everything is sorted in Python on the exported values (events: by time, then in recorded order),
so the output does not depend on the database's collation or row order: the same data always
gives the same bytes. The children are read a batch at a time (``MunicipalityExport``): one query
per kind of row per batch, whatever the number of children in it, meetings or letters (tests
guard it); rows.py reads them.

Rows without a UUID of their own (a related person, a network member, a bisidder, a safety
restriction) get a file-local key from their place in the sorted list ("p1", "n2", "b1", "s1");
other rows of the child point to them by that key (registers.py), and events that name them by
row id (``network:17``) name them by key instead (``network:n2``, values.py). Import turns keys
back into ids.

export.py assembles the document from one function per section; cases.py writes a case with
everything in it; records.py its journal notes, documents' metadata and hearings (version 3).
"""

from stemme.interchange.selectors.export import MunicipalityExport, municipality_export
from stemme.interchange.selectors.values import KEY_PREFIXES, ExportError

__all__ = ["KEY_PREFIXES", "ExportError", "MunicipalityExport", "municipality_export"]
