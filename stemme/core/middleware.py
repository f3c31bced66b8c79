"""Request-wide policies: the fixed UI language, security headers and no caching of personal
data."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers


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
