"""Building blocks of the access matrix (stemme/access/tests/test_access_matrix.py).

Apps describe their own URLs in ``stemme/<app>/tests/matrix*.py`` as ``ENTRIES = {url name:
[Entry, ...]}``; the matrix test collects them all, and fails for any URL without an entry.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROLES = [
    "anonymous",
    "other_municipality_caseworker",
    "other_team_caseworker",
    "assigned_caseworker",
    "team_leader",
    "administrator",
]
SEES_CHILD = {"assigned_caseworker", "team_leader"}
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

    def expected(self, role: str) -> int:
        return self.status[role] if role in self.status else self.status["anonymous"]

    @property
    def seeing_roles(self) -> frozenset:
        return frozenset(SEES_CHILD) if self.sees is None else self.sees


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
):
    """A page of the child's own portal. Staff (whatever their staff login) and a restricted
    parent have no portal session and go to the portal login; the protected child gets the page
    (a write redirects); another child gets 404 for the protected child's objects (or their own
    page, ``other_child=200``, when the URL names no object). ``parent``: what a parent without
    restriction gets (404 where the page is the child's only)."""
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
    import stemme

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
