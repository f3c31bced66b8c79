"""Which cases a leader's figures count, and whether they may drill from them to the cases."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from stemme.access import selectors as access
from stemme.accounts.models import Role
from stemme.dashboards.selectors import scope_for

MUNICIPALITY = "kommune"


@dataclass(frozen=True)
class Scope:
    cases: QuerySet
    # True: every number links to its list of cases (the cases are all ones the user may see).
    # False: the whole municipality, counts only.
    drills: bool
    key: str
    team: object = None


def figures_scope(user, *, key: str = "", team=None) -> Scope:
    """A caseworker: their own caseload. A team leader: their teams (or ``team``, one of them),
    or with ``key == "kommune"`` the whole municipality as counts (``cases_counted_for``)."""
    if user.role == Role.TEAM_LEADER and key == MUNICIPALITY:
        return Scope(access.cases_counted_for(user), drills=False, key=key)
    return Scope(scope_for(user, team=team), drills=True, key=key, team=team)


def scope_label(user, scope: Scope) -> str:
    """What the scope's cases are, in words: a committee pack says it on its first line."""
    if not scope.drills:
        return _("The whole municipality")
    if scope.team is not None:
        return scope.team.name
    if user.role == Role.TEAM_LEADER:
        return ", ".join(team.name for team in user.teams.order_by("name"))
    return user.get_full_name()
