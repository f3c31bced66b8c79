"""The case, its stage and its caseworkers; the base of every step record."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Team
from stemme.children.models import Child


class Stage(models.TextChoices):
    """The steps S0–S12 of the casework process (seed003_spec §1, SBST's recommendations)."""

    RECEIVED = "received", _("Report received")
    INITIAL_CONVERSATIONS = "initial_conversations", _("Initial conversations")
    SCREENING = "screening", _("Screening")
    AFDAEKNING = "afdaekning", _("Needs mapping (afdækning)")
    BFU = "bfu", _("Child welfare investigation (BFU)")
    CHOICE_OF_MEASURE = "choice_of_measure", _("Choice of measure")
    PLAN = "plan", _("The child's plan")
    START_UP_MEETING = "start_up_meeting", _("Start-up meeting")
    MEASURE_RUNNING = "measure_running", _("Measure running")
    FOLLOW_UP = "follow_up", _("Follow-up")
    SUPERVISION = "supervision", _("Personal supervision visit")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """A child's case. The UUID keeps ids opaque in URLs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="cases", verbose_name=_("child")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    stage = models.CharField(
        _("stage"), max_length=30, choices=Stage.choices, default=Stage.RECEIVED
    )
    opened_on = models.DateField(_("opened"))
    awareness_date = models.DateField(
        _("awareness date"),
        null=True,
        blank=True,
        help_text=_(
            "The date the municipality became aware of a possible need for support "
            "(kendskabsdato). The 4-month deadline for the child welfare investigation "
            "runs from it."
        ),
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on"]
        indexes = [models.Index(fields=["team", "stage"])]

    def __str__(self) -> str:
        return f"{self.child} – {self.get_stage_display()}"

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED


class AssignmentRole(models.TextChoices):
    PRIMARY = "primary", _("Primary caseworker")
    SECONDARY = "secondary", _("Secondary caseworker")


class CaseworkerAssignment(models.Model):
    """Who worked on a case, and when. Never edited away: ending sets ``ended_on``.

    Continuity figures (caseworker changes per child) are computed from this history.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case")
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("caseworker"),
    )
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("caseworker assignment")
        verbose_name_plural = _("caseworker assignments")
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["caseworker", "ended_on"])]
        constraints = [
            # At most one current primary and one current secondary per case.
            models.UniqueConstraint(
                fields=["case", "role"],
                condition=models.Q(ended_on__isnull=True),
                name="assignment_one_current_per_role",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.caseworker} ({self.get_role_display()})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


# --- The steps of the case (seed003_spec §1, barnets lov) ---------------------------------------
# Every step record has a UUID so that its ``ref`` ("intake:<uuid>") is stable across export and
# import: the deadline engine links obligations to these refs through the event log.


class StepRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    ref_prefix = ""

    class Meta:
        abstract = True

    @property
    def ref(self) -> str:
        return f"{self.ref_prefix}:{self.pk}"
