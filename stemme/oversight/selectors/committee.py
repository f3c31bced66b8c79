"""The committee pack's figures: the same selectors as the leaders' pages, counted once, made
safe for a public paper (small cells suppressed, no names) and frozen as JSON in a snapshot.

A cell is a number, a text, or ``SUPPRESSED`` ("færre end N"); a share is left out (None) when
fewer than N cases are behind it. Targets are read when the pack is made and kept with it.
"""

import datetime as dt
import re
import uuid

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from stemme.dashboards.selectors import caseworker_changes_per_child_24m, involvement_indicators
from stemme.oversight import catalogue, charts
from stemme.oversight.models import CommitteeSnapshot, PackExport, Target
from stemme.oversight.selectors.caseload import caseload, caseload_by_team
from stemme.oversight.selectors.concern import repeated_concern
from stemme.oversight.selectors.deadlines import Share, deadline_compliance, totals
from stemme.oversight.selectors.flow import flow_times

SUPPRESSED = "suppressed"
# A cell that holds a number written as text ("21,8", "1,5"): aligned right like the numbers.
_NUMBER = re.compile(r"[0-9]+(,[0-9]+)?")
# The pack's tables, by the key their CSV's URL names.
TABLE_KEYS = ("frister", "inddragelse", "sagsstamme", "sagsstamme-fordeling", "forloeb")
# The figures a municipality can set red/amber/green targets for (all shares).
TARGETED = (
    catalogue.DEADLINES_MET_ON_TIME,
    catalogue.HANDOVERS_TOLD,
    catalogue.CASEWORKER_CHANGES,
    catalogue.REVIEW_FINDINGS,
)


def _count(value: int, min_cell: int):
    return SUPPRESSED if 0 < value < min_cell else value


def _percent(share: Share, min_cell: int):
    return share.percent if share.denominator >= min_cell else None


def rag(percent: int | None, target: dict | None, *, higher_is_better: bool) -> str:
    """ "green", "amber", "red", or "" (no target, or no figure)."""
    if percent is None or not target:
        return ""
    green, amber = target["green_from"], target["amber_from"]
    if higher_is_better:
        return "green" if percent >= green else "amber" if percent >= amber else "red"
    return "green" if percent <= green else "amber" if percent <= amber else "red"


def targets_for(*, municipality_id: int) -> dict[str, dict]:
    return {
        target.indicator: {"green_from": target.green_from, "amber_from": target.amber_from}
        for target in Target.objects.filter(municipality_id=municipality_id)
    }


def _days(value) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


def committee_figures(*, scope, period, now: dt.datetime, municipality_id: int) -> dict:
    """Every table of the pack, suppressed, as JSON-ready data."""
    min_cell = settings.STEMME_COMMITTEE_MIN_CELL
    targets = targets_for(municipality_id=municipality_id)
    today = now.date()
    rules = deadline_compliance(scope=scope, period=period, now=now)
    overall = totals(rules)
    handovers = next((row.met for row in rules if row.rule_id == "overdragelse-brev"), Share(0, 0))
    changes = caseworker_changes_per_child_24m(scope=scope, period=period)
    change_share = Share(changes.numerator, changes.denominator)
    loads = caseload(scope=scope)
    teams = caseload_by_team(scope=scope)
    steps = flow_times(scope=scope, period=period)
    concern = repeated_concern(scope=scope, today=today).count()
    involvement = involvement_indicators(scope=scope, period=period)

    def headline(definition, share: Share) -> dict:
        percent = _percent(share, min_cell)
        return {
            "key": definition.key,
            "title": str(definition.title),
            "percent": percent,
            "cases": _count(share.denominator, min_cell),
            "target": targets.get(definition.key),
            "rag": rag(
                percent, targets.get(definition.key), higher_is_better=definition.higher_is_better
            ),
            "higher_is_better": definition.higher_is_better,
        }

    return {
        "min_cell": min_cell,
        "versions": catalogue.versions(),
        "headline": [
            headline(catalogue.DEADLINES_MET_ON_TIME, overall.met),
            headline(catalogue.HANDOVERS_TOLD, handovers),
            headline(catalogue.CASEWORKER_CHANGES, change_share),
        ],
        "alerts": {
            "repeated_concern": _count(concern, min_cell),
            "overdue": _count(overall.overdue, min_cell),
        },
        "tables": [
            {
                "key": "frister",
                "title": _("Deadlines per rule"),
                "definition": catalogue.DEADLINES_MET_ON_TIME.key,
                "columns": [
                    _("Duty"),
                    _("Legal basis"),
                    _("Overdue now"),
                    _("Due within 14 days"),
                    _("Fell due in the period"),
                    _("Met on time (%)"),
                ],
                "rows": [
                    [
                        str(row.title),
                        row.legal_basis,
                        _count(row.overdue, min_cell),
                        _count(row.due_14, min_cell),
                        _count(row.met.denominator, min_cell),
                        _percent(row.met, min_cell),
                    ]
                    for row in rules
                ],
            },
            {
                "key": "inddragelse",
                "title": _("The children's involvement"),
                "definition": catalogue.INVOLVEMENT.key,
                "columns": [
                    _("Indicator"),
                    _("Counted"),
                    _("Out of"),
                    _("Share (%)"),
                    _("Youth survey 2020 (%)"),
                ],
                "rows": [
                    [
                        str(indicator.label),
                        _count(indicator.numerator, min_cell),
                        _count(indicator.denominator, min_cell),
                        _percent(Share(indicator.numerator, indicator.denominator), min_cell),
                        indicator.baseline.percent if indicator.baseline else None,
                    ]
                    for indicator in involvement
                ],
            },
            {
                "key": "sagsstamme",
                "title": _("Caseload"),
                "definition": catalogue.CASELOAD.key,
                "columns": [
                    _("Team"),
                    _("Open cases"),
                    _("Caseworkers"),
                    _("Cases per caseworker"),
                ],
                "rows": [
                    [
                        team.name,
                        _count(team.open_cases, min_cell),
                        team.caseworkers,
                        _days(team.per_caseworker),
                    ]
                    for team in teams
                ],
            },
            {
                "key": "sagsstamme-fordeling",
                "title": _("Weighted caseload: how many caseworkers have how many cases"),
                "definition": catalogue.CASELOAD.key,
                "columns": [_("Weighted cases"), _("Caseworkers")],
                "rows": [
                    [f"{band.low}–{band.high}" if band.high else f"{band.low}+", band.caseworkers]
                    for band in loads.bands
                ],
            },
            {
                "key": "forloeb",
                "title": _("Flow times from a report of concern"),
                "definition": catalogue.FLOW_TIMES.key,
                "columns": [
                    _("Step"),
                    _("Unit"),
                    _("Reports"),
                    _("Reached"),
                    _("Median"),
                    _("90th percentile"),
                ],
                "rows": [
                    [
                        step.label,
                        _("hours") if step.unit == "hours" else _("days"),
                        _count(step.reports, min_cell),
                        _count(step.reached, min_cell),
                        _days(step.median) if step.reached >= min_cell else None,
                        _days(step.p90) if step.reached >= min_cell else None,
                    ]
                    for step in steps
                ],
            },
        ],
    }


def snapshots_for(*, user) -> list:
    """The municipality's committee packs, newest first (a leader's own team or the whole
    municipality; another team's pack is that team's leader's)."""
    return list(
        CommitteeSnapshot.objects.filter(municipality_id=user.municipality_id)
        .filter(Q(team__isnull=True) | Q(team__in=user.teams.all()))
        .select_related("team", "made_by")
        .order_by("-counted_at")[:100]
    )


def snapshot_for(*, user, snapshot_id):
    try:
        snapshot_id = uuid.UUID(str(snapshot_id))
    except ValueError:
        return None
    return (
        CommitteeSnapshot.objects.filter(pk=snapshot_id, municipality_id=user.municipality_id)
        .filter(Q(team__isnull=True) | Q(team__in=user.teams.all()))
        .select_related("team", "made_by")
        .first()
    )


def pack_context(snapshot) -> dict:
    """What the pack's page and PDF show: the frozen figures, made readable."""
    figures = snapshot.figures
    min_cell = figures["min_cell"]
    tables = []
    for table in figures["tables"]:
        rows = [
            [
                {
                    "value": value,
                    "suppressed": value == SUPPRESSED,
                    "numeric": value == SUPPRESSED
                    or isinstance(value, int | float)
                    or value is None,
                }
                for value in row
            ]
            for row in table["rows"]
        ]
        tables.append(
            {**table, "cell_rows": rows, "version": figures["versions"].get(table["definition"])}
        )
    headline = [
        {**item, "version": figures["versions"].get(item["key"])} for item in figures["headline"]
    ]
    return {
        "snapshot": snapshot,
        "scope_label": figures.get("scope_label")
        or (snapshot.team.name if snapshot.team else _("The whole municipality")),
        "min_cell": min_cell,
        "headline": headline,
        "alerts": figures["alerts"],
        "tables": tables,
        "headline_chart": charts.bars(
            (
                (item["title"], item["percent"], f"{item['percent']} %")
                if item["percent"] is not None
                else (item["title"], None, _("too few cases"))
                for item in headline
            ),
            maximum=100,
        ),
    }


def export_for(*, user, export_id):
    """An export of a committee pack that ``user`` asked for; None for anything else."""
    try:
        export_id = uuid.UUID(str(export_id))
    except ValueError:
        return None
    return (
        PackExport.objects.filter(
            pk=export_id, requested_by=user, snapshot__municipality_id=user.municipality_id
        )
        .select_related("snapshot")
        .defer("content")
        .first()
    )
