"""Test helpers for staff logins.

``client.force_login(user)`` skips the login form, and so the second step. The root conftest.py
makes every test client's ``force_login`` go through ``force_login_verified``: the session then
holds a confirmed authenticator (made for the user if they have none) and a login time, exactly
as after a real login with password and code. The second step itself is not switched off: a
session that has only passed the password step (``log_in_with_password``, or ``plain_force_login``
plus ``session_started``) reaches no staff page; stemme/accounts/tests/test_mfa.py proves it for
every URL of the access matrix.
"""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from stemme.accounts.middleware import LOGIN_AT, SEEN_AT
from stemme.accounts.services import enrolment, mfa
from stemme.accounts.services.enrolment import enrolment_code_issue_by_operator

# Django's own force_login, captured before conftest.py replaces it.
plain_force_login = Client.force_login


def authenticator_of(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def mark_session(client, *, device=None, login_at: int | None = None) -> None:
    """Give ``client``'s session a login time (now, unless given) and, with ``device``, the
    second step."""
    session = client.session
    now = int(time.time())
    session[LOGIN_AT] = now if login_at is None else login_at
    session[SEEN_AT] = now
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def force_login_verified(client, user, backend=None) -> None:
    """Log ``user`` in on ``client`` as if through both steps (password and authenticator)."""
    plain_force_login(client, user, backend)
    mark_session(client, device=authenticator_of(user))


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code ``device``'s authenticator app shows now (or ``steps_ahead`` 30-second steps
    later; the server accepts one step either way, each step only once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in_with_password(client, username: str, password: str = "test-password-123"):  # noqa: S107
    """The first step through the real login form; returns the response."""
    return client.post("/konto/log-ind/", {"username": username, "password": password})


def enrolment_code_for(user) -> str:
    """A new enrolment code for ``user`` (as from the command line); returns the code."""

    return enrolment_code_issue_by_operator(user=user).code


def enrolment_code_typed(client, user) -> None:
    """Give ``client``'s password-only session a typed enrolment code, through the real form:
    the set-up page then shows an authenticator key."""
    response = client.post("/konto/totrin/tilmeldingskode/", {"code": enrolment_code_for(user)})
    assert response.status_code == 302, response.status_code


def enrolled_through_services(user):
    """Set up ``user``'s authenticator through the services (code, device, confirmation);
    returns the device and the recovery codes."""

    enrolment_id = enrolment.enrolment_code_redeem(user=user, code=enrolment_code_for(user))
    device = mfa.totp_device_for_setup(user=user, enrolment_id=enrolment_id)
    return mfa.totp_device_confirm(
        user=user, enrolment_id=enrolment_id, device_id=device.pk, code=totp_code(device)
    )
