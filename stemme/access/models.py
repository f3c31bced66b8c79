"""Access granted beyond the ordinary rules: deputies (stedfortrædere) and emergency access
(nødadgang). stemme/access/selectors.py reads both in ``_parts`` (the rules of the reach), so
every page follows them; neither needs a job to expire — the dates are compared when a page is
requested.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Municipality
from stemme.children.models import Child


class DeputyAccessQuerySet(models.QuerySet):
    def active_on(self, day: dt.date):
        """In force on ``day`` (a date in Europe/Copenhagen): start and end day both count."""
        return self.filter(starts_on__lte=day, ends_on__gte=day, ended_early_at__isnull=True)


class DeputyAccess(models.Model):
    """A team leader appoints ``deputy`` to see every child ``covered`` is currently assigned to,
    from ``starts_on`` to ``ends_on`` inclusive (e.g. during a holiday or an illness)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="deputy_for",
        verbose_name=_("deputy"),
    )
    covered = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="covered_by",
        verbose_name=_("covers for"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to and including"))
    reason = models.CharField(_("reason"), max_length=300)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("appointed by"),
    )
    appointed_at = models.DateTimeField(_("appointed"), auto_now_add=True)
    ended_early_at = models.DateTimeField(_("ended early"), null=True, blank=True)
    ended_early_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended early by"),
    )

    objects = DeputyAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["-starts_on", "-appointed_at"]
        indexes = [models.Index(fields=["deputy", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="deputy_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(deputy=models.F("covered")), name="deputy_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id} → {self.covered_id} {self.starts_on}–{self.ends_on}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.ended_early_at is None and self.starts_on <= day <= self.ends_on


class EmergencyAccess(models.Model):
    """Break-the-glass: ``user`` opened ``child``, outside their reach, with a reason. The child
    is visible to them until ``expires_at``; their team leaders and the child's team leaders
    review every use."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
        verbose_name=_("staff member"),
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="emergency_accesses", verbose_name=_("child")
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted"))
    expires_at = models.DateTimeField(_("expires"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.child_id} {self.granted_at:%Y-%m-%d %H:%M}"

    def is_active_at(self, moment: dt.datetime) -> bool:
        return self.granted_at <= moment < self.expires_at
