"""The per-account limit on wrong passwords (pentest issue 13, item 5): guesses spread over
many addresses lock the username for browsers without the user's device cookie, while the
user's own browser still logs in."""

import datetime as dt
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import signing
from django.db.models import F
from django.test import Client
from django.urls import reverse

from stemme.accounts.models import AccountLock, LoginFailure
from stemme.accounts.services import account_lock
from stemme.accounts.testing import authenticator_of, log_in_with_password, totp_code
from stemme.audit.models import Event

pytestmark = pytest.mark.django_db

WRONG = "forkert-adgangskode"
VERIFY = reverse("accounts:mfa_verify")
COOKIE = account_lock.DEVICE_COOKIE


def _client(address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # assert on the msgids
    return client


def _spray(username="tildelt", addresses=10, per_address=9):
    """Wrong passwords from many addresses, each below axes' per-address limit (10)."""
    for host in range(addresses):
        client = _client(f"10.9.0.{host + 1}")
        for _ in range(per_address):
            response = log_in_with_password(client, username, WRONG)
            if response.status_code == 429:
                return
            assert response.status_code == 200


def _full_login(client, user, steps_ahead=0):
    """Password and code, through the real forms; returns the last response."""
    assert log_in_with_password(client, user.username)["Location"].startswith(VERIFY)
    device = authenticator_of(user)
    return client.post(VERIFY, {"code": totp_code(device, steps_ahead=steps_ahead)})


def _shift_back(minutes: int) -> None:
    delta = dt.timedelta(minutes=minutes)
    LoginFailure.objects.update(at=F("at") - delta)
    AccountLock.objects.update(
        started_at=F("started_at") - delta,
        until=F("until") - delta,
        first_failure_at=F("first_failure_at") - delta,
    )


def _refused(response) -> bool:
    return response.status_code == 429 and "Login is blocked for now" in response.content.decode()


def test_guesses_from_ten_addresses_lock_the_account_for_unknown_browsers(world):
    _spray()  # 90 wrong passwords, 9 from each of 10 addresses: axes alone locks nothing
    stranger = _client("10.9.1.1")
    response = log_in_with_password(stranger, "tildelt")  # even the right password
    assert _refused(response)
    assert "many wrong passwords for this username" in response.content.decode()
    assert "_auth_user_id" not in stranger.session
    lock = AccountLock.objects.get()
    assert lock.user == world.assigned_caseworker
    assert lock.attempts >= settings.STEMME_ACCOUNT_FAILURE_LIMIT
    event = Event.objects.get(kind="auth.account_locked")
    assert event.ref == f"user:{world.assigned_caseworker.pk}"


def test_the_users_own_browser_still_logs_in_during_the_lock(world):
    user = world.assigned_caseworker
    own = _client("192.168.1.20")
    assert _full_login(own, user).status_code == 302
    cookie = own.cookies[COOKIE]
    assert cookie["httponly"]
    assert int(cookie["max-age"]) == settings.STEMME_DEVICE_COOKIE_DAYS * 24 * 3600
    own.post(reverse("accounts:logout"))

    _spray()
    assert AccountLock.objects.exists()
    response = _full_login(own, user, steps_ahead=1)
    assert response.status_code == 302
    assert own.get(reverse("deadlines:worklist")).status_code == 200


def test_the_lock_ends_on_time_and_is_not_extended(world):
    _spray()
    lock = AccountLock.objects.get()
    until = lock.until
    # More guesses during the lock: refused, counted for the notice, the lock not extended.
    late = _client("10.9.2.1")
    for _ in range(5):
        assert _refused(log_in_with_password(late, "tildelt", WRONG))
    lock.refresh_from_db()
    assert lock.until == until
    assert AccountLock.objects.count() == 1

    _shift_back(settings.STEMME_ACCOUNT_LOCKOUT_MINUTES + 1)  # the lock is over
    stranger = _client("10.9.3.1")
    # A new wrong password does not lock again at once: the count started again at the lock.
    assert log_in_with_password(stranger, "tildelt", WRONG).status_code == 200
    assert log_in_with_password(stranger, "tildelt")["Location"].startswith(VERIFY)
    assert AccountLock.objects.count() == 1


def test_the_user_and_the_administrator_are_told(client, world):
    user = world.assigned_caseworker
    _spray()
    attempts = AccountLock.objects.get().attempts
    _shift_back(settings.STEMME_ACCOUNT_LOCKOUT_MINUTES + 1)

    own = _client("192.168.1.20")
    response = _full_login(own, user)
    page = own.get(response["Location"], follow=True).content.decode()
    assert f"There have been {attempts} failed attempts to log in to your account since" in page
    # Told once.
    own.post(reverse("accounts:logout"))
    response = _full_login(own, user, steps_ahead=1)
    assert "failed attempts" not in own.get(response["Location"], follow=True).content.decode()

    client.force_login(world.administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("accounts:organisation")).content.decode()
    assert "Accounts with many failed logins" in page
    section = page.split('id="account-locks"')[1].split("</ul>")[0]
    assert "Tove Tildelt" in section
    assert f"{attempts} failed attempts" in section


def test_a_forged_or_someone_elses_device_cookie_does_not_help(world):
    user = world.assigned_caseworker
    colleague = world.same_team_caseworker
    _spray()

    forged = _client("10.9.4.1")
    forged.cookies[COOKIE] = signing.dumps([user.pk], key="not-the-secret-key", salt="x")
    assert _refused(log_in_with_password(forged, user.username))

    wrong_salt = _client("10.9.4.2")
    wrong_salt.cookies[COOKIE] = signing.dumps([user.pk])
    assert _refused(log_in_with_password(wrong_salt, user.username))

    # A real device cookie, but the colleague's.
    other = _client("10.9.4.3")
    assert _full_login(other, colleague).status_code == 302
    other.post(reverse("accounts:logout"))
    assert other.cookies[COOKIE].value
    assert _refused(log_in_with_password(other, user.username))


def test_an_unknown_username_is_locked_the_same_way(world):
    """The lock says nothing about which usernames exist."""
    _spray(username="findes-ikke")
    known = _client("10.9.5.1")
    _spray(username="tildelt")
    unknown_page = log_in_with_password(_client("10.9.5.2"), "findes-ikke", WRONG)
    known_page = log_in_with_password(known, "tildelt", WRONG)
    assert _refused(unknown_page)
    assert _refused(known_page)

    def text(response):
        body = response.content.decode()
        return body.split("<main", 1)[1].split("</main>", 1)[0].split("csrfmiddlewaretoken")[0]

    assert text(unknown_page) == text(known_page)
    assert AccountLock.objects.get(user__isnull=True)
    assert Event.objects.filter(kind="auth.account_locked").count() == 1


def test_an_old_device_cookie_does_not_help(world):
    user = world.assigned_caseworker
    days = settings.STEMME_DEVICE_COOKIE_DAYS + 1
    with mock.patch("django.core.signing.time.time", return_value=time.time() - days * 86400):
        old = account_lock.device_cookie_value(user=user, old_value=None)
    assert account_lock.device_cookie_user_ids(old) == set()
    fresh = account_lock.device_cookie_value(user=user, old_value=None)
    assert account_lock.device_cookie_user_ids(fresh) == {user.pk}
