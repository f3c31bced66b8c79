"""Min sag's limits on guessing (issue 13, finding 2): counted by the real client address,
shared by every worker (in the database), failures only, and no endless lockout of a child by
someone who knows the user number."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import Client
from django.utils import timezone

from stemme.audit.models import Event
from stemme.children.models import PortalAccount
from stemme.portal import services
from stemme.portal.models import PortalLoginFailure
from stemme.portal.session import COOKIE_NAME
from stemme.portal.tests.factories import PIN, active_account

pytestmark = pytest.mark.django_db

LOGIN = "/min-sag/log-ind/"
PROXY = "10.0.0.2"
ATTACKER = "198.51.100.7"
CHILD = "203.0.113.5"
WRONG = "918273"
TOO_MANY = "Too many tries from this device"


def _browser() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the tests read the English msgids
    return client


def _post(client, login_id, secret, *, forwarded):
    """A login form post arriving through the proxy, which appends the address it saw."""
    return client.post(
        LOGIN,
        {"login_id": login_id, "secret": secret},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def _time_passes(delta):
    """Everything recorded so far happened ``delta`` earlier."""
    PortalLoginFailure.objects.update(at=F("at") - delta)
    PortalAccount.objects.filter(locked_until__isnull=False).update(
        locked_until=F("locked_until") - delta
    )


def _wrong(account, client, times=1):
    for _ in range(times):
        with pytest.raises(ValidationError):
            services.portal_login(login_id=account.login_id, secret=WRONG, client=client)


def test_behind_a_proxy_one_clients_failures_do_not_refuse_other_children(world, settings):
    settings.STEMME_TRUSTED_PROXIES = 1
    children = [active_account(world), active_account(world, child=world.other_child)]
    attacker = _browser()
    for n in range(services.IP_MAX_ATTEMPTS + 10):
        # Wrong PINs for the children, then a spray over user numbers. The left part of the
        # header is the client's own and may be anything; the proxy's entry is not.
        login_id = children[n % 2].login_id if n < 10 else f"ZZZ-{n:03d}"
        _post(attacker, login_id, WRONG, forwarded=f"10.9.{n}.1, {ATTACKER}")
    refused = _post(attacker, children[0].login_id, PIN, forwarded=ATTACKER)
    # The attacker's address is refused even with a right PIN: no oracle for a sprayed PIN.
    assert TOO_MANY in refused.content.decode()
    assert COOKIE_NAME not in refused.cookies

    for number, account in enumerate(children):
        response = _post(_browser(), account.login_id, PIN, forwarded=f"203.0.113.{number + 10}")
        assert response.status_code == 302, response.content.decode()
        assert COOKIE_NAME in response.cookies


def test_without_trusted_proxies_the_forwarded_header_is_ignored(world, settings):
    settings.STEMME_TRUSTED_PROXIES = 0
    account = active_account(world)
    for n in range(services.IP_MAX_ATTEMPTS):
        _post(_browser(), "ZZZ-ZZZ", WRONG, forwarded=f"203.0.113.{n}")
    # All came from the proxy's address, which the header cannot change.
    assert services.client_throttled(PROXY)
    response = _post(_browser(), account.login_id, PIN, forwarded=CHILD)
    assert TOO_MANY in response.content.decode()


def test_successful_logins_are_not_counted(world):
    account = active_account(world)
    for _ in range(services.IP_MAX_ATTEMPTS + 5):
        response = _browser().post(
            LOGIN, {"login_id": account.login_id, "secret": PIN}, REMOTE_ADDR=CHILD
        )
        assert response.status_code == 302
    assert not PortalLoginFailure.objects.exists()
    assert not services.client_throttled(CHILD)


def test_failures_are_counted_in_the_database_for_every_worker(world):
    account = active_account(world)
    _wrong(account, ATTACKER, services.MAX_FAILED_ATTEMPTS)
    for _ in range(services.IP_MAX_ATTEMPTS - services.MAX_FAILED_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.portal_login(login_id="ZZZ-ZZZ", secret=WRONG, client=ATTACKER)
    cache.clear()  # another worker: nothing in this process's memory
    assert PortalLoginFailure.objects.count() == services.IP_MAX_ATTEMPTS
    assert services.client_throttled(ATTACKER)
    assert not services.client_throttled(CHILD)
    # The table holds no addresses.
    assert not PortalLoginFailure.objects.filter(client__contains="198.51").exists()
    # The window slides: old failures stop counting and are purged by the next one.
    _time_passes(services.IP_WINDOW)
    assert not services.client_throttled(ATTACKER)
    with pytest.raises(ValidationError):
        services.portal_login(login_id="ZZZ-ZZZ", secret=WRONG, client=ATTACKER)
    assert PortalLoginFailure.objects.count() == 1


def test_hammering_a_user_number_cannot_keep_the_child_out(world):
    account = active_account(world)
    for _round in range(4):  # an hour of hammering, in quarters
        for _ in range(50):
            _wrong(account, ATTACKER)
        # The child, from its own phone, gets in at any time.
        assert services.portal_login(login_id=account.login_id, secret=PIN, client=CHILD)
        account.refresh_from_db()
        assert account.locked_until is None
        _time_passes(services.LOCKOUT / 3)
    # The attacker's address made only MAX_FAILED_ATTEMPTS checked tries per LOCKOUT.
    assert PortalLoginFailure.objects.filter(account_id=account.pk).count() <= (
        2 * services.MAX_FAILED_ATTEMPTS
    )


def test_refusal_of_one_address_is_bounded_and_not_renewed_by_more_tries(world):
    account = active_account(world)
    _wrong(account, CHILD, services.MAX_FAILED_ATTEMPTS)
    # Refused from this address, even with the right PIN …
    with pytest.raises(ValidationError):
        services.portal_login(login_id=account.login_id, secret=PIN, client=CHILD)
    # … and more tries while refused are not counted, so they do not make it last longer.
    _time_passes(services.LOCKOUT / 2)
    _wrong(account, CHILD, 20)
    assert PortalLoginFailure.objects.count() == services.MAX_FAILED_ATTEMPTS
    _time_passes(services.LOCKOUT / 2)
    assert services.portal_login(login_id=account.login_id, secret=PIN, client=CHILD) == account
    # A login forgets this address's typing errors for the account.
    assert not PortalLoginFailure.objects.filter(account_id=account.pk).exists()


def test_account_lock_against_many_addresses_is_bounded(world):
    account = active_account(world)
    addresses = services.ACCOUNT_MAX_FAILED_ATTEMPTS // services.MAX_FAILED_ATTEMPTS
    for n in range(addresses):
        _wrong(account, f"192.0.2.{n}", services.MAX_FAILED_ATTEMPTS)
    account.refresh_from_db()
    locked_until = account.locked_until
    assert locked_until > timezone.now() + services.LOCKOUT * 0.9
    assert Event.objects.filter(kind="portal.locked", ref=account.ref).count() == 1
    # Locked for everyone, even the right PIN …
    with pytest.raises(ValidationError):
        services.portal_login(login_id=account.login_id, secret=PIN, client=CHILD)
    # … but tries from fresh addresses during the lock neither count nor extend it.
    for n in range(30):
        _wrong(account, f"192.0.2.{100 + n}")
    account.refresh_from_db()
    assert account.locked_until == locked_until
    assert account.failed_attempts == 0
    assert Event.objects.filter(kind="portal.locked", ref=account.ref).count() == 1
    _time_passes(services.LOCKOUT)
    assert services.portal_login(login_id=account.login_id, secret=PIN, client=CHILD) == account
    account.refresh_from_db()
    assert account.locked_until is None


def test_ipv6_clients_are_counted_by_their_64_network():
    assert services.client_key("2001:db8:1:2::1") == services.client_key("2001:db8:1:2:ffff::9")
    assert services.client_key("2001:db8:1:2::1") != services.client_key("2001:db8:1:3::1")
    assert services.client_key("::ffff:192.0.2.1") == services.client_key("192.0.2.1")
    assert services.client_key("192.0.2.1") != services.client_key("192.0.2.2")
    assert services.client_key(None) == services.client_key("not an address")


def test_wrong_activation_codes_count_and_a_mistyped_pin_does_not(world):
    issued = services.activation_code_issue(actor=world.assigned_caseworker, child=world.child)
    with pytest.raises(ValidationError):
        services.portal_activate(code=issued.code, secret=PIN, secret_again="135792", client=CHILD)
    assert not PortalLoginFailure.objects.exists()
    for _ in range(services.IP_MAX_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.portal_activate(code="AAAA-BBBB-CCCC", secret=PIN, client=ATTACKER)
    assert services.client_throttled(ATTACKER)
    assert not services.client_throttled(CHILD)
    response = _browser().post(
        "/min-sag/aktiver/",
        {"code": issued.code, "secret": PIN, "secret_again": PIN},
        REMOTE_ADDR=ATTACKER,
    )
    assert TOO_MANY in response.content.decode()
    response = _browser().post(
        "/min-sag/aktiver/",
        {"code": issued.code, "secret": PIN, "secret_again": PIN},
        REMOTE_ADDR=CHILD,
    )
    assert response.status_code == 302
