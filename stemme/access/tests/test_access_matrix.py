"""The access matrix: every URL × every role → status code, no leaked data, no side effects.

Every URL pattern in the project must have an entry in MATRIX; a new view without one fails
``test_every_url_pattern_is_in_the_matrix``, so future views are covered automatically.

Roles: anonymous, a caseworker of another municipality, a caseworker on another team, the
assigned caseworker, a deputy for the assigned caseworker (``deputy``: a colleague on the team
who reaches the child only through the deputy rule), the team leader of the child's team, and
an administrator; and with a
portal session (Min sag): the protected child, another child, a parent of the protected child,
and a parent named by a safety restriction (``PORTAL_ROLES``). The protected
child is ``world.child`` (Zenia Hemmeligsen), assigned to ``world.assigned_caseworker``.

Besides status codes and leaks of the child's name and CPR number, every response is checked for
the reporter's identity (only the case team may see it, stemme/access/fields.py), and every
request for what it logged: a staff member refused a child (404) leaves exactly one "denied"
row in the access log and nothing else.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stemme.access.selectors import can_see_child_data
from stemme.access.testing import (  # noqa: F401 - re-exported for app matrices
    _STAFF_CHILD_LIST,
    ALL_ROLES,
    CASE_TEAM,
    PORTAL_ROLES,
    REPORTER_NAME,
    ROLES,
    SEES_CHILD,
    Entry,
    _child_page,
    collect_app_matrices,
    deputy_appoint_for_matrix,
)
from stemme.accounts.testing import force_login_verified
from stemme.audit.models import AccessAction, AccessLog, Event
from stemme.portal.testing import portal_role_login

MATRIX: dict[str, list[Entry]] = {
    "core:home": [Entry(status=dict.fromkeys(ROLES, 302))],
    "core:health": [Entry(status=dict.fromkeys(ROLES, 200))],
    "accounts:login": [
        Entry(status={**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    ],
    "accounts:logout": [Entry(method="post", status=dict.fromkeys(ROLES, 302))],
    "accounts:set_language": [
        Entry(method="post", data={"language": "en", "next": "/"}, status=dict.fromkeys(ROLES, 302))
    ],
    "accounts:organisation": [
        Entry(
            status={
                **dict.fromkeys(ROLES, 403),
                "anonymous": 302,
                "administrator": 200,
            }
        )
    ],
    "children:list": [Entry(status=_STAFF_CHILD_LIST, shows_child=True, logs_access=True)],
    "children:search": [
        Entry(status=_STAFF_CHILD_LIST),
        Entry(
            method="post",
            data={"q": "Zenia"},
            status=_STAFF_CHILD_LIST,
            shows_child=True,
            logs_access=True,
        ),
        Entry(
            method="post",
            data={"q": "child.cpr"},
            status=_STAFF_CHILD_LIST,
            shows_child=True,
            logs_access=True,
        ),
    ],
    "children:detail": [_child_page()],
    "children:reveal_cpr": [_child_page(method="post")],
    "cases:detail": [_child_page(kwargs={"case_id": "case.pk"})],
    "cases:step": [
        _child_page(kwargs={"case_id": "case.pk", "step": "screening"}),
        _child_page(
            method="post",
            kwargs={"case_id": "case.pk", "step": "samtale"},
            data={"happened_on": "2026-02-01", "methods": "talk", "summary": "Matrix"},
            writes=True,
        ),
    ],
    "cases:intake_new": [_child_page()],
    "cases:intake_new_child": [Entry(status=_STAFF_CHILD_LIST)],
    # The worklist is the caseworker's own cases: a deputy's does not include the covered ones.
    "deadlines:worklist": [
        Entry(status=_STAFF_CHILD_LIST, shows_child=True, logs_access=True, sees=CASE_TEAM)
    ],
    "deadlines:rules": [
        Entry(status={**dict.fromkeys(ROLES, 403), "anonymous": 302, "administrator": 200})
    ],
}


# Each app keeps its own entries in ``stemme/<app>/tests/matrix*.py`` (an ``ENTRIES`` dict).
MATRIX.update(collect_app_matrices(exclude=set(MATRIX)))


def _pattern_names(resolver=None, namespace="") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _pattern_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name; name it and add it"
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_is_in_the_matrix():
    assert _pattern_names() == set(MATRIX), (
        "Every URL pattern needs an access-matrix entry (and entries need a URL pattern)"
    )


def _resolve(world, value, extra=None):
    if isinstance(value, str) and "." in value:
        owner, attribute = value.split(".", 1)
        if owner in ("child", "case"):
            return str(getattr(getattr(world, owner), attribute))
        if extra and owner in extra:
            return str(getattr(extra[owner], attribute))
    return value


def _secrets(world) -> list[str]:
    child = world.child
    # The child's id is not listed: it is in the URL the user requested, so pages echo it back.
    return [child.first_name, child.last_name, child.cpr[:6], child.cpr]


CASES = [
    (name, index, role)
    for name, entries in MATRIX.items()
    for index in range(len(entries))
    for role in ALL_ROLES
]


@pytest.fixture
def world_with_report(world):
    """The world, with a report on the protected child so it has deadlines on worklists (the
    reporter named), and a deputy for the assigned caseworker."""
    import datetime as dt

    from django.utils import timezone

    from stemme.cases.services import steps

    steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="professional",
        reporter_name=REPORTER_NAME,
        received_at=timezone.now() - dt.timedelta(hours=1),
        content="Bekymring fra skolen.",
    )
    deputy_appoint_for_matrix(world)
    return world


@pytest.mark.parametrize(("name", "index", "role"), CASES)
def test_access_matrix(client, world_with_report, name, index, role):
    world = world_with_report
    entry = MATRIX[name][index]
    account = None
    if role in PORTAL_ROLES:
        user = None
        account = portal_role_login(client, world, role)
    else:
        user = world.users_by_role()[role]
        if user is not None:
            force_login_verified(client, user)  # password and authenticator code
    extra = entry.setup(world) if entry.setup else {}
    url = reverse(name, kwargs={k: _resolve(world, v, extra) for k, v in entry.kwargs.items()})
    data = {k: _resolve(world, v, extra) for k, v in entry.data.items()}
    events_before = Event.objects.count()
    last_log = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = getattr(client, entry.method)(url, data)

    assert response.status_code == entry.expected(role), (name, role, response.status_code)
    # A PDF (letters:pdf) is binary: its text is compressed, so only the page checks apply.
    pdf = response.get("Content-Type") == "application/pdf"
    body = response.content.decode(errors="replace" if pdf else "strict")
    # The reporter's identity reaches no one outside the case team (stemme/access/fields.py).
    if role not in CASE_TEAM:
        assert REPORTER_NAME not in body, (name, role, "reporter's identity shown")
    # A child refused to a logged-in staff member: exactly one "denied" row (nothing else is
    # logged or written); so is a child-data page refused to a role without child data (the
    # administrator's 403, issue 13); no refusal, no such row.
    denials = AccessLog.objects.filter(pk__gt=last_log, action=AccessAction.DENIED)
    refused_role = response.status_code == 403 and user is not None and not can_see_child_data(user)
    if refused_role or (user is not None and response.status_code == 404 and entry.logs_access):
        assert [(d.user_id, d.child_id) for d in denials] == [(user.pk, None)], (name, role)
        assert not AccessLog.objects.filter(pk__gt=last_log).exclude(pk__in=denials).exists()
    elif user is None and response.status_code == 404 and denials.exists():
        # Min sag: another child's (or the other holder's) record, or a guessed id: one row by
        # the portal account, no child, nothing else logged (portal_login_required).
        rows = [(d.user_id, d.child_id, d.portal_account_id is not None) for d in denials]
        assert rows == [(None, None, True)], (name, role)
        assert not AccessLog.objects.filter(pk__gt=last_log).exclude(pk__in=denials).exists()
    else:
        assert not denials.exists(), (name, role, "denial logged without a refusal")
    child_logs = AccessLog.objects.filter(child=world.child)
    sees = entry.seeing_roles
    if role in sees:
        if entry.shows_child:
            assert world.child.first_name in body
    else:
        # No leaked data: neither the child's name nor any part of the CPR number.
        for secret in _secrets(world):
            if any(secret in str(value) for value in data.values()):
                continue  # a search form shows the user's own query back
            assert secret not in body, (name, role, secret)
        assert not child_logs.exists(), (name, role, "access logged without access")
    if role in sees and entry.logs_access:
        # Min sag's reads are logged with the portal account as the actor (issue 13).
        actor = {"portal_account": account} if account is not None else {"user": user}
        assert child_logs.filter(**actor).exists(), (name, role, "access not logged")
    # Reading never writes to the event log; a write only happens for those with access (or
    # whom the entry names, ``writes_roles``). A refusal is an access-log row, not an event.
    if role in entry.writing_roles:
        assert Event.objects.count() > events_before, (name, role, "write did not happen")
    else:
        assert Event.objects.count() == events_before, (name, role, "unexpected write")
