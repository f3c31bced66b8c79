import datetime as dt

import pytest
from django.utils import timezone, translation

from conftest import make_case, make_child, make_user
from stemme.accounts.models import Role
from stemme.children import services as child_services
from stemme.continuity import services


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted by their English msgids; Danish translations come later."""
    with translation.override("en"):
        yield


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def handover(world, today):
    """Zenia's case handed from Tove (assigned) to Karl (same team) today, by the leader."""
    return services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
    )


@pytest.fixture
def parents(world):
    mother = child_services.person_link_to_child(
        actor=None,
        child=world.child,
        first_name="Mona",
        last_name="Hemmeligsen",
        relation="mother",
        has_custody=True,
    )
    father = child_services.person_link_to_child(
        actor=None,
        child=world.child,
        first_name="Frank",
        last_name="Farlig",
        relation="father",
        has_custody=True,
    )
    return mother, father


def add_children(world, count, *, caseworker=None, team=None):
    """``count`` more children with an open case on ``team`` (north) for ``caseworker``."""
    caseworker = caseworker or world.assigned_caseworker
    team = team or world.team
    cases = []
    for index in range(count):
        child = make_child(
            world.municipality,
            first_name=f"Barn{index:02d}",
            last_name="Testesen",
            birth=dt.date(2012, 1, 1) + dt.timedelta(days=index),
        )
        cases.append(make_case(child, team, caseworker))
    return cases


__all__ = ["add_children", "make_user", "Role"]
