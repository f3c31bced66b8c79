"""Field-level visibility: the reporter's identity is shown only to the case team
(stemme/access/fields.py), on pages, in the portal and in the right-of-access export."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from stemme.access import fields, services
from stemme.access import selectors as access
from stemme.access.testing import REPORTER_NAME
from stemme.access.tests import test_access_matrix as matrix
from stemme.accounts.models import Role
from stemme.cases import services as case_services
from stemme.cases.services import steps

world_with_report = matrix.world_with_report  # the matrix's world: a named reporter, a deputy

HIDDEN = "The reporter's identity is shown only to the case team"


@pytest.fixture
def client(client):
    """Assert on the English msgids: the language cookie (pages are Danish by default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def reported(world):
    steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="professional",
        reporter_name=REPORTER_NAME,
        received_at=timezone.now() - dt.timedelta(hours=1),
        content="Bekymring fra skolen.",
    )
    return world


def _deputy(world):
    today = timezone.localdate()
    services.deputy_appoint(
        actor=world.leader,
        deputy=world.same_team_caseworker,
        covered=world.assigned_caseworker,
        starts_on=today,
        ends_on=today,
        reason="Ferie",
    )
    return world.same_team_caseworker


def _team_colleague(world):
    world.municipality.caseworkers_see_team_children = True
    world.municipality.save()
    return type(world.same_team_caseworker).objects.get(pk=world.same_team_caseworker.pk)


def _emergency(world):
    services.emergency_access_grant(
        actor=world.other_team_caseworker,
        cpr=world.child.cpr,
        reason="Barnet ringede; rådgiveren er syg i dag.",
    )
    return world.other_team_caseworker


def _secondary(world):
    case_services.caseworker_assign(
        actor=None, case=world.case, caseworker=world.same_team_caseworker, role="secondary"
    )
    return world.same_team_caseworker


def _ended(world):
    case_services.caseworker_unassign(
        actor=None, assignment=world.case.assignments.get(), ended_on=dt.date(2026, 2, 1)
    )
    return world.assigned_caseworker


ROLES = {
    "assigned caseworker": (lambda w: w.assigned_caseworker, True),
    "secondary caseworker": (_secondary, True),
    "leader of the case's team": (lambda w: w.leader, True),
    "deputy": (_deputy, False),
    "emergency access": (_emergency, False),
    "colleague who sees the team's children": (_team_colleague, False),
    "leader of another team": (lambda w: w.other_leader, False),
    "administrator": (lambda w: w.administrator, False),
    "other municipality": (lambda w: w.other_municipality_caseworker, False),
    "caseworker no longer on the case": (_ended, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_case_team_may_see_the_reporters_identity(world, role):
    make, expected = ROLES[role]
    user = make(world)
    case = type(world.case).objects.select_related("child").get(pk=world.case.pk)
    assert access.may_see_reporter_identity(user, case) is expected


@pytest.mark.parametrize(
    "role",
    [
        r
        for r in ROLES
        if r
        not in (
            "administrator",
            "other municipality",
            "leader of another team",
            "caseworker no longer on the case",
        )
    ],
)
def test_the_case_page_shows_the_reporter_to_the_case_team_only(client, reported, role):
    make, expected = ROLES[role]
    user = make(reported)
    client.force_login(user)
    response = client.get(reverse("cases:detail", args=[reported.case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert (REPORTER_NAME in body) is expected
    assert (HIDDEN in body) is not expected


def test_walking_every_page_as_the_deputy_never_shows_the_reporter(client, world_with_report):
    """Every access-matrix URL, requested as the deputy (a rich world: each entry's setup), never
    shows the reporter's name; the case page shows it to the assigned caseworker."""
    world = world_with_report
    client.force_login(world.deputy)
    opened = 0
    for name, entries in matrix.MATRIX.items():
        for entry in entries:
            if entry.method != "get":
                continue
            try:
                with transaction.atomic():
                    extra = entry.setup(world) if entry.setup else {}
            except Exception:  # noqa: BLE001, S112 - a setup that clashes with an earlier one
                continue
            kwargs = {k: matrix._resolve(world, v, extra) for k, v in entry.kwargs.items()}
            data = {k: matrix._resolve(world, v, extra) for k, v in entry.data.items()}
            response = client.get(reverse(name, kwargs=kwargs), data)
            opened += response.status_code == 200
            assert REPORTER_NAME not in response.content.decode(errors="replace"), name
    assert opened > 40  # the deputy really reached the child's pages
    client.force_login(world.assigned_caseworker)
    body = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert REPORTER_NAME in body


def test_the_right_of_access_export_withholds_the_reporter_but_keeps_the_record(client, reported):
    client.force_login(reported.assigned_caseworker)
    response = client.post(
        reverse("privacy:export", kwargs={"child_id": reported.child.pk}),
        {"format": "json"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert REPORTER_NAME not in text
    document = json.loads(text)
    (intake,) = document["records"]["cases.Intake"]
    assert intake["reporter_name"].startswith("[")  # the placeholder (in the page's language)
    assert intake["reporter_name"] != REPORTER_NAME
    assert intake["reporter_type"] == "professional"
    assert len(intake["_review"]) == 1  # still flagged: "names the reporter", for review


def test_the_export_leaves_an_empty_reporter_empty(reported):
    from stemme.cases.models import Intake
    from stemme.privacy.selectors import right_of_access_collect

    Intake.objects.update(reporter_name="")  # not an audit table: updating is allowed
    collected = right_of_access_collect(child=reported.child)
    (intake,) = next(s for s in collected.sections if s.model == "cases.Intake").records
    assert intake.values["reporter_name"] == ""


def test_the_table_names_real_fields():
    for (app_label, model_name), names in fields.REPORTER_IDENTITY_FIELDS.items():
        model = apps.get_model(app_label, model_name)
        for name in names:
            model._meta.get_field(name)  # raises if the field is gone
    intake = apps.get_model("cases", "Intake")
    assert fields.reporter_identity_fields(intake) == {"reporter_name"}


def test_no_portal_template_or_portal_code_names_the_reporter():
    """The child and parents never get the reporter's identity (nor even the kind of reporter)."""
    root = Path(apps.get_app_config("portal").path)
    for path in list(root.rglob("*.html")) + list(root.rglob("*.py")):
        if "tests" in path.parts:
            continue
        assert "reporter" not in path.read_text(encoding="utf-8"), path


def test_a_leader_not_on_the_case_team_sees_the_placeholder(client, reported):
    # A leader who reaches the child through emergency access only.
    leader = make_user(reported.municipality, Role.TEAM_LEADER, "nl", [], "Nanna", "Leder")
    services.emergency_access_grant(
        actor=leader, cpr=reported.child.cpr, reason="Akut henvendelse fra politiet i aften."
    )
    client.force_login(leader)
    body = client.get(reverse("cases:detail", args=[reported.case.pk])).content.decode()
    assert REPORTER_NAME not in body
