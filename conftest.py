"""Shared test fixtures: a small world of two municipalities with every staff role.

Built through the services, like real data, so events are recorded as they would be.
"""

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest

from stemme.accounts.models import Municipality, Role, Team, User
from stemme.cases import services as case_services
from stemme.cases.models import AssignmentRole
from stemme.children import services as child_services

# Endless: the suite makes more children than any fixed range (the number wraps at 1000).
_cpr_counter = itertools.count(1000)


@pytest.fixture(autouse=True, scope="session")
def _force_login_passes_both_steps():
    """Every staff page needs a login verified with a second factor (an authenticator code).
    ``force_login`` is the tests' shortcut past the login form, so it is made a shortcut past
    both steps (stemme/accounts/testing.py); the second step stays required for everything
    else, and stemme/accounts/tests/test_mfa.py proves it."""
    from django.test import Client

    from stemme.accounts.testing import force_login_verified, plain_force_login

    Client.force_login = force_login_verified
    yield
    Client.force_login = plain_force_login


def make_cpr(birth: dt.date) -> str:
    """A synthetic CPR-shaped number for ``birth`` (century digit 5 covers 2000–2057)."""
    return f"{birth:%d%m%y}5{next(_cpr_counter) % 1000:03d}"


def make_user(municipality, role, username, teams=(), first_name="Test", last_name="Bruger"):
    user = User.objects.create_user(
        username=username,
        password="test-password-123",
        municipality=municipality,
        role=role,
        first_name=first_name,
        last_name=last_name,
    )
    user.teams.set(teams)
    return user


def make_child(municipality, *, first_name="Alma", last_name="Testesen", birth=None):
    birth = birth or dt.date(2014, 3, 15)
    return child_services.child_create(
        actor=None,
        municipality=municipality,
        first_name=first_name,
        last_name=last_name,
        cpr=make_cpr(birth),
    )


def make_case(child, team, caseworker, *, role=AssignmentRole.PRIMARY, opened_on=None):
    case = case_services.case_open(
        actor=None, child=child, team=team, opened_on=opened_on or dt.date(2026, 1, 5)
    )
    case_services.caseworker_assign(
        actor=None, case=case, caseworker=caseworker, role=role, started_on=case.opened_on
    )
    return case


@dataclass
class World:
    municipality: Municipality
    other_municipality: Municipality
    team: Team
    other_team: Team
    assigned_caseworker: User
    other_team_caseworker: User
    same_team_caseworker: User
    leader: User
    other_leader: User
    administrator: User
    other_municipality_caseworker: User
    child: object
    case: object
    other_child: object
    # Set by stemme.access.testing.deputy_appoint_for_matrix (the access matrix's world).
    deputy: User | None = None

    def users_by_role(self) -> dict:
        return {
            "anonymous": None,
            "other_municipality_caseworker": self.other_municipality_caseworker,
            "other_team_caseworker": self.other_team_caseworker,
            "assigned_caseworker": self.assigned_caseworker,
            "deputy": self.deputy,
            "team_leader": self.leader,
            "administrator": self.administrator,
        }


@pytest.fixture
def world(db) -> World:
    aby = Municipality.objects.create(name="Testby Kommune", code="901")
    other = Municipality.objects.create(name="Andenby Kommune", code="902")
    north = Team.objects.create(municipality=aby, name="Team Nord")
    south = Team.objects.create(municipality=aby, name="Team Syd")
    far = Team.objects.create(municipality=other, name="Team Andenby")
    assigned = make_user(aby, Role.CASEWORKER, "tildelt", [north], "Tove", "Tildelt")
    same_team = make_user(aby, Role.CASEWORKER, "kollega", [north], "Karl", "Kollega")
    other_team = make_user(aby, Role.CASEWORKER, "syd", [south], "Sofie", "Syd")
    leader = make_user(aby, Role.TEAM_LEADER, "leder", [north], "Lene", "Leder")
    other_leader = make_user(aby, Role.TEAM_LEADER, "sydleder", [south], "Svend", "Sydleder")
    admin = make_user(aby, Role.ADMINISTRATOR, "admin", [], "Anders", "Admin")
    far_worker = make_user(other, Role.CASEWORKER, "fremmed", [far], "Frida", "Fremmed")
    child = make_child(aby, first_name="Zenia", last_name="Hemmeligsen")
    case = make_case(child, north, assigned)
    other_child = make_child(aby, first_name="Otto", last_name="Sydbarn", birth=dt.date(2012, 7, 1))
    make_case(other_child, south, other_team)
    return World(
        municipality=aby,
        other_municipality=other,
        team=north,
        other_team=south,
        assigned_caseworker=assigned,
        other_team_caseworker=other_team,
        same_team_caseworker=same_team,
        leader=leader,
        other_leader=other_leader,
        administrator=admin,
        other_municipality_caseworker=far_worker,
        child=child,
        case=case,
        other_child=other_child,
    )
