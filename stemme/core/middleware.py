"""Request-wide policies: the fixed UI language, security headers and no caching of personal
data; the request log."""

import contextvars
import hashlib
import hmac
import logging
import re
import time
import uuid

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, empty


class FixedLanguageMiddleware:
    """Danish unless the user explicitly chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and a headless or
    English-configured browser would then get English. Caseworkers work in Danish.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"camera": []}`` → ``camera=()``; ``{"fullscreen": ["self"]}`` → ``fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class ResponseHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set, on every response Django renders.

    It sits just inside WhiteNoise, so static files (no personal data, hashed names) stay
    cacheable, and outside the session, authentication and lockout middleware, so their own
    responses (redirects to log in, lockout pages) get the headers as well as the views' do,
    whether the view returned or raised (404, 403, 500 all become responses first).

    Every rendered response is ``no-store``: staff pages, portal pages, photos and error pages
    hold personal data, and the login pages hold what was typed and a CSRF token. Nothing the
    application renders is worth caching, so there is no per-view list to forget a view in.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        # XFrameOptionsMiddleware sits inside the login and lockout middleware and misses their
        # responses; frame-ancestors 'none' in the CSP says the same to current browsers.
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        # Another site may not embed our responses (photos, letters) in its pages.
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


# --- The request log (issue 16) -------------------------------------------------------------
#: The current request's id, for every log line written while it is handled (RequestIdFilter).
request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "stemme_request_id", default=None
)
#: An X-Request-ID from the proxy is kept only if it looks like an id: no spaces, no markup,
#: nothing long enough to carry data into the logs.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
REQUEST_LOGGER = logging.getLogger("stemme.request")


def pseudonymous_user_key(secret_key: str) -> bytes:
    """The key of the pseudonymous user ids in the request log: derived from SECRET_KEY (so it
    is the same on every server and never written anywhere), and only usable for this."""
    return hashlib.sha256(b"stemme.request-log.user:" + secret_key.encode()).digest()


def pseudonymous_user_id(key: bytes, pk) -> str:
    """HMAC-SHA256 of the user's primary key, cut to 16 hex digits: the same user gives the same
    id in every line (to follow one session through the log), but the log alone never says who."""
    return hmac.new(key, str(pk).encode(), hashlib.sha256).hexdigest()[:16]


def _evaluated_user(request):
    """The request's user if something already loaded it, else None: the log line must not cost
    the session and user queries a page that never looked at them (static files, health) saved."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject):
        user = user.__dict__.get("_wrapped", empty)
        if user is empty:
            return None
    return user if getattr(user, "is_authenticated", False) else None


class RequestLogMiddleware:
    """One log line per request (logger ``stemme.request``): request id, method, route (the URL
    pattern and its name, never the path with its ids), status, duration in ms and a pseudonymous
    user id. Outermost, so the time and the ``X-Request-ID`` response header cover every other
    middleware's answer too (redirects to HTTPS, lockouts, static files).

    Nothing in the line names a person: no path, no query string, no user name; the user is an
    HMAC of the staff user's id. Min sag's accounts (children and parents) are not identified.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.key = pseudonymous_user_key(settings.SECRET_KEY)

    def __call__(self, request):
        started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            response.headers["X-Request-ID"] = request_id
            self._log(request, response.status_code, started)
            return response
        finally:
            request_id_var.reset(token)

    def _log(self, request, status: int, started: float) -> None:
        if not REQUEST_LOGGER.isEnabledFor(logging.INFO):
            return
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        match = getattr(request, "resolver_match", None)
        route = match.route if match else None
        view = match.view_name if match else None
        user = _evaluated_user(request)
        REQUEST_LOGGER.info(
            "%s %s %s %.1f ms",
            request.method,
            view or route or "-",
            status,
            duration_ms,
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "route": route,
                "view": view,
                "status": status,
                "duration_ms": duration_ms,
                "user": pseudonymous_user_id(self.key, user.pk) if user is not None else None,
            },
        )


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every log record (``request_id``, None outside a
    request), and replaces the raw path in Django's own request lines ("Not Found: /sager/<id>/",
    django.request and django.security) with the URL pattern, so no child's or case's id reaches
    the log through them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        request = getattr(record, "request", None)
        if request is not None and isinstance(record.args, tuple) and record.args:
            path = getattr(request, "path", None)
            escaped = path.encode("unicode_escape").decode("ascii") if path else None
            match = getattr(request, "resolver_match", None)
            route = (match.route if match else None) or "-"
            record.args = tuple(route if a in (path, escaped) else a for a in record.args)
        return True
