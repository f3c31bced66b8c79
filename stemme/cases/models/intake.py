"""The first steps: the report (underretning, henvendelse), its screening and the investigation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.cases.models.case import Case, StepRecord


class IntakeKind(models.TextChoices):
    UNDERRETNING = "underretning", _("Report of concern (underretning)")
    HENVENDELSE = "henvendelse", _("Application or enquiry (henvendelse)")
    CHILD_REQUEST = "child_request", _("The child's own request to be placed (§ 48)")


class ReporterType(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional (§ 133)")
    CITIZEN = "citizen", _("Citizen (§ 135)")
    ANONYMOUS = "anonymous", _("Anonymous")
    OTHER_MUNICIPALITY = "other_municipality", _("Another municipality (§ 132)")
    CHILD = "child", _("The child themself")


class Intake(StepRecord):
    """S0: an underretning, a henvendelse or the child's own request (§ 48) reaches the kommune."""

    ref_prefix = "intake"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="intakes")
    kind = models.CharField(_("kind"), max_length=20, choices=IntakeKind.choices)
    reporter_type = models.CharField(
        _("reporter"), max_length=20, choices=ReporterType.choices, blank=True
    )
    reporter_name = models.CharField(
        _("reporter's name and organisation"),
        max_length=200,
        blank=True,
        help_text=_("Never shown to the child or the parents."),
    )
    received_at = models.DateTimeField(_("received"))
    content = models.TextField(_("what the report says"))
    abuse = models.BooleanField(_("concerns abuse (overgreb)"), default=False)
    parent_suspected = models.BooleanField(_("a parent is suspected"), default=False)
    honour_related = models.BooleanField(
        _("honour-related conflict or negative social control"), default=False
    )
    child_has_measure = models.BooleanField(
        _("the child already has a measure"),
        default=False,
        help_text=_(
            "Set automatically when the child has an active § 32, § 46, § 47 or § 67 measure."
        ),
    )
    urgency_assessed_at = models.DateTimeField(_("urgency assessed"), null=True, blank=True)
    urgency_is_acute = models.BooleanField(_("acute"), null=True, blank=True)
    urgency_assessment = models.TextField(_("urgency assessment"), blank=True)
    receipt_sent_on = models.DateField(_("receipt sent to the reporter"), null=True, blank=True)
    reassessed_on = models.DateField(
        _("reassessed by someone new to the case"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-received_at"]


class ScreeningOutcome(models.TextChoices):
    AFDAEKNING = "afdaekning", _("Needs mapping (afdækning)")
    BFU = "bfu", _("Child welfare investigation (BFU)")
    EARLY_PREVENTIVE = "early_preventive", _("Early preventive measure (§ 30/§ 31)")
    CLOSE = "close", _("Close the case: no further action")


class Screening(StepRecord):
    """S2: the written social-work assessment after the first conversations (§ 18)."""

    ref_prefix = "screening"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="screenings")
    screened_on = models.DateField(_("date"))
    information_weighted = models.TextField(
        _("information weighted"), help_text=_("Which information did you weight, and why?")
    )
    assessment = models.TextField(_("assessment"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=ScreeningOutcome.choices)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-screened_on"]


class InvestigationKind(models.TextChoices):
    AFDAEKNING = "afdaekning", _("Needs mapping (afdækning)")
    BFU = "bfu", _("Child welfare investigation (BFU)")


class Investigation(StepRecord):
    """S3/S4: afdækning (§ 19) or børnefaglig undersøgelse (§ 20, content § 22, ICS triangle)."""

    ref_prefix = "investigation"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="investigations")
    kind = models.CharField(_("kind"), max_length=20, choices=InvestigationKind.choices)
    started_on = models.DateField(_("started"))
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    preliminary_assessment_on = models.DateField(_("preliminary assessment"), null=True, blank=True)
    preliminary_assessment = models.TextField(
        _("preliminary assessment (§ 20, stk. 3)"),
        blank=True,
        help_text=_("Required when the investigation cannot be finished within 4 months."),
    )
    child_development = models.TextField(_("the child's development and needs"), blank=True)
    parents_capacity = models.TextField(_("the parents' capacity"), blank=True)
    family_and_network = models.TextField(_("family and network"), blank=True)
    resources_and_challenges = models.TextField(_("resources and challenges"), blank=True)
    child_view = models.TextField(_("the child's view"), blank=True)
    parents_view = models.TextField(_("the parents' view"), blank=True)
    conclusion = models.TextField(_("conclusion and assessment"), blank=True)
    parallel_support = models.TextField(
        _("support started during the investigation: continue, and why?"), blank=True
    )

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        ordering = ["-started_on"]

    @property
    def is_completed(self) -> bool:
        return self.completed_on is not None
