"""Writes for the child portal: activation codes, activation and login (with lockout).

Login identifier: the activation letter prints a short generated *user number* (``login_id``,
e.g. "KM7-4QX": six characters from an alphabet without look-alikes such as 0/O and 1/I/L)
next to the one-time activation code. The child keeps the user number (it is not secret) and
chooses a PIN or passphrase on first use. A generated number, rather than a name the child
chooses, cannot reveal who the child is, cannot collide with another child's choice and needs
no "is this name taken?" check that would tell a stranger which accounts exist.

Failures never say whether a user number exists: a wrong number, a wrong PIN, a locked or
disabled account and a blocked parent all get the same message (``LOGIN_FAILED``).

Guessing is limited in three layers, all counted in the database (``PortalLoginFailure`` and the
account row) so every worker and server sees the same numbers, and all counting *failures only*
(a right PIN is never counted, so children logging in never use up anyone's allowance):

1. **Per client address** (the real client, by the staff lockout's rule in
   ``stemme.accounts.lockout.client_ip``; an IPv6 address by its /64 network, which one client
   normally has whole): ``IP_MAX_ATTEMPTS`` failed logins or activations in ``IP_WINDOW`` and
   the address is refused for everything, even a right PIN, until old failures age out. Letting
   a right PIN through would turn the throttle into an oracle (an attacker spraying one PIN over
   many user numbers would still learn which one works). The cost is that children behind the
   attacker's own address (the same home or school network) wait out the window too.
2. **Per account and address**: ``MAX_FAILED_ATTEMPTS`` wrong PINs for one user number from one
   address in ``LOCKOUT`` and that address may not try that user number again until the oldest
   of them is ``LOCKOUT`` old. Tries while refused are not counted, so hammering cannot extend
   it, and another address (the child's phone) is not affected at all. Knowing the user number
   printed in the letter is therefore no longer enough to keep a child out.
3. **Per account, all addresses** (against guessing spread over many addresses):
   ``ACCOUNT_MAX_FAILED_ATTEMPTS`` wrong PINs since the last login lock the account for
   ``LOCKOUT`` (``locked_until``, shown to staff, who can lift it). Tries during the lock are
   not counted and do not renew it, and the count starts again at the lock; reaching it needs at
   least ``ACCOUNT_MAX_FAILED_ATTEMPTS / MAX_FAILED_ATTEMPTS`` addresses. An attacker with that
   many addresses can still lock the account again each time a lock ends (docs/security.md, gaps).
"""

import dataclasses
import datetime as dt
import ipaddress
import re
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from stemme.audit.services import event_record
from stemme.children.models import AccountKind, Child, ChildRelation, Person, PortalAccount
from stemme.participation.selectors import is_restricted
from stemme.portal.models import ActivationCode, PortalLoginFailure

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read and type
CODE_LENGTH = 12
LOGIN_ID_LENGTH = 6
CODE_VALID_FOR = dt.timedelta(days=14)
MAX_FAILED_ATTEMPTS = 5  # wrong PINs for one account from one address …
LOCKOUT = dt.timedelta(minutes=15)  # … within this time; also how long an account lock lasts
ACCOUNT_MAX_FAILED_ATTEMPTS = 20  # wrong PINs for one account from all addresses: a lock
IP_WINDOW = dt.timedelta(minutes=15)
IP_MAX_ATTEMPTS = 30  # failed logins and activations from one address within IP_WINDOW
PIN_MIN_DIGITS = 6
PASSPHRASE_MIN_CHARS = 12
_RUNS = ("01234567890", "98765432109")  # "123456", "654321" …

LOGIN_FAILED = _(
    "We could not log you in. Check your user number and your PIN. If you have tried many "
    "times, wait 15 minutes, or ask your caseworker for help."
)
ACTIVATION_FAILED = _(
    "The code does not work. It may be mistyped, used already or too old. Ask your caseworker "
    "for a new letter."
)
TOO_MANY_TRIES = _("Too many tries from this device. Wait 15 minutes and try again.")


@dataclasses.dataclass(frozen=True)
class IssuedCode:
    code: str  # the plaintext code, shown once and never stored
    activation: ActivationCode

    @property
    def account(self) -> PortalAccount:
        return self.activation.account


def _field_error(field: str, message, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def normalise(value: str) -> str:
    """What the child typed, without spaces and dashes, in capitals."""
    return re.sub(r"[\s\-]", "", value or "").upper()


def format_grouped(value: str, size: int) -> str:
    return "-".join(value[i : i + size] for i in range(0, len(value), size))


def code_hash(code: str) -> str:
    """A keyed hash of an activation code. The code is long and random (about 59 bits), so a
    fast keyed hash is enough and lets activation find the code without knowing the account."""
    return salted_hmac("stemme.portal.activation", normalise(code), algorithm="sha256").hexdigest()


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _new_login_id() -> str:
    for _attempt in range(20):
        candidate = format_grouped(_random(LOGIN_ID_LENGTH), 3)
        if not PortalAccount.objects.filter(login_id=candidate).exists():
            return candidate
    raise RuntimeError("Could not find a free portal user number")


def _event(*, kind: str, account: PortalAccount, actor=None, data: dict | None = None):
    event_record(
        actor=actor,
        municipality=account.child.municipality,
        child=account.child,
        kind=kind,
        ref=account.ref,
        data={"account_kind": account.kind, "person": account.person_id, **(data or {})},
    )


def _parent_blocked(account: PortalAccount) -> bool:
    """A parent's account stops working when a safety restriction names the parent, or when
    the person is no longer registered as the child's parent (or the relation ended)."""
    if not account.is_parent:
        return False
    if is_restricted(child=account.child, person=account.person):
        return True
    relations = ChildRelation.objects.filter(child_id=account.child_id, person_id=account.person_id)
    return not any(relation.is_parental and relation.is_current for relation in relations)


def account_usable(account: PortalAccount) -> bool:
    """May this account use the portal now? (For parents: not named by a safety restriction.)"""
    return account.is_active and not _parent_blocked(account)


# --- Issuing codes (staff) --------------------------------------------------------------------


def _checked_parent(child: Child, person: Person) -> Person:
    if person.municipality_id != child.municipality_id or not any(
        relation.is_parental and relation.is_current
        for relation in ChildRelation.objects.filter(child=child, person=person)
    ):
        raise _field_error(
            "person", _("Only a parent of the child can get access to Min sag."), "not_parent"
        )
    if is_restricted(child=child, person=person):
        raise _field_error(
            "person",
            _("A safety restriction names this person, so they cannot get access to Min sag."),
            "restricted",
        )
    return person


def activation_code_issue(*, actor, child: Child, person: Person | None = None) -> IssuedCode:
    """Make a one-time activation code for the child's (or a parent's) portal account.

    The caller must already have checked that ``actor`` may work with the child
    (``access_child_by_id``). Earlier unused codes for the account stop working. The plaintext
    code is returned once, for the letter; only its hash is stored.
    """
    if person is not None:
        _checked_parent(child, person)
    now = timezone.now()
    with transaction.atomic():
        Child.objects.select_for_update().filter(pk=child.pk).first()
        kind = AccountKind.PARENT if person is not None else AccountKind.CHILD
        account = PortalAccount.objects.filter(child=child, kind=kind, person=person).first()
        if account is None:
            account = PortalAccount.objects.create(
                child=child, person=person, kind=kind, login_id=_new_login_id()
            )
        ActivationCode.objects.filter(
            account=account, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        code = _random(CODE_LENGTH)
        activation = ActivationCode.objects.create(
            account=account,
            code_hash=code_hash(code),
            expires_at=now + CODE_VALID_FOR,
            issued_by=actor if actor is not None and actor.is_authenticated else None,
        )
        _event(
            kind="portal.code_issued",
            account=account,
            actor=actor,
            data={"expires_on": timezone.localdate(activation.expires_at).isoformat()},
        )
    return IssuedCode(code=format_grouped(code, 4), activation=activation)


# --- The child's side -------------------------------------------------------------------------


def client_key(address: str | None) -> str:
    """What the throttles count a client by: a keyed hash of its address (IPv6: its /64
    network), so the table holds no addresses and equal clients give equal keys."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        text = "unknown"
    else:
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        text = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    return salted_hmac("stemme.portal.client", text, algorithm="sha256").hexdigest()[:40]


def client_throttled(address: str | None) -> bool:
    """Has the client at ``address`` failed too often lately? Counting nothing itself: only
    failures are counted, by ``portal_login`` and ``portal_activate``."""
    since = timezone.now() - IP_WINDOW
    failures = PortalLoginFailure.objects.filter(client=client_key(address), at__gt=since)
    return failures.count() >= IP_MAX_ATTEMPTS


def _failure_record(*, client: str, account: PortalAccount | None = None) -> None:
    now = timezone.now()
    # Forget what no throttle looks at any more (both windows are 15 minutes).
    PortalLoginFailure.objects.filter(at__lte=now - max(IP_WINDOW, LOCKOUT)).delete()
    PortalLoginFailure.objects.create(
        client=client, account_id=account.pk if account is not None else None, at=now
    )


def _refused_for_client(account: PortalAccount, client: str, now) -> bool:
    recent = PortalLoginFailure.objects.filter(
        account_id=account.pk, client=client, at__gt=now - LOCKOUT
    )
    return recent.count() >= MAX_FAILED_ATTEMPTS


def secret_validate(secret: str) -> None:
    """A PIN of at least 6 digits, or a passphrase of at least 12 characters."""
    secret = secret or ""
    if secret.isdigit():
        if len(secret) < PIN_MIN_DIGITS:
            raise _field_error("secret", _("A PIN must have at least 6 digits."), "pin_short")
        if len(set(secret)) == 1 or any(secret in run for run in _RUNS):
            raise _field_error(
                "secret", _("That PIN is too easy to guess. Choose other digits."), "pin_easy"
            )
        return
    if len(secret.strip()) < PASSPHRASE_MIN_CHARS:
        raise _field_error(
            "secret",
            _(
                "Choose a PIN of at least 6 digits, or a passphrase of at least 12 "
                "characters, for example three words."
            ),
            "passphrase_short",
        )


def portal_activate(
    *, code: str, secret: str, secret_again: str | None = None, client: str | None = None
) -> PortalAccount:
    """Use an activation code: set the account's PIN or passphrase and activate it. A code that
    does not work counts as a failure of the client at address ``client``."""
    try:
        return _activate(code=code, secret=secret, secret_again=secret_again)
    except ValidationError as error:
        if any(e.code == "invalid_code" for e in getattr(error, "error_dict", {}).get("code", [])):
            _failure_record(client=client_key(client))  # after the rolled-back transaction
        raise


def _activate(*, code: str, secret: str, secret_again: str | None) -> PortalAccount:
    if secret_again is not None and secret != secret_again:
        raise _field_error(
            "secret_again", _("The two are not the same. Type it again."), "mismatch"
        )
    secret_validate(secret)
    now = timezone.now()
    with transaction.atomic():
        activation = (
            # of=("self", "account"): PostgreSQL cannot lock the nullable side (person) of a join.
            ActivationCode.objects.select_for_update(of=("self", "account"))
            .select_related("account__child__municipality", "account__person")
            .filter(code_hash=code_hash(code))
            .first()
        )
        if (
            activation is None
            or activation.used_at is not None
            or activation.revoked_at is not None
            or activation.expires_at <= now
            or activation.account.disabled_at is not None
            or _parent_blocked(activation.account)
        ):
            raise _field_error("code", ACTIVATION_FAILED, "invalid_code")
        account = activation.account
        activation.used_at = now
        activation.save(update_fields=["used_at"])
        first = account.activated_at is None
        account.secret_hash = make_password(secret)
        account.activated_at = account.activated_at or now
        account.failed_attempts = 0
        account.locked_until = None
        account.session_generation += 1  # a new PIN ends every older session
        account.save(
            update_fields=[
                "secret_hash",
                "activated_at",
                "failed_attempts",
                "locked_until",
                "session_generation",
            ]
        )
        _event(kind="portal.activated", account=account, data={"first_time": first})
    return account


_DUMMY_HASH: list[str] = []


def _spend_time_like_a_check(secret: str) -> None:
    """Hash as much as a real check does, so timing does not tell whether the account exists."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(make_password("stemme-portal-dummy"))
    check_password(secret, _DUMMY_HASH[0])


def portal_login(*, login_id: str, secret: str, client: str | None = None) -> PortalAccount:
    """Check a user number and PIN from the client at address ``client`` (see the module
    docstring for the three limits on guessing)."""
    wanted = format_grouped(normalise(login_id), 3)
    key = client_key(client)
    now = timezone.now()
    failed = ValidationError(LOGIN_FAILED, code="login_failed")
    with transaction.atomic():
        account = (
            PortalAccount.objects.select_for_update(of=("self",))
            .select_related("child__municipality", "person")
            .filter(login_id=wanted)
            .first()
        )
        if account is None or not account.secret_hash:
            _spend_time_like_a_check(secret)
            _failure_record(client=key)  # counts for the address (spraying user numbers)
        elif (
            account.locked_until is not None and account.locked_until > now
        ) or _refused_for_client(account, key, now):
            # Not checked and not counted: a try while refused neither extends nor renews it.
            _spend_time_like_a_check(secret)
        elif not check_password(secret, account.secret_hash):
            _failure_record(client=key, account=account)
            account.failed_attempts += 1
            fields = ["failed_attempts"]
            if account.failed_attempts >= ACCOUNT_MAX_FAILED_ATTEMPTS:
                account.failed_attempts = 0
                account.locked_until = now + LOCKOUT
                account.session_generation += 1
                fields += ["locked_until", "session_generation"]
                _event(
                    kind="portal.locked",
                    account=account,
                    data={"until": account.locked_until.isoformat()},
                )
            account.save(update_fields=fields)
        elif account_usable(account):
            if account.failed_attempts or account.locked_until:
                account.failed_attempts = 0
                account.locked_until = None
                account.save(update_fields=["failed_attempts", "locked_until"])
            # This address knows the PIN: its earlier typing errors for the account are forgotten.
            PortalLoginFailure.objects.filter(account_id=account.pk, client=key).delete()
            return account
    # Outside the atomic block, so the counted failure (and any lock) is kept.
    raise failed


def portal_logout(*, account: PortalAccount) -> None:
    """End every session of the account (the cookie is also deleted by the view)."""
    PortalAccount.objects.filter(pk=account.pk).update(
        session_generation=account.session_generation + 1
    )


# --- Staff: closing, reopening and unlocking an account --------------------------------------


def _locked_account(account: PortalAccount) -> PortalAccount:
    return (
        PortalAccount.objects.select_for_update(of=("self",))
        .select_related("child__municipality", "person")
        .get(pk=account.pk)
    )


def account_disable(*, actor, account: PortalAccount) -> PortalAccount:
    """Close the account: it cannot log in, and every open session ends at once. Unused
    activation codes stop working too; a new letter opens it again."""
    now = timezone.now()
    with transaction.atomic():
        account = _locked_account(account)
        if account.disabled_at is not None:
            return account
        account.disabled_at = now
        account.session_generation += 1
        account.save(update_fields=["disabled_at", "session_generation"])
        ActivationCode.objects.filter(
            account=account, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        _event(kind="portal.disabled", account=account, actor=actor)
    return account


def account_enable(*, actor, account: PortalAccount) -> PortalAccount:
    """Open a closed account again with its current PIN (a parent under a safety restriction
    stays blocked: that is checked at every login and request)."""
    with transaction.atomic():
        account = _locked_account(account)
        if account.disabled_at is None:
            return account
        account.disabled_at = None
        account.failed_attempts = 0
        account.locked_until = None
        account.save(update_fields=["disabled_at", "failed_attempts", "locked_until"])
        _event(kind="portal.enabled", account=account, actor=actor)
    return account


def account_unlock(*, actor, account: PortalAccount) -> PortalAccount:
    """Lift a lockout after too many wrong PINs, e.g. when the child calls the caseworker."""
    with transaction.atomic():
        account = _locked_account(account)
        refusals = PortalLoginFailure.objects.filter(account_id=account.pk)
        if account.locked_until is None and not account.failed_attempts and not refusals.exists():
            return account
        account.locked_until = None
        account.failed_attempts = 0
        account.save(update_fields=["locked_until", "failed_attempts"])
        refusals.delete()  # also lifts the refusal of single addresses
        _event(kind="portal.unlocked", account=account, actor=actor)
    return account


SMS_NUMBER = re.compile(r"^(?:\+45)?(\d{8})$")


def sms_number_set(*, account: PortalAccount, number: str) -> PortalAccount:
    """The child gives (or removes, with an empty number) the mobile number for the
    content-free SMS from Min sag. A Danish number: 8 digits, spaces and +45 allowed. Only the
    child's own account: a parent's account has no SMS here."""
    if account.is_parent:
        raise ValidationError(_("SMS from Min sag is for the young person's own account."))
    cleaned = re.sub(r"[\s-]", "", number or "")
    if cleaned:
        match = SMS_NUMBER.match(cleaned)
        if match is None:
            raise _field_error(
                "number", _("Write a Danish mobile number with 8 digits, e.g. 20 30 40 50."),
                "invalid",
            )  # fmt: skip
        cleaned = match.group(1)
    with transaction.atomic():
        account = PortalAccount.objects.select_for_update().get(pk=account.pk)
        account.sms_number = cleaned
        account.save(update_fields=["sms_number"])
    return account
