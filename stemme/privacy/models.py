"""What the privacy app stores: the archive holds that keep a child out of the deletion job.

Retention itself is configuration (``settings.STEMME_RETENTION``, stemme/privacy/retention.py);
the right-of-access export stores nothing (it is logged in the access log).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.children.models import Child


class ArchiveHold(models.Model):
    """While active, the child's records are kept for the archive (bevaring): the retention job
    never deletes them, whatever the schedule says. Lifting keeps the row (history)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="archive_holds", verbose_name=_("child")
    )
    reason = models.TextField(_("why the records are kept"))
    set_on = models.DateField(_("set"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    lifted_on = models.DateField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lift_reason = models.TextField(_("why it was lifted"), blank=True)

    class Meta:
        verbose_name = _("archive hold")
        verbose_name_plural = _("archive holds")
        ordering = ["-set_on"]

    def __str__(self) -> str:
        return f"{self.child_id} {self.set_on:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None
