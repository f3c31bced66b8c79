"""Who may see which child: every branch of stemme.access.selectors."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from conftest import make_case, make_child
from stemme.access import selectors as access
from stemme.audit.models import AccessAction, AccessLog
from stemme.cases import services as case_services


def visible(user):
    return set(access.children_visible_to(user).values_list("first_name", flat=True))


def test_assigned_caseworker_sees_only_their_children(world):
    assert visible(world.assigned_caseworker) == {"Zenia"}


def test_caseworker_on_same_team_does_not_see_colleagues_children_by_default(world):
    assert visible(world.same_team_caseworker) == set()


def test_municipality_setting_lets_caseworkers_see_their_teams_children(world):
    world.municipality.caseworkers_see_team_children = True
    world.municipality.save()
    world.same_team_caseworker.refresh_from_db()
    assert visible(world.same_team_caseworker) == {"Zenia"}
    # ... but still not another team's children.
    assert "Otto" not in visible(world.same_team_caseworker)


def test_other_team_caseworker_sees_only_own_team_child(world):
    assert visible(world.other_team_caseworker) == {"Otto"}


def test_leader_sees_their_teams_children_only(world):
    assert visible(world.leader) == {"Zenia"}
    assert visible(world.other_leader) == {"Otto"}


def test_administrator_sees_no_child_data(world):
    assert visible(world.administrator) == set()
    assert access.can_see_child_data(world.administrator) is False


def test_can_see_child_data_agrees_with_the_reach_and_asks_no_query(
    world, django_assert_num_queries
):
    """The cheap check every child page makes first says exactly when the reach exists."""
    from stemme.access.selectors import _reach

    users = [u for u in world.users_by_role().values() if u is not None]
    inactive = world.assigned_caseworker
    inactive.is_active = False
    for user in users:
        with django_assert_num_queries(0):
            answer = access.can_see_child_data(user)
        assert answer is (_reach(user) is not None), user.username
    inactive.is_active = True


def test_other_municipality_sees_nothing_even_with_same_team_name(world):
    assert visible(world.other_municipality_caseworker) == set()


def test_anonymous_and_inactive_users_see_nothing(world):
    assert visible(AnonymousUser()) == set()
    world.assigned_caseworker.is_active = False
    world.assigned_caseworker.save()
    assert visible(world.assigned_caseworker) == set()


def test_ended_assignment_removes_access(world):
    assignment = world.case.assignments.get()
    case_services.caseworker_unassign(
        actor=None, assignment=assignment, ended_on=dt.date(2026, 2, 1)
    )
    assert visible(world.assigned_caseworker) == set()


def test_secondary_caseworker_sees_the_child(world):
    case_services.caseworker_assign(
        actor=None, case=world.case, caseworker=world.same_team_caseworker, role="secondary"
    )
    assert visible(world.same_team_caseworker) == {"Zenia"}


def test_child_with_two_cases_is_listed_once(world):
    make_case(world.child, world.team, world.assigned_caseworker, opened_on=dt.date(2025, 1, 1))
    assert access.children_visible_to(world.assigned_caseworker).count() == 1
    assert access.children_assigned_to(world.assigned_caseworker).count() == 1


def test_access_child_by_id_logs_the_access(world):
    child = access.access_child_by_id(
        world.assigned_caseworker, world.child.pk, purpose="child_overview"
    )
    assert child == world.child
    log = AccessLog.objects.get(child=world.child)
    assert (log.user, log.action, log.purpose) == (
        world.assigned_caseworker,
        AccessAction.VIEW,
        "child_overview",
    )


@pytest.mark.parametrize(
    "user_attr",
    [
        "other_team_caseworker",
        "administrator",
        "other_leader",
        "other_municipality_caseworker",
        "same_team_caseworker",
    ],
)
def test_access_child_by_id_refuses_with_404_and_logs_nothing(world, user_attr):
    with pytest.raises(Http404):
        access.access_child_by_id(getattr(world, user_attr), world.child.pk, purpose="x")
    assert not AccessLog.objects.exists()


def test_access_child_by_id_rejects_malformed_and_unknown_ids(world):
    for bad in ["not-a-uuid", "00000000-0000-0000-0000-000000000000", ""]:
        with pytest.raises(Http404):
            access.access_child_by_id(world.assigned_caseworker, bad, purpose="x")


def test_cases_visible_to_follows_children_rules(world):
    assert list(access.cases_visible_to(world.assigned_caseworker)) == [world.case]
    assert not access.cases_visible_to(world.administrator).exists()


def test_child_without_case_is_invisible_to_everyone(world):
    make_child(world.municipality, first_name="Uden", last_name="Sag", birth=dt.date(2019, 1, 1))
    for user in [world.assigned_caseworker, world.leader, world.administrator]:
        assert "Uden" not in visible(user)


def test_leader_keeps_a_child_whose_latest_case_closed_on_their_team(world):
    from stemme.cases.models import Stage

    case_services.case_change_stage(
        actor=None, case=world.case, stage=Stage.CLOSED, expected_version=1
    )
    assert visible(world.leader) == {"Zenia"}


def test_leader_loses_a_child_whose_case_moved_to_another_team(world):
    """An old closed case on the team does not give the leader the child's new case."""
    from stemme.cases.models import Stage

    case_services.case_change_stage(
        actor=None, case=world.case, stage=Stage.CLOSED, expected_version=1
    )
    make_case(
        world.child, world.other_team, world.other_team_caseworker, opened_on=dt.date(2026, 6, 1)
    )
    assert "Zenia" not in visible(world.leader)
    assert "Zenia" in visible(world.other_leader)
