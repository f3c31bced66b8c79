"""Lockout after repeated wrong passwords (django-axes): per username and IP address together.

Done-when of issue 6: "ten wrong passwords lock the account".
"""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from stemme.accounts.lockout import client_ip
from stemme.accounts.testing import log_in_with_password

pytestmark = pytest.mark.django_db

WRONG = "forkert-adgangskode"


def _client(address="10.1.2.3") -> Client:
    client = Client(REMOTE_ADDR=address)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # assert on the msgids
    return client


def _fail(client, username="tildelt", times=1):
    return [log_in_with_password(client, username, WRONG) for _ in range(times)]


def test_ten_wrong_passwords_lock_the_account(world):
    client = _client()
    for response in _fail(client, times=9):
        assert response.status_code == 200
        assert "The username or password is wrong" in response.content.decode()
    tenth = _fail(client)[0]
    assert tenth.status_code == 429
    assert "logging in is blocked for 30 minutes" in tenth.content.decode()

    # The right password no longer helps: refused, with the same message, and not logged in.
    eleventh = log_in_with_password(client, "tildelt")
    assert eleventh.status_code == 429
    body = eleventh.content.decode()
    assert "There were 10 wrong passwords for this username from this computer" in body
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("deadlines:worklist"))["Location"].startswith("/konto/log-ind/")
    # Every wrong password is kept; attempts during the lockout are refused unchecked and do
    # not extend it (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off).
    failures = AccessFailureLog.objects.filter(username="tildelt")
    assert failures.count() == 10
    assert failures.filter(locked_out=True).count() == 1


def test_the_lockout_page_is_danish_by_default(world):
    client = Client(REMOTE_ADDR="10.1.2.3")
    response = _fail(client, times=10)[-1]
    assert response.status_code == 429
    assert '<html lang="da">' in response.content.decode()


def test_lockout_is_per_username_and_address(world):
    client = _client("10.1.2.3")
    _fail(client, times=10)
    # The same user from another computer, and a colleague from the same one, still log in.
    assert log_in_with_password(_client("10.9.9.9"), "tildelt").status_code == 302
    assert log_in_with_password(_client("10.1.2.3"), "kollega").status_code == 302
    assert log_in_with_password(_client("10.1.2.3"), "tildelt").status_code == 429


def test_the_lockout_ends_after_the_cool_off(world):
    client = _client()
    _fail(client, times=10)
    assert log_in_with_password(client, "tildelt").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    assert log_in_with_password(client, "tildelt").status_code == 302


def test_a_successful_login_clears_the_count(world):
    client = _client()
    _fail(client, times=9)
    assert log_in_with_password(client, "tildelt").status_code == 302
    client.post(reverse("accounts:logout"))
    for response in _fail(client, times=9):
        assert response.status_code == 200
    assert log_in_with_password(client, "tildelt").status_code == 302


def test_client_address_without_proxies_is_the_connection():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.0.0.1"


@override_settings(STEMME_TRUSTED_PROXIES=1)
def test_client_address_behind_one_proxy_is_what_the_proxy_saw():
    # The client wrote "6.6.6.6" itself; the proxy appended the address it really came from.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7"
    )
    assert client_ip(request) == "192.0.2.7"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


@override_settings(STEMME_TRUSTED_PROXIES=2)
def test_client_address_behind_two_proxies():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7, 10.0.0.2"
    )
    assert client_ip(request) == "192.0.2.7"
