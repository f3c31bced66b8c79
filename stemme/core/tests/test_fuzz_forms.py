"""Hostile input to every form (issue 6, item 6): no 500, no partial write, a clear Danish error.

Each form of ``fuzz_targets.TARGETS`` (the access matrix's POST entries, and the forms whose
entry is a GET) is posted to by the role that may write, starting from its valid data; Hypothesis
keeps, drops, replaces or repeats every field with hostile values (``fuzz_strategies``) and adds
fields the form never asked for. For every post:

1. the response is not a server error;
2. a refused post (anything but a redirect, or the page a success renders) wrote nothing: the
   row count of every table and the sum of every ``version`` are unchanged (page views in the
   access log and the session table are not counted);
3. a refused form says what is wrong, in Danish: the page has an error message, and neither
   Django's English defaults nor an English text the catalogue translates;
4. after a success, the page it redirects to renders.

Every example runs in a savepoint that is rolled back, so all examples start from the same data.
``STEMME_FUZZ_EXAMPLES`` sets the number of random examples per form (default in
fuzz_strategies); the fixed examples (a NUL byte in each field, extreme dates and numbers, every
field empty or 10,000 characters long) run every time.
"""

import re
from dataclasses import dataclass, field, replace
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from hypothesis import example, given
from hypothesis import strategies as st

from stemme.access.testing import PORTAL_ROLES
from stemme.access.tests import test_access_matrix as matrix
from stemme.accounts.testing import (
    authenticator_of,
    force_login_verified,
    mark_session,
    plain_force_login,
)
from stemme.core.tests import fuzz_strategies as fs
from stemme.core.tests.fuzz_support import (
    PageForm,
    changed_tables,
    database_state,
    english_left,
    parse_page,
)
from stemme.core.tests.fuzz_targets import MATRIX_TARGETS, SKIP, TARGETS, Target
from stemme.portal.testing import portal_role_login

MATRIX, _resolve = matrix.MATRIX, matrix._resolve
world_with_report = matrix.world_with_report  # the same world as the matrix (a pytest fixture)

LOGIN_PAGES = ("/konto/log-ind/", "/min-sag/log-ind/")
LOGIN_TARGETS = {"accounts:login", "accounts:mfa_verify", "accounts:mfa_setup", "portal:login"}
# Hostile markup that must never come back unescaped on a page.
MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
NUMBER = re.compile(r"^-?\d+$")


@dataclass
class Prepared:
    url: str
    valid: dict
    names: list[str]  # the fields to mutate: the valid data's and the rendered form's
    kinds: dict[str, str]  # field name -> "date", "datetime", "number", "file", "text"
    extra_values: list[str] = field(default_factory=list)
    form: PageForm | None = None


# --- Getting a target ready --------------------------------------------------------------------


def _log_in(client, world, role: str) -> None:
    # Pages in Danish, the default (the portal's test login would otherwise pick English).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    if role in PORTAL_ROLES:
        portal_role_login(client, world, role)
    elif role == "password_only":  # the password step passed, the code not yet given
        user = world.assigned_caseworker
        authenticator_of(user)
        plain_force_login(client, user)
        mark_session(client)
    elif role == "no_authenticator":  # the password step passed, no authenticator set up
        plain_force_login(client, world.same_team_caseworker)
        mark_session(client)
    elif role != "anonymous":
        force_login_verified(client, world.users_by_role()[role])


def _same_address(action: str, url: str) -> bool:
    return not action or urlsplit(action).path == url


def _pick_form(forms: list[PageForm], url: str, target: Target, data: dict) -> PageForm | None:
    candidates = [f for f in forms if _same_address(f.action, url)]
    if target.form_selector:
        candidates = [
            f for f in candidates if f.filled().get("form") == target.form_selector
        ] or candidates
    if not candidates:
        return None
    return max(candidates, key=lambda f: len(set(f.names) & set(data)))


def _kind(name: str, value, form: PageForm | None) -> str:
    for f in form.fields if form else []:
        if f.name == name:
            if f.kind == "date":
                return "date"
            if f.kind == "datetime-local":
                return "datetime"
            if f.kind == "number":
                return "number"
            if f.kind == "file":
                return "file"
    if isinstance(value, tuple):
        return "file"
    text = str(value[0] if isinstance(value, list) and value else value)
    if DATETIME.match(text):
        return "datetime"
    if DATE.match(text):
        return "date"
    if NUMBER.match(text) or name in ("version", "expected_version") or name.endswith("-version"):
        return "number"
    return "text"


def _ids_of(world, extra: dict) -> list[str]:
    """Ids a hostile post may try: another child's, another team's, and the target's own
    objects in the wrong field."""
    values = [
        str(world.other_child.pk),
        str(world.other_child.cases.first().pk),
        str(world.other_team_caseworker.pk),
        str(world.other_municipality_caseworker.pk),
        str(world.other_team.pk),
        str(world.child.pk),
        str(world.case.pk),
    ]
    values += [str(obj.pk) for obj in extra.values() if hasattr(obj, "pk")]
    return values


def prepare(client, world, target: Target) -> Prepared:
    _log_in(client, world, target.role)
    entry = target.entry
    extra = entry.setup(world) if entry.setup else {}
    url = reverse(
        target.url_name, kwargs={k: _resolve(world, v, extra) for k, v in entry.kwargs.items()}
    )
    data = {k: _resolve(world, v, extra) for k, v in entry.data.items()}
    if target.prepare:
        data.update(target.prepare(client, world, extra))
    if target.files:
        data["photo"] = fs.uploads()[0]
    form = None
    with transaction.atomic():
        page = client.get(url)
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            form = _pick_form(parse_page(page.content.decode())[0], url, target, data)
        transaction.set_rollback(True)
    if form is not None and target.key not in MATRIX_TARGETS:
        # A form without valid data in the matrix: what the page holds, with the target's own.
        data = {**form.filled(), **data}
    elif form is not None:
        # The page's hidden fields (the version an edit starts from) with the matrix's data.
        hidden = {f.name: f.value for f in form.fields if f.kind == "hidden" and f.name}
        hidden.pop("csrfmiddlewaretoken", None)
        data = {**hidden, **data}
    names = list(dict.fromkeys([*data, *(form.names if form else [])]))
    names = [n for n in names if n != "csrfmiddlewaretoken"]
    # A browser always sends the CSRF token (the test client does not check it): a post is
    # never empty, and `Form(request.POST or None)` sees it as submitted.
    data.setdefault("csrfmiddlewaretoken", "fuzz-csrf-token")
    return Prepared(
        url=url,
        valid=data,
        names=names,
        kinds={name: _kind(name, data.get(name, ""), form) for name in names},
        extra_values=_ids_of(world, extra) + (form.choices() if form else []),
        form=form,
    )


# --- One post and its properties ---------------------------------------------------------------


def _materialise(data: dict) -> dict:
    """Uploads as files (a new file object for every post)."""

    def file(value):
        if isinstance(value, tuple):
            return SimpleUploadedFile(value[0], value[1], content_type=value[2])
        if isinstance(value, list):
            return [file(v) for v in value]
        return value

    return {name: file(value) for name, value in data.items()}


def _has_file(value) -> bool:
    return isinstance(value, tuple) or (isinstance(value, list) and any(map(_has_file, value)))


def _post(client, url: str, data: dict, urlencoded: bool):
    if urlencoded and not any(map(_has_file, data.values())):
        return client.post(
            url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
        )
    return client.post(url, _materialise(data))


def _cookies(client) -> dict:
    return {name: morsel.value for name, morsel in client.cookies.items()}


def _restore(client, cookies: dict) -> None:
    client.cookies = SimpleCookie()
    for name, value in cookies.items():
        client.cookies[name] = value


# Fields a user types into: any value may come from a browser. Anything else (a hidden field,
# a radio button's value, an option) only changes when someone tampers with the request.
TYPED = {"text", "textarea", "date", "datetime-local", "number", "email", "tel", "password"}
TYPED |= {"search", "url", "time", "file"}


def tampered(changes: dict, prepared: Prepared) -> bool:
    """Whether the post is one no browser sends from the page: a field added, a hidden field
    changed, a choice that was not offered. Such a post is refused without a 500 and without
    writing, but need not explain itself."""
    if changes["added"]:
        return True
    kinds = {f.name: f.kind for f in prepared.form.fields} if prepared.form else {}
    for name, (op, _value) in changes["fields"].items():
        kind = kinds.get(name, "text" if prepared.form is None else "hidden")
        if op == fs.KEEP or kind in TYPED:
            continue
        if op == fs.DROP and kind in ("radio", "checkbox", "select"):
            continue  # nothing chosen, a box not ticked
        return True
    return False


def post_and_check(
    client, target: Target, prepared: Prepared, data: dict, urlencoded=False, tamper=False
):
    """Post ``data`` in a savepoint that is rolled back; assert the four properties."""
    cookies = _cookies(client)
    cache.clear()  # the portal's per-address throttle lives in the cache
    try:
        with transaction.atomic():
            before = database_state()
            response = _post(client, prepared.url, data, urlencoded)
            after = database_state()
            _check(client, target, data, response, changed_tables(before, after), tamper)
            transaction.set_rollback(True)
    finally:
        _restore(client, cookies)
    return response


def _check(client, target: Target, data: dict, response, changed: dict, tamper: bool) -> None:
    status = response.status_code
    where = f"{target.key}: {status} for {_short(data)}"
    assert status < 500, where
    html = "text/html" in response.get("Content-Type", "")
    body = response.content.decode(errors="replace") if html else ""
    errors = parse_page(body)[1] if html else []
    redirect = status in (301, 302, 303)
    success = redirect or (target.success_200 and status == 200 and not errors)

    unexpected = {t: c for t, c in changed.items() if t.split(".")[0] not in target.allowed}
    if not success or (status == 200 and not target.entry.writes):
        assert not unexpected, f"{where}: a refused post wrote {unexpected}"
    if html and status in (200, 400) and not success and not tamper:
        assert errors, f"{where}: the form was refused without an error message"
    if html and response.get("Content-Language") == "da":
        english = english_left(body, errors)
        assert not english, f"{where}: English on a Danish page: {english}"
    if html:
        for markup in MARKUP:
            assert markup not in body, f"{where}: {markup} came back unescaped"
    if redirect:
        location = urljoin(response.wsgi_request.path, response["Location"])
        host = urlsplit(location.replace("\\", "/")).netloc
        assert host in ("", "testserver"), f"{where}: redirected off the site to {location}"
        if target.key not in LOGIN_TARGETS:
            assert not location.startswith(LOGIN_PAGES), f"{where}: the session was lost"
        follow = client.get(location)
        assert follow.status_code < 500, f"{where}: the page after the save failed: {location}"


def _short(data: dict) -> str:
    def show(value):
        if isinstance(value, tuple):
            return f"<file {value[0][:20]!r}, {len(value[1])} bytes>"
        text = repr(value)
        return text if len(text) < 60 else f"{text[:40]}…({len(text)} chars)"

    return "{" + ", ".join(f"{k!r}: {show(v)}" for k, v in data.items()) + "}"


# --- The fixed examples ------------------------------------------------------------------------


def fixed_examples(prepared: Prepared) -> list[dict]:
    """Changes every run tries, whatever Hypothesis draws: the classic server errors."""
    names, valid, kinds = prepared.names, prepared.valid, prepared.kinds

    def by_kind(kind, value):
        return fs.every_field(valid, names, lambda name, _v: value if kinds[name] == kind else None)

    changes = [
        fs.every_field(valid, names, lambda _n, _v: ""),
        fs.every_field(valid, names, lambda _n, _v: fs.LONG),
        fs.every_field(valid, names, lambda _n, v: f"{_first(v)}{fs.NUL}"),
        by_kind("date", "9999-12-31"),
        by_kind("date", "0001-01-01"),
        by_kind("datetime", "9999-12-31T23:59"),
        by_kind("datetime", "0001-01-01T00:00"),
        by_kind("number", str(2**63)),
        by_kind("number", "-1"),
    ]
    # Where to go after saving: a word (redirect() takes it for a view name), another site.
    for target in ("fuzz", "//evil.example/", "https://evil.example/", "/\x00"):
        changes.append(
            {**fs.every_field(valid, names, lambda _n, _v: None), "added": {"next": target}}
        )
    # A NUL byte in one field at a time: the other fields valid, so it reaches the service.
    for name in names:
        if kinds[name] != "file":
            changes.append(
                fs.every_field(
                    valid,
                    names,
                    lambda n, v, name=name: f"{_first(v)}{fs.NUL}" if n == name else None,
                )
            )
    unique = []
    for change in changes:
        changes_something = change["added"] or any(
            op != fs.KEEP for op, _v in change["fields"].values()
        )
        if change not in unique and changes_something:
            unique.append(change)
    return unique


def _first(value):
    return value[0] if isinstance(value, list) and value else value


# --- The tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(TARGETS))
def test_hostile_input_to_every_form(client, world_with_report, settings, tmp_path, key):
    settings.MEDIA_ROOT = tmp_path / "media"  # a saved photo must not land in the data folder
    target = TARGETS[key]
    prepared = prepare(client, world_with_report, target)

    # The valid data is valid: otherwise the fuzzing would only ever see a refusal.
    baseline = post_and_check(client, target, prepared, prepared.valid)
    success = baseline.status_code in (301, 302, 303) or (
        target.success_200 and baseline.status_code == 200
    )
    if target.entry.writes or key in TARGETS_THAT_SUCCEED:
        errors = parse_page(baseline.content.decode(errors="replace"))[1]
        assert success, f"{key}: the valid data was refused ({baseline.status_code}): {errors}"

    values = {
        name: st.sampled_from(fs.uploads())
        for name, kind in prepared.kinds.items()
        if kind == "file"
    }

    @fs.FUZZ_SETTINGS
    @given(
        changes=fs.form_changes(prepared.names, prepared.extra_values, values),
        urlencoded=st.booleans(),
    )
    def fuzz(changes, urlencoded):
        data = fs.apply_changes(prepared.valid, changes)
        post_and_check(
            client, target, prepared, data, urlencoded, tamper=tampered(changes, prepared)
        )

    for changes in fixed_examples(prepared):
        fuzz = example(changes=changes, urlencoded=False)(fuzz)
    fuzz()


# Targets whose valid data must be accepted although they record no event.
TARGETS_THAT_SUCCEED = {
    "accounts:login",
    "accounts:mfa_verify",
    "accounts:mfa_setup",
    "accounts:recovery_codes",
    "portal:login",
    "accounts:profile[photo]",
}


def test_every_post_in_the_matrix_is_fuzzed():
    posts = {
        name for name, entries in MATRIX.items() for entry in entries if entry.method == "post"
    }
    fuzzed = {target.url_name for target in TARGETS.values()}
    assert posts - set(SKIP) <= fuzzed, "a POST in the access matrix is not fuzzed"
    assert set(SKIP) <= posts, "SKIP names a URL that has no POST entry (remove it)"


def test_every_case_step_is_fuzzed():
    from stemme.cases.views.registry import STEPS

    assert {f"cases:step[{step.slug}]" for step in STEPS} <= set(TARGETS)


def _form_key(action: str, page_url: str) -> str | None:
    path = urlsplit(action).path if action else page_url
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if name == "cases:step":
        return f"cases:step[{match.kwargs['step']}]"
    return name


def test_every_rendered_form_is_fuzzed(client, world_with_report):
    """Every POST form on every page of the matrix (as the roles that get the page) posts to an
    address that is fuzzed: a new form without a POST entry fails here."""
    world = world_with_report
    fuzzed = {t.url_name for t in TARGETS.values()} | {
        k for k in TARGETS if k.startswith("cases:step[")
    }
    found: dict[str, str] = {}
    for name, entries in MATRIX.items():
        for entry in entries:
            if entry.method != "get":
                continue
            for role in ("assigned_caseworker", "team_leader", "administrator", "child", "parent"):
                if entry.expected(role) != 200:
                    continue
                client.cookies = SimpleCookie()
                with transaction.atomic():
                    _log_in(client, world, role)
                    extra = entry.setup(world) if entry.setup else {}
                    url = reverse(
                        name, kwargs={k: _resolve(world, v, extra) for k, v in entry.kwargs.items()}
                    )
                    response = client.get(
                        url, {k: _resolve(world, v, extra) for k, v in entry.data.items()}
                    )
                    transaction.set_rollback(True)
                if "html" not in response.get("Content-Type", ""):
                    continue
                for form in parse_page(response.content.decode())[0]:
                    key = _form_key(form.action, url)
                    if key:
                        found.setdefault(key, url)
    assert len(found) > 30, f"the crawl found too few forms: {sorted(found)}"
    missing = {key: url for key, url in found.items() if key not in fuzzed and key not in SKIP}
    assert not missing, (
        f"forms that are not fuzzed (add a POST entry or fuzz_targets.EXTRA): {missing}"
    )


def test_every_form_date_is_checked_for_a_plausible_year():
    """stemme.core refuses dates outside FIRST_YEAR…LAST_YEAR in every form (a year-1 date
    overflowed the conversion to UTC, a year-9999 date the deadline arithmetic). The validator
    is a default of Django's date fields from CoreConfig.ready: a form class made before that
    (imported by a models module) would miss it."""
    import importlib
    import pkgutil

    from django import forms

    import stemme
    from stemme.core.forms import plausible_date

    for module in pkgutil.walk_packages(stemme.__path__, "stemme."):
        if ".tests" not in module.name and module.name.rsplit(".", 1)[-1].startswith("forms"):
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    checked = 0
    for form in subclasses(forms.BaseForm):
        if not form.__module__.startswith("stemme."):
            continue
        for name, form_field in getattr(form, "base_fields", {}).items():
            if isinstance(form_field, forms.DateField | forms.DateTimeField):
                assert plausible_date in form_field.validators, f"{form.__name__}.{name}"
                checked += 1
    assert checked > 10
    with pytest.raises(ValidationError):
        forms.DateField().clean("9999-12-31")


# --- Query strings -----------------------------------------------------------------------------

# Query parameters the views read (page numbers, prefills, flags), on every page.
QUERY_NAMES = ["side", "next", "vej", "sendt", "tak", "informs_ref", "q", "start", "end", "team"]
QUERY_VALUES = ["", fs.NUL, "9999-12-31", "0001-01-01", str(2**63), "-1", fs.LONG, MARKUP[0]]


def test_hostile_query_strings_on_every_page(client, world_with_report):
    """Every page of the matrix (and every case step, whose query string prefills the form) with
    hostile query parameters: no server error, nothing written, no English. A GET form (the
    involvement page's period, the leader's caseworker filter) gets its own fields too."""
    from stemme.cases.views.registry import STEPS

    world = world_with_report
    pages = [
        (name, entry)
        for name, entries in MATRIX.items()
        for entry in entries
        if entry.method == "get"
    ]
    pages += [
        (t.url_name, replace(t.entry, method="get"))
        for k, t in TARGETS.items()
        if k.startswith("cases:step[")
    ]
    assert len({f"cases:step[{s.slug}]" for s in STEPS}) <= len(pages)
    for name, entry in pages:
        role = next(
            (
                r
                for r in ("assigned_caseworker", "team_leader", "administrator", "child")
                if entry.expected(r) == 200
            ),
            None,
        )
        if role is None:
            continue
        names = list(dict.fromkeys([*QUERY_NAMES, *entry.data]))
        client.cookies = SimpleCookie()
        with transaction.atomic():
            _log_in(client, world, role)
            extra = entry.setup(world) if entry.setup else {}
            url = reverse(
                name, kwargs={k: _resolve(world, v, extra) for k, v in entry.kwargs.items()}
            )
            if name == "cases:step":
                names += ["intake", "happened_on", "about_ref", "task", "decision", "measure"]
            for value in QUERY_VALUES:
                query = urlencode(dict.fromkeys(names, value))
                before = database_state()
                response = client.get(f"{url}?{query}")
                changed = changed_tables(before, database_state())
                where = f"GET {name} as {role} with {value[:20]!r}"
                assert response.status_code < 500, where
                assert not changed, f"{where} wrote {changed}"
                if "text/html" in response.get("Content-Type", ""):
                    body = response.content.decode()
                    errors = parse_page(body)[1]
                    english = english_left(body, errors)
                    assert not english, f"{where}: English on a Danish page: {english}"
                    assert MARKUP[0] not in body, f"{where}: markup came back unescaped"
            transaction.set_rollback(True)
