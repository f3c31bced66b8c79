"""Which cases a leader's figures count, and whether they may drill from them to the cases."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from stemme.access import selectors as access
from stemme.accounts.models import Role, Team
from stemme.dashboards.selectors import scope_for

MUNICIPALITY = "kommune"


@dataclass(frozen=True)
class Scope:
    cases: QuerySet
    # True: every number links to its list of cases (the cases are all ones the user may see).
    # False: the whole municipality, or a department with teams not the user's: counts only.
    drills: bool
    key: str
    team: object = None
    department: object = None
    # The teams whose stored history (``TeamDay``) is the scope's: None for a caseworker's own
    # caseload, which is not a team's.
    teams: QuerySet | None = None


def figures_scope(user, *, key: str = "", team=None, department=None) -> Scope:
    """A caseworker: their own caseload. A team leader: their teams (or ``team``, one of them),
    a ``department`` (afdeling) of one of their teams, or with ``key == "kommune"`` the whole
    municipality as counts (``cases_counted_for``).

    A department drills (its numbers link to cases) only when all its teams are the leader's:
    then its cases are ones they may see. Otherwise it is counts only, as the municipality."""
    if user.role != Role.TEAM_LEADER:
        return Scope(scope_for(user), drills=True, key=key)
    if key == MUNICIPALITY:
        teams = Team.objects.filter(municipality_id=user.municipality_id)
        return Scope(access.cases_counted_for(user), drills=False, key=key, teams=teams)
    if department is not None:
        teams = department.teams.all()
        if set(teams.values_list("pk", flat=True)) <= set(user.teams.values_list("pk", flat=True)):
            cases = scope_for(user).filter(team__department=department)
            return Scope(cases, drills=True, key=key, department=department, teams=teams)
        cases = access.cases_counted_for(user).filter(team__department=department)
        return Scope(cases, drills=False, key=key, department=department, teams=teams)
    teams = Team.objects.filter(pk=team.pk) if team is not None else user.teams.all()
    return Scope(scope_for(user, team=team), drills=True, key=key, team=team, teams=teams)


def scope_label(user, scope: Scope) -> str:
    """What the scope's cases are, in words: a committee pack says it on its first line."""
    if scope.department is not None:
        return _("Department %(name)s") % {"name": scope.department.name}
    if not scope.drills:
        return _("The whole municipality")
    if scope.team is not None:
        return scope.team.name
    if user.role == Role.TEAM_LEADER:
        return ", ".join(team.name for team in user.teams.order_by("name"))
    return user.get_full_name()
