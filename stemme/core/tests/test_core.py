"""Request-wide behaviour: fixed Danish, no caching of personal pages, health, login."""

from django.urls import reverse

from stemme.accounts.models import Role
from stemme.accounts.testing import authenticator_of, totp_code


def test_danish_even_when_the_browser_asks_for_english(client, world):
    response = client.get(reverse("accounts:login"), headers={"Accept-Language": "en-US,en"})
    body = response.content.decode()
    assert '<html lang="da">' in body
    assert "Log ind" in body
    assert response.headers["Content-Language"] == "da"


def test_english_by_explicit_choice(client, world):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in body
    assert "Log in to Stemme" in body


def test_unknown_language_cookie_falls_back_to_danish(client, world):
    client.cookies["stemme_language"] = "xx"
    assert '<html lang="da">' in client.get(reverse("accounts:login")).content.decode()


def test_authenticated_pages_are_never_cached(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.get(reverse("children:detail", args=[world.child.pk]))
    assert "no-store" in response.headers["Cache-Control"]


def test_health_reports_database(client, db):
    response = client.get(reverse("core:health"))
    assert response.json() == {"status": "ok", "database": "ok"}


def test_home_sends_each_role_to_its_start(client, world):
    expected = {
        world.assigned_caseworker: reverse("deadlines:worklist"),
        world.leader: reverse("deadlines:worklist"),
        world.administrator: reverse("accounts:organisation"),
    }
    for user, url in expected.items():
        client.force_login(user)
        assert client.get("/").url == url


def test_login_with_wrong_password_explains_in_danish(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "tildelt", "password": "forkert"}
    )
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()


def test_login_and_logout(client, world):
    device = authenticator_of(world.assigned_caseworker)
    response = client.post(
        reverse("accounts:login"), {"username": "tildelt", "password": "test-password-123"}
    )
    assert response.status_code == 302
    # The password alone is not enough: the second step (an authenticator code) comes first.
    assert client.get(reverse("children:list"))["Location"].startswith("/konto/totrin/")
    client.post(reverse("accounts:mfa_verify"), {"code": totp_code(device)})
    assert client.get(reverse("children:list")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("children:list")).status_code == 302


def test_administrator_organisation_lists_staff_without_children(client, world):
    client.force_login(world.administrator)
    body = client.get(reverse("accounts:organisation")).content.decode()
    assert "Tove Tildelt" in body
    assert "Zenia" not in body
    assert world.administrator.role == Role.ADMINISTRATOR


def test_navigation_marks_exactly_one_current_item(client, world):
    client.force_login(world.assigned_caseworker)
    body = client.get(reverse("children:search")).content.decode()
    assert body.count('aria-current="page"') == 1
    assert f'href="{reverse("children:search")}" aria-current="page"' in body
