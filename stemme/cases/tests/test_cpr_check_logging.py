"""Issue 13, finding 6: the "new report" form's check that a CPR number already has a file is a
lookup of that child, logged as the search page logs a CPR search."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from stemme.audit.models import AccessAction, AccessLog
from stemme.portal.selectors import looked as looked_selectors
from stemme.privacy.selectors import right_of_access_collect

pytestmark = pytest.mark.django_db

URL = reverse("cases:intake_new_child")


def _post(client, cpr: str):
    return client.post(
        URL,
        {
            "kind": "underretning",
            "reporter_type": "professional",
            "reporter_name": "Skolen",
            "received_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "content": "Eleven har meget fravær.",
            "child-cpr": cpr,
            "child-first_name": "X",
            "child-last_name": "Y",
        },
    )


def test_a_registered_cpr_found_by_another_team_is_logged_with_the_criterion(client, world):
    """A caseworker who cannot see the child still learns that it has a file: one search row
    with the criterion and the count, and one row for the child it found."""
    client.force_login(world.other_team_caseworker)
    formatted = f"{world.child.cpr[:6]}-{world.child.cpr[6:]}"
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = _post(client, formatted)

    assert response.status_code == 200
    assert "allerede registreret" in response.content.decode()  # they still learn it
    rows = AccessLog.objects.filter(pk__gt=last).order_by("pk")
    search, shown = rows
    assert (search.user, search.action, search.purpose) == (
        world.other_team_caseworker,
        AccessAction.SEARCH,
        "intake_new_child",
    )
    assert (search.criterion, search.result_count, search.child) == (world.child.cpr, 1, None)
    assert (shown.user, shown.child, shown.action) == (
        world.other_team_caseworker,
        world.child,
        AccessAction.VIEW,
    )
    # The child's "who has looked" and the right-of-access export see it.
    with translation.override("en"):
        whats = {line.what for line in looked_selectors.access_insight(child=world.child)}
    assert "Searched for you" in whats
    export = right_of_access_collect(child=world.child)
    assert {row["purpose"] for row in export.access_log} >= {"intake_new_child"}


def test_a_new_cpr_logs_nothing_about_a_child(client, world):
    client.force_login(world.assigned_caseworker)
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = _post(client, "120315-5123")
    assert response.status_code == 302
    assert not AccessLog.objects.filter(pk__gt=last, purpose="intake_new_child").exists()
