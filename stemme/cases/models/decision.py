"""Decisions and the measures they start."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.cases.models.case import Case, StepRecord


class Paragraph(models.TextChoices):
    EARLY_30 = "30", _("§ 30 Early preventive offer")
    EARLY_31 = "31", _("§ 31 Early preventive measure")
    SUPPORT_32 = "32", _("§ 32 Supporting measure")
    PLACEMENT_46 = "46", _("§ 46 Placement with consent")
    PLACEMENT_47 = "47", _("§ 47 Placement without consent")
    PERMANENT_67 = "67", _("§ 67 Permanent placement")
    UNGESTOETTE_114 = "114", _("§ 114 Support for young adults (ungestøtte)")
    UNGESTOETTE_115 = "115", _("§ 115 Support for young adults (ungestøtte)")
    UNGESTOETTE_116 = "116", _("§ 116 Support for young adults re-established (ungestøtte)")
    MAINTAINED_120 = "120", _("§ 120 Placement maintained after 18")
    PROVISIONAL_143 = "143", _("§ 143 Provisional decision by the committee's chair")

    @classmethod
    def needs_purpose(cls) -> set[str]:
        """§ 32 stk. 3 and the placement rules: formål and forventet varighed are mandatory."""
        return {cls.SUPPORT_32, cls.PLACEMENT_46, cls.PLACEMENT_47, cls.PERMANENT_67}

    @classmethod
    def placements(cls) -> set[str]:
        """Placements outside the home, the chair's provisional one (§ 143) included."""
        return {cls.PLACEMENT_46, cls.PLACEMENT_47, cls.PERMANENT_67, cls.PROVISIONAL_143}

    @classmethod
    def measures(cls) -> set[str]:
        """Measures that make a new underretning need a reassessment (§ 137 stk. 1)."""
        return {
            cls.SUPPORT_32,
            cls.PLACEMENT_46,
            cls.PLACEMENT_47,
            cls.PERMANENT_67,
            cls.PROVISIONAL_143,
        }


class ChildWish(models.TextChoices):
    FOLLOWED = "followed", _("The decision follows the child's wish")
    PARTLY = "partly", _("The decision follows the child's wish in part")
    AGAINST = "against", _("The decision goes against the child's wish")
    NO_WISH = "no_wish", _("The child has no wish about it")


class Decision(StepRecord):
    """S5: an afgørelse on a measure, with its legal basis and the reasoning behind it."""

    ref_prefix = "decision"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    paragraph = models.CharField(_("measure"), max_length=3, choices=Paragraph.choices)
    legal_basis = models.CharField(
        _("legal basis"), max_length=120, help_text=_("e.g. barnets lov § 32, stk. 1, nr. 3")
    )
    decided_on = models.DateField(_("decision date"))
    purpose = models.TextField(_("purpose (formål)"), blank=True)
    expected_duration = models.CharField(
        _("expected duration (forventet varighed)"), max_length=200, blank=True
    )
    reasoning = models.TextField(
        _("reasoning"), help_text=_("What did you weight, and why did you decide as you did?")
    )
    plan_decided = models.BooleanField(
        _("a barnets plan will be made (§ 91)"), null=True, blank=True
    )
    neglect_or_abuse = models.BooleanField(
        _("placement because of neglect or abuse"), default=False
    )
    provisional_reason = models.TextField(
        _("provisional or emergency reason"),
        blank=True,
        help_text=_("Required for a placement decided before the investigation is finished."),
    )
    child_view = models.TextField(_("the child's view, in the child's own words"), blank=True)
    child_view_exception = models.TextField(
        _("why the child's view could not be obtained (§ 5, stk. 4), and how it was sought"),
        blank=True,
    )
    child_view_exception_reason = models.CharField(
        _("reason for the exception"),
        max_length=10,
        choices=[("age", _("The child's age or maturity")), ("other", _("Other"))],
        blank=True,
    )
    child_view_obtained_otherwise = models.TextField(
        _("how the child's view was obtained instead"), blank=True
    )
    child_view_weighing = models.TextField(
        _("how the child's view was weighed"),
        blank=True,
        help_text=_("What weight did the child's view get, and why?"),
    )
    child_wish = models.CharField(
        _("the decision and the child's wish"),
        max_length=20,
        choices=ChildWish.choices,
        blank=True,
    )
    explanation_for_child = models.TextField(
        _("explanation for the child, in plain words"), blank=True
    )
    explanation_how = models.CharField(_("how it will be explained"), max_length=200, blank=True)
    explanation_due_on = models.DateField(_("explained to the child by"), null=True, blank=True)
    explanation_delivered_on = models.DateField(
        _("explained to the child on"), null=True, blank=True
    )
    explanation_delivered_how = models.CharField(
        _("how it was explained"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on"]

    @property
    def is_placement(self) -> bool:
        return self.paragraph in Paragraph.placements()


class Measure(StepRecord):
    """The measure a decision grants, with its actual start (iværksættelse) and end."""

    ref_prefix = "measure"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="measures")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="measures")
    description = models.CharField(_("measure"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    started_on = models.DateField(_("started"))
    parallel_investigation_ends_on = models.DateField(
        _("parallel investigation ends"),
        null=True,
        blank=True,
        help_text=_("If the measure started while an investigation is still running."),
    )
    ended_on = models.DateField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["-started_on"]

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
