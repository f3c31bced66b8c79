"""The one place that decides who may see which child.

Every view that shows a child's data gets the child (or the list of children) from here; nothing
else filters children for a user. Each rule is a separate line so tests cover every branch
(Zulip's ``access_*_by_*`` pattern).

Who sees what:
- a caseworker: children with a case they are currently assigned to (primary or secondary); and,
  when their municipality turns on ``caseworkers_see_team_children``, children with a case on one
  of their teams;
- a team leader: children with an open case on one of their teams, or whose latest case (now
  closed) was on one of their teams — not children who merely had an old case there and are now
  another team's;
- an administrator: no child data;
- always only within the user's own municipality.

An unauthorised request for a child answers 404 exactly like a child that does not exist, so ids
cannot be probed for existence (docs/architecture.md, "Access").
"""

import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from stemme.accounts.models import Role
from stemme.audit import services as audit
from stemme.audit.models import AccessAction
from stemme.cases.models import Case, Stage
from stemme.children.models import Child


def _visible_cases_filter(user) -> Q | None:
    """The filter on Case that defines the user's reach, or None for no child data at all."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.municipality_id is None:
        return None
    in_municipality = Q(child__municipality_id=user.municipality_id)
    if user.role == Role.CASEWORKER:
        reach = Q(
            assignments__caseworker_id=user.pk,
            assignments__ended_on__isnull=True,
        )
        if user.municipality.caseworkers_see_team_children:
            reach |= Q(team__in=user.teams.all())
        return in_municipality & reach
    if user.role == Role.TEAM_LEADER:
        newer_case = Case.objects.filter(
            child_id=OuterRef("child_id"), opened_on__gt=OuterRef("opened_on")
        )
        open_or_latest = ~Q(stage=Stage.CLOSED) | ~Exists(newer_case)
        return in_municipality & Q(team__in=user.teams.all()) & open_or_latest
    return None


def cases_visible_to(user) -> QuerySet[Case]:
    condition = _visible_cases_filter(user)
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(pk__in=Case.objects.filter(condition).values("pk"))


def children_visible_to(user) -> QuerySet[Child]:
    condition = _visible_cases_filter(user)
    if condition is None:
        return Child.objects.none()
    return Child.objects.filter(pk__in=Case.objects.filter(condition).values("child_id"))


def children_assigned_to(user) -> QuerySet[Child]:
    """The caseworker's own caseload ("Mine børn"): a subset of what they may see."""
    if not user.is_authenticated or user.role != Role.CASEWORKER:
        return Child.objects.none()
    return (
        children_visible_to(user)
        .filter(
            cases__assignments__caseworker_id=user.pk, cases__assignments__ended_on__isnull=True
        )
        .distinct()
    )


def can_see_child_data(user) -> bool:
    """Whether the user's role can ever see child data (used to pick the home page)."""
    return _visible_cases_filter(user) is not None


def access_child_by_id(user, child_id, *, purpose: str, action=AccessAction.VIEW) -> Child:
    """Return the child for showing to ``user`` and log the access, or raise Http404.

    Call this inside the request's transaction: the access log row is written with the response.
    """
    try:
        pk = uuid.UUID(str(child_id))
    except ValueError as exc:
        raise Http404 from exc
    child = children_visible_to(user).filter(pk=pk).select_related("municipality").first()
    if child is None:
        raise Http404
    audit.access_log_children(user=user, children=[child], purpose=purpose, action=action)
    return child


def access_case_by_id(user, case_id, *, purpose: str, action=AccessAction.VIEW) -> Case:
    """Return the case for ``user`` and log access to its child, or raise Http404."""
    try:
        pk = uuid.UUID(str(case_id))
    except ValueError as exc:
        raise Http404 from exc
    case = (
        cases_visible_to(user).filter(pk=pk).select_related("child__municipality", "team").first()
    )
    if case is None:
        raise Http404
    audit.access_log_children(user=user, children=[case.child], purpose=purpose, action=action)
    return case
