"""Two-step login: a caseworker cannot reach a staff page with a password alone.

Done-when of issue 6: "a caseworker cannot log in without MFA". These tests log in through the
real forms (password, then the authenticator code or a recovery code); ``force_login`` is not
used for the sessions under test.
"""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stemme.access.tests.test_access_matrix import (  # noqa: F401 - world_with_report: a fixture
    MATRIX,
    _resolve,
    _secrets,
    world_with_report,
)
from stemme.accounts.middleware import OPEN_BEFORE_SECOND_STEP, OWN_LOGIN_NAMESPACES
from stemme.accounts.services import mfa
from stemme.accounts.testing import (
    enrolled_through_services,
    enrolment_code_for,
    enrolment_code_typed,
    log_in_with_password,
    totp_code,
)
from stemme.audit.models import AccessLog, Event

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:mfa_verify")
SETUP = reverse("accounts:mfa_setup")
ENROL = reverse("accounts:mfa_enrol")


def _client() -> Client:
    """A browser reading English: the assertions use the msgids."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _enrolled(user) -> tuple[TOTPDevice, list[str]]:
    """Set up ``user``'s authenticator through the services; returns it and the codes."""
    return enrolled_through_services(user)


def _staff_cases():
    for name, entries in MATRIX.items():
        if name in OPEN_BEFORE_SECOND_STEP or name.split(":")[0] in OWN_LOGIN_NAMESPACES:
            continue
        for index in range(len(entries)):
            yield name, index


@pytest.mark.parametrize("has_authenticator", [True, False], ids=["enrolled", "new"])
def test_a_password_alone_reaches_no_staff_page(world_with_report, has_authenticator):  # noqa: F811
    """Every staff URL in the access matrix, as the child's own caseworker with only the
    password step done: a redirect to the second step, no child data, nothing logged."""
    world = world_with_report
    user = world.assigned_caseworker
    if has_authenticator:
        _enrolled(user)
    client = _client()
    assert log_in_with_password(client, user.username).status_code == 302
    checked = 0
    for name, index in _staff_cases():
        # Each URL against the same world: whatever its setup makes is rolled back after.
        with transaction.atomic():
            entry = MATRIX[name][index]
            extra = entry.setup(world) if entry.setup else {}
            url = reverse(
                name, kwargs={k: _resolve(world, v, extra) for k, v in entry.kwargs.items()}
            )
            data = {k: _resolve(world, v, extra) for k, v in entry.data.items()}
            events_before = Event.objects.count()
            access_before = AccessLog.objects.count()

            response = getattr(client, entry.method)(url, data)

            assert response.status_code == 302, (name, response.status_code)
            assert response["Location"].startswith(VERIFY), (name, response["Location"])
            body = response.content.decode()
            for secret in _secrets(world):
                assert secret not in body, (name, secret)
            assert AccessLog.objects.count() == access_before, (name, "access logged")
            assert Event.objects.count() == events_before, (name, "written")
            transaction.set_rollback(True)
        checked += 1
    assert checked > 50  # the matrix really was walked


def test_caseworker_must_set_up_and_use_an_authenticator(world):
    """The whole first login of a new caseworker: password, set-up page, a wrong code, the
    right code, the recovery codes shown once, then the worklist."""
    user = world.assigned_caseworker
    client = _client()
    worklist = reverse("deadlines:worklist")

    response = log_in_with_password(client, user.username)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    response = client.get(worklist)
    assert response["Location"].startswith(VERIFY)
    response = client.get(response["Location"])
    assert response["Location"].startswith(SETUP)
    # The password alone shows no key: first the enrolment code from the administrator.
    response = client.get(response["Location"])
    assert response["Location"].startswith(ENROL)
    assert not TOTPDevice.objects.filter(user=user).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Write the enrolment code you got from your administrator." in page
    assert "totp-secret" not in page
    response = client.post(response["Location"], {"code": enrolment_code_for(user)})
    assert response["Location"].startswith(SETUP)

    page = client.get(response["Location"]).content.decode()
    assert "Set up two-step login" in page
    assert 'role="img"' in page
    assert "<svg" in page
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)
    # The same key on every visit until confirmed (a reload does not break the app's entry).
    assert secret in client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed

    response = client.post(SETUP, {"code": "000000", "next": worklist})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert client.get(worklist)["Location"].startswith(VERIFY)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)

    response = client.post(SETUP, {"code": totp_code(device), "next": worklist})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:recovery_codes")
    # Until the codes are confirmed as saved, every page leads back to them.
    assert client.get(worklist)["Location"] == reverse("accounts:recovery_codes")
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", page)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    response = client.post(reverse("accounts:recovery_codes"), {})
    assert "Save the codes first" in response.content.decode()
    response = client.post(reverse("accounts:recovery_codes"), {"saved": "on"})
    assert response["Location"] == worklist
    assert client.get(worklist).status_code == 200
    # Shown once: the page now sends to the security page and the codes are gone.
    response = client.get(reverse("accounts:recovery_codes"))
    assert response["Location"] == reverse("accounts:security")
    assert Event.objects.filter(kind="auth.mfa_enrolled", actor=user).count() == 1
    assert Event.objects.filter(kind="auth.recovery_codes_created", actor=user).count() == 1
    assert Event.objects.filter(kind="auth.mfa_failed", actor=user).count() == 1


def test_second_login_asks_for_the_code_and_keeps_where_the_user_was_going(world):
    user = world.assigned_caseworker
    device, _codes = _enrolled(user)
    client = _client()
    child_page = reverse("children:detail", kwargs={"child_id": world.child.pk})

    response = client.get(child_page)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")
    response = client.post(
        "/konto/log-ind/",
        {"username": user.username, "password": "test-password-123", "next": child_page},
    )
    assert response["Location"] == f"{VERIFY}?next={child_page.replace('/', '%2F')}"
    page = client.get(response["Location"]).content.decode()
    assert "Two-step login" in page
    assert f'value="{child_page}"' in page
    response = client.post(VERIFY, {"code": totp_code(device, steps_ahead=1), "next": child_page})
    assert response["Location"] == child_page
    assert world.child.first_name in client.get(child_page).content.decode()


def test_a_code_works_only_once(world):
    user = world.assigned_caseworker
    device, _codes = _enrolled(user)  # used the code of this 30-second step
    client = _client()
    log_in_with_password(client, user.username)
    response = client.post(VERIFY, {"code": totp_code(device)})
    assert response.status_code == 200
    assert "a code works only once" in response.content.decode()


def test_wrong_codes_make_the_next_try_wait(world):
    user = world.assigned_caseworker
    device, _codes = _enrolled(user)
    client = _client()
    log_in_with_password(client, user.username)
    assert "The code is not right" in client.post(VERIFY, {"code": "123456"}).content.decode()
    # Straight after a wrong code even the right one must wait (django-otp's throttling).
    body = client.post(VERIFY, {"code": totp_code(device, steps_ahead=1)}).content.decode()
    assert "Too many wrong codes" in body
    assert client.get(reverse("deadlines:worklist"))["Location"].startswith(VERIFY)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=5)
    )
    response = client.post(VERIFY, {"code": totp_code(device, steps_ahead=1)})
    assert response.status_code == 302
    assert Event.objects.filter(kind="auth.mfa_failed", actor=user).count() == 2


def test_a_recovery_code_logs_in_once_and_is_used_up(world):
    user = world.assigned_caseworker
    _device, codes = _enrolled(user)
    client = _client()
    log_in_with_password(client, user.username)
    # Typed in capitals without the dash: still the code.
    response = client.post(VERIFY, {"code": codes[0].replace("-", "").upper()}, follow=True)
    assert response.redirect_chain[0][0] == reverse("core:home")
    assert "9 are left" in response.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert Event.objects.filter(kind="auth.recovery_code_used", actor=user).count() == 1

    client.post(reverse("accounts:logout"))
    other = _client()
    log_in_with_password(other, user.username)
    response = other.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert "it has been used" in response.content.decode()


def test_recovery_codes_are_stored_as_keyed_hashes(world):
    user = world.assigned_caseworker
    _device, codes = _enrolled(user)
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & set(codes)
    assert not stored & {code.replace("-", "") for code in codes}


def test_new_recovery_codes_need_the_app_and_replace_the_old(client, world):
    user = world.assigned_caseworker
    device, old_codes = _enrolled(user)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("accounts:security")
    assert "You have 10 unused recovery codes" in client.get(url).content.decode()
    assert "The code is not right" in client.post(url, {"code": "000000"}).content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(url, {"code": totp_code(device, steps_ahead=1)})
    assert response["Location"] == reverse("accounts:recovery_codes")
    page = client.get(response["Location"]).content.decode()
    new_codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", page)
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert client.post(response["Location"], {"saved": "on"})["Location"] == url
    assert mfa.mfa_verify(user=user, code=new_codes[0]).used_recovery_code
    with translation.override("en"), pytest.raises(Exception, match="it has been used"):
        mfa.mfa_verify(user=user, code=old_codes[1])


def test_administrator_resets_a_colleagues_two_step_login(client, world):
    colleague = world.same_team_caseworker
    colleague_client = _client()
    colleague_client.force_login(colleague)  # verified with their authenticator
    assert colleague_client.get(reverse("deadlines:worklist")).status_code == 200

    client.force_login(world.administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("accounts:organisation")).content.decode()
    assert reverse("accounts:mfa_reset", kwargs={"user_id": colleague.pk}) in page
    response = client.post(
        reverse("accounts:mfa_reset", kwargs={"user_id": colleague.pk}), follow=True
    )
    assert "Two-step login is reset for Karl Kollega" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticDevice.objects.filter(user=colleague).exists()
    event = Event.objects.get(kind="auth.mfa_reset")
    assert event.actor == world.administrator
    assert event.ref == f"user:{colleague.pk}"
    # The colleague's session has lost its second step at once: set it up again.
    response = colleague_client.get(reverse("deadlines:worklist"))
    assert response["Location"].startswith(VERIFY)
    assert colleague_client.get(response["Location"])["Location"].startswith(SETUP)


def test_administrator_cannot_reset_their_own_two_step_login(client, world):
    client.force_login(world.administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("accounts:mfa_reset", kwargs={"user_id": world.administrator.pk}), follow=True
    )
    assert "cannot reset your own" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.administrator).exists()
    assert not Event.objects.filter(kind="auth.mfa_reset").exists()


def test_next_outside_the_site_is_ignored(world):
    user = world.assigned_caseworker
    device, _codes = _enrolled(user)
    client = _client()
    log_in_with_password(client, user.username)
    response = client.post(
        VERIFY, {"code": totp_code(device, steps_ahead=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:home")


def test_setup_page_has_no_inline_script_or_style(world):
    client = _client()
    log_in_with_password(client, world.assigned_caseworker.username)
    enrolment_code_typed(client, world.assigned_caseworker)
    page = client.get(SETUP).content.decode()
    assert "style=" not in page
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))


def test_second_step_pages_show_no_menu(world):
    client = _client()
    log_in_with_password(client, world.assigned_caseworker.username)
    enrolment_code_typed(client, world.assigned_caseworker)
    page = client.get(SETUP).content.decode()
    assert reverse("children:list") not in page
    assert reverse("deadlines:worklist") not in page
    assert reverse("accounts:logout") in page  # the way out stays


def test_htmx_request_without_second_step_gets_a_full_page_redirect(world):
    client = _client()
    log_in_with_password(client, world.assigned_caseworker.username)
    response = client.get(reverse("children:search"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(VERIFY)


def test_unverified_user_keeps_the_portal_and_health_open(world):
    client = _client()
    log_in_with_password(client, world.assigned_caseworker.username)
    assert client.get(reverse("core:health")).status_code == 200
    # Min sag has its own login: a staff session is not one, password-only or not.
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:login")


def test_a_key_shown_in_another_session_never_becomes_the_users(world):
    """Someone who knows the password (and had an enrolment code) opens the set-up page and
    notes the key; when the user then sets up their app in their own session with a new code,
    they get a new key."""
    user = world.assigned_caseworker
    intruder = _client()
    log_in_with_password(intruder, user.username)
    enrolment_code_typed(intruder, user)
    seen = re.search(r'id="totp-secret">([^<]+)<', intruder.get(SETUP).content.decode()).group(1)

    owner = _client()
    log_in_with_password(owner, user.username)
    enrolment_code_typed(owner, user)
    own = re.search(r'id="totp-secret">([^<]+)<', owner.get(SETUP).content.decode()).group(1)
    assert own != seen
    device = TOTPDevice.objects.get(user=user)
    assert owner.post(SETUP, {"code": totp_code(device)})["Location"] == reverse(
        "accounts:recovery_codes"
    )
    # The intruder's page is stale: its device is gone, nothing to confirm.
    response = intruder.post(SETUP, {"code": "123456"})
    assert response["Location"].startswith(VERIFY)
