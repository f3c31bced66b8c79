"""The per-account limit on wrong passwords, beside django-axes' per-address one.

Axes locks a username *from one address* (config/settings.py, AXES_*), so guesses spread over
many addresses were never stopped. Here every wrong password for a username is counted in the
database from any address: ``STEMME_ACCOUNT_FAILURE_LIMIT`` of them within
``STEMME_ACCOUNT_FAILURE_WINDOW_MINUTES`` lock the username for
``STEMME_ACCOUNT_LOCKOUT_MINUTES``, but only for browsers without a valid *device cookie* for
that user (OWASP's "device cookies"): a signed, HttpOnly cookie naming the user, set at every
full login (password and second step). The real user on their known browser still logs in
(still under axes' per-address rule), so an attacker cannot keep them out.

- Counted by a keyed hash of the username as typed, also for usernames that do not exist: a
  lock looks the same for both, so it tells nobody which usernames exist.
- Tries during a lock are not counted towards the next one and do not extend it; the count
  starts again at the lock.
- A lock is an ``auth.account_locked`` event; the user is told at their next full login, and
  the municipality's administrators see recent locks on the organisation page. (No e-mail yet.)
- Attempts axes itself refuses (the username is locked from that address) are not counted: they
  checked no password.
"""

import dataclasses
import datetime as dt
import logging
import unicodedata

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac

from stemme.accounts.models import AccountLock, LoginFailure, User
from stemme.accounts.services.mfa import auth_event_record

logger = logging.getLogger(__name__)

DEVICE_COOKIE = "stemme_device"
_DEVICE_SALT = "stemme.accounts.device_cookie"
DEVICE_COOKIE_USERS = 5  # users remembered on one shared computer


@dataclasses.dataclass(frozen=True)
class LockNotice:
    """What the user is told after their next login: attempts since a time."""

    attempts: int
    since: dt.datetime


def username_key(username: str) -> str:
    """What the limit counts a username by: a keyed hash of it as the login form reads it."""
    text = unicodedata.normalize("NFKC", username or "")
    return salted_hmac("stemme.accounts.login_username", text, algorithm="sha256").hexdigest()


# --- The device cookie ---------------------------------------------------------------------


def _max_age() -> int:
    return settings.STEMME_DEVICE_COOKIE_DAYS * 24 * 60 * 60


def device_cookie_user_ids(value: str | None) -> set[int]:
    """The users a device cookie names, if it is ours (signed with the secret key), not too
    old and well-formed; else none."""
    if not value:
        return set()
    try:
        ids = signing.loads(value, salt=_DEVICE_SALT, max_age=_max_age())
    except signing.BadSignature:
        return set()
    if not isinstance(ids, list):
        return set()
    return {pk for pk in ids if isinstance(pk, int) and not isinstance(pk, bool)}


def device_cookie_value(*, user: User, old_value: str | None) -> str:
    """A device cookie naming ``user`` (and up to a few other users it already named: a
    shared computer)."""
    others = [pk for pk in device_cookie_user_ids(old_value) if pk != user.pk]
    ids = [user.pk, *sorted(others)[: DEVICE_COOKIE_USERS - 1]]
    return signing.dumps(ids, salt=_DEVICE_SALT)


def device_cookie_set(response, *, user: User, old_value: str | None) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        device_cookie_value(user=user, old_value=old_value),
        max_age=_max_age(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# --- Counting and locking ------------------------------------------------------------------


def _current_lock(*, key: str, now) -> AccountLock | None:
    return AccountLock.objects.filter(username_key=key, until__gt=now).order_by("-until").first()


def login_refused(*, username: str, device_user_ids: set[int]) -> AccountLock | None:
    """Is this login refused because the username is locked and the browser has no device
    cookie for it? Then the try is added to the lock's count and the lock is returned."""
    now = timezone.now()
    lock = _current_lock(key=username_key(username), now=now)
    if lock is None or (lock.user_id is not None and lock.user_id in device_user_ids):
        return None
    AccountLock.objects.filter(pk=lock.pk).update(attempts=F("attempts") + 1)
    return lock


def login_failed(*, username: str) -> AccountLock | None:
    """A wrong password for ``username``: count it, and lock the username when the limit is
    reached. Returns the new lock, if this failure started one."""
    now = timezone.now()
    key = username_key(username)
    window = dt.timedelta(minutes=settings.STEMME_ACCOUNT_FAILURE_WINDOW_MINUTES)
    with transaction.atomic():
        current = _current_lock(key=key, now=now)
        if current is not None:
            # A failure during the lock (from a known browser): told to the user, not counted
            # towards the next lock and not extending this one.
            AccountLock.objects.filter(pk=current.pk).update(attempts=F("attempts") + 1)
            return None
        LoginFailure.objects.filter(at__lte=now - window).delete()
        LoginFailure.objects.create(username_key=key, at=now)
        since = now - window
        last = AccountLock.objects.filter(username_key=key).order_by("-started_at").first()
        if last is not None and last.started_at > since:
            since = last.started_at  # the count starts again at the last lock
        counted = LoginFailure.objects.filter(username_key=key, at__gt=since)
        failures = counted.count()
        if failures < settings.STEMME_ACCOUNT_FAILURE_LIMIT:
            return None
        user = User.objects.filter(username=unicodedata.normalize("NFKC", username)).first()
        lock = AccountLock.objects.create(
            username_key=key,
            user=user,
            first_failure_at=counted.order_by("at").values_list("at", flat=True).first(),
            started_at=now,
            until=now + dt.timedelta(minutes=settings.STEMME_ACCOUNT_LOCKOUT_MINUTES),
            attempts=failures,
        )
        logger.warning("Login locked for browsers without a device cookie: %d failures", failures)
        if user is not None:
            auth_event_record(
                user=user,
                kind="auth.account_locked",
                data={
                    "user": str(user),
                    "failures": failures,
                    "until": lock.until.isoformat(),
                },
            )
    return lock


def login_succeeded(*, user: User) -> LockNotice | None:
    """A full login (password and second step): what to tell the user about locks of their
    account they have not heard of yet (then they have)."""
    with transaction.atomic():
        untold = AccountLock.objects.select_for_update().filter(
            user=user, user_told_at__isnull=True
        )
        rows = list(untold.values_list("pk", "first_failure_at"))
        if not rows:
            return None
        attempts = (
            AccountLock.objects.filter(pk__in=[pk for pk, _at in rows]).aggregate(
                total=Sum("attempts")
            )["total"]
            or 0
        )
        AccountLock.objects.filter(pk__in=[pk for pk, _at in rows]).update(
            user_told_at=timezone.now()
        )
    return LockNotice(attempts=attempts, since=min(at for _pk, at in rows))
