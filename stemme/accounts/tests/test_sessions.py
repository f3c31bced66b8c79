"""Staff sessions end after inactivity and, however active, a fixed time after the login."""

import time

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from stemme.accounts.middleware import LOGIN_AT, SEEN_AT
from stemme.accounts.testing import plain_force_login

pytestmark = pytest.mark.django_db

WORKLIST = reverse("deadlines:worklist")


def _logged_in(client, user):
    client.force_login(user)  # both steps (stemme.accounts.testing)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(WORKLIST).status_code == 200


def _set(client, **values) -> None:
    session = client.session
    session.update(values)
    session.save()


def test_defaults_are_thirty_idle_minutes_and_eight_hours():
    assert settings.STEMME_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.STEMME_SESSION_ABSOLUTE_SECONDS == 8 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == settings.STEMME_SESSION_ABSOLUTE_SECONDS


def test_idle_session_ends_with_a_message(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 31 * 60})
    response = client.get(WORKLIST, follow=True)
    assert response.redirect_chain[0][0] == f"/konto/log-ind/?next={WORKLIST}"
    assert "was not used for 30 minutes" in response.content.decode()
    # Logged out for good: the session is gone, not just this request refused.
    assert client.get(WORKLIST)["Location"].startswith("/konto/log-ind/")


def test_activity_keeps_the_session_and_is_recorded(client, world):
    _logged_in(client, world.assigned_caseworker)
    twenty_minutes_ago = int(time.time()) - 20 * 60
    _set(client, **{SEEN_AT: twenty_minutes_ago})
    assert client.get(WORKLIST).status_code == 200
    assert client.session[SEEN_AT] > twenty_minutes_ago


def test_an_active_session_still_ends_eight_hours_after_the_login(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{LOGIN_AT: int(time.time()) - 8 * 60 * 60 - 1, SEEN_AT: int(time.time())})
    response = client.get(WORKLIST, follow=True)
    assert "You have been logged in for 8 hours" in response.content.decode()
    assert client.get(WORKLIST)["Location"].startswith("/konto/log-ind/")


@override_settings(STEMME_SESSION_IDLE_SECONDS=5 * 60)
def test_the_idle_time_is_configurable(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 6 * 60})
    assert client.get(WORKLIST)["Location"].startswith("/konto/log-ind/")


def test_a_session_that_did_not_come_through_the_login_page_is_ended(client, world):
    plain_force_login(client, world.assigned_caseworker)  # no login time in the session
    assert client.get(WORKLIST)["Location"].startswith("/konto/log-ind/")


def test_expiry_of_a_post_goes_to_the_login_without_next(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 31 * 60})
    response = client.post(reverse("children:search"), {"q": "Zenia"})
    assert response["Location"] == reverse("accounts:login")


def test_expiry_during_an_htmx_request_reloads_the_whole_page(client, world):
    _logged_in(client, world.assigned_caseworker)
    _set(client, **{SEEN_AT: int(time.time()) - 31 * 60})
    response = client.post(reverse("children:search"), {"q": "Ze"}, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:login")


def test_the_login_starts_the_clock(client, world):
    from stemme.accounts.testing import log_in_with_password

    before = int(time.time())
    log_in_with_password(client, world.assigned_caseworker.username)
    assert client.session[LOGIN_AT] >= before
    assert client.session[SEEN_AT] >= before
