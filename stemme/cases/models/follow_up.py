"""After the decision: the plan, the start-up meeting, follow-ups, supervision, closure and
milestones."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.cases.models.case import Case, StepRecord
from stemme.cases.models.intake import Intake


class PlanKind(models.TextChoices):
    BARNETS_PLAN = "barnets_plan", _("The child's plan (barnets plan, § 91)")
    UNGEPLAN = "ungeplan", _("Youth plan (ungeplan, § 108)")


class Plan(StepRecord):
    """S6: barnets plan or ungeplan. The full plan with goals comes with the plan feature (M5)."""

    ref_prefix = "plan"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    made_on = models.DateField(_("made"))
    summary = models.TextField(_("goals and what success looks like"))

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-made_on"]


class StartUpMeeting(StepRecord):
    """S7: child, parents, network and provider meet; the first follow-up date is agreed."""

    ref_prefix = "startup"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="startup_meetings")
    held_on = models.DateField(_("held"))
    concern_and_change = models.TextField(_("the concern and the change we want"))
    first_follow_up_on = models.DateField(_("first follow-up"))

    class Meta:
        verbose_name = _("start-up meeting")
        verbose_name_plural = _("start-up meetings")
        ordering = ["-held_on"]


class FollowUpOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue as planned")
    ADJUST = "adjust", _("Adjust the measure")
    NEW_INVESTIGATION = "new_investigation", _("Update the investigation")
    NEW_MEASURE = "new_measure", _("Change to another measure")
    CLOSE = "close", _("Purpose achieved: prepare closure")


class FollowUp(StepRecord):
    """S9: follow-up (§ 95) with its checklist; the next date is required to close one."""

    ref_prefix = "followup"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    held_on = models.DateField(_("held"))
    talked_with_child_alone = models.BooleanField(
        _("talked with the child alone beforehand"), default=False
    )
    goals_reviewed = models.BooleanField(_("goals and status reports reviewed"), default=False)
    all_measures_reviewed = models.BooleanField(
        _("all measures followed up together"), default=False
    )
    child_wishes_for_frequency = models.TextField(
        _("the child's wishes for how often we follow up"), blank=True
    )
    assessment = models.TextField(_("written assessment"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=FollowUpOutcome.choices)
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-held_on"]


class SupervisionVisit(StepRecord):
    """S10: personrettet tilsyn at the placement (§ 156 stk. 5)."""

    ref_prefix = "supervision"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="supervision_visits")
    visited_on = models.DateField(_("visit date"))
    talked_with_child = models.BooleanField(_("conversation with the child"), default=True)
    staff_present = models.BooleanField(
        _("placement staff present during the conversation"), default=False
    )
    notes = models.TextField(_("notes"))

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on"]


class Closure(StepRecord):
    """S11–S12: the case is closed when the purpose is achieved."""

    ref_prefix = "closure"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closures")
    closed_on = models.DateField(_("closed"))
    purpose_achieved = models.TextField(_("why the case can be closed"))
    if_worry_returns = models.TextField(
        _("what the family and the child do if the worry comes back")
    )

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["-closed_on"]


class MilestoneKind(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation with the child")
    PARTY_STATUS_INFORMED = "party_status_informed", _("Child told they are a party (from 10)")
    UNGEPLAN_DECIDED = "ungeplan_decided", _("Decided whether to make a youth plan (§ 108)")
    SIBLING_BFU_DECIDED = "sibling_bfu_decided", _("Decided on investigating a sibling (§ 21)")


class Milestone(StepRecord):
    """Smaller recorded acts that meet an obligation: a conversation, information given …"""

    ref_prefix = "milestone"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    happened_on = models.DateField(_("date"))
    child_alone = models.BooleanField(_("the child alone with the caseworker"), default=False)
    intake = models.ForeignKey(
        Intake,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about the report"),
    )
    sibling = models.ForeignKey(
        "children.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sibling"),
    )
    sibling_person = models.ForeignKey(
        "children.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sibling or other child in the household"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["-happened_on"]
