"""The involvement page: process indicators for the children a leader or caseworker has."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from stemme.access.views import staff_with_child_access
from stemme.accounts.models import Role
from stemme.audit import services as audit
from stemme.dashboards import selectors
from stemme.dashboards.forms import DEFAULT_MONTHS, PeriodForm
from stemme.survey.selectors.report import perceived_latest, share_shown


@require_GET
@staff_with_child_access
def involvement(request):
    """Team leaders: their teams' cases. Caseworkers: their own children. Administrators: 403."""
    user = request.user
    today = timezone.localdate()
    is_leader = user.role == Role.TEAM_LEADER
    form = PeriodForm(
        request.GET or None, today=today, teams=list(user.teams.all()) if is_leader else ()
    )
    period = selectors.Period.last_months(DEFAULT_MONTHS, today=today)
    team = None
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period"]
        team = form.cleaned_data.get("team")
    scope = selectors.scope_for(user, team=team)
    indicators = selectors.involvement_indicators(scope=scope, period=period)
    # Beside what the cases record, what the young people said ("oplevet"): a leader's chosen
    # team when it can be shown, else the whole municipality; never a caseworker's own children.
    own_team = team or (user.teams.first() if is_leader and user.teams.count() == 1 else None)
    perceived = perceived_latest(municipality_id=user.municipality_id, team=own_team)
    faces = selectors.meeting_faces(scope=scope, period=period)
    indicator_rows = [
        (indicator, perceived.shares.get(indicator.survey_item)) for indicator in indicators
    ]
    paginator = Paginator(
        selectors.cases_without_contact_6m(scope=scope, period=period), settings.STEMME_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("side"))
    rows = [(case, selectors.last_contact(case)) for case in page.object_list]
    audit.access_log_children(
        user=user, children=[case.child for case, _last in rows], purpose="involvement"
    )
    return render(
        request,
        "dashboards/involvement.html",
        {
            "form": form,
            "period": period,
            "team": team,
            "indicators": indicators,
            "indicator_rows": indicator_rows,
            "perceived": perceived,
            "faces": share_shown(faces["good"], faces["given"]),
            "page": page,
            "rows": rows,
            "is_leader": is_leader,
        },
    )
