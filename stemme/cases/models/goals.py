"""The plan's goals in the child's words, and the child's own ratings of them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.cases.models.follow_up import Plan
from stemme.children.models import PortalAccount, Smiley


class PlanGoal(models.Model):
    """One goal of a plan, in the child's own words (M5). The child rates it in Min sag."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    words = models.CharField(_("the goal, in the child's words"), max_length=300)
    success = models.CharField(_("what success looks like"), max_length=300, blank=True)
    responsible = models.CharField(_("the adult responsible"), max_length=200, blank=True)
    review_on = models.DateField(_("look at it again by"), null=True, blank=True)
    proposed_by_child = models.BooleanField(_("the child proposed this goal"), default=False)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.words

    @property
    def ref(self) -> str:
        return f"goal:{self.pk}"


class GoalRating(models.Model):
    """How the child thinks a goal of the plan is going, given in Min sag. Each rating is kept
    (a history). The table keeps its first name, ``portal_goalrating``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal = models.ForeignKey(
        PlanGoal, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("goal")
    )
    account = models.ForeignKey(
        PortalAccount, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    rating = models.PositiveSmallIntegerField(_("how it is going"), choices=Smiley.choices)
    words = models.TextField(_("in the child's words"), blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        db_table = "portal_goalrating"
        verbose_name = _("the child's rating of a goal")
        verbose_name_plural = _("the child's ratings of goals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.rating}"
