"""The portal's own session: a signed cookie, separate from the staff session.

The cookie ``stemme_portal`` (path /min-sag/, HttpOnly, SameSite=Strict, Secure outside DEBUG)
holds the account id, the account's session generation, when the session began and when it was
last used. It ends after 20 idle minutes or 2 hours in all, and whenever the account's session
generation moves on (logout, lockout, a new PIN). Django's staff login plays no part here: a
staff user without this cookie gets no portal page, and this cookie is never sent to staff pages.
"""

import functools
import time

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from stemme.access.selectors import AccessRefused
from stemme.audit.services import access_log_portal_denied
from stemme.children.models import PortalAccount
from stemme.portal.services import account_usable

COOKIE_NAME = "stemme_portal"
COOKIE_PATH = "/min-sag/"
SALT = "stemme.portal.session"
IDLE_SECONDS = 20 * 60
ABSOLUTE_SECONDS = 2 * 60 * 60


def _now() -> int:
    return int(time.time())


def _set_cookie(response, payload: dict) -> None:
    response.set_cookie(
        COOKIE_NAME,
        signing.dumps(payload, salt=SALT, compress=True),
        max_age=IDLE_SECONDS,
        path=COOKIE_PATH,
        secure=not settings.DEBUG,
        httponly=True,
        samesite="Strict",
    )


def session_start(response, account: PortalAccount) -> None:
    now = _now()
    _set_cookie(
        response, {"a": str(account.pk), "g": account.session_generation, "i": now, "t": now}
    )


def session_end(response) -> None:
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Strict")


def session_payload(request) -> dict | None:
    """The valid, unexpired payload of the request's portal cookie, or None."""
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        payload = signing.loads(raw, salt=SALT, max_age=ABSOLUTE_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(payload, dict) or not {"a", "g", "i", "t"} <= payload.keys():
        return None
    now = _now()
    if now - int(payload["i"]) > ABSOLUTE_SECONDS or now - int(payload["t"]) > IDLE_SECONDS:
        return None
    return payload


def session_account(request) -> PortalAccount | None:
    payload = session_payload(request)
    if payload is None:
        return None
    account = (
        PortalAccount.objects.select_related("child__municipality", "person")
        .filter(pk=payload["a"], session_generation=payload["g"])
        .first()
    )
    if account is None or not account_usable(account):
        return None
    return account


def portal_login_required(view=None, *, not_found: bool = False):
    """Load ``request.portal_account`` from the portal cookie, re-checking the account on every
    request (active, not disabled, a parent not named by a safety restriction). Without a valid
    session: redirect to the portal login, or 404 when ``not_found`` (e.g. photos). A view that
    refuses an id that is not the child's (``AccessRefused``) answers 404 and the refusal is
    logged with the account as the actor."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            account = session_account(request)
            if account is None:
                if not_found:
                    raise Http404
                response = redirect("portal:login")
                if request.COOKIES.get(COOKIE_NAME):
                    session_end(response)
                return response
            request.portal_account = account
            try:
                response = view(request, *args, **kwargs)
            except AccessRefused as refused:
                # Another child's record, or a guessed id: 404 as before, and the refusal logged
                # (after the view's own transaction, if any, was rolled back).
                access_log_portal_denied(
                    account=account, requested=refused.requested, purpose=refused.purpose
                )
                raise Http404 from refused
            payload = session_payload(request)
            if payload is not None and COOKIE_NAME not in response.cookies:
                _set_cookie(response, {**payload, "t": _now()})  # sliding idle timeout
            add_never_cache_headers(response)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
