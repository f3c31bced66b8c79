import datetime as dt
import time

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from stemme.children.models import PortalAccount
from stemme.meetings.tests.factories import plan
from stemme.portal import services
from stemme.portal.session import COOKIE_NAME, COOKIE_PATH, SALT
from stemme.portal.tests.factories import PIN, active_account, parent, portal_client

pytestmark = pytest.mark.django_db

HOME = "/min-sag/"


def _client() -> Client:
    """A browser that reads English: the tests check the msgids, not the Danish wording."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _cookie(client, account, *, issued_ago=0, idle=0, generation=None):
    now = int(time.time())
    client.cookies[COOKIE_NAME] = signing.dumps(
        {
            "a": str(account.pk),
            "g": generation or account.session_generation,
            "i": now - issued_ago,
            "t": now - idle,
        },
        salt=SALT,
        compress=True,
    )


def test_login_sets_a_strict_portal_cookie_and_opens_home(world):
    account = active_account(world)
    client = _client()
    response = client.post("/min-sag/log-ind/", {"login_id": account.login_id, "secret": PIN})
    assert response.status_code == 302
    assert response["Location"] == HOME
    morsel = response.cookies[COOKIE_NAME]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Strict"
    assert morsel["path"] == COOKIE_PATH
    assert "sessionid" not in response.cookies  # no staff session
    assert client.get(HOME).status_code == 200


def test_wrong_login_shows_a_generic_message(world):
    account = active_account(world)
    response = _client().post("/min-sag/log-ind/", {"login_id": account.login_id, "secret": "000"})
    assert response.status_code == 200
    assert "We could not log you in" in response.content.decode()
    assert COOKIE_NAME not in response.cookies


def test_activation_page_logs_the_child_in(world):
    issued = services.activation_code_issue(actor=world.assigned_caseworker, child=world.child)
    client = _client()
    response = client.post(
        "/min-sag/aktiver/", {"code": issued.code, "secret": PIN, "secret_again": PIN}
    )
    assert response.status_code == 302
    assert "Hello Zenia" in client.get(HOME).content.decode()


def test_idle_and_absolute_expiry(world):
    account = active_account(world)
    client = _client()
    _cookie(client, account, idle=19 * 60)
    assert client.get(HOME).status_code == 200
    _cookie(client, account, idle=21 * 60)
    assert client.get(HOME).status_code == 302
    _cookie(client, account, issued_ago=2 * 60 * 60 + 1)
    assert client.get(HOME).status_code == 302


def test_use_slides_the_idle_timeout(world):
    account = active_account(world)
    client = _client()
    _cookie(client, account, idle=10 * 60)
    response = client.get(HOME)
    payload = signing.loads(response.cookies[COOKIE_NAME].value, salt=SALT)
    assert int(time.time()) - payload["t"] < 5


def test_tampered_or_foreign_cookie_is_rejected(world):
    account = active_account(world)
    client = _client()
    _cookie(client, account)
    client.cookies[COOKIE_NAME] = client.cookies[COOKIE_NAME].value[:-2] + "xx"
    assert client.get(HOME).status_code == 302
    # Signed with another salt (e.g. copied from another signed value): rejected.
    client.cookies[COOKIE_NAME] = signing.dumps({"a": str(account.pk), "g": 1, "i": 0, "t": 0})
    assert client.get(HOME).status_code == 302


def test_logout_ends_every_copy_of_the_session(world):
    account = active_account(world)
    client = portal_client(account)
    stolen = client.cookies[COOKIE_NAME].value
    response = client.post("/min-sag/log-ud/")
    assert response.status_code == 302
    thief = _client()
    thief.cookies[COOKIE_NAME] = stolen
    assert thief.get(HOME).status_code == 302


def test_staff_login_does_not_open_the_portal_and_portal_does_not_open_staff(world):
    staff = _client()
    staff.force_login(world.assigned_caseworker)
    assert staff.get(HOME).status_code == 302
    child = portal_client(active_account(world))
    response = child.get(f"/boern/{world.child.pk}/")
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def test_disabled_account_session_stops_at_once(world):
    account = active_account(world)
    client = portal_client(account)
    PortalAccount.objects.update(disabled_at=timezone.now())
    assert client.get(HOME).status_code == 302


def test_parent_session_stops_when_a_restriction_names_them(world):
    from stemme.participation.services.registers import safety_restriction_set

    mother = parent(world)
    client = portal_client(active_account(world, person=mother))
    assert "Hello Mona" in client.get(HOME).content.decode()
    safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Mistanke",
        persons=[mother],
    )
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize("path", ["/min-sag/", "/min-sag/aktiver/", "/min-sag/log-ind/"])
def test_quick_exit_and_help_numbers_on_every_page(world, path):
    client = portal_client(active_account(world))
    body = client.get(path, follow=True).content.decode()
    assert 'data-exit-to="https://www.dr.dk/"' in body
    assert 'action="/min-sag/luk/"' in body
    assert "data-quick-exit" in body
    assert 'href="tel:112"' in body
    assert 'href="tel:116111"' in body
    assert "portal/portal.css" in body
    assert "stemme/css/stemme.css" not in body  # not the staff base


def test_home_shows_caseworker_and_next_meeting(world):
    world.assigned_caseworker.phone = "12 34 56 78"
    world.assigned_caseworker.save()
    plan(world, days=30, place="Skolen")
    plan(world, days=3, place="Ungdomsklubben", purpose_for_child="Vi taler om din fritid.")
    client = portal_client(active_account(world))
    body = client.get(HOME).content.decode()
    assert "Tove Tildelt" in body
    assert 'href="tel:12345678"' in body
    assert "Ungdomsklubben" in body
    assert "Vi taler om din fritid." in body
    assert "Skolen" not in body
    assert "Ask your caseworker" not in body


def test_home_wording_follows_the_age_band(world):
    client = portal_client(active_account(world))
    body = client.get(HOME).content.decode()
    assert "what happens in your case" in body  # Zenia is 10–14
    world.child.birth_date = timezone.localdate() - dt.timedelta(days=8 * 365)
    world.child.save()
    body = client.get(HOME).content.decode()
    assert "a grown-up you trust" in body


def test_child_a_never_sees_child_b(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    worker_a, worker_b = world.assigned_caseworker, world.other_team_caseworker
    for worker in (worker_a, worker_b):
        worker.photo.save("p.jpg", ContentFile(b"\xff\xd8\xff-fake-" + worker.username.encode()))
    plan(world, days=3, place="Zenias skole")
    client_b = portal_client(active_account(world, child=world.other_child))
    body = client_b.get(HOME).content.decode()
    assert "Otto" in body
    assert "Syd" in body
    for secret in ("Zenia", "Hemmeligsen", "Tove", "Zenias skole"):
        assert secret not in body
    assert client_b.get(f"/min-sag/raadgiver/{worker_a.pk}/foto/").status_code == 404
    assert client_b.get(f"/min-sag/raadgiver/{world.leader.pk}/foto/").status_code == 404
    photo = client_b.get(f"/min-sag/raadgiver/{worker_b.pk}/foto/")
    assert photo.status_code == 200
    assert b"syd" in b"".join(photo.streaming_content)
    # Without a portal session (a staff login is not one) the photo is 404 too.
    staff = _client()
    staff.force_login(worker_b)
    assert staff.get(f"/min-sag/raadgiver/{worker_b.pk}/foto/").status_code == 404


def test_staff_page_issues_a_code_and_shows_the_letter_once(world):
    staff = _client()
    staff.force_login(world.assigned_caseworker)
    url = f"/boern/{world.child.pk}/min-sag-adgang/"
    assert "Nobody has access" in staff.get(url).content.decode()
    response = staff.post(url, {"who": "child"})
    assert response.status_code == 200
    body = response.content.decode()
    account = PortalAccount.objects.get(child=world.child)
    assert account.login_id in body
    assert "/min-sag/aktiver/" in body
    assert "no-store" in response["Cache-Control"]
    # The code from the letter activates the account; the page never shows it again.
    code = body.split("<dt>Code</dt><dd><strong>")[1].split("<")[0]
    assert services.portal_activate(code=code, secret=PIN).is_active
    assert code not in staff.get(url).content.decode()


def test_staff_page_refuses_restricted_parent(world):
    from stemme.participation.services.registers import safety_restriction_set

    mother = parent(world)
    safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Mistanke",
        persons=[mother],
    )
    staff = _client()
    staff.force_login(world.assigned_caseworker)
    url = f"/boern/{world.child.pk}/min-sag-adgang/"
    assert "Blocked by a safety restriction" in staff.get(url).content.decode()
    response = staff.post(url, {"who": str(mother.pk)})
    assert response.status_code == 200
    assert "safety restriction" in response.content.decode()
    assert not PortalAccount.objects.exists()
