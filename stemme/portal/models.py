"""The child portal "Min sag": accounts for children (and, limited, their parents).

A portal account is not a staff ``User``: it has its own secret (a PIN or a passphrase, stored
only as a Django password hash), its own lockout and its own session cookie (``session.py``).
``auth_method`` says how the holder proves who they are; "pin" now, "mitid" can be added
later without changing the rest (the account then simply has no secret).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.children.models import Child, Person


class AccountKind(models.TextChoices):
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")


class AuthMethod(models.TextChoices):
    PIN = "pin", _("PIN or passphrase")


class PortalAccount(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="portal_accounts", verbose_name=_("child")
    )
    # Set for a parent's account: the parent, who sees a limited view of ``child``.
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_accounts",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    # The user number printed in the activation letter, e.g. "KM7-4QX". Not a secret.
    login_id = models.CharField(_("user number"), max_length=12, unique=True)
    auth_method = models.CharField(
        _("login method"), max_length=10, choices=AuthMethod.choices, default=AuthMethod.PIN
    )
    secret_hash = models.CharField(_("PIN or passphrase (hashed)"), max_length=256, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    # Raised on logout, lockout and a new PIN: every older portal session cookie stops working.
    session_generation = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(kind="child"),
                name="portal_one_child_account",
            ),
            models.UniqueConstraint(
                fields=["child", "person"],
                condition=models.Q(kind="parent"),
                name="portal_one_parent_account_per_child",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="child") & models.Q(person__isnull=True))
                | (models.Q(kind="parent") & models.Q(person__isnull=False)),
                name="portal_parent_has_person",
            ),
        ]

    def __str__(self) -> str:
        return self.login_id

    @property
    def ref(self) -> str:
        return f"portal:{self.pk}"

    @property
    def is_parent(self) -> bool:
        return self.kind == AccountKind.PARENT

    @property
    def is_active(self) -> bool:
        return self.activated_at is not None and self.disabled_at is None


class ActivationCode(models.Model):
    """A one-time code from the activation letter. Only a keyed hash of the code is stored."""

    account = models.ForeignKey(
        PortalAccount,
        on_delete=models.CASCADE,
        related_name="activation_codes",
        verbose_name=_("portal account"),
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced by a newer code"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.account} ({self.issued_at:%Y-%m-%d})"
