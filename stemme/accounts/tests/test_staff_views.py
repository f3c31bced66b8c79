"""Staff administration, the pages: the administrator's staff list, a new account, a
colleague's page, changing, deactivating and reactivating; and the first login of a new
caseworker, from the administrator's form to their worklist."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from stemme.accounts.models import Role, User
from stemme.accounts.services import staff as services
from stemme.accounts.testing import log_in_with_password, totp_code
from stemme.audit.models import Event
from stemme.core.idempotency import new_token

pytestmark = pytest.mark.django_db

STAFF = reverse("accounts:staff_list")
CREATE = reverse("accounts:staff_create")
NEW_PASSWORD = "Blåbærgrød med fløde 2026"  # noqa: S105 - a test password


def _english(client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def admin(client, world):
    client.force_login(world.administrator)
    return _english(client)


def _detail(user) -> str:
    return reverse("accounts:staff_detail", kwargs={"user_id": user.pk})


def _form(world, **overrides) -> dict:
    return {
        "first_name": "Mette",
        "last_name": "Ny",
        "username": "mette.ny",
        "email": "mette@testby.dk",
        "role": "caseworker",
        "teams": [str(world.team.pk)],
        "job_title": "Socialrådgiver",
        **overrides,
    }


# --- The list ----------------------------------------------------------------------------------


def test_organisation_page_links_to_the_staff_list(admin):
    assert STAFF in admin.get(reverse("accounts:organisation")).content.decode()


def test_staff_list_shows_the_municipalitys_staff_with_their_login_state(admin, world):
    body = admin.get(STAFF).content.decode()
    assert "Karl Kollega" in body
    assert _detail(world.same_team_caseworker) in body
    assert "Frida Fremmed" not in body  # another municipality
    assert "Not set up yet" in body
    assert "Never" in body  # last login


def test_staff_list_filters_and_keeps_the_filters_on_the_pages(admin, world, settings):
    settings.STEMME_PAGE_SIZE = 2
    body = admin.get(STAFF, {"role": "caseworker", "sort": "username"}).content.decode()
    assert "Lene Leder" not in body
    assert "role=caseworker&amp;sort=username&amp;side=2" in body
    body = admin.get(STAFF, {"q": "sofie"}).content.decode()
    assert "Sofie Syd" in body
    assert "Karl Kollega" not in body
    body = admin.get(STAFF, {"team": str(world.other_team.pk)}).content.decode()
    assert "Svend Sydleder" in body
    assert "Tove Tildelt" not in body
    # Nonsense in the filters shows the list, unfiltered, not an error.
    assert (
        admin.get(STAFF, {"role": "x", "team": "999999999999999999999", "side": "x"}).status_code
        == 200
    )


def test_staff_list_is_for_administrators_only(client, world):
    for user in (world.assigned_caseworker, world.leader):
        client.force_login(user)
        assert client.get(STAFF).status_code == 403
        assert client.get(CREATE).status_code == 403
        assert client.get(_detail(world.same_team_caseworker)).status_code == 403


def test_another_municipalitys_staff_member_is_not_found(admin, world):
    assert admin.get(_detail(world.other_municipality_caseworker)).status_code == 404
    edit = reverse(
        "accounts:staff_edit", kwargs={"user_id": world.other_municipality_caseworker.pk}
    )
    assert admin.get(edit).status_code == 404


# --- Create ------------------------------------------------------------------------------------


def test_create_shows_the_initial_password_and_code_once(admin, world):
    page = admin.get(CREATE).content.decode()
    assert 'name="submission_token"' in page
    response = admin.post(CREATE, {**_form(world), "submission_token": new_token()})
    user = User.objects.get(username="mette.ny")
    assert response["Location"] == _detail(user)
    body = admin.get(_detail(user)).content.decode()
    password = re.search(r'id="initial-password">([^<]+)<', body).group(1)
    code = re.search(r'id="enrolment-code">([^<]+)<', body).group(1)
    assert user.check_password(password)
    assert len(code) == 14
    # Shown once: gone on the next visit.
    body = admin.get(_detail(user)).content.decode()
    assert password not in body
    assert code not in body
    assert "Staff account created" in body  # the history


def test_a_double_submitted_create_makes_one_account(admin, world):
    token = new_token()
    first = admin.post(CREATE, {**_form(world), "submission_token": token})
    second = admin.post(CREATE, {**_form(world), "submission_token": token})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert User.objects.filter(username="mette.ny").count() == 1
    assert Event.objects.filter(kind="organisation.staff_created").count() == 1


def test_create_with_a_username_in_use_shows_the_error_on_the_field(admin, world):
    response = admin.post(CREATE, _form(world, username="kollega"))
    assert response.status_code == 200
    assert "The username is already in use." in response.content.decode()
    assert User.objects.filter(username="kollega").count() == 1


# --- Edit --------------------------------------------------------------------------------------


def _edit_data(world, user, **overrides) -> dict:
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "teams": [str(team.pk) for team in user.teams.all()],
        "job_title": user.job_title,
        "version": str(user.version),
        **overrides,
    }


def test_edit_saves_and_the_history_shows_the_change(admin, world):
    user = world.same_team_caseworker
    url = reverse("accounts:staff_edit", kwargs={"user_id": user.pk})
    assert 'value="Karl"' in admin.get(url).content.decode()
    response = admin.post(url, _edit_data(world, user, role="team_leader"))
    assert response["Location"] == _detail(user)
    user.refresh_from_db()
    assert user.role == Role.TEAM_LEADER
    body = admin.get(_detail(user)).content.decode()
    assert "Role: Caseworker → Team leader" in body


def test_a_stale_edit_gets_the_conflict_page(admin, world):
    user = world.same_team_caseworker
    url = reverse("accounts:staff_edit", kwargs={"user_id": user.pk})
    admin.post(url, _edit_data(world, user, job_title="Socialrådgiver"))
    response = admin.post(url, _edit_data(world, user, job_title="Familiebehandler"))
    assert response.status_code == 409
    user.refresh_from_db()
    assert user.job_title == "Socialrådgiver"


# --- Deactivate and reactivate -----------------------------------------------------------------


def test_deactivate_page_counts_the_children_and_links_the_leaver_screen(admin, world):
    user = world.assigned_caseworker
    url = reverse("accounts:staff_deactivate", kwargs={"user_id": user.pk})
    body = admin.get(url).content.decode()
    assert "still assigned to 1 child" in body
    assert reverse("continuity:leaver", kwargs={"user_id": user.pk}) in body
    assert "Zenia" not in body  # a number, never a child's name


def test_deactivation_ends_the_colleagues_sessions_at_once(admin, world):
    user = world.same_team_caseworker
    colleague = _english(Client())
    colleague.force_login(user)
    worklist = reverse("deadlines:worklist")
    assert colleague.get(worklist).status_code == 200
    url = reverse("accounts:staff_deactivate", kwargs={"user_id": user.pk})
    assert admin.post(url, {}).status_code == 200  # the box not ticked: nothing happens
    user.refresh_from_db()
    assert user.is_active
    response = admin.post(url, {"confirm": "on"})
    assert response["Location"] == _detail(user)
    response = colleague.get(worklist)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert log_in_with_password(colleague, user.username).status_code == 200  # refused


def test_an_administrator_cannot_deactivate_their_own_account(admin, world):
    url = reverse("accounts:staff_deactivate", kwargs={"user_id": world.administrator.pk})
    assert "cannot deactivate your own account" in admin.get(url).content.decode()
    response = admin.post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert "cannot deactivate your own account" in response.content.decode()
    world.administrator.refresh_from_db()
    assert world.administrator.is_active


def test_reactivate_shows_a_new_initial_password_once(admin, world):
    user = world.same_team_caseworker
    services.staff_deactivate(actor=world.administrator, user=user)
    url = reverse("accounts:staff_reactivate", kwargs={"user_id": user.pk})
    assert admin.post(url)["Location"] == _detail(user)
    body = admin.get(_detail(user)).content.decode()
    password = re.search(r'id="initial-password">([^<]+)<', body).group(1)
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(password)


def test_a_new_initial_password_is_shown_once_and_replaces_the_old_one(admin, world):
    user = world.same_team_caseworker
    body = admin.get(_detail(user)).content.decode()
    url = reverse("accounts:staff_password_reset", kwargs={"user_id": user.pk})
    assert url in body
    assert admin.post(url)["Location"] == _detail(user)
    body = admin.get(_detail(user)).content.decode()
    password = re.search(r'id="initial-password">([^<]+)<', body).group(1)
    assert password not in admin.get(_detail(user)).content.decode()  # once
    user.refresh_from_db()
    assert user.check_password(password)
    assert user.must_change_password


def test_reset_of_two_step_login_from_the_staff_page_comes_back_to_it(admin, world):
    user = world.same_team_caseworker
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    body = admin.get(_detail(user)).content.decode()
    reset = reverse("accounts:mfa_reset", kwargs={"user_id": user.pk})
    assert reset in body
    response = admin.post(reset, {"next": _detail(user)})
    assert response["Location"] == _detail(user)
    body = admin.get(_detail(user)).content.decode()
    assert 'id="enrolment-code"' in body
    # Without it (the organisation page's form), back to the organisation page as before.
    issue = reverse("accounts:enrolment_code_issue", kwargs={"user_id": user.pk})
    assert admin.post(issue)["Location"] == reverse("accounts:organisation")
    assert admin.post(issue, {"next": "https://example.com/"})["Location"] == reverse(
        "accounts:organisation"
    )


# --- The first login of a new caseworker -------------------------------------------------------


def test_a_new_caseworkers_first_login_from_the_administrators_form_to_the_worklist(admin, world):
    """Password given by the administrator → forced change → enrolment code → authenticator
    set up → recovery codes → worklist."""
    admin.post(CREATE, _form(world))
    user = User.objects.get(username="mette.ny")
    body = admin.get(_detail(user)).content.decode()
    password = re.search(r'id="initial-password">([^<]+)<', body).group(1)
    code = re.search(r'id="enrolment-code">([^<]+)<', body).group(1)

    client = _english(Client())
    worklist = reverse("deadlines:worklist")
    change = reverse("accounts:password_change")
    response = log_in_with_password(client, "mette.ny", password)
    assert response.status_code == 302
    # Before anything else, even the second step: a password of their own.
    response = client.get(response["Location"])
    assert response["Location"].startswith(change)
    for url in (worklist, reverse("accounts:mfa_enrol"), reverse("accounts:security")):
        assert client.get(url)["Location"].startswith(change), url
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "choose your own password" in page.content.decode()
    next_url = re.search(r'name="next" value="([^"]+)"', page.content.decode()).group(1)
    # The same password again is refused; so is one the password policy refuses.
    for bad in (password, "sommer2026!!"):
        refused = client.post(
            change,
            {
                "old_password": password,
                "new_password1": bad,
                "new_password2": bad,
                "next": next_url,
            },
        )
        assert refused.status_code == 200, bad
    response = client.post(
        change,
        {
            "old_password": password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "next": next_url,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)
    # Then two-step login: the enrolment code from the administrator, then the app.
    response = client.get(response["Location"])
    while response.status_code == 302 and "tilmeldingskode" not in response["Location"]:
        response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("accounts:mfa_enrol"))
    response = client.post(reverse("accounts:mfa_enrol"), {"code": code})
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))
    client.get(reverse("accounts:mfa_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:mfa_setup"), {"code": totp_code(device)})
    assert response["Location"] == reverse("accounts:recovery_codes")
    response = client.post(reverse("accounts:recovery_codes"), {"saved": "on"})
    response = client.get(response["Location"])
    while response.status_code == 302:
        response = client.get(response["Location"])
    assert response.request["PATH_INFO"] == worklist
    assert client.get(worklist).status_code == 200
    kinds = set(Event.objects.filter(ref=f"user:{user.pk}").values_list("kind", flat=True))
    assert {
        "organisation.staff_created",
        "auth.enrolment_code_issued",
        "auth.password_changed",
        "auth.enrolment_code_used",
        "auth.mfa_enrolled",
    } <= kinds


def test_staff_list_and_page_take_a_fixed_number_of_queries(
    admin, world, django_assert_max_num_queries
):
    for number in range(20):
        extra = User.objects.create_user(
            username=f"ekstra{number}",
            municipality=world.municipality,
            first_name="Ekstra",
            last_name=str(number),
        )
        extra.teams.set([world.team, world.other_team])
    with django_assert_max_num_queries(10):
        assert admin.get(STAFF).status_code == 200
    services.staff_update(
        actor=world.administrator,
        user=world.same_team_caseworker,
        first_name="Karl",
        last_name="Kollega",
        email="",
        role=Role.CASEWORKER,
        teams=[world.team],
        job_title="Rådgiver",
    )
    with django_assert_max_num_queries(13):
        assert admin.get(_detail(world.same_team_caseworker)).status_code == 200
