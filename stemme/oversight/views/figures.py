"""The overview of the leadership figures, its drill-downs and "Sådan beregnes tallet"."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from stemme.access.views import staff_with_child_access
from stemme.accounts.models import Role
from stemme.audit import services as audit
from stemme.cases.models import Stage
from stemme.dashboards.forms import DEFAULT_MONTHS
from stemme.dashboards.selectors import Period, caseworker_changes_per_child_24m
from stemme.deadlines.labels import legal_basis_display, rule_title
from stemme.deadlines.rules import RULES_BY_ID
from stemme.oversight import catalogue, charts
from stemme.oversight.forms import OverviewForm
from stemme.oversight.selectors import caseload as caseload_selectors
from stemme.oversight.selectors import concern, flow, history
from stemme.oversight.selectors import deadlines as deadline_selectors
from stemme.oversight.selectors.scope import figures_scope

TREND_MONTHS = 12
ALL_RULES = "alle"


def _asked(request, *, today):
    """The period and scope asked for; the defaults when the form is not valid."""
    user = request.user
    form = OverviewForm(request.GET or None, user=user, today=today)
    period = Period.last_months(DEFAULT_MONTHS, today=today)
    key, team, department = "", None, None
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period"]
        key, team = form.cleaned_data["scope"], form.cleaned_data["team"]
        department = form.cleaned_data["department"]
    return form, period, figures_scope(user, key=key, team=team, department=department)


def _trend_chart(months):
    return charts.columns(
        (
            date_format(row.month, "M"),
            row.met.percent,
            f"{row.met.percent} %" if row.met.percent is not None else _("nothing due"),
        )
        for row in months
    )


# The overview's sections, each loaded as its own request (htmx, ``hx-trigger="load"``): across
# a whole municipality each costs 150-250 ms of queries at 10,000 children, the lot ~900 ms.
TILES = {
    "frister": ("deadlines-heading", _lazy("Deadlines")),
    "sagsstamme": ("caseload-heading", _lazy("Caseload")),
    "kontinuitet": ("continuity-heading", _lazy("Continuity")),
    "forloeb": ("flow-heading", _lazy("Flow times from a report of concern")),
    "udvikling": ("history-heading", _lazy("Month by month")),
}


@require_GET
@staff_with_child_access
def overview(request):
    """The figures a leader (their teams, or the municipality as counts) or a caseworker (their
    own caseload) follows: the key figures here, each section as a tile of its own. Counts only:
    no child is shown, so nothing is access-logged; the drill-downs log what they show."""
    user = request.user
    now = timezone.now()
    today = timezone.localdate()
    form, period, scope = _asked(request, today=today)
    rules, _teams = deadline_selectors.deadline_compliance_split(
        scope=scope.cases, period=period, now=now, teams=_tallied(scope)
    )
    context = {
        "form": form,
        "period": period,
        "scope": scope,
        "is_leader": user.role == Role.TEAM_LEADER,
        "total": deadline_selectors.totals(rules),
        "concern_count": concern.repeated_concern(scope=scope.cases, today=today).count(),
        "concern_threshold": settings.STEMME_REPEATED_CONCERN_REPORTS,
        "scope_query": _scope_query(request),
        "tile_query": _tile_query(request),
        # A caseworker's own caseload is no team's: it has no stored history.
        "tiles": [
            (key, heading, title)
            for key, (heading, title) in TILES.items()
            if key != "udvikling" or scope.teams is not None
        ],
        "catalogue": catalogue,
    }
    return render(request, "oversight/overview.html", context)


def _tile_query(request) -> str:
    """The scope and period asked for, carried to the tiles."""
    return request.GET.copy().urlencode() if request.GET else ""


def _tallied(scope):
    """The teams whose tallies a counts-only scope may read: its cases are exactly theirs. A
    leader's own scope may also hold a case reached otherwise (a second review): counted live."""
    return None if scope.drills else scope.teams


def _deadlines_tile(scope, period, now, today) -> dict:
    rules, teams = deadline_selectors.deadline_compliance_split(
        scope=scope.cases, period=period, now=now, teams=_tallied(scope)
    )
    key_rules = [row for row in rules if row.is_key]
    months = deadline_selectors.on_time_by_month(
        scope=scope.cases, months=TREND_MONTHS, today=today, now=now, teams=_tallied(scope)
    )
    with_figure = [row for row in months if row.met.denominator]
    return {
        "rules": rules,
        "total": deadline_selectors.totals(rules),
        "key_rules": key_rules,
        "compliance_chart": charts.bars(
            (
                (row.title, row.met.percent, f"{row.met.percent} %", row.met.interval)
                if row.met.percent is not None
                else (row.title, None, _("nothing fell due"))
                for row in key_rules
            ),
            maximum=100,
        ),
        "months": months,
        "trend_chart": _trend_chart(months),
        "trend_best": max(with_figure, key=lambda row: row.met.percent, default=None),
        "trend_worst": min(with_figure, key=lambda row: row.met.percent, default=None),
        "teams": [] if scope.drills else teams,
    }


def _caseload_tile(scope, period, now, today) -> dict:
    load = caseload_selectors.caseload(scope=scope.cases)
    return {
        "load": load,
        "load_chart": charts.bars(
            (
                f"{band.low}–{band.high}" if band.high else f"{band.low}+",
                band.caseworkers,
                str(band.caseworkers),
            )
            for band in load.bands
        ),
        "team_loads": []
        if scope.drills
        else caseload_selectors.caseload_by_team(scope=scope.cases),
    }


def _continuity_tile(scope, period, now, today) -> dict:
    return {
        "changes": caseworker_changes_per_child_24m(scope=scope.cases, period=period),
        "handovers": deadline_selectors.rule_met(
            scope=scope.cases, period=period, now=now, rule_id="overdragelse-brev"
        ),
    }


def _flow_tile(scope, period, now, today) -> dict:
    return {"steps": flow.flow_times(scope=scope.cases, period=period)}


def _history_tile(scope, period, now, today) -> dict:
    if scope.teams is None:
        return {"history": None}
    months = history.history(teams=scope.teams, months=TREND_MONTHS, today=today)
    counted = [row for row in months if row.day is not None]
    return {
        "history": months,
        "history_counted": counted,
        "history_reconstructed": any(row.reconstructed for row in counted),
        "history_chart": charts.columns(
            (
                (
                    date_format(row.month, "M"),
                    row.overdue if row.day else None,
                    str(row.overdue) if row.day else _("not counted"),
                )
                for row in months
            ),
            maximum=max((row.overdue for row in counted), default=0),
        ),
        "history_highest": max(counted, key=lambda row: row.overdue, default=None),
    }


_TILE_CONTEXT = {
    "frister": _deadlines_tile,
    "sagsstamme": _caseload_tile,
    "kontinuitet": _continuity_tile,
    "forloeb": _flow_tile,
    "udvikling": _history_tile,
}


@require_GET
@staff_with_child_access
def overview_tile(request, tile):
    """One section of the overview, for the same scope and period: the section alone for htmx,
    a page of its own for a browser without JavaScript. Counts only, as the overview."""
    if tile not in TILES:
        raise Http404
    user = request.user
    now = timezone.now()
    today = timezone.localdate()
    _form, period, scope = _asked(request, today=today)
    context = {
        "period": period,
        "scope": scope,
        "is_leader": user.role == Role.TEAM_LEADER,
        "scope_query": _scope_query(request),
        "tile_query": _tile_query(request),
        "catalogue": catalogue,
        "tile_template": f"oversight/_tile_{tile}.html",
        "title": TILES[tile][1],
        **_TILE_CONTEXT[tile](scope, period, now, today),
    }
    if request.headers.get("HX-Request"):
        return render(request, context["tile_template"], context)
    return render(request, "oversight/tile_page.html", context)


def _scope_query(request) -> str:
    """The scope's part of the query string, carried to a drill-down."""
    key = request.GET.get("scope", "")
    return f"scope={key}" if key.startswith(("team-", "afdeling-")) else ""


def _criterion_scope(scope) -> str:
    """The team or department a drill-down's criterion was narrowed to, for its access log."""
    if scope.team is not None:
        return f":team-{scope.team.pk}"
    if scope.department is not None:
        return f":afdeling-{scope.department.pk}"
    return ""


def _drill_scope(request):
    """The cases a drill-down lists: always within what the user may see (never the
    municipality's counts scope)."""
    today = timezone.localdate()
    form = OverviewForm(request.GET or None, user=request.user, today=today)
    team = department = None
    if form.is_bound and form.is_valid():
        team, department = form.cleaned_data["team"], form.cleaned_data["department"]
    scope = figures_scope(request.user, team=team, department=department)
    # A department with teams not the user's is counts only: its list is their own teams'.
    return scope if scope.drills else figures_scope(request.user)


@require_GET
@staff_with_child_access
def drill_deadlines(request, rule, criterion):
    """The duties behind a number of the compliance table, as a list of cases. Logged as a
    search with its criterion, and a view row per child shown."""
    if criterion not in deadline_selectors.CRITERIA or (
        rule != ALL_RULES and rule not in RULES_BY_ID
    ):
        raise Http404
    now = timezone.now()
    scope = _drill_scope(request)
    rows = deadline_selectors.obligations_drilled(
        scope=scope.cases, rule_id="" if rule == ALL_RULES else rule, criterion=criterion, now=now
    )
    page = Paginator(rows, settings.STEMME_PAGE_SIZE).get_page(request.GET.get("side"))
    audit.access_log_search(
        user=request.user,
        criterion=f"frister:{rule}:{criterion}{_criterion_scope(scope)}",
        children=list({row.child_id: row.child for row in page.object_list}.values()),
        purpose="oversight_drill",
    )
    return render(
        request,
        "oversight/drill_deadlines.html",
        {
            "page": page,
            "rule_title": rule_title(rule) if rule != ALL_RULES else _("All duties"),
            "criterion": criterion,
            "scope": scope,
            "query": _scope_query(request),
            "now": now,
        },
    )


@require_GET
@staff_with_child_access
def drill_concern(request):
    """The children behind the repeated-concern alert."""
    scope = _drill_scope(request)
    rows = concern.repeated_concern_children(scope=scope.cases, today=timezone.localdate())
    page = Paginator(rows, settings.STEMME_PAGE_SIZE).get_page(request.GET.get("side"))
    audit.access_log_search(
        user=request.user,
        criterion=f"gentagne-bekymringer{_criterion_scope(scope)}",
        children=[child for child, _reports, _latest in page.object_list],
        purpose="oversight_drill",
    )
    return render(
        request,
        "oversight/drill_concern.html",
        {
            "page": page,
            "threshold": settings.STEMME_REPEATED_CONCERN_REPORTS,
            "query": _scope_query(request),
        },
    )


@require_GET
@login_required
def definition(request, key):
    """ "Sådan beregnes tallet": a figure's definition, as the catalogue has it."""
    found = catalogue.BY_KEY.get(key)
    if found is None:
        raise Http404
    rules = []
    if key.startswith("deadlines-"):
        rules = [
            (
                rule_title(rule_id),
                legal_basis_display(RULES_BY_ID[rule_id].legal_basis),
                catalogue.AUDIT_ITEMS.get(rule_id),
            )
            for rule_id in catalogue.KEY_RULES
        ]
    return render(
        request,
        "oversight/definition.html",
        {
            "definition": found,
            "rules": rules,
            "weights": (
                [
                    (label, catalogue.STAGE_WEIGHTS[value])
                    for value, label in Stage.choices
                    if value in catalogue.STAGE_WEIGHTS
                ]
                if key == "caseload"
                else None
            ),
            "threshold": settings.STEMME_REPEATED_CONCERN_REPORTS,
            "catalogue": catalogue.CATALOGUE,
        },
    )
