"""Every response that shows a child's data writes an access-log row for that child.

The access matrix (stemme/access/tests/test_access_matrix.py) checks the rows its entries *say*
they write (``logs_access=True``). This test does not trust the entries: it requests every URL
of the matrix as each staff role that may see the protected child, and whenever the response
contains the child's name or CPR number, the same request must have written an access-log row
for that child and that user. A new page that shows child data without logging fails here even
if its matrix entry forgot ``logs_access``.

Rows written before the request (by an entry's ``setup``) do not count: only rows with a higher
id than the newest row before the request do.
"""

import pytest
from django.db.models import Max
from django.urls import reverse

from stemme.access.testing import SEES_CHILD
from stemme.access.tests import test_access_matrix as matrix
from stemme.audit import services as audit_services
from stemme.audit.models import AccessLog

world_with_report = matrix.world_with_report  # the same world as the matrix (a pytest fixture)

STAFF_CASES = [
    (name, index, role)
    for name, entries in matrix.MATRIX.items()
    for index, entry in enumerate(entries)
    for role in sorted(SEES_CHILD)
    if role in entry.seeing_roles
]


def _shows_child(body: str, child) -> bool:
    return any(secret in body for secret in (child.first_name, child.last_name, child.cpr))


def _request_and_check(client, world, name, index, role) -> bool:
    """Request the entry as ``role``; fail if the child is shown without a new access-log row.
    Returns whether the child was shown."""
    entry = matrix.MATRIX[name][index]
    user = world.users_by_role()[role]
    client.force_login(user)
    extra = entry.setup(world) if entry.setup else {}
    url = reverse(
        name, kwargs={k: matrix._resolve(world, v, extra) for k, v in entry.kwargs.items()}
    )
    data = {k: matrix._resolve(world, v, extra) for k, v in entry.data.items()}
    last_before = AccessLog.objects.aggregate(last=Max("pk"))["last"] or 0

    response = getattr(client, entry.method)(url, data)

    body = response.content.decode(errors="replace")
    shown = _shows_child(body, world.child)
    logged = AccessLog.objects.filter(pk__gt=last_before, child=world.child, user=user)
    if shown:
        assert logged.exists(), (name, index, role, "shows the child's data but logged no access")
    if entry.shows_child and response.status_code == 200:
        # The matrix says the page shows the child: it must, or this test proves nothing.
        assert shown, (name, index, role, "the matrix says the child is shown, but it is not")
    return shown


@pytest.mark.parametrize(("name", "index", "role"), STAFF_CASES)
def test_every_response_showing_the_child_logs_the_access(
    client, world_with_report, name, index, role
):
    _request_and_check(client, world_with_report, name, index, role)


def test_a_page_that_forgets_to_log_is_caught(client, world_with_report, monkeypatch):
    """The check itself works: with access logging switched off, the child page fails it."""
    monkeypatch.setattr(audit_services, "access_log_children", lambda **kwargs: 0)
    with pytest.raises(AssertionError, match="logged no access"):
        _request_and_check(client, world_with_report, "children:detail", 0, "assigned_caseworker")


def test_the_walk_covers_the_pages_that_show_a_child():
    """Guards against the parametrisation silently shrinking (e.g. a changed role name)."""
    showing = {name for name, index, _role in STAFF_CASES if matrix.MATRIX[name][index].shows_child}
    assert {"children:detail", "cases:detail", "meetings:agenda", "letters:list"} <= showing
    assert len(STAFF_CASES) > 100
