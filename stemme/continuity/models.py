"""Continuity when a child's caseworker changes (seed003 §5.5; seed004: two thirds had a change
in two years, often without being told).

A ``Handover`` follows one change of primary caseworker on one case: the child told in advance
(or why not), the letter introducing the new caseworker, a handover meeting with the child,
parents and providers notified. ``ChildStory`` is "my story so far", curated with the child so
that the child does not have to retell their life to every new caseworker.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.cases.models import AssignmentRole, Case
from stemme.children.models import Child


class Handover(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="handovers", verbose_name=_("case")
    )
    from_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=AssignmentRole.choices, default=AssignmentRole.PRIMARY
    )
    changes_on = models.DateField(_("the new caseworker takes over"))
    child_told_on = models.DateField(_("the child was told in advance"), null=True, blank=True)
    child_not_told_reason = models.TextField(_("why the child was not told in advance"), blank=True)
    letter_sent_on = models.DateField(_("letter to the child sent"), null=True, blank=True)
    no_letter_reason = models.TextField(_("why no letter is sent to the child"), blank=True)
    meeting_on = models.DateField(_("handover meeting with the child"), null=True, blank=True)
    no_meeting_reason = models.TextField(_("why there is no handover meeting"), blank=True)
    no_story_reason = models.TextField(_('why "my story so far" is not updated'), blank=True)
    parents_notified_on = models.DateField(_("parents notified"), null=True, blank=True)
    parents_not_notified_reason = models.TextField(
        _("why the parents are not notified"), blank=True
    )
    providers_notified_on = models.DateField(_("providers notified"), null=True, blank=True)
    providers_not_notified_reason = models.TextField(
        _("why the providers are not notified"), blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-changes_on", "-created_at"]

    @property
    def ref(self) -> str:
        return f"handover:{self.pk}"


class ChildStory(models.Model):
    """One version of "my story so far". The newest version is the story."""

    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="stories", verbose_name=_("child")
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("my story so far"))
    made_with_child = models.BooleanField(_("written together with the child"), default=False)
    child_approved_on = models.DateField(_("the child agreed to it"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("my story so far")
        verbose_name_plural = _("my story so far")
        ordering = ["child", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["child", "version"], name="story_one_per_version")
        ]
