"""The child portal "Min sag" is the child's front door: what it keeps of its own is the
activation codes and the failed logins. The account itself (``PortalAccount``) lives beside
``Child`` in stemme/children/models.py; what the child writes through the door is kept by the
concept it is about: meeting wishes and feedback in meetings, goal ratings in cases, messages
to the caseworker in participation.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.children.models import PortalAccount


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


class PortalLoginFailure(models.Model):
    """One failed Min sag login or activation, for the throttles in ``services/accounts.py``.

    In the database so every worker and server counts the same failures. Rows older than the
    window are deleted as new ones are written. ``client`` is a keyed hash of the client's
    address (an IPv6 address by its /64 network), not the address itself. ``account_id`` is the
    account whose PIN was wrong (empty for an unknown user number or activation code); a plain
    id, not a foreign key, so these short-lived rows are not part of the child's records.
    """

    client = models.CharField(max_length=64)
    account_id = models.UUIDField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["client", "at"], name="portal_failure_client"),
            models.Index(fields=["account_id", "client", "at"], name="portal_failure_account"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S}"


# Re-exports until stemme/interchange imports these from their homes (issue 14): GoalRating
# from cases, AccountKind and PortalAccount from children, MeetingFeedback and MeetingWish from
# meetings, PortalMessage from participation. At the bottom: the homes are ordinary imports.
from stemme.cases.models import GoalRating  # noqa: E402, F401
from stemme.children.models import AccountKind  # noqa: E402, F401
from stemme.meetings.models import MeetingFeedback, MeetingWish  # noqa: E402, F401
from stemme.participation.models import PortalMessage  # noqa: E402, F401
