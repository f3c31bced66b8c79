"""The reach's SQL is compiled once per shape and filled in per use (stemme/access/selectors.py):
it must give exactly what the querysets it was compiled from give, for every user, day and
moment, and never carry one user's values into another's use."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from stemme.access import selectors as access
from stemme.access import services
from stemme.accounts.models import Role
from stemme.cases.models import Case

pytestmark = pytest.mark.django_db


def built(user, *, today, now) -> set:
    """The cases in reach from the querysets themselves, not the compiled SQL."""
    who = access._who(user)
    if who is None:
        return set()
    condition = access._combined(who, access._parts(who, today, now))
    return set(Case.objects.filter(condition).values_list("pk", flat=True))


@pytest.fixture
def deputy_and_emergency(world):
    """A deputy for a week from today and an emergency access, so every rule reaches a case."""
    today = timezone.localdate()
    services.deputy_appoint(
        actor=world.leader,
        deputy=world.same_team_caseworker,
        covered=world.assigned_caseworker,
        starts_on=today,
        ends_on=today + dt.timedelta(days=7),
        reason="Ferie",
    )
    _child, use = services.emergency_access_grant(
        actor=world.other_team_caseworker, cpr=world.child.cpr, reason="Akut henvendelse fra skolen"
    )
    return use


def test_the_compiled_reach_agrees_with_the_querysets_for_every_user_and_time(
    world, deputy_and_emergency
):
    today = timezone.localdate()
    now = timezone.now()
    moments = [
        (today, now),
        (today + dt.timedelta(days=8), now),  # the deputy's week is over
        (today, deputy_and_emergency.expires_at),  # the emergency access has expired
        (today - dt.timedelta(days=1), now - dt.timedelta(hours=1)),  # before both
    ]
    users = [user for user in world.users_by_role().values() if user is not None]
    users += [world.same_team_caseworker, world.other_team_caseworker]
    reached_any = set()
    for user in users:
        for day, moment in moments:
            expected = built(user, today=day, now=moment)
            compiled = set(
                access.cases_visible_to(user, today=day, now=moment).values_list("pk", flat=True)
            )
            assert compiled == expected, (user.username, day, moment)
            children = set(
                access.children_visible_to(user, today=day, now=moment).values_list("pk", flat=True)
            )
            assert children == set(
                Case.objects.filter(pk__in=expected).values_list("child_id", flat=True)
            )
            reached_any |= expected
    assert reached_any  # not an agreement of empty sets


def test_the_deputy_and_emergency_parts_are_really_exercised(world, deputy_and_emergency):
    today = timezone.localdate()
    deputy = world.same_team_caseworker
    assert world.case.pk in access.cases_visible_to(deputy).values_list("pk", flat=True)
    assert world.case.pk not in access.cases_visible_to(
        deputy, today=today + dt.timedelta(days=8)
    ).values_list("pk", flat=True)
    stranger = world.other_team_caseworker
    assert world.case.pk in access.cases_visible_to(stranger).values_list("pk", flat=True)
    child = access.access_child_by_id(stranger, world.child.pk, purpose="child_overview")
    assert child.access_basis == "emergency"


def test_one_users_values_never_reach_another_users_use(world):
    """The same shape (two caseworkers) compiled once: each use has its own user's values."""
    first, second = world.assigned_caseworker, world.other_team_caseworker
    assert first.role == second.role == Role.CASEWORKER
    mine = set(access.cases_visible_to(first).values_list("pk", flat=True))
    theirs = set(access.cases_visible_to(second).values_list("pk", flat=True))
    assert mine
    assert mine != theirs
    assert mine == set(access.cases_visible_to(first).values_list("pk", flat=True))


def test_only_sql_text_is_kept_and_no_stand_in_is_written_into_it(world):
    access.cases_visible_to(world.leader).count()
    access.cases_visible_to(world.assigned_caseworker).count()
    access.access_child_by_id(world.assigned_caseworker, world.child.pk, purpose="child_overview")
    assert access._compiled_sql
    for key, (sql, slots) in access._compiled_sql.items():
        assert key[1] == connection.vendor
        assert isinstance(sql, str)
        stand_ins = [value for kind, value in slots if kind == "stand_in"]
        assert "user" in stand_ins  # every shape depends on who asks
        for kind, value in slots:
            assert kind in ("stand_in", "constant")
            if kind == "constant":
                assert isinstance(value, str | int | bool), value  # no row, no model instance
        for value in access._STAND_IN.values():
            assert str(value) not in sql


def test_a_stand_in_written_into_the_sql_is_refused(world, monkeypatch):
    """A shape whose SQL carries a stand-in as text would serve one user's reach to everyone."""
    monkeypatch.setattr(access, "_compiled_sql", {})

    def inlined(who, today, now):
        return Case.objects.extra(where=[f"team_id <> {who.user_id}"]).values("pk")  # noqa: S610

    with pytest.raises(RuntimeError):
        access._compile((Role.CASEWORKER, False, "test-inlined"), inlined)
