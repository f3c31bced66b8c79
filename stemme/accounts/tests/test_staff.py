"""Staff administration, the services: an administrator creates, changes, deactivates and
reactivates staff accounts (stemme/accounts/services/staff.py)."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.utils import translation

from stemme.accounts import selectors
from stemme.accounts.models import EnrolmentCode, Role, Team, User
from stemme.accounts.services import enrolment
from stemme.accounts.services import staff as services
from stemme.audit.models import Event
from stemme.core.conflicts import EditConflict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _create(world, **overrides):
    values = {
        "actor": world.administrator,
        "municipality": world.municipality,
        "username": "mette.ny",
        "first_name": "Mette",
        "last_name": "Ny",
        "email": "mette@testby.dk",
        "role": Role.CASEWORKER,
        "teams": [world.team],
        "job_title": "Socialrådgiver",
    }
    return services.staff_create(**{**values, **overrides})


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Create -------------------------------------------------------------------------------------


def test_create_makes_the_account_with_an_initial_password_and_an_enrolment_code(world):
    login = _create(world, username="  Mette.Ny ")
    user = User.objects.get(username="mette.ny")
    assert login.user == user
    assert (user.first_name, user.last_name, user.email) == ("Mette", "Ny", "mette@testby.dk")
    assert user.role == Role.CASEWORKER
    assert list(user.teams.all()) == [world.team]
    assert user.municipality == world.municipality
    assert user.is_active
    assert user.must_change_password
    # The password shown once works, and is stored only as a hash.
    assert user.check_password(login.password)
    assert login.password not in user.password
    assert ModelBackend().authenticate(None, username="mette.ny", password=login.password) == user
    # The enrolment code shown once lets them set up two-step login.
    assert login.enrolment is not None
    assert enrolment.enrolment_code_redeem(user=user, code=login.enrolment.code)
    kinds = list(
        Event.objects.filter(ref=f"user:{user.pk}").order_by("pk").values_list("kind", flat=True)
    )
    assert kinds[:2] == ["organisation.staff_created", "auth.enrolment_code_issued"]
    created = Event.objects.get(kind="organisation.staff_created")
    assert created.actor == world.administrator
    assert created.municipality == world.municipality
    assert created.data["teams"] == ["Team Nord"]
    assert login.password not in str(created.data)


def test_initial_passwords_differ_and_pass_the_password_policy(world):
    from django.contrib.auth import password_validation

    first = _create(world, username="en")
    second = _create(world, username="to")
    assert first.password != second.password
    password_validation.validate_password(first.password, first.user)


def test_a_given_password_is_checked_by_the_password_policy(world):
    with pytest.raises(ValidationError) as excinfo:
        _create(world, password="sommer2026!!")
    assert "password" in _errors(excinfo)
    assert not User.objects.filter(username="mette.ny").exists()
    assert not Event.objects.filter(kind="organisation.staff_created").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", ""),
        ("username", "a"),
        ("username", "mette hansen"),
        ("username", "møde"),
        ("username", "x" * 41),
        ("username", "-mette"),
        ("first_name", "   "),
        ("last_name", ""),
        ("first_name", "x" * 151),
        ("email", "ikke-en-adresse"),
        ("role", "superuser"),
        ("job_title", "x" * 101),
        ("teams", []),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(world, field, value):
    with pytest.raises(ValidationError) as excinfo:
        _create(world, **{field: value})
    assert field in _errors(excinfo), _errors(excinfo)
    assert User.objects.count() == 7  # the world's staff only
    assert not Event.objects.filter(kind__startswith="organisation.staff").exists()


def test_a_team_of_another_municipality_is_refused(world):
    far_team = Team.objects.get(municipality=world.other_municipality)
    with pytest.raises(ValidationError) as excinfo:
        _create(world, teams=[far_team])
    assert "teams" in _errors(excinfo)


def test_an_administrator_needs_no_team(world):
    login = _create(world, role=Role.ADMINISTRATOR, teams=[])
    assert login.user.role == Role.ADMINISTRATOR


def test_a_username_in_use_is_refused_whatever_the_case_and_municipality(world):
    _create(world)
    for taken in ("mette.ny", "METTE.NY", "fremmed"):  # "fremmed": another municipality's
        with pytest.raises(ValidationError) as excinfo:
            _create(world, username=taken)
        assert _errors(excinfo)["username"] == ["The username is already in use."]
    assert User.objects.filter(username__iexact="mette.ny").count() == 1


@pytest.mark.parametrize("actor", ["assigned_caseworker", "leader", "other_municipality"])
def test_only_the_municipalitys_administrator_creates_accounts(world, actor):
    if actor == "other_municipality":
        outsider = User.objects.create_user(
            username="andenadmin",
            municipality=world.other_municipality,
            role=Role.ADMINISTRATOR,
        )
    else:
        outsider = getattr(world, actor)
    with pytest.raises(ValidationError, match="Only an administrator"):
        _create(world, actor=outsider)
    assert not User.objects.filter(username="mette.ny").exists()


# --- Provisioning (the one path, for a future single sign-on) ------------------------------------


def test_provision_is_idempotent_on_username_and_external_id(world):
    values = {
        "actor": None,
        "municipality": world.municipality,
        "username": "sso.bruger",
        "first_name": "Sara",
        "last_name": "Sso",
        "role": Role.TEAM_LEADER,
        "teams": [world.team],
        "external_id": "idp-123",
    }
    first = services.staff_provision(**values)
    assert first.created
    assert not first.user.has_usable_password()  # single sign-on needs no password
    again = services.staff_provision(**values)
    assert not again.created
    assert again.changed == ()
    assert again.user == first.user
    # Found by the external id even when the username at the identity provider changed.
    renamed = services.staff_provision(**{**values, "username": "sso.bruger", "last_name": "Nyt"})
    assert renamed.changed == ("last_name",)
    assert User.objects.filter(external_id="idp-123").count() == 1
    assert Event.objects.filter(kind="organisation.staff_created").count() == 1
    assert Event.objects.filter(kind="organisation.staff_changed").count() == 1
    changed = Event.objects.get(kind="organisation.staff_changed")
    assert changed.actor is None
    assert changed.data["before"] == {"last_name": "Sso"}
    assert changed.data["after"] == {"last_name": "Nyt"}


def test_provision_does_not_take_over_another_municipalitys_username(world):
    with pytest.raises(ValidationError) as excinfo:
        services.staff_provision(
            actor=None,
            municipality=world.municipality,
            username="fremmed",
            first_name="Frida",
            last_name="Fremmed",
            teams=[world.team],
        )
    assert "username" in _errors(excinfo)
    assert User.objects.get(username="fremmed").municipality == world.other_municipality


# --- Change -------------------------------------------------------------------------------------


def _update(world, user, **overrides):
    values = {
        "actor": world.administrator,
        "user": user,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "teams": list(user.teams.all()),
        "job_title": user.job_title,
        "expected_version": user.version,
    }
    return services.staff_update(**{**values, **overrides})


def test_update_changes_role_teams_and_records_what_changed(world):
    user = world.same_team_caseworker
    _update(world, user, role=Role.TEAM_LEADER, teams=[world.team, world.other_team])
    user.refresh_from_db()
    assert user.role == Role.TEAM_LEADER
    assert set(user.teams.all()) == {world.team, world.other_team}
    assert user.version == 2
    event = Event.objects.get(kind="organisation.staff_changed")
    assert event.ref == f"user:{user.pk}"
    assert event.data["changed"] == ["role", "teams"]
    assert event.data["before"] == {"role": "caseworker", "teams": ["Team Nord"]}
    assert event.data["after"] == {"role": "team_leader", "teams": ["Team Nord", "Team Syd"]}


def test_update_with_nothing_changed_records_nothing(world):
    user = world.same_team_caseworker
    _update(world, user)
    assert not Event.objects.filter(kind="organisation.staff_changed").exists()


def test_a_concurrent_edit_is_refused_not_overwritten(world):
    user = world.same_team_caseworker
    stale_version = user.version
    _update(world, user, job_title="Socialrådgiver")  # someone else saved first
    with pytest.raises(EditConflict) as excinfo:
        _update(world, user, job_title="Familiebehandler", expected_version=stale_version)
    assert excinfo.value.saved["job_title"] == "Socialrådgiver"
    user.refresh_from_db()
    assert user.job_title == "Socialrådgiver"
    # The same values from the older page are no conflict (nothing would be overwritten).
    _update(world, user, job_title="Socialrådgiver", expected_version=stale_version)


def test_the_last_active_administrator_keeps_the_role(world):
    admin = world.administrator
    with pytest.raises(ValidationError) as excinfo:
        services.staff_provision(
            actor=None,
            municipality=world.municipality,
            username=admin.username,
            first_name=admin.first_name,
            last_name=admin.last_name,
            role=Role.TEAM_LEADER,
            teams=[world.team],
        )
    assert "last active administrator" in _errors(excinfo)["role"][0]
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR


def test_an_administrator_cannot_change_their_own_role(world):
    _create(world, username="anden.admin", role=Role.ADMINISTRATOR, teams=[])
    admin = world.administrator
    with pytest.raises(ValidationError) as excinfo:
        _update(world, admin, role=Role.CASEWORKER, teams=[world.team])
    assert "your own role" in _errors(excinfo)["role"][0]


# --- Deactivate and reactivate ------------------------------------------------------------------


def test_deactivate_closes_the_account_and_its_login(world):
    user = world.same_team_caseworker
    enrolment.enrolment_code_issue(actor=world.administrator, user=user)
    services.staff_deactivate(actor=world.administrator, user=user, children=2)
    user.refresh_from_db()
    assert not user.is_active
    assert not user.has_usable_password()
    assert (
        ModelBackend().authenticate(None, username=user.username, password="test-password-123")
        is None
    )
    assert not EnrolmentCode.objects.filter(user=user).exists()
    event = Event.objects.get(kind="organisation.staff_deactivated")
    assert event.actor == world.administrator
    assert event.data == {"user": "Karl Kollega", "children": 2}
    # A second click changes nothing more.
    services.staff_deactivate(actor=world.administrator, user=user)
    assert Event.objects.filter(kind="organisation.staff_deactivated").count() == 1


def test_an_administrator_cannot_deactivate_themselves(world):
    with pytest.raises(ValidationError, match="your own account"):
        services.staff_deactivate(actor=world.administrator, user=world.administrator)
    world.administrator.refresh_from_db()
    assert world.administrator.is_active


def test_the_last_active_administrator_cannot_be_deactivated(world):
    with pytest.raises(ValidationError, match="last active administrator"):
        services.staff_deactivate(actor=None, user=world.administrator)
    # With a second administrator, either may deactivate the other, but not both.
    second = _create(world, username="anden.admin", role=Role.ADMINISTRATOR, teams=[]).user
    services.staff_deactivate(actor=second, user=world.administrator)
    with pytest.raises(ValidationError):
        services.staff_deactivate(actor=world.administrator, user=second)
    second.refresh_from_db()
    assert second.is_active


def test_reactivate_gives_a_new_initial_password(world):
    user = world.same_team_caseworker
    services.staff_deactivate(actor=world.administrator, user=user)
    login = services.staff_reactivate(actor=world.administrator, user=user)
    user.refresh_from_db()
    assert user.is_active
    assert user.must_change_password
    assert user.check_password(login.password)
    assert Event.objects.filter(kind="organisation.staff_reactivated", ref=f"user:{user.pk}")
    with pytest.raises(ValidationError, match="already active"):
        services.staff_reactivate(actor=world.administrator, user=user)


def test_a_forgotten_password_gets_a_new_initial_one_and_two_step_login_stays(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = world.same_team_caseworker
    user.set_password("Gammel-Adgangskode-2026")
    user.save()
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    login = services.staff_password_reset(actor=world.administrator, user=user)
    user.refresh_from_db()
    assert user.must_change_password
    assert user.check_password(login.password)
    assert not user.check_password("Gammel-Adgangskode-2026")
    assert login.enrolment is None  # the authenticator is set up: no new code
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    event = Event.objects.get(kind="organisation.staff_password_reset", ref=f"user:{user.pk}")
    assert event.actor == world.administrator
    assert login.password not in str(event.data)


def test_a_new_initial_password_is_refused_for_oneself_a_deactivated_account_and_a_caseworker(
    world,
):
    with pytest.raises(ValidationError, match="security page"):
        services.staff_password_reset(actor=world.administrator, user=world.administrator)
    user = world.same_team_caseworker
    with pytest.raises(ValidationError):
        services.staff_password_reset(actor=world.assigned_caseworker, user=user)
    services.staff_deactivate(actor=world.administrator, user=user)
    with pytest.raises(ValidationError, match="Reactivate"):
        services.staff_password_reset(actor=world.administrator, user=user)
    assert not Event.objects.filter(kind="organisation.staff_password_reset").exists()


# --- Reads --------------------------------------------------------------------------------------


def test_staff_list_filters_searches_and_sorts_in_two_queries(world, django_assert_num_queries):
    services.staff_deactivate(actor=world.administrator, user=world.other_team_caseworker)
    with django_assert_num_queries(2):
        rows = list(selectors.staff_list(municipality=world.municipality, active="yes"))
        assert [member.teams.all()[:1] for member in rows]
    names = [member.username for member in rows]
    assert "syd" not in names
    assert "fremmed" not in names
    assert [(m.first_name, m.last_name) for m in rows] == sorted(
        (m.first_name, m.last_name) for m in rows
    )
    found = selectors.staff_list(municipality=world.municipality, search="kar kol")
    assert [m.username for m in found] == ["kollega"]
    leaders = selectors.staff_list(municipality=world.municipality, role=Role.TEAM_LEADER)
    assert {m.username for m in leaders} == {"leder", "sydleder"}
    south = selectors.staff_list(municipality=world.municipality, team=world.other_team)
    assert {m.username for m in south} == {"syd", "sydleder"}
    closed = selectors.staff_list(municipality=world.municipality, active="no")
    assert [m.username for m in closed] == ["syd"]
    by_username = selectors.staff_list(municipality=world.municipality, sort="username")
    usernames = [m.username for m in by_username]
    assert usernames == sorted(usernames)


def test_children_assigned_counts_open_cases_only(world):
    assert selectors.staff_children_assigned(user=world.assigned_caseworker) == 1
    assert selectors.staff_children_assigned(user=world.same_team_caseworker) == 0
