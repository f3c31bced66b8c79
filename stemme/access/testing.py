"""Building blocks of the access matrix (stemme/access/tests/test_access_matrix.py).

Apps describe their own URLs in ``stemme/<app>/tests/matrix*.py`` as ``ENTRIES = {url name:
[Entry, ...]}``; the matrix test collects them all, and fails for any URL without an entry.
"""

import dataclasses
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import stemme
from stemme.access.services import deputy_appoint
from stemme.accounts.models import Role, User

ROLES = [
    "anonymous",
    "other_municipality_caseworker",
    "other_team_caseworker",
    "assigned_caseworker",
    "deputy",
    "team_leader",
    "administrator",
]
# "deputy": a caseworker on the child's team appointed (today, for a month) as deputy for the
# assigned caseworker (``deputy_appoint_for_matrix``). It reaches the child through the deputy
# rule only, so an entry that says nothing about it expects what the assigned caseworker gets.
SEES_CHILD = {"assigned_caseworker", "deputy", "team_leader"}
# The case team: the only staff who see the reporter's identity (stemme/access/fields.py). Also
# the "sees" of pages that list the user's *own* caseload, which a deputy's does not include.
CASE_TEAM = frozenset({"assigned_caseworker", "team_leader"})
# A name no page may show to anyone outside the case team (the matrix's report names it).
REPORTER_NAME = "Rikke Anmeldersen, Solsikkeskolen"
# Portal sessions (stemme/portal/testing.py logs them in): the protected child's own account,
# another child's account, a parent of the protected child, and a parent named by a safety
# restriction. To staff pages they are anonymous: an entry without them expects what it
# expects for "anonymous".
PORTAL_ROLES = ["child", "other_child", "parent", "restricted_parent"]
ALL_ROLES = ROLES + PORTAL_ROLES


@dataclass
class Entry:
    """How to request a URL and what each role must get."""

    method: str = "get"
    kwargs: dict = field(default_factory=dict)  # values are attribute names on the World
    data: dict = field(default_factory=dict)
    status: dict = field(default_factory=dict)  # role -> expected status
    shows_child: bool = False  # the protected child's data appears for roles in SEES_CHILD
    logs_access: bool = False  # a successful response writes access-log rows for the child
    writes: bool = False  # a successful request records events (only for roles in SEES_CHILD)
    # Builds what the URL needs (a meeting, a statement …) before the request, through the
    # services: ``setup(world) -> {"meeting": obj}``; kwargs/data may then say "meeting.pk".
    setup: Callable | None = None
    # Who may see the protected child here; None means SEES_CHILD (the staff who may).
    sees: frozenset | None = None
    # Whose request records events; None means the seeing roles when ``writes``, else nobody
    # (e.g. an emergency-access request writes for a caseworker who could *not* see the child).
    writes_roles: frozenset | None = None

    def expected(self, role: str) -> int:
        if role in self.status:
            return self.status[role]
        if role == "deputy" and "assigned_caseworker" in self.status:
            return self.status["assigned_caseworker"]
        return self.status["anonymous"]

    @property
    def seeing_roles(self) -> frozenset:
        return frozenset(SEES_CHILD) if self.sees is None else self.sees

    @property
    def writing_roles(self) -> frozenset:
        if self.writes_roles is not None:
            return self.writes_roles
        return self.seeing_roles if self.writes else frozenset()


def case_team_only(entry: Entry, deputy: int = 403) -> Entry:
    """An entry for something only the case team may do (e.g. change the case's caseworkers):
    the deputy reaches the child, but gets ``deputy`` (403, or the page again with a message)
    and writes nothing."""
    sees = entry.seeing_roles if deputy == 200 else entry.seeing_roles - {"deputy"}
    return dataclasses.replace(
        entry,
        status={**entry.status, "deputy": deputy},
        sees=frozenset(sees),
        writes_roles=entry.writing_roles - {"deputy"},
    )


def deputy_appoint_for_matrix(world):
    """The matrix's "deputy": a new caseworker on the child's team, deputy for the assigned
    caseworker from today for a month, appointed by the team leader through the service."""
    import datetime as dt

    from django.utils import timezone

    deputy = User.objects.create_user(
        username="stedfortraeder",
        password="test-password-123",  # noqa: S106 - a test user
        municipality=world.municipality,
        role=Role.CASEWORKER,
        first_name="Dorte",
        last_name="Stedfortræder",
    )
    deputy.teams.set([world.team])
    today = timezone.localdate()
    deputy_appoint(
        actor=world.leader,
        deputy=deputy,
        covered=world.assigned_caseworker,
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
        reason="Ferie",
    )
    world.deputy = deputy
    return deputy


def child_page(method="get", data=None, kwargs=None, writes=False, setup=None):
    return Entry(
        method=method,
        setup=setup,
        kwargs=kwargs or {"child_id": "child.pk"},
        data=data or {},
        writes=writes,
        status={
            "anonymous": 302,
            "other_municipality_caseworker": 404,
            "other_team_caseworker": 404,
            "assigned_caseworker": 302 if writes else 200,  # a successful write redirects
            "team_leader": 302 if writes else 200,
            "administrator": 403,
        },
        shows_child=not writes,
        logs_access=True,
    )


def portal_page(
    method="get",
    data=None,
    kwargs=None,
    writes=False,
    setup=None,
    parent: int = 404,
    other_child: int | None = None,
    shows_child=True,
    logs_access: bool | None = None,
):
    """A page of the child's own portal. Staff (whatever their staff login) and a restricted
    parent have no portal session and go to the portal login; the protected child gets the page
    (a write redirects); another child gets 404 for the protected child's objects (or their own
    page, ``other_child=200``, when the URL names no object). ``parent``: what a parent without
    restriction gets (404 where the page is the child's only). A page that shows the child's
    data writes an access-log row with the child's or the parent's account as the actor: every
    page that is not a write (``logs_access`` says otherwise, e.g. for a photo)."""
    ok = 302 if writes else 200
    sees = {"child"} | ({"parent"} if parent in (200, 302) else set())
    return Entry(
        method=method,
        setup=setup,
        kwargs=kwargs or {},
        data=data or {},
        writes=writes,
        status={
            **dict.fromkeys(ROLES, 302),
            "child": ok,
            "other_child": other_child if other_child is not None else (404 if kwargs else ok),
            "parent": parent,
            "restricted_parent": 302,
        },
        shows_child=shows_child and not writes,
        logs_access=not writes if logs_access is None else logs_access,
        sees=frozenset(sees),
    )


STAFF_CHILD_LIST = {
    "anonymous": 302,
    "other_municipality_caseworker": 200,
    "other_team_caseworker": 200,
    "assigned_caseworker": 200,
    "team_leader": 200,
    "administrator": 403,
}


# Old names, used by the core matrix.
_child_page = child_page
_STAFF_CHILD_LIST = STAFF_CHILD_LIST


def collect_app_matrices(exclude: set[str]) -> dict[str, list[Entry]]:
    """Every ``ENTRIES`` from ``stemme/*/tests/matrix*.py``; a URL name may appear only once."""

    collected: dict[str, list[Entry]] = {}
    root = Path(stemme.__file__).parent
    for app in sorted(p.name for p in root.iterdir() if (p / "tests" / "__init__.py").exists()):
        package = f"stemme.{app}.tests"
        for module in pkgutil.iter_modules([str(root / app / "tests")]):
            if not module.name.startswith("matrix"):
                continue
            entries = importlib.import_module(f"{package}.{module.name}").ENTRIES
            for name, value in entries.items():
                if name in exclude or name in collected:
                    raise AssertionError(f"{name} has two access-matrix entries")
                collected[name] = value
    return collected
