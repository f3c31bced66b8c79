"""A committee pack's table as CSV: the frozen, suppressed figures of the snapshot.

Written with ``defusedcsv`` (a cell a spreadsheet would run as a formula is escaped, and a team
name typed as "=HYPERLINK(…)" stays text), semicolons and a UTF-8 byte-order mark so Danish
Excel opens it with æ, ø and å intact.
"""

from defusedcsv import csv
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stemme.oversight.selectors.committee import SUPPRESSED


def _cell(value, min_cell: int) -> str:
    if value == SUPPRESSED:
        return _("fewer than %(count)s") % {"count": min_cell}
    if value is None:
        return ""
    return str(value)


def table_write(snapshot, table: dict, out) -> None:
    min_cell = snapshot.figures["min_cell"]
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([snapshot.title])
    writer.writerow([table["title"]])
    writer.writerow(
        [
            _("Counted at"),
            date_format(snapshot.counted_at, "DATETIME_FORMAT"),
            _("Period"),
            f"{snapshot.period_start:%Y-%m-%d} – {snapshot.period_end:%Y-%m-%d}",
            _("Definition version"),
            snapshot.figures["versions"].get(table["definition"], ""),
        ]
    )
    writer.writerow([])
    writer.writerow(table["columns"])
    for row in table["rows"]:
        writer.writerow([_cell(value, min_cell) for value in row])
