"""A refused request for a child (404) is recorded durably: one access-log row, nothing else.

``staff_with_child_access`` runs the view in a transaction that the 404 rolls back; the refusal
is written after it (stemme/access/views.py), so it survives.
"""

import uuid

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemme.access import selectors as access
from stemme.audit.models import AccessAction, AccessLog, Event


def test_a_refused_child_page_leaves_one_denial_row(client, world):
    client.force_login(world.other_team_caseworker)
    events = Event.objects.count()
    response = client.get(reverse("children:detail", args=[world.child.pk]))
    assert response.status_code == 404
    row = AccessLog.objects.get()
    assert (row.user, row.child, row.action, row.purpose, row.criterion) == (
        world.other_team_caseworker,
        None,
        AccessAction.DENIED,
        "child_overview",
        f"child:{world.child.pk}",
    )
    assert row.municipality == world.municipality
    assert row.at is not None
    assert Event.objects.count() == events  # a refusal is not a write


def test_a_refused_case_page_names_the_case(client, world):
    client.force_login(world.other_team_caseworker)
    assert client.get(reverse("cases:detail", args=[world.case.pk])).status_code == 404
    row = AccessLog.objects.get()
    assert (row.criterion, row.purpose) == (f"case:{world.case.pk}", "case_overview")


def test_an_id_that_does_not_exist_is_refused_and_logged_the_same_way(client, world):
    """Same answer and same record as an existing child: ids cannot be probed."""
    client.force_login(world.assigned_caseworker)
    unknown = uuid.uuid4()
    assert client.get(reverse("children:detail", args=[unknown])).status_code == 404
    assert AccessLog.objects.get().criterion == f"child:{unknown}"


def test_the_denial_survives_the_rolled_back_request(client, world, monkeypatch):
    """Whatever the view wrote before the refusal is rolled back; the denial row is not."""
    from stemme.children import views

    real = access.access_child_by_id

    def write_then_refuse(user, child_id, **kwargs):
        real(world.assigned_caseworker, world.child.pk, purpose="written_then_rolled_back")
        return real(user, child_id, **kwargs)

    monkeypatch.setattr(views.access, "access_child_by_id", write_then_refuse)
    client.force_login(world.other_team_caseworker)
    assert client.get(reverse("children:detail", args=[world.child.pk])).status_code == 404
    assert not AccessLog.objects.filter(purpose="written_then_rolled_back").exists()
    assert AccessLog.objects.filter(action=AccessAction.DENIED).count() == 1


def test_the_denial_is_one_insert(client, world):
    client.force_login(world.other_team_caseworker)
    client.get(reverse("core:health"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("children:detail", args=[world.child.pk]))
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len([sql for sql in inserts if "audit_accesslog" in sql]) == 1
    assert not [sql for sql in inserts if "audit_event" in sql]


def test_the_selector_itself_writes_nothing_on_refusal(world):
    """The row is the decorator's job, after the rollback; the selector only raises."""
    with pytest.raises(access.AccessRefused) as refused:
        access.access_child_by_id(world.other_team_caseworker, world.child.pk, purpose="x")
    assert refused.value.requested == f"child:{world.child.pk}"
    assert not AccessLog.objects.exists()


def test_a_malformed_id_is_a_plain_404_and_not_logged(world):
    with pytest.raises(Http404) as refused:
        access.access_child_by_id(world.assigned_caseworker, "not-a-uuid", purpose="x")
    assert not isinstance(refused.value, access.AccessRefused)


def test_anonymous_users_leave_no_denial_and_roles_without_child_data_one(client, world):
    """Anonymous: sent to the login, nothing to log. The administrator's 403 is a refusal like
    any other (issue 13): stemme/access/tests/test_denied_nested.py."""
    url = reverse("children:detail", args=[world.child.pk])
    assert client.get(url).status_code == 302  # to the login
    assert not AccessLog.objects.exists()
    client.force_login(world.administrator)
    assert client.get(url).status_code == 403
    assert AccessLog.objects.get().action == AccessAction.DENIED
