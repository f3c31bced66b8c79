"""Emergency access (nødadgang, break the glass): a reason, a log, an end, and the leader sees it.

"Break-the-glass asks for a reason and the leader sees it" (issue 6, done when).
"""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_child, make_user
from stemme.access import selectors as access
from stemme.access import services
from stemme.access.models import EmergencyAccess
from stemme.accounts.models import Role
from stemme.audit.models import AccessBasis, AccessLog, Event

REASON = "Barnet ringede og er bange; rådgiveren er syg og teamet er til møde."


@pytest.fixture
def client(client):
    """Assert on the English msgids: the language cookie (pages are Danish by default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def stranger(world):
    """A caseworker on the other team, who cannot see the protected child."""
    return world.other_team_caseworker


def grant(world, user, *, now=None):
    _child, use = services.emergency_access_grant(
        actor=user, cpr=world.child.cpr, reason=REASON, now=now
    )
    return use


def post(client, cpr, reason=REASON, confirm="on"):
    data = {"cpr": cpr, "reason": reason}
    if confirm:
        data["confirm"] = confirm
    return client.post(reverse("access:emergency_request"), data)


# --- The form and what it writes -----------------------------------------------------------------


def test_emergency_access_opens_the_child_with_a_banner_and_is_logged(client, world, stranger):
    client.force_login(stranger)
    response = post(client, world.child.cpr)
    assert response.status_code == 302
    assert response["Location"] == reverse("children:detail", args=[world.child.pk])
    use = EmergencyAccess.objects.get()
    assert (use.user, use.child, use.reason) == (stranger, world.child, REASON)
    assert use.expires_at - use.granted_at == dt.timedelta(hours=8)
    event = Event.objects.get(kind="emergency_access.granted")
    assert (event.actor, event.child, event.data["reason"]) == (stranger, world.child, REASON)

    body = client.get(response["Location"]).content.decode()
    assert "Zenia Hemmeligsen" in body
    assert "You have emergency access to this child until" in body
    assert "The access is logged and shown to your team leader." in body
    log = AccessLog.objects.get(user=stranger, child=world.child)
    assert log.basis == AccessBasis.EMERGENCY


def test_no_banner_for_ordinary_access(client, world):
    client.force_login(world.assigned_caseworker)
    body = client.get(reverse("children:detail", args=[world.child.pk])).content.decode()
    assert "emergency-banner-heading" not in body


def test_the_case_page_also_shows_the_banner(client, world, stranger):
    grant(world, stranger)
    client.force_login(stranger)
    body = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "emergency-banner-heading" in body


def test_the_child_is_visible_until_expiry_and_then_gone(world, stranger):
    granted = timezone.now() - dt.timedelta(hours=1)
    use = grant(world, stranger, now=granted)
    before_end = use.expires_at - dt.timedelta(seconds=1)
    assert access.children_visible_to(stranger, now=before_end).filter(pk=world.child.pk).exists()
    assert (
        not access.children_visible_to(stranger, now=use.expires_at)
        .filter(pk=world.child.pk)
        .exists()
    )
    assert set(access.cases_visible_to(stranger, now=use.expires_at)) == set(
        access.cases_visible_to(stranger, now=granted - dt.timedelta(seconds=1))
    )


def test_an_expired_emergency_access_gives_404(client, world, stranger):
    now = timezone.now()
    EmergencyAccess.objects.create(
        user=stranger,
        child=world.child,
        reason=REASON,
        granted_at=now - dt.timedelta(hours=8, minutes=1),
        expires_at=now - dt.timedelta(minutes=1),
    )
    client.force_login(stranger)
    for url in [
        reverse("children:detail", args=[world.child.pk]),
        reverse("cases:detail", args=[world.case.pk]),
        reverse("participation:profile", args=[world.child.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_an_unexpired_emergency_access_opens_the_pages(client, world, stranger):
    grant(world, stranger)
    client.force_login(stranger)
    for url in [
        reverse("children:detail", args=[world.child.pk]),
        reverse("cases:detail", args=[world.case.pk]),
        reverse("participation:profile", args=[world.child.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_an_unknown_cpr_gets_a_clear_error_and_the_attempt_is_an_event(client, world, stranger):
    client.force_login(stranger)
    response = post(client, "010101-5999")
    assert response.status_code == 200
    body = response.content.decode()
    assert "No child with this CPR number has a case in your municipality." in body
    assert not EmergencyAccess.objects.exists()
    event = Event.objects.get(kind="emergency_access.refused")
    assert (event.actor, event.child, event.data["cpr"]) == (stranger, None, "0101015999")


def test_a_child_of_another_municipality_is_unknown(client, world):
    client.force_login(world.other_municipality_caseworker)
    response = post(client, world.child.cpr)
    assert response.status_code == 200
    assert not EmergencyAccess.objects.exists()
    assert Event.objects.filter(kind="emergency_access.refused").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": "For kort grund"}, "reason"),
        ({"reason": " " * 30}, "reason"),
        ({"confirm": ""}, "confirm"),
        ({"cpr": "12345"}, "cpr"),
        ({"cpr": ""}, "cpr"),
        ({"cpr": "320199-1234"}, "cpr"),
    ],
)
def test_bad_input_is_refused_without_writing(client, world, stranger, data, field):
    client.force_login(stranger)
    events = Event.objects.count()
    values = {"cpr": world.child.cpr, "reason": REASON, "confirm": "on", **data}
    response = post(client, values["cpr"], values["reason"], values["confirm"])
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not EmergencyAccess.objects.exists()
    assert Event.objects.count() == events


def test_the_cpr_number_is_never_in_a_url(client, world, stranger):
    client.force_login(stranger)
    body = client.get(reverse("access:emergency_request")).content.decode()
    assert '<form method="post"' in body
    # A CPR number put in the query string is ignored: not used, nothing written.
    response = client.get(reverse("access:emergency_request"), {"cpr": world.child.cpr})
    assert f'value="{world.child.cpr}"' not in response.content.decode()
    assert not EmergencyAccess.objects.exists()
    assert not Event.objects.filter(kind__startswith="emergency_access").exists()


def test_someone_who_already_sees_the_child_is_sent_on_without_a_grant(client, world):
    client.force_login(world.assigned_caseworker)
    response = post(client, world.child.cpr)
    assert response.status_code == 302
    assert not EmergencyAccess.objects.exists()
    assert not Event.objects.filter(kind__startswith="emergency_access").exists()


def test_administrators_have_no_emergency_access(client, world):
    client.force_login(world.administrator)
    assert post(client, world.child.cpr).status_code == 403
    with pytest.raises(ValidationError):
        services.emergency_access_grant(
            actor=world.administrator, cpr=world.child.cpr, reason=REASON
        )


def test_a_team_leader_can_use_emergency_access(world):
    use = grant(world, world.other_leader)
    assert access.children_visible_to(world.other_leader).filter(pk=world.child.pk).exists()
    assert use.user == world.other_leader


# --- The leaders' review -------------------------------------------------------------------------


def test_both_leaders_see_the_use_with_reason_and_others_do_not(client, world, stranger):
    use = grant(world, stranger)
    # world.other_leader leads the user's team; world.leader leads the child's case team.
    outsider = make_user(world.municipality, Role.TEAM_LEADER, "tredje", [], "Tea", "Tredje")
    for leader, sees in [(world.other_leader, True), (world.leader, True), (outsider, False)]:
        client.force_login(leader)
        response = client.get(reverse("access:emergency_review"))
        assert response.status_code == 200
        body = response.content.decode()
        assert (f'data-emergency="{use.pk}"' in body) is sees, leader
        assert (REASON in body) is sees
        assert ("Zenia Hemmeligsen" in body) is sees
    # Showing the child's name to the leader is logged.
    assert AccessLog.objects.filter(
        user=world.leader, child=world.child, purpose="emergency_review"
    ).exists()


def test_the_leaders_menu_counts_what_waits_for_review(client, world, stranger):
    use = grant(world, stranger)
    client.force_login(world.leader)
    body = client.get(reverse("access:emergency_review"))
    assert "Emergency access (1)" in body.content.decode()
    services.emergency_access_review(actor=world.leader, access=use, note="")
    assert access.emergency_unreviewed_count(world.leader) == 0
    assert access.emergency_unreviewed_count(world.assigned_caseworker) == 0


def test_the_leader_marks_a_use_reviewed_with_a_note(client, world, stranger):
    use = grant(world, stranger)
    client.force_login(world.leader)
    response = client.post(
        reverse("access:emergency_reviewed", args=[use.pk]), {"note": "Talt med Sofie."}
    )
    assert response.status_code == 302
    use.refresh_from_db()
    assert (use.reviewed_by, use.review_note) == (world.leader, "Talt med Sofie.")
    assert use.reviewed_at is not None
    event = Event.objects.get(kind="emergency_access.reviewed")
    assert (event.actor, event.child) == (world.leader, world.child)
    # A second review changes nothing.
    client.post(reverse("access:emergency_reviewed", args=[use.pk]), {"note": "Igen"})
    use.refresh_from_db()
    assert use.review_note == "Talt med Sofie."
    assert Event.objects.filter(kind="emergency_access.reviewed").count() == 1


def test_a_leader_does_not_review_their_own_use(world):
    other = make_child(world.municipality, first_name="Ulla", last_name="Udenfor")
    from conftest import make_case

    make_case(other, world.other_team, world.other_team_caseworker)
    _child, use = services.emergency_access_grant(actor=world.leader, cpr=other.cpr, reason=REASON)
    with pytest.raises(ValidationError):
        services.emergency_access_review(actor=world.leader, access=use, note="")
    services.emergency_access_review(actor=world.other_leader, access=use, note="OK")


def test_an_unrelated_leader_cannot_review(client, world, stranger):
    use = grant(world, stranger)
    outsider = make_user(world.municipality, Role.TEAM_LEADER, "tredje", [], "Tea", "Tredje")
    client.force_login(outsider)
    assert client.post(reverse("access:emergency_reviewed", args=[use.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.emergency_access_review(actor=outsider, access=use, note="")
    use.refresh_from_db()
    assert use.reviewed_at is None
