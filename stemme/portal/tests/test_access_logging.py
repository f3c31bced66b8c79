"""Issue 13, finding 7: reads in Min sag are in the access log, with the portal account (the
child's own or a parent's) as the actor, so the child's "who has looked" and the right-of-access
export are complete."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import translation

from stemme.audit import services as audit
from stemme.audit.models import AccessAction, AccessLog
from stemme.portal.selectors import looked as looked_selectors
from stemme.portal.testing import active_account, client_log_in, parent_person
from stemme.privacy.selectors import right_of_access_collect

pytestmark = pytest.mark.django_db

# Every portal page a signed-in child reaches without an object in the URL, and its purpose.
CHILD_PAGES = {
    "portal:home": "portal_home",
    "portal:caseworkers": "portal_caseworkers",
    "portal:rights": "portal_rights",
    "portal:looked": "portal_looked",
    "portal:letters": "portal_letters",
    "portal:documents": "portal_documents",
    "portal:plan": "portal_plan",
    "portal:decisions": "portal_decisions",
    "portal:next": "portal_next",
    "portal:meetings": "portal_meetings",
    "portal:tell": "portal_tell",
    "portal:messages": "portal_messages",
}
PARENT_PAGES = [
    "portal:home",
    "portal:caseworkers",
    "portal:rights",
    "portal:letters",
    "portal:documents",
]


def _new_rows(last: int):
    return AccessLog.objects.filter(pk__gt=last).order_by("pk")


def _last() -> int:
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_every_page_the_child_reads_writes_one_row_with_the_account_as_actor(client, world):
    account = active_account(world)
    client_log_in(client, account)
    for name, purpose in CHILD_PAGES.items():
        last = _last()
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        rows = list(_new_rows(last))
        assert len(rows) == 1, (name, rows)
        row = rows[0]
        assert (row.portal_account, row.user, row.child) == (account, None, world.child), name
        assert (row.action, row.purpose) == (AccessAction.VIEW, purpose)
        assert row.municipality_id == world.child.municipality_id


def test_a_parents_reads_are_logged_with_the_parents_account(client, world):
    account = active_account(world, person=parent_person(world))
    client_log_in(client, account)
    last = _last()
    for name in PARENT_PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    rows = _new_rows(last)
    assert [r.purpose for r in rows] == [CHILD_PAGES[name] for name in PARENT_PAGES]
    assert {(r.portal_account_id, r.user_id, r.child_id) for r in rows} == {
        (account.pk, None, world.child.pk)
    }


def test_a_refused_portal_page_logs_nothing(client, world):
    """A parent asking for the child's own "who has looked" gets 404 and is not logged as
    having seen it (only pages actually shown are reads)."""
    client_log_in(client, active_account(world, person=parent_person(world)))
    last = _last()
    assert client.get(reverse("portal:looked")).status_code == 404
    assert not _new_rows(last).exists()


def test_who_has_looked_shows_a_parent_by_relation_and_not_the_childs_own_reads(client, world):
    parent = active_account(world, person=parent_person(world))
    child_account = active_account(world)
    audit.access_log_portal(account=parent, purpose="portal_home")
    audit.access_log_portal(account=parent, purpose="portal_letters")
    audit.access_log_portal(account=child_account, purpose="portal_home")
    audit.access_log_children(
        user=world.assigned_caseworker, children=[world.child], purpose="child_overview"
    )

    with translation.override("en"):
        lines = [
            (line.who, line.unit, line.what, line.times, line.who_key)
            for line in looked_selectors.access_insight(child=world.child)
        ]
    assert ("One of your parents", "", "Looked at your case in My case", 2, "parent") in lines
    assert ("Your caseworker", "Team Nord", "Looked at your case", 1, "yours") in lines
    assert len(lines) == 2  # the child's own read is not a line

    client_log_in(client, child_account)
    body = client.get(reverse("portal:looked")).content.decode()
    assert "One of your parents" in body
    # Never which parent, never a name.
    assert "Mona" not in body
    assert "Forælder" not in body
    assert "mother" not in body.lower()


def test_the_right_of_access_export_has_the_parents_and_the_childs_own_reads(world):
    parent = active_account(world, person=parent_person(world))
    child_account = active_account(world)
    audit.access_log_portal(account=parent, purpose="portal_home")
    audit.access_log_portal(account=child_account, purpose="portal_plan")

    with translation.override("en"):
        export = right_of_access_collect(child=world.child)
    rows = {row["purpose"]: row for row in export.access_log}
    assert rows["portal_home"]["user"] == "Mona Forælder (parent, in My case)"
    assert rows["portal_home"]["role"] == "my_case_parent"
    assert rows["portal_home"]["portal_account"] == str(parent.pk)
    assert rows["portal_plan"]["user"] == "The child, in My case"
    assert rows["portal_plan"]["role"] == "my_case_child"
    # The "as the portal shows it" part follows the page: the parent, not the child's own.
    assert {line["who_key"] for line in export.access_insight} == {"parent"}


def test_the_shipped_audit_log_names_the_portal_account(world, settings, tmp_path):
    key = tmp_path / "audit.key"
    key.write_text("k" * 64, encoding="ascii")
    settings.STEMME_AUDIT_KEY_FILE = str(key)
    account = active_account(world)
    row = audit.access_log_portal(account=account, purpose="portal_home")
    out = StringIO()
    call_command("export_audit_log", "--settle-seconds", "0", stdout=out, stderr=StringIO())
    records = [json.loads(line) for line in out.getvalue().splitlines() if line]
    shipped = next(r for r in records if r["table"] == "access" and r["id"] == row.pk)
    assert shipped["portal_account_id"] == str(account.pk)
    assert shipped["user_id"] is None
    assert shipped["child_id"] == str(world.child.pk)


def test_a_row_has_exactly_one_actor(world):
    account = active_account(world)
    base = {"municipality": world.municipality, "child": world.child, "purpose": "x"}
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLog.objects.create(action=AccessAction.VIEW, **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLog.objects.create(
            action=AccessAction.VIEW, user=world.leader, portal_account=account, **base
        )


def test_a_portal_row_is_append_only_too(world):
    row = audit.access_log_portal(account=active_account(world), purpose="portal_home")
    for sql in (
        "UPDATE audit_accesslog SET purpose = 'changed' WHERE id = %s",
        "DELETE FROM audit_accesslog WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [row.pk])
    assert AccessLog.objects.get(pk=row.pk).purpose == "portal_home"
