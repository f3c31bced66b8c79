"""A round's report as CSV: the same figures, with the same suppression, as the page.

Written with ``defusedcsv``: a cell that a spreadsheet would run as a formula (=, +, -, @ …) is
escaped, so a comment cannot become a command in the leader's spreadsheet. Semicolons and a
decimal comma, as Danish spreadsheets read them.
"""

from defusedcsv import csv
from django.utils.translation import gettext as _

HIDDEN = "For få svar"


def _percent(value) -> str:
    return "" if value is None else str(value)


def report_write(report, out) -> None:
    writer = csv.writer(out, delimiter=";")
    scope = report.team.name if report.team is not None else _("The whole municipality")
    writer.writerow([_("Round"), report.wave.title])
    writer.writerow([_("Scope"), scope])
    writer.writerow([_("Invited"), report.invited])
    writer.writerow([_("Answered"), report.responses])
    writer.writerow([_("Smallest figure shown (answers)"), report.min_cell])
    writer.writerow([])
    writer.writerow(
        [
            _("Dimension"),
            _("Question"),
            _("Code"),
            _("Answers"),
            _("Share (%)"),
            _("What the share counts"),
            _("95 % interval, low"),
            _("95 % interval, high"),
            _("National figure (%)"),
            _("Compared with the national figure"),
        ]
        + [_("Distribution")]
    )
    for dimension, rows in report.items:
        for row in rows:
            share = row.share
            if not share.shown:
                writer.writerow([dimension, row.text, row.item.code.upper(), "", HIDDEN])
                continue
            writer.writerow(
                [
                    dimension,
                    row.text,
                    row.item.code.upper(),
                    share.n,
                    _percent(share.percent),
                    row.item.share_label,
                    _percent(share.low_percent),
                    _percent(share.high_percent),
                    _percent(row.national_percent),
                    row.comparison or "",
                ]
                + [f"{part.label}: {_percent(part.percent)} %" for part in row.parts]
            )
    writer.writerow([])
    writer.writerow([_("Dimension"), _("Score 0-100"), _("95 % interval"), _("Answers")])
    for label, score in report.dimensions:
        if score.shown:
            writer.writerow(
                [label, f"{score.mean:.0f}", f"{score.low:.0f}-{score.high:.0f}", score.n]
            )
        else:
            writer.writerow([label, HIDDEN])
    for table in report.subgroups:
        writer.writerow([])
        writer.writerow([table.title, _("Answers")] + [label for label, _s in report.dimensions])
        for group in table.groups:
            cells = [f"{score.mean:.0f}" if score.shown else HIDDEN for score in group.scores]
            writer.writerow([group.label, group.responses if group.shown else HIDDEN] + cells)
