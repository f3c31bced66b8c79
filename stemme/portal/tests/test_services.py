import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemme.audit.models import Event
from stemme.children.models import PortalAccount
from stemme.participation.services.registers import safety_restriction_set
from stemme.portal import services
from stemme.portal.models import ActivationCode, PortalLoginFailure
from stemme.portal.tests.factories import PIN, active_account, parent

pytestmark = pytest.mark.django_db


def issue(world, **kwargs):
    return services.activation_code_issue(
        actor=world.assigned_caseworker, child=world.child, **kwargs
    )


def test_code_is_stored_only_as_a_hash_and_event_recorded(world):
    issued = issue(world)
    code = services.normalise(issued.code)
    assert len(code) == services.CODE_LENGTH
    row = ActivationCode.objects.get()
    assert code not in row.code_hash
    assert issued.code not in row.code_hash
    assert row.code_hash == services.code_hash(issued.code)
    assert row.issued_by == world.assigned_caseworker
    assert row.expires_at - timezone.now() > dt.timedelta(days=13)
    event = Event.objects.get(kind="portal.code_issued")
    assert event.child == world.child
    assert event.ref == issued.account.ref
    assert issued.code not in str(event.data)


def test_activate_sets_hashed_pin_and_is_single_use(world):
    issued = issue(world)
    account = services.portal_activate(code=issued.code.lower(), secret=PIN, secret_again=PIN)
    assert account.is_active
    assert account.secret_hash != PIN
    assert Event.objects.filter(kind="portal.activated", ref=account.ref).exists()
    with pytest.raises(ValidationError) as error:
        services.portal_activate(code=issued.code, secret="771234")
    assert "code" in error.value.message_dict


def test_expired_code_is_refused(world):
    issued = issue(world)
    ActivationCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.portal_activate(code=issued.code, secret=PIN)
    assert not PortalAccount.objects.get().is_active


def test_reissue_invalidates_earlier_unused_code_and_keeps_the_user_number(world):
    first = issue(world)
    second = issue(world)
    assert first.account.login_id == second.account.login_id
    with pytest.raises(ValidationError):
        services.portal_activate(code=first.code, secret=PIN)
    assert services.portal_activate(code=second.code, secret=PIN).is_active


@pytest.mark.parametrize(
    ("secret", "code"),
    [
        ("12345", "pin_short"),
        ("123456", "pin_easy"),
        ("111111", "pin_easy"),
        ("kort ord", "passphrase_short"),
    ],
)
def test_weak_secrets_are_refused(world, secret, code):
    issued = issue(world)
    with pytest.raises(ValidationError) as error:
        services.portal_activate(code=issued.code, secret=secret)
    assert error.value.error_dict["secret"][0].code == code
    # The code was not spent by the refused attempt.
    assert services.portal_activate(code=issued.code, secret="hest bil kage").is_active


def test_mismatched_repeat_is_refused(world):
    issued = issue(world)
    with pytest.raises(ValidationError) as error:
        services.portal_activate(code=issued.code, secret=PIN, secret_again="482914")
    assert "secret_again" in error.value.message_dict


def test_login_accepts_typed_variants_of_the_user_number(world):
    account = active_account(world)
    typed = account.login_id.replace("-", " ").lower()
    assert services.portal_login(login_id=typed, secret=PIN) == account


def test_unknown_user_and_wrong_pin_get_the_same_message(world):
    account = active_account(world)
    with pytest.raises(ValidationError) as unknown:
        services.portal_login(login_id="ZZZ-ZZZ", secret=PIN)
    with pytest.raises(ValidationError) as wrong:
        services.portal_login(login_id=account.login_id, secret="999111")
    assert unknown.value.messages == wrong.value.messages


def test_five_wrong_pins_refuse_that_address_for_15_minutes(world):
    account = active_account(world)
    for _ in range(services.MAX_FAILED_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.portal_login(login_id=account.login_id, secret="999111", client="192.0.2.9")
    # The right PIN does not help from that address …
    with pytest.raises(ValidationError):
        services.portal_login(login_id=account.login_id, secret=PIN, client="192.0.2.9")
    # … but works from another, and the account itself is not locked.
    assert services.portal_login(login_id=account.login_id, secret=PIN, client="192.0.2.10")
    account.refresh_from_db()
    assert account.locked_until is None
    # Once the failures are 15 minutes old it works from the first address again.
    PortalLoginFailure.objects.update(at=timezone.now() - services.LOCKOUT)
    assert services.portal_login(login_id=account.login_id, secret=PIN, client="192.0.2.9")


def test_wrong_pins_from_many_addresses_lock_the_account_for_15_minutes(world):
    account = active_account(world)
    for n in range(services.ACCOUNT_MAX_FAILED_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.portal_login(
                login_id=account.login_id, secret="999111", client=f"192.0.2.{n // 5}"
            )
    account.refresh_from_db()
    assert account.locked_until > timezone.now() + dt.timedelta(minutes=14)
    assert Event.objects.filter(kind="portal.locked", ref=account.ref).count() == 1
    # The right PIN does not help while locked …
    with pytest.raises(ValidationError):
        services.portal_login(login_id=account.login_id, secret=PIN)
    # … but works again once the lock has run out.
    PortalAccount.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert services.portal_login(login_id=account.login_id, secret=PIN) == account
    account.refresh_from_db()
    assert account.failed_attempts == 0
    assert account.locked_until is None


def test_disabled_account_cannot_log_in(world):
    account = active_account(world)
    PortalAccount.objects.update(disabled_at=timezone.now())
    with pytest.raises(ValidationError):
        services.portal_login(login_id=account.login_id, secret=PIN)


def test_parent_account_for_a_parent(world):
    mother = parent(world)
    account = active_account(world, person=mother)
    assert account.is_parent
    assert account.person == mother
    assert services.portal_login(login_id=account.login_id, secret=PIN) == account


def test_non_parent_is_refused(world):
    from stemme.children import services as child_services

    coach = child_services.person_link_to_child(
        actor=world.assigned_caseworker,
        child=world.child,
        first_name="Carl",
        last_name="Coach",
        relation="coach",
    ).person
    with pytest.raises(ValidationError) as error:
        issue(world, person=coach)
    assert error.value.error_dict["person"][0].code == "not_parent"


def _restrict(world, person):
    safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Vold i hjemmet",
        persons=[person],
    )


def test_restriction_blocks_issuing_a_code_to_a_parent(world):
    mother = parent(world)
    _restrict(world, mother)
    with pytest.raises(ValidationError) as error:
        issue(world, person=mother)
    assert error.value.error_dict["person"][0].code == "restricted"
    assert not PortalAccount.objects.exists()


def test_restriction_blocks_activation_and_login_of_a_parent(world):
    mother = parent(world)
    pending = issue(world, person=mother)
    account = active_account(world, person=mother)
    _restrict(world, mother)
    with pytest.raises(ValidationError):
        services.portal_login(login_id=account.login_id, secret=PIN)
    with pytest.raises(ValidationError):
        services.portal_activate(code=pending.code, secret=PIN)
    # The child's own account is not affected.
    child_account = active_account(world)
    assert services.portal_login(login_id=child_account.login_id, secret=PIN) == child_account


def test_ip_throttle_counts_failures(db):
    ip = "203.0.113.77"
    results = []
    for _ in range(services.IP_MAX_ATTEMPTS + 1):
        results.append(services.client_throttled(ip))
        with pytest.raises(ValidationError):
            services.portal_login(login_id="ZZZ-ZZZ", secret="999111", client=ip)
    assert not any(results[:-1])
    assert results[-1]
