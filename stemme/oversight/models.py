"""Leadership oversight: the municipality's targets, the committee's frozen snapshots and the
case reviews (ledelsestilsyn) with their answers and the actions they lead to.

The figures themselves are not stored: they are read from the cases (``selectors``) by the
definitions in ``catalogue``. A snapshot is the exception on purpose: what a committee was shown
must not change after the meeting, so it keeps the figures, the definitions' versions and the
moment they were counted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Municipality, Team


class Target(models.Model):
    """The municipality's own target for a share: green from ``green_from`` %, amber from
    ``amber_from`` % (for a figure where lower is better: green up to, amber up to)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    indicator = models.CharField(_("figure"), max_length=60)
    green_from = models.PositiveSmallIntegerField(_("green from (%)"))
    amber_from = models.PositiveSmallIntegerField(_("amber from (%)"))
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "indicator"], name="target_unique")
        ]

    def __str__(self) -> str:
        return self.indicator


class CommitteeSnapshot(models.Model):
    """The committee pack as it was counted: figures already suppressed, definitions' versions,
    "opgjort pr." (``counted_at``) and the leader's comment ("I fokus")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    # None: the whole municipality.
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    title = models.CharField(_("title"), max_length=120)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    counted_at = models.DateTimeField(_("counted at"))
    figures = models.JSONField(_("figures"))
    comment = models.TextField(_("in focus"), blank=True, max_length=3000)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
    )

    class Meta:
        verbose_name = _("committee pack")
        verbose_name_plural = _("committee packs")
        ordering = ["-counted_at"]

    def __str__(self) -> str:
        return self.title


class SampleKind(models.TextChoices):
    RANDOM = "random", _("Random: one case per caseworker")
    STRATIFIED = "stratified", _("Stratified: one case per stage")
    OVERDUE = "overdue", _("Targeted: overdue duties")
    EMERGENCY = "emergency", _("Targeted: emergency access used")
    REPEATED_CONCERN = "repeated_concern", _("Targeted: repeated concern")
    AGAINST_WISH = "against_wish", _("Targeted: decision against the child's wish")


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", _("To be reviewed")
    DONE = "done", _("Reviewed")


class Review(models.Model):
    """One case drawn for ledelsestilsyn in a month, and the leader's answers to its checklist."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("case")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month it belongs to."))
    sample = models.CharField(_("how it was drawn"), max_length=20, choices=SampleKind.choices)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    # The caseworker at the time of the draw: whose practice the review looks at.
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caseworker"),
    )
    # A second, independent review of the same case for calibration (its ``first`` is set).
    first = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="second_reviews",
        verbose_name=_("second review of"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PLANNED
    )
    summary = models.TextField(_("summary for the caseworker"), blank=True, max_length=3000)
    drawn_at = models.DateTimeField(_("drawn"))
    done_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )

    class Meta:
        verbose_name = _("case review")
        verbose_name_plural = _("case reviews")
        ordering = ["-month", "drawn_at"]
        indexes = [models.Index(fields=["municipality", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class ReviewAnswer(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="answers", verbose_name=_("case review")
    )
    item = models.CharField(_("checklist item"), max_length=20)
    answer = models.CharField(_("answer"), max_length=15, choices=Answer.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["item"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="review_answer_unique")
        ]

    def __str__(self) -> str:
        return self.item


class ReviewAction(models.Model):
    """What a finding asks of the caseworker: on their worklist until they mark it done."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="actions", verbose_name=_("case review")
    )
    item = models.CharField(_("checklist item"), max_length=20, blank=True)
    text = models.TextField(_("what is to be done"), max_length=1000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("action from a case review")
        verbose_name_plural = _("actions from case reviews")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "done_at"])]

    def __str__(self) -> str:
        return self.text[:40]


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class PackExport(models.Model):
    """A committee pack's PDF made by the worker: its progress while it runs, then the file
    until ``expires_at`` (a pack may be public, but a link lying around should not be)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    snapshot = models.ForeignKey(
        CommitteeSnapshot,
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name=_("committee pack"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    content = models.BinaryField(_("file"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("committee pack export")
        verbose_name_plural = _("committee pack exports")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.snapshot} ({self.get_status_display()})"


class TeamDay(models.Model):
    """One team's figures that are a state, not an event, as they were at the end of one day:
    the history behind "Udvikling" on the overview. Written by the nightly run
    (``manage.py oversight_nightly``) and never recounted, so a month's figure stays what it
    was that night even after a case moves team or a duty is waived later. ``reconstructed``:
    counted afterwards for a past day (a first installation's history, the demo) from the
    cases and duties as they are now."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    day = models.DateField(_("day"))
    overdue = models.PositiveIntegerField(_("overdue duties"))
    due_14 = models.PositiveIntegerField(_("duties due within 14 days"))
    open_cases = models.PositiveIntegerField(_("open cases"))
    caseworkers = models.PositiveIntegerField(_("caseworkers with open cases"))
    reconstructed = models.BooleanField(_("counted afterwards"), default=False)
    counted_at = models.DateTimeField(_("counted"))

    class Meta:
        verbose_name = _("a team's figures for a day")
        verbose_name_plural = _("teams' figures per day")
        ordering = ["-day", "team"]
        constraints = [models.UniqueConstraint(fields=["team", "day"], name="teamday_unique")]
        indexes = [models.Index(fields=["municipality", "day"])]

    def __str__(self) -> str:
        return f"{self.team_id} {self.day}"
