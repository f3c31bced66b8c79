"""The staff session's rules, enforced for every request in one place.

SessionLifetimeMiddleware ends a staff session after STEMME_SESSION_IDLE_SECONDS without a
request (a PC left unlocked in a shared office) and, however active, STEMME_SESSION_ABSOLUTE_
SECONDS after the login (a stolen session does not live forever). A session without a login
time did not come through the login page and is ended too.

MFARequiredMiddleware first sends a user with an initial password from an administrator to the
password change (nothing else but logout and the language switch is open until it is changed),
then lets a logged-in staff member reach nothing but the two-step pages, logout
and the language switch until the session is verified with a second factor (django-otp's
OTPMiddleware sets ``user.is_verified()``), and sends someone with new recovery codes to them
until they confirm they have saved them. Enforcing it here rather than in each view means a new
view cannot forget it; the access matrix and test_mfa prove it for every URL.

A save that arrives after the session ended is not thrown away: its fields are kept on the
server (stemme.drafts) for the user the ended session names, and after logging in again with both
steps the user is back on the page the form was on, with the form filled in again.

StaffOTPMiddleware is django-otp's OTPMiddleware taking the session's authenticator from the
session's own query when it is the one the session names (accounts.sessions): one query less on
every staff request, with django-otp's checks of the device unchanged.

Min sag (/min-sag/) has its own session and login (stemme.portal.session), untouched here.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware

from stemme.accounts.sessions import device_read_with_session
from stemme.drafts import services as drafts
from stemme.drafts import web as draft_web

LOGIN_AT = "stemme_login_at"
SEEN_AT = "stemme_seen_at"
NEW_RECOVERY_CODES = "stemme_new_recovery_codes"
SEEN_GRANULARITY = 60  # seconds: the session is written at most once a minute for activity

# Reachable with a password-only session: the way in, the way out and the language switch.
OPEN_BEFORE_SECOND_STEP = {
    "accounts:login",
    "accounts:logout",
    "accounts:set_language",
    "accounts:mfa_verify",
    "accounts:mfa_setup",
    "accounts:mfa_enrol",
    "core:health",
    "operations:live",
    "operations:ready",
}
# Reachable while the user must choose a new password (an initial password from an
# administrator, services/staff.py): the change itself, the way out and the language switch.
# Before the second step too: the initial password is replaced first, then two-step login is
# set up with the enrolment code.
OPEN_WHILE_PASSWORD_MUST_CHANGE = {
    "accounts:password_change",
    "accounts:logout",
    "accounts:set_language",
    "core:health",
    "operations:live",
    "operations:ready",
}
OWN_LOGIN_NAMESPACES = {"portal"}  # Min sag: the child's portal has its own login
# Posts with nothing typed worth keeping when they arrive after the session ended.
NOT_KEPT_AFTER_LOGOUT = {
    "accounts:logout",
    "accounts:set_language",
    "accounts:session_keepalive",
    "accounts:login",
    "accounts:mfa_verify",
    "accounts:mfa_setup",
    "accounts:mfa_enrol",
    "accounts:recovery_codes",
    "accounts:security",
    "accounts:password_change",
    "children:search",  # a search, not writing; a CPR number is not kept for it
}


def session_started(request) -> None:
    """Mark the session as begun now (the login view calls this after a successful login)."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def session_touched(request) -> None:
    """Count this request as use of Stemme now (the "stay logged in" button, the autosave of
    what the user types), whatever the once-a-minute granularity."""
    request.session[SEEN_AT] = int(time.time())


def _keep_posted(request) -> str:
    """Keep what a POST that arrived after the session ended carried, for the user the ended
    session still names; return the page to come back to after the login (or "" if nothing was
    kept). Only a post with a valid CSRF token is kept: another site cannot plant text in a
    form. Never kept: passwords, codes, the CSRF token, files (stemme.drafts.web)."""
    if request.method != "POST" or not getattr(request.user, "is_verified", bool)():
        return ""  # only from a session that had passed both login steps
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return ""
    if name in NOT_KEPT_AFTER_LOGOUT or name.split(":")[0] in OWN_LOGIN_NAMESPACES:
        return ""
    if CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None:
        return ""
    if name == "drafts:autosave":  # the autosave names the page and the form itself
        page = draft_web.page_path(request.POST.get(draft_web.PAGE_FIELD, ""))
        key = request.POST.get(draft_web.FORM_FIELD, "")
    else:
        page = draft_web.page_of_post(request)
        key = draft_web.form_key(request.path, request.POST)
    fields = draft_web.posted_fields(request.POST)
    if not page or not fields or draft_web.too_long(fields) or len(key) > 600:
        return ""
    drafts.draft_save(
        author=request.user,
        page_path=page.split("?", 1)[0],
        form_key=key,
        fields=fields,
        after_logout=True,
    )
    return page


def _redirect(request, url: str):
    """A redirect, or for htmx (which would swap the target page into a fragment) a full-page
    navigation."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class StaffOTPMiddleware(OTPMiddleware):
    def _device_from_persistent_id(self, persistent_id: str):
        normalized = self._normalize_persistent_id(persistent_id)
        device = device_read_with_session(normalized)
        return device if device is not None else super()._device_from_persistent_id(normalized)


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._expired(request)
            if expired:
                return self._end(request, expired)
        return self.get_response(request)

    @staticmethod
    def _expired(request) -> str:
        now = int(time.time())
        session = request.session
        login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
        if not isinstance(login_at, int) or not isinstance(seen_at, int):
            return _("Please log in.")
        if now - login_at > settings.STEMME_SESSION_ABSOLUTE_SECONDS:
            return _(
                "You have been logged in for %(hours)d hours, so you were logged out for "
                "safety. Log in again to go on."
            ) % {"hours": settings.STEMME_SESSION_ABSOLUTE_SECONDS // 3600}
        if now - seen_at > settings.STEMME_SESSION_IDLE_SECONDS:
            return _(
                "You were logged out because Stemme was not used for %(minutes)d minutes. "
                "Log in again to go on."
            ) % {"minutes": settings.STEMME_SESSION_IDLE_SECONDS // 60}
        if now - seen_at >= SEEN_GRANULARITY:
            session[SEEN_AT] = now
        return ""

    @staticmethod
    def _end(request, message: str):
        kept = _keep_posted(request)  # before the logout forgets who the user was
        path = request.get_full_path() if request.method == "GET" else kept
        logout(request)
        messages.info(request, message)
        if request.headers.get("HX-Request") == "true":
            return _redirect(
                request, redirect_to_login(kept).url if kept else reverse(settings.LOGIN_URL)
            )
        if path:
            return redirect_to_login(path)
        return redirect(settings.LOGIN_URL)


class MFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.namespace in OWN_LOGIN_NAMESPACES:
            return None
        name = match.view_name
        if getattr(user, "must_change_password", False):
            if name in OPEN_WHILE_PASSWORD_MUST_CHANGE:
                return None
            url = reverse("accounts:password_change")
            if request.method == "GET":
                url = f"{url}?{urlencode({'next': request.get_full_path()})}"
            return _redirect(request, url)
        if name in OPEN_BEFORE_SECOND_STEP:
            return None
        if not user.is_verified():
            url = reverse("accounts:mfa_verify")
            if request.method == "GET":
                url = f"{url}?{urlencode({'next': request.get_full_path()})}"
            return _redirect(request, url)
        if NEW_RECOVERY_CODES in request.session and name != "accounts:recovery_codes":
            return _redirect(request, reverse("accounts:recovery_codes"))
        return None
