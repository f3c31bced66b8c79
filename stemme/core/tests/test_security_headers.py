"""Response headers and browser-side privacy on every page (issue 6, "Headers and browser").

Every URL of the access matrix is requested as an anonymous visitor, staff and the portal child;
each response must carry a strict Content-Security-Policy whose nonce is on every <script> and
<style> in the HTML, no inline style or event-handler attributes, ``no-store``, and the other
security headers. The URLs themselves must hold only opaque ids, and our own JavaScript keeps
nothing in browser storage.
"""

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils import timezone

import stemme
from stemme.access.tests.test_access_matrix import MATRIX, _resolve
from stemme.accounts.testing import force_login_verified
from stemme.cases.services import steps
from stemme.cases.views.registry import STEPS_BY_SLUG
from stemme.continuity.forms import STEP_FIELDS as HANDOVER_STEPS
from stemme.oversight.selectors import URL_WORDS as OVERSIGHT_WORDS
from stemme.portal.testing import portal_role_login
from stemme.survey.selectors import SECTION_KEYS

STEMME = Path(stemme.__file__).parent
ROLES = ["anonymous", "assigned_caseworker", "team_leader", "administrator", "child"]
CASES = [
    (name, index, role)
    for name, entries in MATRIX.items()
    for index in range(len(entries))
    for role in ROLES
]
NONCE = re.compile(r"'nonce-([^']+)'")
OPAQUE_ID = re.compile(r"^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


@pytest.fixture
def reported_world(world):
    """The world with a report on the protected child, as in the access matrix, so worklists
    and deadline pages have rows to show."""
    steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="professional",
        received_at=timezone.now() - dt.timedelta(hours=1),
        content="Bekymring fra skolen.",
    )
    return world


class _Elements(HTMLParser):
    """Every start tag of a document with its attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def _directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_secure_response(response, where) -> None:
    """The headers of issue 6 on one response, and a CSP-clean body when it is HTML."""
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp, (where, "no Content-Security-Policy")
    directives = _directives(csp)
    for name in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in directives.get(name, []), (where, name)
        assert "'unsafe-eval'" not in directives.get(name, []), (where, name)
    assert directives.get("frame-ancestors") == ["'none'"], where
    assert directives.get("object-src") == ["'none'"], where
    assert directives.get("base-uri") == ["'none'"], where
    assert "no-store" in response.headers.get("Cache-Control", ""), (where, "cacheable")
    assert response.headers.get("X-Frame-Options") == "DENY", where
    assert response.headers.get("Referrer-Policy") == "same-origin", where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", where
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), where

    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return
    body = response.content.decode()
    parser = _Elements()
    parser.feed(body)
    script_nonces = {m for v in directives.get("script-src", []) for m in NONCE.findall(v)}
    style_nonces = {m for v in directives.get("style-src", []) for m in NONCE.findall(v)}
    # One nonce per response, the same for scripts and styles (none when nothing needs it,
    # like the bare 500 page).
    assert len(script_nonces) <= 1, where
    assert style_nonces == script_nonces, (where, "style nonce differs")
    if any(tag == "script" for tag, _attrs in parser.tags):
        assert script_nonces, (where, "scripts but no nonce")
    for tag, attrs in parser.tags:
        if tag == "script":
            assert attrs.get("nonce") in script_nonces, (where, "script without nonce", attrs)
        if tag == "style":
            assert attrs.get("nonce") in style_nonces, (where, "style without nonce", attrs)
        assert "style" not in attrs, (where, tag, "style attribute", attrs)
        handlers = [a for a in attrs if a.startswith(("on", "hx-on", "data-hx-on"))]
        assert not handlers, (where, tag, "inline event handler", handlers)
        for name in ("href", "src", "action", "formaction"):
            assert not attrs.get(name, "").strip().lower().startswith("javascript:"), where
        assert not attrs.get("hx-vals", "").lstrip().startswith("js:"), where
        if tag == "link" and "stylesheet" in attrs.get("rel", ""):
            assert attrs["href"].startswith("/static/"), (where, "foreign stylesheet")


def _log_in(client, world, role):
    if role == "child":
        portal_role_login(client, world, role)
    elif role != "anonymous":
        force_login_verified(client, world.users_by_role()[role])  # password and second step


@pytest.mark.parametrize(("name", "index", "role"), CASES)
def test_every_page_has_strict_csp_and_no_store(client, reported_world, name, index, role):
    world = reported_world
    entry = MATRIX[name][index]
    _log_in(client, world, role)
    extra = entry.setup(world) if entry.setup else {}
    url = reverse(name, kwargs={k: _resolve(world, v, extra) for k, v in entry.kwargs.items()})
    data = {k: _resolve(world, v, extra) for k, v in entry.data.items()}

    response = getattr(client, entry.method)(url, data)

    # The page itself, as the access matrix expects it, not a detour to a login step.
    assert response.status_code == entry.expected(role), (name, role, response.status_code)
    assert_secure_response(response, (name, index, role, response.status_code))


def test_htmx_partial_responses_are_csp_clean(client, world):
    force_login_verified(client, world.assigned_caseworker)
    response = client.post(
        reverse("children:search"), {"q": "Zenia"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert_secure_response(response, "children:search (htmx)")


def test_csrf_failure_page_is_ours_and_csp_clean(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert 'class="panel panel--narrow"' in response.content.decode()  # 403_csrf.html
    assert_secure_response(response, "csrf failure")


def _boom(request):
    raise RuntimeError("deliberate")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", _boom),
    path("forbidden/", _forbidden),
    path("", include("config.urls")),
]


@override_settings(ROOT_URLCONF=__name__)
def test_error_pages_are_csp_clean(client, world):
    client.raise_request_exception = False
    force_login_verified(client, world.assigned_caseworker)
    for url, status in (("/boom/", 500), ("/forbidden/", 403), ("/missing/", 404)):
        response = client.get(url)
        assert response.status_code == status
        assert_secure_response(response, url)


# --- Every template, including those no matrix request reaches (error pages, partials) ----
TEMPLATES = sorted(STEMME.glob("*/templates/**/*.html"))
INLINE_CODE = [
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "inline event handler"),
    (re.compile(r"\s(data-)?hx-on", re.IGNORECASE), "hx-on handler"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
    (
        re.compile(r"<(script|style)(?![^>]*nonce=\"\{\{ request\.csp_nonce \}\}\")[^>]*>"),
        "no nonce",
    ),
]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(STEMME)))
def test_templates_hold_no_inline_code_without_nonce(template):
    source = re.sub(
        r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", template.read_text(), flags=re.S
    )
    for pattern, what in INLINE_CODE:
        assert not pattern.search(source), (str(template), what)


# --- No personal data in URLs ---------------------------------------------------------------
def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, inner)
        else:
            yield f"{namespace}{pattern.name}", pattern


def test_url_parameters_are_opaque_ids_or_fixed_words():
    """A URL can only carry an integer id, a UUID, or a word from the code (a step's slug, a
    page of the youth survey):
    never a CPR number or a name, which would end up in logs, history and Referer headers."""
    fixed_words = {
        "step": set(STEPS_BY_SLUG) | set(HANDOVER_STEPS),
        "section": SECTION_KEYS,
        **OVERSIGHT_WORDS,
    }
    for name, pattern in _patterns():
        assert isinstance(pattern, URLPattern)
        for parameter, converter in pattern.pattern.converters.items():
            if isinstance(converter, IntConverter | UUIDConverter):
                continue
            assert parameter in fixed_words, (name, parameter, type(converter).__name__)


@pytest.mark.parametrize(
    ("name", "index"), [(n, i) for n, entries in MATRIX.items() for i in range(len(entries))]
)
def test_matrix_urls_hold_no_personal_data(reported_world, name, index):
    world = reported_world
    entry = MATRIX[name][index]
    child, staff = world.child, world.assigned_caseworker
    secrets = [child.first_name, child.last_name, child.cpr, child.cpr[:6]]
    secrets += [staff.username, staff.first_name, staff.last_name]
    extra = entry.setup(world) if entry.setup else {}
    kwargs = {k: _resolve(world, v, extra) for k, v in entry.kwargs.items()}
    url = reverse(name, kwargs=kwargs)
    for secret in secrets:
        assert secret.lower() not in url.lower(), (name, url)
    for key, value in kwargs.items():
        fixed = set(STEPS_BY_SLUG) | set(HANDOVER_STEPS) | SECTION_KEYS
        fixed |= set().union(*OVERSIGHT_WORDS.values())
        assert OPAQUE_ID.match(str(value)) or value in fixed, (name, key, value)


def test_child_search_is_posted_not_in_the_url(client, world):
    force_login_verified(client, world.assigned_caseworker)
    body = client.get(reverse("children:search")).content.decode()
    forms = [
        attrs for tag, attrs in _parsed(body) if tag == "form" and attrs.get("role") == "search"
    ]
    assert forms
    assert all(form.get("method") == "post" for form in forms)


def _parsed(body):
    parser = _Elements()
    parser.feed(body)
    return parser.tags


# --- No personal data in browser storage ---------------------------------------------------
def test_our_javascript_uses_no_browser_storage():
    scripts = [p for p in STEMME.glob("*/static/**/*.js") if "vendor" not in p.parts]
    assert scripts  # the portal's quick exit at least
    for script in scripts:
        source = script.read_text()
        for api in ("localStorage", "sessionStorage", "indexedDB", "document.cookie", "caches"):
            assert api not in source, (str(script), api)


def test_htmx_keeps_no_history_snapshots_and_never_evaluates_code():
    base = (STEMME / "core" / "templates" / "base.html").read_text()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", base).group(1)
    for setting in (
        '"historyCacheSize": 0',
        '"includeIndicatorStyles": false',
        '"allowEval": false',
        '"allowScriptTags": false',
    ):
        assert setting in config
