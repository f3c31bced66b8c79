"""Prints and exports are logged as such (action PRINT / EXPORT), not as ordinary views.

The printable pages: the child's meeting agenda and the activation letter for Min sag. Exports:
``manage.py export_cases`` (one EXPORT row per child) and the right-of-access export
(stemme/privacy/tests). Letters go through the outbox (letters.services.letter_send) and have no
print page of their own; their staff page is an ordinary (logged) view.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from stemme.audit.models import AccessAction, AccessLog
from stemme.meetings.tests.factories import plan


def _new_rows(last_pk, child):
    return AccessLog.objects.filter(pk__gt=last_pk, child=child).order_by("pk")


def _last_pk():
    last = AccessLog.objects.order_by("-pk").first()
    return last.pk if last else 0


def test_the_child_agenda_is_logged_as_a_print(client, world):
    meeting = plan(world)
    client.force_login(world.assigned_caseworker)
    before = _last_pk()

    response = client.get(reverse("meetings:agenda", kwargs={"meeting_id": meeting.pk}))

    assert response.status_code == 200
    rows = list(_new_rows(before, world.child))
    assert [(r.action, r.purpose, r.user) for r in rows] == [
        (AccessAction.PRINT, "meeting_agenda", world.assigned_caseworker)
    ]


def test_the_activation_letter_is_logged_as_a_print(client, world):
    client.force_login(world.assigned_caseworker)
    url = reverse("portal_staff:access", kwargs={"child_id": world.child.pk})
    before = _last_pk()

    response = client.post(url, {"who": "child"})

    assert response.status_code == 200
    assert "portal/staff_letter.html" in [t.name for t in response.templates]
    actions = [r.action for r in _new_rows(before, world.child)]
    assert actions == [AccessAction.VIEW, AccessAction.PRINT]


def test_the_access_page_without_a_letter_is_not_a_print(client, world):
    client.force_login(world.assigned_caseworker)
    before = _last_pk()

    client.get(reverse("portal_staff:access", kwargs={"child_id": world.child.pk}))

    assert [r.action for r in _new_rows(before, world.child)] == [AccessAction.VIEW]


@pytest.mark.django_db
def test_export_cases_logs_an_export_per_child(world, tmp_path):
    before = _last_pk()

    call_command("export_cases", "--user", "leder", "--output", str(tmp_path / "out.json"))

    rows = AccessLog.objects.filter(pk__gt=before)
    assert {r.action for r in rows} == {AccessAction.EXPORT}
    assert {r.child_id for r in rows} == {world.child.pk, world.other_child.pk}
