"""The staff session store: Django's database sessions in ``StaffSession``, whose row names the
user and authenticator the session is logged in with, read with the session in one query.

On every staff request Django reads the session, then the user it names
(``StaffBackend.get_user``), then django-otp the device it names
(``StaffOTPMiddleware``): three queries before any view. Here the session's row is read with
its user (and the user's municipality) and its authenticator joined, and handed to those two
for this request only: they take the user or device from here when it is the one the session
names, and otherwise read it as before. Every check stays theirs (the session's hash of the
password, an active user, the device's owner and confirmation).
"""

import logging
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

TOTP_PREFIX = "otp_totp.totpdevice/"


@dataclass(frozen=True)
class _Read:
    """What the session read in this request names: its user and authenticator (or None)."""

    session_key: str
    user: object
    device: object


# Per request: the store of each request sets it when it is made (a thread serves many).
_read: ContextVar[_Read | None] = ContextVar("stemme_session_read", default=None)


class SessionStore(DatabaseStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        _read.set(None)

    @classmethod
    def get_model_class(cls):
        # The model names this store: imported on use, or the two modules import each other.
        from stemme.accounts.models import StaffSession

        return StaffSession

    def _get_session_from_db(self):
        """Django's read of the session (the same row, the same handling of a bad key), with
        the user, the user's municipality and the authenticator joined."""
        _read.set(None)
        try:
            session = self.model.objects.select_related("user__municipality", "totp_device").get(
                session_key=self.session_key, expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as exc:
            if isinstance(exc, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{exc.__class__.__name__}")
                logger.warning(str(exc))
            self._session_key = None
            return None
        _read.set(_Read(session.session_key, session.user, session.totp_device))
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        device = data.get(DEVICE_ID_SESSION_KEY) or ""
        number = device.removeprefix(TOTP_PREFIX)
        session.totp_device_id = int(number) if device != number and number.isdigit() else None
        return session


def _user_id(value):
    from stemme.accounts.models import User  # why: see get_model_class

    if value is None:
        return None
    try:
        return User._meta.pk.to_python(value)
    except ValidationError:
        return None


def user_read_with_session(user_id):
    """The user this request's session named, read with it, if it is the user ``user_id``."""
    read = _read.get()
    user = read.user if read is not None else None
    if user is not None and str(user.pk) == str(user_id):
        return user
    return None


def device_read_with_session(persistent_id: str):
    """The authenticator this request's session named, read with it, if it is the device
    ``persistent_id`` names."""
    read = _read.get()
    device = read.device if read is not None else None
    if device is not None and device.persistent_id == persistent_id:
        return device
    return None
