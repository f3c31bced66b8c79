"""Which cases the indicators count (``scope_for``), and the query pieces they share."""

import datetime as dt

from django.db.models import CharField, DateField, ExpressionWrapper, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, Lower, Replace

from stemme.access import selectors as access
from stemme.accounts.models import Role
from stemme.cases import models as cases


def scope_for(user, *, team=None) -> QuerySet:
    """The cases whose indicators ``user`` sees.

    A team leader: the cases on their teams (as ``cases_visible_to``), or one of those teams. A
    caseworker: the cases they are currently assigned to (their own children), even where the
    municipality lets them see the whole team. Anyone else: nothing.
    """
    visible = access.cases_visible_to(user)
    if user.role == Role.TEAM_LEADER:
        return visible.filter(team=team) if team is not None else visible
    if user.role == Role.CASEWORKER:
        own = visible.filter(assignments__caseworker_id=user.pk, assignments__ended_on__isnull=True)
        return cases.Case.objects.filter(pk__in=own.values("pk"))
    return cases.Case.objects.none()


def _ids(scope: QuerySet):
    return scope.values("pk")


def _open_at(day: dt.date) -> Q:
    """Cases opened by ``day`` and not closed by then."""
    not_closed = Q(closed_on__isnull=True) & ~Q(stage=cases.Stage.CLOSED)
    return Q(opened_on__lte=day) & (not_closed | Q(closed_on__gt=day))


def _normalised_ref(expression):
    """A ref in a form both databases agree on: lower case, without the UUID's dashes.

    SQLite stores a UUID as 32 hex digits, PostgreSQL casts it to text with dashes; refs are
    written ``decision:<uuid with dashes>``. Removing the dashes on both sides makes them match.
    """
    return Replace(Lower(expression), Value("-"), Value(""))


def _ref_of(prefix: str, outer_pk: str = "pk"):
    return Concat(
        Value(f"{prefix}:"),
        _normalised_ref(Cast(OuterRef(outer_pk), output_field=CharField())),
        output_field=CharField(),
    )


def _days_before(outer_date: str, days: int):
    return ExpressionWrapper(
        OuterRef(outer_date) - dt.timedelta(days=days), output_field=DateField()
    )
