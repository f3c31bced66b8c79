"""Writes about a staff member's second factor (two-step login) and password.

Every staff page needs a session verified by a second factor (stemme.accounts.middleware):
a code from an authenticator app (django-otp's TOTPDevice, RFC 6238, 30-second steps, one step
of clock difference either way) or one of ten one-time recovery codes (django-otp's
StaticDevice). A staff member without an authenticator sets one up right after the password
step, once they have typed the one-time enrolment code an administrator gave them
(services_enrolment): the password alone never shows a key. Setting it up makes the recovery
codes.

Recovery codes are stored as keyed hashes (HMAC with the secret key), never as the codes: the
database alone does not let anyone log in. Rotating STEMME_SECRET_KEY keeps them working while
the old key is in SECRET_KEY_FALLBACKS.

Wrong codes are throttled per device by django-otp (each failure doubles the wait: 1, 2, 4 …
seconds), and each is recorded as an ``auth.mfa_failed`` event, like every success and change
(the municipality's event log; users without a municipality, e.g. a superuser made on the
command line, have no log to write to).
"""

import dataclasses
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stemme.accounts.models import Role, User
from stemme.audit.services import event_record

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10  # characters of base 32 (50 bits), shown as two groups of five
_RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: they are written down
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


@dataclasses.dataclass(frozen=True)
class Verified:
    """A passed second step: the device to put in the session (django_otp.login)."""

    device: TOTPDevice | StaticDevice
    used_recovery_code: bool
    recovery_codes_left: int


def auth_event_record(*, user: User, kind: str, actor=None, data: dict | None = None) -> None:
    """An event about a staff account's login (two-step setup, codes, locks), in its
    municipality's event log."""
    if user.municipality_id is None:
        return  # no municipality, no event log (Event.municipality is required)
    event_record(
        actor=actor or user,
        municipality=user.municipality,
        kind=kind,
        ref=f"user:{user.pk}",
        data=data or {},
    )


def normalise_code(code: str) -> str:
    """What the person typed, without spaces and dashes, in lower case."""
    return "".join(code.split()).replace("-", "").lower()


def _is_totp_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


def recovery_code_digest(*, user: User, code: str, secret: str | None = None) -> str:
    """The stored form of a recovery code: 64 bits of HMAC-SHA256 over the user and the code,
    keyed with the secret key (StaticToken.token holds at most 16 characters)."""
    return salted_hmac(
        "stemme.accounts.recovery_code",
        f"{user.pk}:{normalise_code(code)}",
        secret=secret,
        algorithm="sha256",
    ).hexdigest()[:16]


def _recovery_code_digests(*, user: User, code: str) -> list[str]:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [recovery_code_digest(user=user, code=code, secret=key) for key in keys]


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _throttled_message(device) -> str:
    _allowed, info = device.verify_is_allowed()
    until = (info or {}).get("locked_until")
    if until is None:
        return _("Too many wrong codes. Wait a moment and try again.")
    until = timezone.localtime(until)
    if until.date() == timezone.localdate():
        when = time_format(until, "H:i:s")
    else:  # many wrong codes in a row: the wait doubles with each
        when = date_format(until, "DATETIME_FORMAT")
    message = _(
        "Too many wrong codes. For your safety, wait until %(time)s before you try again, or "
        "ask an administrator to reset your two-step login."
    )
    return message % {"time": when}


def _enrolment_required(*, user: User, enrolment_id: int | None) -> None:
    # Not at the top: enrolment imports this module.
    from stemme.accounts.services.enrolment import enrolment_session_valid

    if not enrolment_session_valid(user=user, enrolment_id=enrolment_id):
        raise ValidationError(_("Write the enrolment code you got from your administrator first."))


def totp_device_for_setup(
    *, user: User, enrolment_id: int | None, device_id: int | None = None
) -> TOTPDevice:
    """The authenticator device being set up in this session (``device_id``, kept in the
    session), or a new one with a new secret. Only for a session that has typed a valid
    enrolment code (``enrolment_id``, kept in the session). A new one replaces any other
    unconfirmed device: a key seen in another session (perhaps by someone who knew the
    password) never becomes the user's."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Two-step login is already set up for you."))
    _enrolment_required(user=user, enrolment_id=enrolment_id)
    with transaction.atomic():
        pending = TOTPDevice.objects.filter(user=user, confirmed=False)
        device = pending.filter(pk=device_id).first() if device_id is not None else None
        if device is None:
            pending.delete()
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _recovery_codes_replace(*, user: User, actor=None) -> list[str]:
    """New recovery codes for ``user`` (the old ones stop working). Runs in the caller's
    transaction; returns the codes to show once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_digest(user=user, code=code))
        for code in codes
    )
    auth_event_record(
        user=user, actor=actor, kind="auth.recovery_codes_created", data={"count": len(codes)}
    )
    return codes


def totp_device_confirm(
    *, user: User, enrolment_id: int | None, device_id: int, code: str
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator being set up in this session with a code it shows; make the
    recovery codes. Returns the confirmed device and the recovery codes to show once."""
    # Not at the top: enrolment imports this module.
    from stemme.accounts.services.enrolment import enrolment_finished

    code = normalise_code(code)
    _enrolment_required(user=user, enrolment_id=enrolment_id)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False, pk=device_id)
            .first()
        )
        if device is None:
            error = _("Set up two-step login again: open the page from the start.")
        elif not device.verify_is_allowed()[0]:
            error = _throttled_message(device)
        elif not _is_totp_code(code):
            error = _("Write the 6 digits your authenticator app shows.")
        elif not device.verify_token(code):
            # The failure is counted (and committed) before the error goes back.
            error = _(
                "The code is not right. Check that your app shows Stemme and write the code "
                "it shows now."
            )
            auth_event_record(user=user, kind="auth.mfa_failed", data={"method": "setup"})
        else:
            error = None
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            auth_event_record(user=user, kind="auth.mfa_enrolled")
            enrolment_finished(user=user)
            codes = _recovery_codes_replace(user=user)
    if error:
        raise ValidationError({"code": error})
    return device, codes


def mfa_verify(*, user: User, code: str) -> Verified:
    """The second step of a login: a code from the user's authenticator app (6 digits) or one
    of their recovery codes, which is used up. Raises ValidationError with a clear message."""
    code = normalise_code(code)
    if not code:
        raise ValidationError({"code": _("Write the code from your authenticator app.")})
    with transaction.atomic():
        if _is_totp_code(code):
            outcome = _verify_totp(user=user, code=code)
        else:
            outcome = _verify_recovery_code(user=user, code=code)
        if isinstance(outcome, str):
            auth_event_record(
                user=user,
                kind="auth.mfa_failed",
                data={"method": "totp" if _is_totp_code(code) else "recovery_code"},
            )
    if isinstance(outcome, str):
        raise ValidationError({"code": outcome})
    return outcome


def _verify_totp(*, user: User, code: str) -> Verified | str:
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return _("Two-step login is not set up for you. Log in again to set it up.")
    if not device.verify_is_allowed()[0]:
        return _throttled_message(device)
    if not device.verify_token(code):
        return _(
            "The code is not right. Write the code your authenticator app shows now (a code "
            "works only once), or use one of your recovery codes."
        )
    return Verified(device=device, used_recovery_code=False, recovery_codes_left=-1)


def _verify_recovery_code(*, user: User, code: str) -> Verified | str:
    device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    wrong = _(
        "That is not one of your recovery codes, or it has been used. Check it and try again."
    )
    if device is None:
        return wrong
    if not device.verify_is_allowed()[0]:
        return _throttled_message(device)
    digests = _recovery_code_digests(user=user, code=code)
    stored = list(device.token_set.values_list("token", flat=True))
    match = next(
        (token for token in stored if any(constant_time_compare(token, d) for d in digests)),
        None,
    )
    # django-otp's own check deletes the matched token and clears the throttle; without a
    # match it counts the failure.
    if not device.verify_token(match or "-"):
        return wrong
    left = len(stored) - 1
    auth_event_record(user=user, kind="auth.recovery_code_used", data={"left": left})
    return Verified(device=device, used_recovery_code=True, recovery_codes_left=left)


def recovery_codes_renew(*, user: User, code: str) -> list[str]:
    """New recovery codes, after the user proves they still have the authenticator app."""
    code = normalise_code(code)
    if not _is_totp_code(code):
        raise ValidationError({"code": _("Write the 6 digits your authenticator app shows.")})
    with transaction.atomic():
        outcome = _verify_totp(user=user, code=code)
        if isinstance(outcome, str):
            auth_event_record(user=user, kind="auth.mfa_failed", data={"method": "renew"})
        else:
            codes = _recovery_codes_replace(user=user)
    if isinstance(outcome, str):
        raise ValidationError({"code": outcome})
    return codes


def mfa_reset(*, actor: User, user: User):
    """An administrator removes a colleague's authenticator and recovery codes (a lost phone).
    The colleague's sessions lose their second step at once; at the next login they set up a
    new authenticator with the new enrolment code this returns (an IssuedCode, to show the
    administrator once; any older code stops working)."""
    # Not at the top: enrolment imports this module.
    from stemme.accounts.services.enrolment import _issue, _new_code, _valid_for

    if (
        actor is None
        or actor.role != Role.ADMINISTRATOR
        or actor.municipality_id is None
        or actor.municipality_id != user.municipality_id
    ):
        raise ValidationError(_("Only an administrator of the municipality can do this."))
    if actor.pk == user.pk:
        raise ValidationError(
            _("You cannot reset your own two-step login. Ask another administrator.")
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        auth_event_record(user=user, actor=actor, kind="auth.mfa_reset", data={"user": str(user)})
        return _issue(user=user, actor=actor, code=_new_code(), valid_for=_valid_for())


def password_change(*, user: User, new_password: str) -> User:
    """Set a new password (the form has checked the current one and the password policy).
    An initial password from an administrator is then changed (``must_change_password``)."""
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        auth_event_record(user=user, kind="auth.password_changed")
    return user
