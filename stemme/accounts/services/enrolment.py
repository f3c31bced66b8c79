"""Enrolment codes (tilmeldingskoder): who may set up an authenticator app.

Without them, whoever knew a staff member's password could set up their own phone at the first
login or after an administrator's reset, and log in with two steps from then on. So an
administrator issues a one-time code and hands it over in person or by phone; only a session
that has typed a valid code gets an authenticator key shown (mfa.totp_device_for_setup).

- The code is shown once, to the administrator; only a keyed hash is stored (HMAC with the
  secret key, as the recovery codes; old keys in SECRET_KEY_FALLBACKS still match).
- It expires after STEMME_ENROLMENT_CODE_HOURS (72 by default).
- A new code for the same user (also the one a reset of two-step login issues) replaces the
  old one.
- It is used up when typed in (``enrolment_code_redeem``): the session that typed it holds the
  code's id and may set up an authenticator for ``REDEEMED_VALID_FOR``; no second session or
  browser can use it. Consuming it at once, rather than at the confirmation of the app, means
  a code seen over someone's shoulder after it was typed is worth nothing, and two people
  with the password and the code cannot both be shown a key.
- ``MAX_FAILED_ATTEMPTS`` wrong codes void the current code; the administrator issues a new
  one. Every wrong code, the voiding, issuing and typing a code are events.
"""

import dataclasses
import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from stemme.accounts.models import EnrolmentCode, Role, User
from stemme.accounts.services.mfa import auth_event_record, normalise_code

CODE_LENGTH = 12  # characters of base 32 (60 bits), shown as three groups of four
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: it is read out on the phone
MAX_FAILED_ATTEMPTS = 5
REDEEMED_VALID_FOR = dt.timedelta(hours=1)  # to scan the QR code after typing the code


@dataclasses.dataclass(frozen=True)
class IssuedCode:
    code: str  # shown once to the administrator
    expires_at: dt.datetime
    user: User


def code_digest(*, user: User, code: str, secret: str | None = None) -> str:
    """The stored form of an enrolment code: HMAC-SHA256 over the user and the code, keyed with
    the secret key."""
    return salted_hmac(
        "stemme.accounts.enrolment_code",
        f"{user.pk}:{normalise_code(code)}",
        secret=secret,
        algorithm="sha256",
    ).hexdigest()


def _matches(*, user: User, code: str, digest: str) -> bool:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    # Every key is tried (no early exit), so the time taken does not tell which matched.
    results = [
        constant_time_compare(code_digest(user=user, code=code, secret=key), digest) for key in keys
    ]
    return any(results)


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _may_issue(*, actor: User | None, user: User) -> None:
    if (
        actor is None
        or actor.role != Role.ADMINISTRATOR
        or actor.municipality_id is None
        or actor.municipality_id != user.municipality_id
    ):
        raise ValidationError(_("Only an administrator of the municipality can do this."))
    if actor.pk == user.pk:
        raise ValidationError(
            _("You cannot issue an enrolment code to yourself. Ask another administrator.")
        )


def _issue(*, user: User, actor: User | None, code: str, valid_for: dt.timedelta) -> IssuedCode:
    """Runs in the caller's transaction: replaces the user's codes with ``code``."""
    now = timezone.now()
    EnrolmentCode.objects.filter(user=user).delete()
    row = EnrolmentCode.objects.create(
        user=user,
        digest=code_digest(user=user, code=code),
        issued_by=actor,
        issued_at=now,
        expires_at=now + valid_for,
    )
    auth_event_record(
        user=user,
        actor=actor,
        kind="auth.enrolment_code_issued",
        data={"user": str(user), "expires_at": row.expires_at.isoformat()},
    )
    return IssuedCode(code=code, expires_at=row.expires_at, user=user)


def _valid_for() -> dt.timedelta:
    return dt.timedelta(hours=settings.STEMME_ENROLMENT_CODE_HOURS)


def enrolment_code_issue(*, actor: User, user: User) -> IssuedCode:
    """An administrator issues a new enrolment code to a colleague of the municipality. Any
    older code stops working. Returns the code, to be shown to the administrator once."""
    _may_issue(actor=actor, user=user)
    with transaction.atomic():
        return _issue(user=user, actor=actor, code=_new_code(), valid_for=_valid_for())


def enrolment_code_issue_by_operator(*, user: User) -> IssuedCode:
    """A code issued on the command line (manage.py issue_enrolment_code): for the first
    administrator of a new installation, who has no colleague to issue one."""
    with transaction.atomic():
        return _issue(user=user, actor=None, code=_new_code(), valid_for=_valid_for())


def enrolment_codes_seed(*, users, code: str, valid_for: dt.timedelta) -> None:
    """The demo's published enrolment code for each of ``users`` (stemme.demo only)."""
    now = timezone.now()
    EnrolmentCode.objects.filter(user__in=users).delete()
    EnrolmentCode.objects.bulk_create(
        EnrolmentCode(
            user=user,
            digest=code_digest(user=user, code=code),
            issued_at=now,
            expires_at=now + valid_for,
        )
        for user in users
    )


def _pending(*, user: User, now) -> EnrolmentCode | None:
    return (
        EnrolmentCode.objects.select_for_update()
        .filter(
            user=user,
            redeemed_at__isnull=True,
            voided_at__isnull=True,
            expires_at__gt=now,
        )
        .first()
    )


def enrolment_code_redeem(*, user: User, code: str) -> int:
    """The staff member types the code from their administrator. Returns the id to keep in the
    session (see ``enrolment_session_valid``); the code is used up. Raises ValidationError."""
    now = timezone.now()
    typed = normalise_code(code)
    with transaction.atomic():
        row = _pending(user=user, now=now)
        if row is not None and typed and _matches(user=user, code=typed, digest=row.digest):
            row.redeemed_at = now
            row.save(update_fields=["redeemed_at"])
            auth_event_record(user=user, kind="auth.enrolment_code_used")
            return row.pk
        if row is None:
            error = _(
                "You have no valid enrolment code: it has expired, has been used or has been "
                "replaced. Ask your administrator for a new one."
            )
            auth_event_record(user=user, kind="auth.enrolment_code_failed", data={"attempts": 0})
        else:
            row.failed_attempts += 1
            data = {"attempts": row.failed_attempts}
            if row.failed_attempts >= MAX_FAILED_ATTEMPTS:
                row.voided_at = now
                error = _(
                    "Too many wrong codes: the enrolment code no longer works. Ask your "
                    "administrator for a new one."
                )
            else:
                error = _("The code is not right. Check it and try again.")
            row.save(update_fields=["failed_attempts", "voided_at"])
            auth_event_record(user=user, kind="auth.enrolment_code_failed", data=data)
            if row.voided_at is not None:
                auth_event_record(user=user, kind="auth.enrolment_code_voided", data=data)
    raise ValidationError({"code": error})


def enrolment_session_valid(*, user: User, enrolment_id: int | None) -> bool:
    """Has this session (holding ``enrolment_id``) typed a valid code a little while ago, one
    that has not been replaced since (a new code or a reset deletes the old one)?"""
    if enrolment_id is None:
        return False
    return EnrolmentCode.objects.filter(
        pk=enrolment_id,
        user=user,
        voided_at__isnull=True,
        redeemed_at__gt=timezone.now() - REDEEMED_VALID_FOR,
    ).exists()


def enrolment_finished(*, user: User) -> None:
    """The authenticator is confirmed: the user's codes are of no more use. Runs in the
    caller's transaction."""
    EnrolmentCode.objects.filter(user=user).delete()
