"""Staff close, reopen and unlock a child's Min sag account."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemme.audit.models import Event
from stemme.children.models import PortalAccount
from stemme.portal import services
from stemme.portal.tests.factories import PIN, active_account, portal_client

HOME = "/min-sag/"


def _action_url(world, account):
    return f"/boern/{world.child.pk}/min-sag-adgang/{account.pk}/"


def test_closing_an_account_ends_its_session_and_its_login(client, world):
    account = active_account(world)
    child_client = portal_client(account)
    assert child_client.get(HOME).status_code == 200
    client.force_login(world.assigned_caseworker)

    response = client.post(_action_url(world, account), {"action": "disable"})

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.disabled_at is not None
    assert child_client.get(HOME).status_code == 302  # the open session ended
    assert Event.objects.filter(kind="portal.disabled", ref=account.ref).count() == 1
    assert "Close access" not in client.get(response.url).content.decode()

    client.post(_action_url(world, account), {"action": "enable"})
    account.refresh_from_db()
    assert account.disabled_at is None
    assert services.portal_login(login_id=account.login_id, secret=PIN) == account
    assert Event.objects.filter(kind="portal.enabled", ref=account.ref).count() == 1


def test_closing_twice_records_one_event(world):
    account = active_account(world)
    services.account_disable(actor=world.assigned_caseworker, account=account)
    services.account_disable(actor=world.assigned_caseworker, account=account)
    assert Event.objects.filter(kind="portal.disabled").count() == 1


def test_lifting_a_lockout_lets_the_child_in_again(client, world):
    account = active_account(world)
    for n in range(services.ACCOUNT_MAX_FAILED_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.portal_login(
                login_id=account.login_id, secret="000000", client=f"192.0.2.{n // 5}"
            )
    account.refresh_from_db()
    assert account.locked_until > timezone.now()
    client.force_login(world.assigned_caseworker)
    page = client.get(f"/boern/{world.child.pk}/min-sag-adgang/").content.decode()
    assert 'name="action" value="unlock"' in page

    client.post(_action_url(world, account), {"action": "unlock"})

    account.refresh_from_db()
    assert account.locked_until is None
    assert services.portal_login(login_id=account.login_id, secret=PIN) == account
    # Lifting the lockout also lifts the refusal of the addresses that failed.
    assert services.portal_login(login_id=account.login_id, secret=PIN, client="192.0.2.0")
    assert Event.objects.filter(kind="portal.unlocked", ref=account.ref).exists()


def test_unknown_action_or_another_childs_account_is_404(client, world):
    account = active_account(world)
    other = active_account(world, child=world.other_child)
    client.force_login(world.assigned_caseworker)
    assert client.post(_action_url(world, account), {"action": "delete"}).status_code == 404
    assert client.post(_action_url(world, other), {"action": "disable"}).status_code == 404
    other.refresh_from_db()
    assert other.disabled_at is None
    assert not PortalAccount.objects.filter(disabled_at__isnull=False).exists()


def test_a_closed_account_cannot_be_activated_with_an_old_letter(world):
    issued = services.activation_code_issue(actor=world.assigned_caseworker, child=world.child)
    services.account_disable(actor=world.assigned_caseworker, account=issued.account)
    issued.activation.refresh_from_db()
    assert issued.activation.revoked_at is not None
    with pytest.raises(ValidationError):
        services.portal_activate(code=issued.code, secret=PIN)
