"""Enrolment codes (pentest issue 13, item 3): the password alone must not let anyone set up
their own authenticator app at a first login or after a reset of two-step login."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from stemme.accounts.models import EnrolmentCode
from stemme.accounts.services import enrolment, mfa
from stemme.accounts.testing import (
    enrolment_code_for,
    enrolment_code_typed,
    log_in_with_password,
    totp_code,
)
from stemme.audit.models import Event

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:mfa_setup")
ENROL = reverse("accounts:mfa_enrol")
ORGANISATION = reverse("accounts:organisation")
SECRET = re.compile(r'id="totp-secret">([^<]+)<')


def _client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # assert on the msgids
    return client


def _password_only(user) -> Client:
    client = _client()
    assert log_in_with_password(client, user.username).status_code == 302
    return client


def _issue_url(user) -> str:
    return reverse("accounts:enrolment_code_issue", kwargs={"user_id": user.pk})


def _issued_on_page(client, user) -> str:
    """An administrator issues ``user`` a code; returns the code the next page shows."""
    response = client.post(_issue_url(user), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    return re.search(r'id="enrolment-code">([^<]+)<', page).group(1)


def _set_up(client, next_url=None) -> TOTPDevice:
    """Read the key on the set-up page and confirm it; returns the confirmed device."""
    page = client.get(SETUP).content.decode()
    assert SECRET.search(page)
    device = TOTPDevice.objects.get(pk=client.session["stemme_totp_setup_device"])
    response = client.post(SETUP, {"code": totp_code(device)})
    assert response["Location"] == reverse("accounts:recovery_codes"), response
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_password_alone_shows_no_key_and_enrols_nothing(world):
    user = world.same_team_caseworker
    client = _password_only(user)

    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)
    page = client.get(response["Location"]).content.decode()
    assert "Write the enrolment code you got from your administrator." in page
    assert "totp-secret" not in page
    assert "otpauth" not in page
    # A guessed confirmation does not get past it either.
    response = client.post(SETUP, {"code": "123456"})
    assert response["Location"].startswith(ENROL)
    assert not TOTPDevice.objects.filter(user=user).exists()
    # Nor do the services, called without a typed code.
    with pytest.raises(ValidationError):
        mfa.totp_device_for_setup(user=user, enrolment_id=None)
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_with_the_code_from_the_administrator_the_user_enrols(client, world):
    user = world.same_team_caseworker
    client.force_login(world.administrator)
    code = _issued_on_page(client, user)
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", code)
    # Stored only as a keyed hash.
    row = EnrolmentCode.objects.get(user=user)
    assert row.digest == enrolment.code_digest(user=user, code=code)
    assert code.replace("-", "") not in row.digest

    colleague = _password_only(user)
    response = colleague.post(ENROL, {"code": code.upper().replace("-", " ")})
    assert response["Location"].startswith(SETUP)
    _set_up(colleague)
    assert not EnrolmentCode.objects.filter(user=user).exists()  # of no more use
    kinds = list(
        Event.objects.filter(ref=f"user:{user.pk}").order_by("pk").values_list("kind", flat=True)
    )
    assert kinds[:3] == [
        "auth.enrolment_code_issued",
        "auth.enrolment_code_used",
        "auth.mfa_enrolled",
    ]
    assert Event.objects.get(kind="auth.enrolment_code_issued").actor == world.administrator


def test_an_expired_code_is_refused(world):
    user = world.same_team_caseworker
    code = enrolment_code_for(user)
    EnrolmentCode.objects.filter(user=user).update(expires_at=timezone.now())
    client = _password_only(user)
    response = client.post(ENROL, {"code": code})
    assert response.status_code == 200
    assert "You have no valid enrolment code" in response.content.decode()
    assert client.get(SETUP)["Location"].startswith(ENROL)


@override_settings(STEMME_ENROLMENT_CODE_HOURS=5)
def test_the_code_expires_after_the_configured_hours(world):
    before = timezone.now()
    enrolment_code_for(world.same_team_caseworker)
    expires = EnrolmentCode.objects.get(user=world.same_team_caseworker).expires_at
    assert before + dt.timedelta(hours=5) <= expires <= timezone.now() + dt.timedelta(hours=5)


def test_a_code_works_in_one_session_only(world):
    """Used once: the code is used up as it is typed, so a second browser (someone who saw it
    and knows the password) gets nothing with it."""
    user = world.same_team_caseworker
    code = enrolment_code_for(user)
    first = _password_only(user)
    assert first.post(ENROL, {"code": code})["Location"].startswith(SETUP)
    second = _password_only(user)
    response = second.post(ENROL, {"code": code})
    assert "You have no valid enrolment code" in response.content.decode()
    assert second.get(SETUP)["Location"].startswith(ENROL)
    _set_up(first)


def test_a_reset_replaces_the_old_code(client, world):
    user = world.same_team_caseworker
    old = enrolment_code_for(user)
    early = _password_only(user)
    early.post(ENROL, {"code": old})  # typed, not yet confirmed

    client.force_login(world.administrator)
    response = client.post(reverse("accounts:mfa_reset", kwargs={"user_id": user.pk}), follow=True)
    page = response.content.decode()
    new = re.search(r'id="enrolment-code">([^<]+)<', page).group(1)
    assert new != old
    # The session that typed the old code no longer sees a key.
    assert early.get(SETUP)["Location"].startswith(ENROL)
    other = _password_only(user)
    assert "The code is not right" in other.post(ENROL, {"code": old}).content.decode()
    assert other.post(ENROL, {"code": new})["Location"].startswith(SETUP)
    _set_up(other)


def test_five_wrong_codes_void_the_code(world):
    user = world.same_team_caseworker
    code = enrolment_code_for(user)
    client = _password_only(user)
    for attempt in range(1, 5):
        response = client.post(ENROL, {"code": "aaaa-bbbb-cccc"})
        assert "The code is not right" in response.content.decode(), attempt
    response = client.post(ENROL, {"code": "aaaa-bbbb-cccc"})
    assert "Too many wrong codes" in response.content.decode()
    # Now even the right code is refused: the administrator must issue a new one.
    response = client.post(ENROL, {"code": code})
    assert "You have no valid enrolment code" in response.content.decode()
    assert client.get(SETUP)["Location"].startswith(ENROL)
    assert Event.objects.filter(kind="auth.enrolment_code_failed").count() == 6
    assert Event.objects.filter(kind="auth.enrolment_code_voided").count() == 1


def test_the_administrator_sees_the_code_once(client, world):
    user = world.same_team_caseworker
    client.force_login(world.administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(ORGANISATION).content.decode()
    assert _issue_url(user) in page  # a button for the colleague without an authenticator
    assert _issue_url(world.administrator) not in page  # never for oneself

    response = client.post(_issue_url(user))
    assert response["Location"] == ORGANISATION  # the code is not in the address
    page = client.get(ORGANISATION).content.decode()
    code = re.search(r'id="enrolment-code">([^<]+)<', page).group(1)
    assert "in person or by phone" in page
    assert "Enrolment code valid until" in page
    again = client.get(ORGANISATION).content.decode()
    assert code not in again
    assert "Enrolment code valid until" in again  # still pending, without the code


def test_only_the_municipalitys_administrator_issues_codes(client, world):
    user = world.same_team_caseworker
    client.force_login(world.leader)
    assert client.post(_issue_url(user)).status_code == 403
    client.force_login(world.administrator)
    far = world.other_municipality_caseworker
    assert client.post(_issue_url(far)).status_code == 404
    assert not EnrolmentCode.objects.exists()
    with pytest.raises(ValidationError):
        enrolment.enrolment_code_issue(actor=world.leader, user=user)


def test_the_operator_issues_a_code_on_the_command_line(world):
    out = io.StringIO()
    call_command("issue_enrolment_code", world.same_team_caseworker.username, stdout=out)
    text = out.getvalue()
    code = re.search(r"Tilmeldingskode til \S+: (\S+)", text).group(1)
    assert "personligt eller i telefonen" in text
    client = _password_only(world.same_team_caseworker)
    assert client.post(ENROL, {"code": code})["Location"].startswith(SETUP)


def test_enrolment_code_typed_helper_works(world):
    client = _password_only(world.same_team_caseworker)
    enrolment_code_typed(client, world.same_team_caseworker)
    assert SECRET.search(client.get(SETUP).content.decode())
