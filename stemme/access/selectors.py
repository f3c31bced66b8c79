"""The one place that decides who may see which child.

Every view that shows a child's data gets the child (or the list of children) from here; nothing
else filters children for a user. Each rule is a separate line so tests cover every branch
(Zulip's ``access_*_by_*`` pattern).

Who sees what:
- a caseworker: children with a case they are currently assigned to (primary or secondary); and,
  when their municipality turns on ``caseworkers_see_team_children``, children with a case on one
  of their teams;
- a deputy (stedfortræder, ``DeputyAccess``): while today (Europe/Copenhagen) is within the
  appointment's start and end date, inclusive, also every child the covered caseworker is
  currently assigned to — the day after the end date the access is gone, with no job to run;
- a team leader: children with an open case on one of their teams, or whose latest case (now
  closed) was on one of their teams — not children who merely had an old case there and are now
  another team's;
- a team leader asked for a second review of a case (ledelsestilsyn, ``oversight.Review`` with
  ``first`` set): that case's child, until the review is saved;
- a caseworker or team leader with emergency access (nødadgang, ``EmergencyAccess``): also that
  child, until the access expires;
- an administrator: no child data;
- always only within the user's own municipality.

An unauthorised request for a child answers 404 exactly like a child that does not exist, so ids
cannot be probed for existence (docs/architecture.md, "Access"). The refusal is logged by
``staff_with_child_access`` (stemme/access/views.py).

Field-level visibility (who may see which *fields* of a child they may see) is declared in
stemme/access/fields.py; its rules live here too (``may_see_reporter_identity``).
"""

import datetime as dt
import functools
import operator
import uuid
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact
from django.http import Http404
from django.utils import timezone

from stemme.access.models import DeputyAccess, EmergencyAccess
from stemme.accounts.models import Role, User
from stemme.audit import services as audit
from stemme.audit.models import AccessAction, AccessBasis
from stemme.cases.models import Case, CaseworkerAssignment, Stage
from stemme.children.models import Child
from stemme.oversight.models import Review, ReviewStatus


class AccessRefused(Http404):
    """The 404 for a well-formed id the user may not see; says what was asked for, so that
    ``staff_with_child_access`` can log the refusal after the request's transaction."""

    def __init__(self, *, requested: str, purpose: str):
        super().__init__()
        self.requested = requested
        self.purpose = purpose


@dataclass(frozen=True)
class _Who:
    """What a user's reach depends on, apart from the clock."""

    role: str
    user_id: int
    municipality_id: int
    team_children: bool  # the municipality lets caseworkers see their teams' children


def _who(user) -> "_Who | None":
    """None for a user who sees no child data at all (``can_see_child_data``)."""
    if not can_see_child_data(user):
        return None
    team_children = user.role == Role.CASEWORKER and user.municipality.caseworkers_see_team_children
    return _Who(user.role, user.pk, user.municipality_id, team_children)


def _teams_of(who: _Who) -> QuerySet:
    return User.teams.through.objects.filter(user_id=who.user_id).values("team_id")


def _deputy_reach(who: _Who, today: dt.date) -> Q:
    """Cases whose current caseworker the user deputises for today."""
    covered = (
        DeputyAccess.objects.active_on(today)
        .filter(deputy_id=who.user_id, municipality_id=who.municipality_id)
        .values("covered_id")
    )
    assigned = CaseworkerAssignment.objects.filter(
        caseworker_id__in=covered, ended_on__isnull=True
    ).values("case_id")
    return Q(pk__in=assigned)


def _emergency_reach(who: _Who, now: dt.datetime) -> Q:
    """Every case of a child the user has unexpired emergency access to."""
    granted = EmergencyAccess.objects.filter(
        user_id=who.user_id, granted_at__lte=now, expires_at__gt=now
    ).values("child_id")
    return Q(child_id__in=granted)


def _second_review_reach(who: _Who) -> Q:
    """The case a team leader was asked to review a second time (ledelsestilsyn's calibration,
    stemme/oversight), until that review is saved (the team rule may give more)."""
    asked = Review.objects.filter(
        reviewer_id=who.user_id,
        municipality_id=who.municipality_id,
        first__isnull=False,
        status=ReviewStatus.PLANNED,
    ).values("case_id")
    return Q(pk__in=asked)


def _parts(who: _Who, today: dt.date, now: dt.datetime) -> list[tuple[str, Q]]:
    """The reach as (basis, condition on Case), the most ordinary basis first. Builds lazy
    subqueries only: no query runs here."""
    if who.role == Role.CASEWORKER:
        # Each part is an indexed "IN (subquery)", not a join: ORed with the deputy and
        # emergency parts, a join would make SQLite scan every case (bench/pages.py).
        own = CaseworkerAssignment.objects.filter(
            caseworker_id=who.user_id, ended_on__isnull=True
        ).values("case_id")
        parts = [(AccessBasis.OWN_CASE, Q(pk__in=own))]
        if who.team_children:
            parts.append((AccessBasis.TEAM, Q(team__in=_teams_of(who))))
        parts.append((AccessBasis.DEPUTY, _deputy_reach(who, today)))
    else:  # a team leader (_who lets no other role through)
        newer_case = Case.objects.filter(
            child_id=OuterRef("child_id"), opened_on__gt=OuterRef("opened_on")
        )
        open_or_latest = ~Q(stage=Stage.CLOSED) | ~Exists(newer_case)
        parts = [(AccessBasis.TEAM, Q(team__in=_teams_of(who)) & open_or_latest)]
        parts.append((AccessBasis.SECOND_REVIEW, _second_review_reach(who)))
    parts.append((AccessBasis.EMERGENCY, _emergency_reach(who, now)))
    return parts


def _bases(who: _Who) -> list[str]:
    """The rules of ``_parts``, in its order, without building them."""
    if who.role == Role.CASEWORKER:
        team = [AccessBasis.TEAM] if who.team_children else []
        return [AccessBasis.OWN_CASE, *team, AccessBasis.DEPUTY, AccessBasis.EMERGENCY]
    return [AccessBasis.TEAM, AccessBasis.SECOND_REVIEW, AccessBasis.EMERGENCY]


def _reach(user, *, today=None, now=None) -> list[tuple[str, Q]] | None:
    """The user's reach as (basis, condition on Case), the most ordinary basis first; None for a
    user who sees no child data at all. Builds lazy subqueries only: no query runs here."""
    who = _who(user)
    if who is None:
        return None
    return _parts(who, today or timezone.localdate(), now or timezone.now())


def _combined(who: _Who, parts) -> Q:
    """The cases in reach. On PostgreSQL ``pk IN (one part UNION another …)``: each part is a
    short, indexed list (the user's assignments, their teams' cases, deputised and emergency
    cases), so the database starts from those few cases; ORed as conditions on the case instead,
    it scanned every case of the municipality with a sub-plan per part (4× slower at 30,000
    children). SQLite keeps no statistics and does better with the ORed form (docs/
    performance.md, "Who may see which case")."""
    # "municipality_id + 0": the same test, but not an indexed one, so no planner starts from
    # the municipality's index (every child of it) instead of the user's short lists.
    in_municipality = Q(Exact(F("child__municipality_id") + 0, who.municipality_id))
    if connection.vendor == "sqlite":
        return in_municipality & functools.reduce(operator.or_, (q for _basis, q in parts))
    lists = [Case.objects.order_by().filter(q).values("pk") for _basis, q in parts]
    reach = lists[0].union(*lists[1:]) if len(lists) > 1 else lists[0]
    return in_municipality & Q(pk__in=reach)


# --- The reach's SQL, compiled once per shape ---------------------------------------------------
#
# Building the reach's querysets and compiling them to SQL cost ~10 ms of Python per use at any
# size (a page of many children uses it two to four times), more than the database needs to
# answer it. The SQL differs only by the user's role, the municipality's team setting and the
# database; the user, municipality, day and moment are parameters. So each shape is compiled
# once per process with stand-in values, and each use fills in the real ones. Only SQL text is
# kept: no row, no child, no user (docs/performance.md).

_STAND_IN = {
    "user": 2_000_000_011,
    "municipality": 2_000_000_017,
    "today": dt.date(1901, 2, 3),
    "now": dt.datetime(1901, 2, 4, 5, 6, 7, tzinfo=dt.UTC),
}
_compiled_sql: dict = {}


def _param_forms(value) -> list:
    """How a stand-in value can appear among a compiled query's parameters (as given, or as the
    database adapter prepares a date or a moment)."""
    forms = [value]
    if isinstance(value, dt.datetime):
        forms.append(connection.ops.adapt_datetimefield_value(value))
    elif isinstance(value, dt.date):
        forms.append(connection.ops.adapt_datefield_value(value))
    return forms


def _compile(shape: tuple, build) -> tuple[str, list]:
    """``build(who, today, now)`` → a queryset; its SQL with stand-ins, and for each parameter
    either the stand-in's name (filled per use) or a constant (kept)."""
    key = (connection.alias, connection.vendor, *shape)
    if key not in _compiled_sql:
        role, team_children, *_rest = shape
        who = _Who(role, _STAND_IN["user"], _STAND_IN["municipality"], team_children)
        queryset = build(who, _STAND_IN["today"], _STAND_IN["now"])
        sql, params = queryset.query.get_compiler(connection.alias).as_sql()
        slots = []
        for param in params:
            name = next((n for n, value in _STAND_IN.items() if param in _param_forms(value)), None)
            slots.append(("stand_in", name) if name else ("constant", param))
        for value in _STAND_IN.values():
            # A stand-in written into the SQL text instead of passed as a parameter would be
            # kept as it is for every user: refuse to cache such a shape.
            if str(value) in sql or str(_param_forms(value)[-1]) in sql:
                raise RuntimeError(f"stand-in {value!r} inlined in the reach's SQL")
        _compiled_sql[key] = (sql, slots)
    return _compiled_sql[key]


def _reach_sql(user, shape: str, build, *, today=None, now=None) -> RawSQL | None:
    """The compiled SQL of ``build`` for ``user`` (a sub-query to use with ``__in``), or None for
    a user who sees no child data."""
    who = _who(user)
    if who is None:
        return None
    sql, slots = _compile((who.role, who.team_children, shape), build)
    real = {
        "user": who.user_id,
        "municipality": who.municipality_id,
        "today": today or timezone.localdate(),
        "now": now or timezone.now(),
    }
    params = [
        _param_forms(real[value])[-1] if kind == "stand_in" else value for kind, value in slots
    ]
    # The SQL is Django's own compilation (no user input in it); every value is a parameter.
    return RawSQL(sql, params)  # noqa: S611


# Without ordering: a list of ids for "IN (…)" needs none, and the case's default order made
# PostgreSQL sort the reach before using it.
def _visible_case_ids(who: _Who, today, now) -> QuerySet:
    return Case.objects.order_by().filter(_combined(who, _parts(who, today, now))).values("pk")


def _visible_child_ids(who: _Who, today, now) -> QuerySet:
    return (
        Case.objects.order_by().filter(_combined(who, _parts(who, today, now))).values("child_id")
    )


def _part_case_ids(basis: str):
    """The cases one rule reaches (for the basis of one child's or case's access)."""

    def build(who: _Who, today, now) -> QuerySet:
        condition = dict(_parts(who, today, now))[basis]
        return Case.objects.order_by().filter(condition).values("pk")

    return build


def _basis_annotations(user, outer: str, *, today=None, now=None) -> dict:
    """One EXISTS per rule, evaluated in the same query as the row (``outer``: the Case field
    that points at the outer row); each rule's cases are its compiled SQL."""
    return {
        f"via_{basis}": Exists(
            Case.objects.filter(
                pk__in=_reach_sql(
                    user, f"part:{basis}", _part_case_ids(basis), today=today, now=now
                ),
                **{outer: OuterRef("pk")},
            )
        )
        for basis in _bases(_who(user))
    }


def _basis_of(row, bases) -> str | None:
    """The first rule that reaches ``row``, or None when none does."""
    return next((basis for basis in bases if getattr(row, f"via_{basis}")), None)


def cases_visible_to(user, *, today=None, now=None) -> QuerySet[Case]:
    reach = _reach_sql(user, "cases", _visible_case_ids, today=today, now=now)
    if reach is None:
        return Case.objects.none()
    return Case.objects.filter(pk__in=reach)


def children_visible_to(user, *, today=None, now=None) -> QuerySet[Child]:
    reach = _reach_sql(user, "children", _visible_child_ids, today=today, now=now)
    if reach is None:
        return Child.objects.none()
    return Child.objects.filter(pk__in=reach)


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


def cases_counted_for(user) -> QuerySet[Case]:
    """The cases a user may see **counts** of, never rows: a team leader the whole municipality
    (the leadership figures' widest scope, "Hele kommunen"); anyone else nothing. A page built
    on this shows aggregates only, and links to lists only through ``cases_visible_to``."""
    if not user.is_authenticated or user.role != Role.TEAM_LEADER or not user.municipality_id:
        return Case.objects.none()
    return Case.objects.filter(team__municipality_id=user.municipality_id)


def can_see_child_data(user) -> bool:
    """Whether the user's role can ever see child data (every child page asks first): the
    conditions under which ``_reach`` gives a reach, without building it (no query)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.municipality_id is not None
        and user.role in (Role.CASEWORKER, Role.TEAM_LEADER)
    )


def _parse_id(value):
    """A UUID, or None for a malformed id (plain 404, not logged: it names nothing)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def access_child_by_id(
    user, child_id, *, purpose: str, action=AccessAction.VIEW, today=None, now=None
) -> Child:
    """Return the child for showing to ``user`` and log the access, or raise Http404.

    Call this inside the request's transaction: the access log row is written with the response.
    One query finds the child and why the user may see it (``child.access_basis``, logged too).
    """
    pk = _parse_id(child_id)
    if pk is None:
        raise Http404
    who = _who(user)
    child = None
    if who is not None:
        # One child by its key: the row and one EXISTS per rule, in one query. A child no rule
        # reaches is refused like one that does not exist. (The reach as a list, _combined,
        # is for pages of many children; for one it only made the query dearer to build.)
        child = (
            Child.objects.filter(pk=pk, municipality_id=user.municipality_id)
            .annotate(**_basis_annotations(user, "child_id", today=today, now=now))
            .select_related("municipality")
            .first()
        )
    basis = _basis_of(child, _bases(who)) if child is not None else None
    if basis is None:
        raise AccessRefused(requested=f"child:{pk}", purpose=purpose)
    child.access_basis = basis
    audit.access_log_children(
        user=user, children=[child], purpose=purpose, action=action, basis=child.access_basis
    )
    return child


def access_case_by_id(
    user, case_id, *, purpose: str, action=AccessAction.VIEW, today=None, now=None
) -> Case:
    """Return the case for ``user`` and log access to its child, or raise Http404."""
    pk = _parse_id(case_id)
    if pk is None:
        raise Http404
    who = _who(user)
    case = None
    if who is not None:
        case = (
            Case.objects.filter(pk=pk, child__municipality_id=user.municipality_id)
            .annotate(**_basis_annotations(user, "pk", today=today, now=now))
            .select_related("child__municipality", "team")
            .first()
        )
    basis = _basis_of(case, _bases(who)) if case is not None else None
    if basis is None:
        raise AccessRefused(requested=f"case:{pk}", purpose=purpose)
    case.access_basis = case.child.access_basis = basis
    audit.access_log_children(
        user=user,
        children=[case.child],
        purpose=purpose,
        action=action,
        basis=case.access_basis,
    )
    return case


def nested_refused(*, under, kind: str, nested_id, purpose: str, own: QuerySet) -> Http404:
    """The 404 for a nested id (a network member, a letter, a meeting's participant …) that the
    child, case or meeting the user may see (``under``, already checked and logged) does not
    hold. Raise what it returns.

    When the id is not one of ``own`` (every row of that kind under ``under``, in any state) it
    is someone else's, or nothing: a probe, refused and logged like a refused child id
    (``AccessRefused``; ``staff_with_child_access`` writes the ``denied`` row after the rolled
    back transaction, which also drops the own child's ``view`` row of the request). The row
    names no child — not the other child, whom the user must not learn about, and not the own
    child, whose "who has looked" would otherwise show a look at something that is not theirs —
    but its criterion says both where the user was and what they asked for:
    ``child:<id>/network_member:<id>``. An id of ``own`` that the page does not take (an ended
    goal, a removed member) is an ordinary 404, not a refusal (one query, on failure only).
    """
    if own.filter(pk=nested_id).exists():
        return Http404()
    where = f"{under._meta.model_name}:{under.pk}"
    return AccessRefused(requested=f"{where}/{kind}:{nested_id}", purpose=purpose)


# --- Field-level visibility (declared in stemme/access/fields.py) ------------------------------


def may_see_reporter_identity(user, case: Case) -> bool:
    """The reporter's identity: only the case team — the case's current caseworkers and the
    leaders of the case's team. Not a deputy, not emergency access, not a colleague who sees
    the team's children (one query)."""
    if not user.is_authenticated or not user.is_active or user.municipality_id is None:
        return False
    if user.municipality_id != case.child.municipality_id:
        return False
    if user.role == Role.CASEWORKER:
        return case.assignments.filter(caseworker_id=user.pk, ended_on__isnull=True).exists()
    if user.role == Role.TEAM_LEADER:
        return user.teams.filter(pk=case.team_id).exists()
    return False


# --- Deputies and emergency access: what the pages list ----------------------------------------


@dataclass
class DeputyChild:
    """A child the user sees as deputy: for whom, and until when."""

    child: Child
    covering: list  # the covered caseworkers' names
    until: dt.date


def deputy_children_for(user, *, today=None) -> list[DeputyChild]:
    """The children ``user`` sees today only as someone's deputy, by name (2 queries; 1 when
    the user deputises for nobody). Children they also see on their own are left out."""
    today = today or timezone.localdate()
    if not user.is_authenticated or user.role != Role.CASEWORKER or user.municipality_id is None:
        return []
    grants = list(
        DeputyAccess.objects.active_on(today)
        .filter(deputy_id=user.pk, municipality_id=user.municipality_id)
        .select_related("covered")
    )
    if not grants:
        return []
    until = {}
    for grant in grants:
        until[grant.covered_id] = max(until.get(grant.covered_id, grant.ends_on), grant.ends_on)
    own = CaseworkerAssignment.objects.filter(
        case_id=OuterRef("case_id"), caseworker_id=user.pk, ended_on__isnull=True
    )
    assignments = (
        CaseworkerAssignment.objects.filter(
            caseworker_id__in=list(until),
            ended_on__isnull=True,
            case__in=cases_visible_to(user, today=today),
        )
        .exclude(Exists(own))
        .select_related("case__child", "caseworker")
        .order_by("case__child__first_name", "case__child__last_name", "case__child_id")
    )
    rows: dict = {}
    for assignment in assignments:
        child = assignment.case.child
        row = rows.setdefault(child.pk, DeputyChild(child=child, covering=[], until=today))
        name = str(assignment.caseworker)
        if name not in row.covering:
            row.covering.append(name)
        row.until = max(row.until, until[assignment.caseworker_id])
    return list(rows.values())


def _leader_deputies(leader) -> QuerySet[DeputyAccess]:
    """Deputies the leader appointed, or for a caseworker on one of the leader's teams."""
    if leader.role != Role.TEAM_LEADER or leader.municipality_id is None:
        return DeputyAccess.objects.none()
    scope = DeputyAccess.objects.filter(municipality_id=leader.municipality_id).filter(
        Q(appointed_by=leader) | Q(covered__teams__in=leader.teams.all())
    )
    return DeputyAccess.objects.filter(pk__in=scope.values("pk"))


def deputies_for_leader(leader, *, today=None) -> dict:
    """The leader's deputies (``_leader_deputies``): current, coming, and those that ended in
    the last 90 days (1 query)."""
    today = today or timezone.localdate()
    rows = (
        _leader_deputies(leader)
        .filter(ends_on__gte=today - dt.timedelta(days=90))
        .select_related("deputy", "covered", "appointed_by", "ended_early_by")
        .order_by("starts_on", "ends_on", "pk")
    )
    grouped = {"current": [], "coming": [], "past": []}
    for row in rows:
        if row.is_active_on(today):
            grouped["current"].append(row)
        elif row.ended_early_at is None and row.starts_on > today:
            grouped["coming"].append(row)
        else:
            grouped["past"].append(row)
    return grouped


def deputy_for_leader(leader, deputy_id) -> DeputyAccess | None:
    pk = _parse_id(deputy_id)
    if pk is None:
        return None
    return _leader_deputies(leader).filter(pk=pk).select_related("deputy", "covered").first()


def _reviewable(leader) -> Q:
    """Uses of emergency access a team leader reviews: by someone on one of the leader's teams,
    or of a child with a case on one of them; in the leader's municipality."""
    teams = leader.teams.all()
    return Q(child__municipality_id=leader.municipality_id) & (
        Q(user__teams__in=teams) | Q(child__cases__team__in=teams)
    )


def emergency_accesses_for_review(leader, *, reviewed_limit: int = 50) -> dict:
    """Unreviewed uses (all, oldest first) and the latest reviewed ones (2 queries)."""
    if leader.role != Role.TEAM_LEADER or leader.municipality_id is None:
        return {"unreviewed": [], "reviewed": []}
    ids = EmergencyAccess.objects.filter(_reviewable(leader)).values("pk")
    base = EmergencyAccess.objects.filter(pk__in=ids).select_related("user", "child", "reviewed_by")
    return {
        "unreviewed": list(base.filter(reviewed_at__isnull=True).order_by("granted_at", "pk")),
        "reviewed": list(
            base.filter(reviewed_at__isnull=False).order_by("-reviewed_at", "-pk")[:reviewed_limit]
        ),
    }


def emergency_unreviewed_count(leader) -> int:
    """How many uses wait for the leader's review (one query; 0 for other roles, no query)."""
    if leader.role != Role.TEAM_LEADER or leader.municipality_id is None:
        return 0
    ids = EmergencyAccess.objects.filter(_reviewable(leader)).values("pk")
    return EmergencyAccess.objects.filter(pk__in=ids, reviewed_at__isnull=True).count()


def emergency_access_for_review(leader, access_id) -> EmergencyAccess | None:
    """One use the leader may review, or None."""
    pk = _parse_id(access_id)
    if pk is None or leader.role != Role.TEAM_LEADER or leader.municipality_id is None:
        return None
    ids = EmergencyAccess.objects.filter(_reviewable(leader)).values("pk")
    return (
        EmergencyAccess.objects.filter(pk=pk, pk__in=ids)
        .select_related("user", "child__municipality")
        .first()
    )


def emergency_access_current(user, child, *, now=None) -> EmergencyAccess | None:
    """The user's unexpired emergency access to ``child`` that ends last, or None."""
    now = now or timezone.now()
    return (
        EmergencyAccess.objects.filter(
            user_id=user.pk, child=child, granted_at__lte=now, expires_at__gt=now
        )
        .order_by("-expires_at")
        .first()
    )
