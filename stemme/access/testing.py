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
