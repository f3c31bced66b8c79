"""The staff session store (``accounts.sessions``): the session, its user and its authenticator
in one query on every request — and every check Django and django-otp make of them unchanged.
"""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from stemme.accounts.backends import StaffBackend
from stemme.accounts.middleware import StaffOTPMiddleware
from stemme.accounts.models import StaffSession
from stemme.accounts.sessions import SessionStore
from stemme.accounts.testing import (
    enrolled_through_services,
    log_in_with_password,
    totp_code,
)

pytestmark = pytest.mark.django_db

WORKLIST = reverse("deadlines:worklist")
VERIFY = reverse("accounts:mfa_verify")


def _english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _logged_in_through_both_steps(user) -> tuple[Client, TOTPDevice]:
    device, _codes = enrolled_through_services(user)
    client = _english_client()
    log_in_with_password(client, user.username)
    response = client.post(VERIFY, {"code": totp_code(device, steps_ahead=1)})
    assert response.status_code == 302
    return client, device


def test_the_login_names_the_user_and_the_authenticator_on_the_session(world):
    user = world.assigned_caseworker
    client, device = _logged_in_through_both_steps(user)
    row = StaffSession.objects.get(session_key=client.session.session_key)
    assert row.user_id == user.pk
    assert row.totp_device_id == device.pk
    assert client.get(WORKLIST).status_code == 200


def test_session_user_and_authenticator_are_one_query(world, django_assert_num_queries):
    user = world.assigned_caseworker
    client, device = _logged_in_through_both_steps(user)
    store = SessionStore(client.session.session_key)
    otp = StaffOTPMiddleware(lambda request: None)
    with django_assert_num_queries(1):
        user_id = store[SESSION_KEY]
        read_user = StaffBackend().get_user(user_id)
        read_device = otp._device_from_persistent_id(store[DEVICE_ID_SESSION_KEY])
        assert read_user == user
        assert read_user.municipality == world.municipality
        assert read_device == device


def test_a_staff_page_reads_no_user_or_authenticator_besides_the_session(world):
    client, _device = _logged_in_through_both_steps(world.assigned_caseworker)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:security")).status_code == 200
    first = queries.captured_queries[0]["sql"]
    assert "accounts_staffsession" in first
    assert "otp_totp_totpdevice" in first
    assert "accounts_municipality" in first
    by_id = f'WHERE "accounts_user"."id" = {world.assigned_caseworker.pk}'
    assert not any(by_id in query["sql"] for query in queries.captured_queries[1:])


def test_each_request_gets_its_own_sessions_user(world):
    """Two sessions in turn in the same thread: the user read with one session is never
    another request's."""
    first, _device = _logged_in_through_both_steps(world.assigned_caseworker)
    second, _device = _logged_in_through_both_steps(world.leader)
    for _turn in range(3):
        assert first.get(reverse("accounts:security")).context["user"] == world.assigned_caseworker
        assert second.get(reverse("accounts:security")).context["user"] == world.leader
        assert _english_client().get(WORKLIST).status_code == 302


def test_a_deactivated_user_is_logged_out(world):
    user = world.assigned_caseworker
    client, _device = _logged_in_through_both_steps(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(WORKLIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")


def test_a_password_changed_elsewhere_ends_the_session(world):
    user = world.assigned_caseworker
    client, _device = _logged_in_through_both_steps(user)
    user.set_password("a-new-password-456")
    user.save(update_fields=["password"])
    response = client.get(WORKLIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")


def test_a_removed_authenticator_no_longer_verifies_the_session(world):
    user = world.assigned_caseworker
    client, device = _logged_in_through_both_steps(user)
    TOTPDevice.objects.filter(pk=device.pk).delete()
    response = client.get(WORKLIST)
    assert response.status_code == 302
    assert not response["Location"].startswith(WORKLIST)
    # The session forgets the device, and its row no longer names it.
    assert DEVICE_ID_SESSION_KEY not in client.session
    row = StaffSession.objects.get(session_key=client.session.session_key)
    assert row.totp_device_id is None


def test_an_authenticator_moved_to_another_user_does_not_verify(world):
    user = world.assigned_caseworker
    client, device = _logged_in_through_both_steps(user)
    TOTPDevice.objects.filter(pk=device.pk).update(user=world.leader)
    response = client.get(WORKLIST)
    assert response.status_code == 302
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_the_session_s_own_data_decides_who_is_logged_in(world):
    """The row's user is only a copy for the join: a row naming someone else (or nobody) is
    not believed; the user the session's data names is read as Django reads it."""
    user = world.assigned_caseworker
    client, _device = _logged_in_through_both_steps(user)
    security = reverse("accounts:security")
    for stranger in (world.leader.pk, 10**9):
        key = client.session.session_key
        StaffSession.objects.filter(session_key=key).update(user_id=stranger)
        assert client.get(security).context["user"] == user
