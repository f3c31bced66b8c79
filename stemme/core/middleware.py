"""Request-wide policies: the fixed UI language and no caching of personal data."""

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


class NoStoreForAuthenticatedMiddleware:
    """Pages for a logged-in user hold personal data: never let a browser or proxy keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
