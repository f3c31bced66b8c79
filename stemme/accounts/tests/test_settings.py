"""Settings behind Min sag: when a caseworker can be reached (own profile), a team's duty phone
and the municipality's message settings (the administrator's organisation page)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from stemme.accounts import services
from stemme.accounts.models import Department, Municipality, Team
from stemme.audit.models import Event

pytestmark = pytest.mark.django_db

ORGANISATION = reverse("accounts:organisation")
PORTAL_SETTINGS = reverse("accounts:organisation_portal")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def en(client):
    client.cookies["stemme_language"] = "en"
    return client


@pytest.fixture
def admin(en, world):
    en.force_login(world.administrator)
    return en


def _team_url(team) -> str:
    return reverse("accounts:team_duty", args=[team.pk])


# --- When children can reach me (own profile) ------------------------------------------------


def test_profile_saves_when_children_can_reach_me(en, world):
    user = world.assigned_caseworker
    en.force_login(user)
    assert 'name="reachable"' in en.get(reverse("accounts:profile")).content.decode()
    response = en.post(
        reverse("accounts:profile"),
        {
            "phone": "33 12 34 56",
            "reachable": "  Mandag til torsdag 9-12 ",
            "introduction": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.reachable == "Mandag til torsdag 9-12"
    assert not Event.objects.filter(actor=user).exists()  # about the staff member, no case event


def test_profile_refuses_a_long_reachable_text_and_saves_nothing(en, world):
    user = world.assigned_caseworker
    en.force_login(user)
    response = en.post(
        reverse("accounts:profile"),
        {"phone": "33 12 34 56", "reachable": "x" * 151, "introduction": ""},
    )
    assert response.status_code == 200
    assert "151" in response.content.decode()  # Django's "at most 150 characters (it has 151)"
    user.refresh_from_db()
    assert user.phone == ""
    assert user.reachable == ""


def test_profile_update_keeps_reachable_unless_given(world):
    user = world.assigned_caseworker
    services.profile_update(actor=user, user=user, phone="", introduction="", reachable="Fredag")
    services.profile_update(actor=user, user=user, phone="33 12 34 56", introduction="")
    user.refresh_from_db()
    assert user.reachable == "Fredag"
    with pytest.raises(ValidationError) as error:
        services.profile_update(
            actor=user, user=user, phone="", introduction="", reachable="x" * 151
        )
    assert "reachable" in error.value.message_dict


# --- The organisation page ----------------------------------------------------------------------


def test_organisation_page_shows_duty_phones_and_the_portal_settings(admin, world):
    Team.objects.filter(pk=world.team.pk).update(duty_phone="70 10 20 30", duty_hours="Hverdage")
    body = admin.get(ORGANISATION).content.decode()
    assert "70 10 20 30" in body
    assert "Hverdage" in body
    assert _team_url(world.team) in body
    assert "after 24 hours" in body
    assert "within 2 working days" in body
    assert PORTAL_SETTINGS in body
    assert "Team Andenby" not in body  # another municipality's team


@pytest.mark.parametrize("user", ["assigned_caseworker", "leader"])
def test_only_administrators_change_the_settings(en, world, user):
    en.force_login(getattr(world, user))
    assert en.get(PORTAL_SETTINGS).status_code == 403
    assert en.post(_team_url(world.team), {"duty_phone": "70 10 20 30"}).status_code == 403
    world.team.refresh_from_db()
    assert world.team.duty_phone == ""


# --- The municipality's Min sag settings -------------------------------------------------------


def test_portal_settings_are_saved_with_an_event(admin, world):
    response = admin.post(
        PORTAL_SETTINGS,
        {
            "escalate_after_hours": "12",
            "answer_within_days": "3",
            "alarm_words": "bange\nslå*",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == ORGANISATION
    municipality = Municipality.objects.get(pk=world.municipality.pk)
    assert municipality.portal_escalate_after_hours == 12
    assert municipality.portal_answer_within_days == 3
    event = Event.objects.get(kind="organisation.portal_settings_changed")
    assert event.actor == world.administrator
    assert event.municipality == municipality
    assert event.child is None
    assert event.ref == f"municipality:{municipality.pk}"
    assert event.data["before"]["escalate_after_hours"] == 24
    assert event.data["before"]["answer_within_days"] == 2
    assert event.data["escalate_after_hours"] == 12
    assert event.data["alarm_words"] == 2  # how many, not which: the list is in the settings
    assert municipality.portal_alarm_words == "bange\nslå*"


@pytest.mark.parametrize(
    ("hours", "days", "field", "message"),
    [
        ("0", "2", "escalate_after_hours", "hours from 1 to 168"),
        ("169", "2", "escalate_after_hours", "hours from 1 to 168"),
        ("tolv", "2", "escalate_after_hours", "hours from 1 to 168"),
        ("", "2", "escalate_after_hours", "hours from 1 to 168"),
        ("24", "0", "answer_within_days", "working days from 1 to 10"),
        ("24", "11", "answer_within_days", "working days from 1 to 10"),
        ("24", "2.5", "answer_within_days", "working days from 1 to 10"),
    ],
)
def test_portal_settings_refuse_values_out_of_range(admin, world, hours, days, field, message):
    response = admin.post(
        PORTAL_SETTINGS, {"escalate_after_hours": hours, "answer_within_days": days}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()  # in English: the request's language
    assert "Nothing has been saved yet" in response.content.decode()
    municipality = Municipality.objects.get(pk=world.municipality.pk)
    assert municipality.portal_escalate_after_hours == 24
    assert municipality.portal_answer_within_days == 2
    assert not Event.objects.filter(kind="organisation.portal_settings_changed").exists()


def test_portal_settings_service_guards(world):
    other_admin = world.other_municipality_caseworker
    with pytest.raises(ValidationError):
        services.portal_settings_set(
            actor=world.leader,
            municipality=world.municipality,
            escalate_after_hours=12,
            answer_within_days=2,
        )
    with pytest.raises(ValidationError):  # not an administrator of that municipality
        services.portal_settings_set(
            actor=other_admin,
            municipality=world.municipality,
            escalate_after_hours=12,
            answer_within_days=2,
        )
    with pytest.raises(ValidationError) as error:
        services.portal_settings_set(
            actor=world.administrator,
            municipality=world.municipality,
            escalate_after_hours=True,  # not a number of hours
            answer_within_days=20,
        )
    assert set(error.value.message_dict) == {"escalate_after_hours", "answer_within_days"}
    assert not Event.objects.filter(kind="organisation.portal_settings_changed").exists()


# --- A team's duty phone -----------------------------------------------------------------------


def test_team_duty_phone_is_saved_with_an_event(admin, world):
    response = admin.post(
        _team_url(world.team),
        {
            "duty_phone": " 70 10 20 30 ",
            "duty_hours": "Hverdage 9-15",
            "duty_opens": "08:30",
            "duty_closes": "15:30",
            "version": "1",
        },
    )
    assert response.status_code == 302
    world.team.refresh_from_db()
    assert world.team.duty_phone == "70 10 20 30"
    assert world.team.duty_hours == "Hverdage 9-15"
    event = Event.objects.get(kind="organisation.team_duty_changed")
    assert event.ref == f"team:{world.team.pk}"
    assert event.data["duty_phone"] == "70 10 20 30"
    assert event.data["before"] == {
        "duty_phone": "",
        "duty_hours": "",
        "duty_opens": "09:00",
        "duty_closes": "15:00",
    }
    assert event.data["duty_opens"] == "08:30"
    assert world.team.duty_closes == dt.time(15, 30)
    assert event.actor == world.administrator


def test_team_duty_phone_can_be_removed(admin, world):
    Team.objects.filter(pk=world.team.pk).update(duty_phone="70 10 20 30", duty_hours="Hverdage")
    assert (
        admin.post(
            _team_url(world.team),
            {
                "duty_phone": "",
                "duty_hours": "",
                "duty_opens": "09:00",
                "duty_closes": "15:00",
                "version": "1",
            },
        ).status_code
        == 302
    )
    world.team.refresh_from_db()
    assert (world.team.duty_phone, world.team.duty_hours) == ("", "")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"duty_phone": "ring mig", "duty_hours": ""}, "duty_phone", "with digits"),
        ({"duty_phone": "12", "duty_hours": ""}, "duty_phone", "with digits"),
        ({"duty_phone": "", "duty_hours": "Hverdage"}, "duty_phone", "leave both fields empty"),
        ({"duty_phone": "70 10 20 30", "duty_hours": "x" * 101}, "duty_hours", "at most 100"),
        (
            {"duty_phone": "70 10 20 30", "duty_opens": "16:00", "duty_closes": "09:00"},
            "duty_closes",
            "after it opens",
        ),
        ({"duty_phone": "70 10 20 30", "duty_opens": "ni"}, "duty_opens", "e.g. 09:00"),
    ],
)
def test_team_duty_refuses_bad_input_and_saves_nothing(admin, world, data, field, message):
    response = admin.post(
        _team_url(world.team), {"duty_opens": "09:00", "duty_closes": "15:00", **data}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    world.team.refresh_from_db()
    assert world.team.duty_phone == ""
    assert not Event.objects.filter(kind="organisation.team_duty_changed").exists()


def test_another_municipalitys_team_is_not_found(admin, world):
    far = Team.objects.get(municipality=world.other_municipality)
    assert admin.get(_team_url(far)).status_code == 404
    assert admin.post(_team_url(far), {"duty_phone": "70 10 20 30"}).status_code == 404
    far.refresh_from_db()
    assert far.duty_phone == ""
    with pytest.raises(ValidationError):
        services.team_duty_set(
            actor=world.administrator, team=far, duty_phone="70 10 20 30", duty_hours=""
        )


def test_the_duty_phone_reaches_the_childs_portal(client, world):
    from stemme.portal.testing import active_account, client_log_in

    services.team_duty_set(
        actor=world.administrator, team=world.team, duty_phone="70 10 20 30", duty_hours="Altid"
    )
    client_log_in(client, active_account(world))
    body = client.get(reverse("portal:caseworkers")).content.decode()
    assert 'href="tel:70102030"' in body
    assert "They answer: Altid" in body


# --- A team's department ---------------------------------------------------------------------


def _department_url(team) -> str:
    return reverse("accounts:team_department", args=[team.pk])


def test_a_team_is_put_in_a_department_made_by_its_name(admin, world):
    south = Team.objects.get(name="Team Syd")
    response = admin.post(
        _department_url(world.team), {"department": "  Myndighed,  børn og unge ", "version": "1"}
    )
    assert response.status_code == 302
    world.team.refresh_from_db()
    assert world.team.department.name == "Myndighed, børn og unge"
    # The same name in other letters finds the same department.
    services.team_department_set(
        actor=world.administrator, team=south, department="MYNDIGHED, BØRN OG UNGE"
    )
    south.refresh_from_db()
    assert south.department_id == world.team.department_id
    assert Department.objects.count() == 1
    event = Event.objects.filter(kind="organisation.team_department_changed").first()
    assert event.data == {
        "team": "Team Nord",
        "before": "",
        "department": "Myndighed, børn og unge",
    }
    body = admin.get(ORGANISATION).content.decode()
    assert "department Myndighed, børn og unge" in body


def test_a_department_left_without_teams_is_removed(world):
    services.team_department_set(actor=world.administrator, team=world.team, department="Gammel")
    world.team.refresh_from_db()
    services.team_department_set(
        actor=world.administrator, team=world.team, department="Ny", expected_version=2
    )
    assert list(Department.objects.values_list("name", flat=True)) == ["Ny"]
    services.team_department_set(actor=world.administrator, team=world.team, department="")
    world.team.refresh_from_db()
    assert world.team.department is None
    assert not Department.objects.exists()


def test_a_department_name_too_long_is_refused_and_nothing_changes(admin, world):
    response = admin.post(_department_url(world.team), {"department": "x" * 101, "version": "1"})
    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()
    world.team.refresh_from_db()
    assert world.team.department is None
    assert not Department.objects.exists()


def test_only_the_municipalitys_administrator_sets_a_department(world):
    far = Team.objects.get(municipality=world.other_municipality)
    with pytest.raises(ValidationError):
        services.team_department_set(actor=world.administrator, team=far, department="X")
    with pytest.raises(ValidationError):
        services.team_department_set(actor=world.leader, team=world.team, department="X")
    assert not Department.objects.exists()
