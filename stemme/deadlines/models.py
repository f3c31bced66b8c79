"""Persisted results of the deadline engine, and the municipality's rule configuration.

``Obligation`` rows are a cache: ``services.obligations_recompute`` replaces a case's rows from
its events inside every write that changes the case, so they are never typed by hand and never
drift. Whether an open obligation is overdue depends on the clock, so pages compare ``due_at``
with the current time instead of trusting a stored status.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Municipality


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    OVERDUE = "overdue", _("Overdue")
    WAIVED = "waived", _("Waived")
    LAPSED = "lapsed", _("Lapsed")


class Obligation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="obligations")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    rule_id = models.CharField(_("rule"), max_length=40)
    trigger_ref = models.CharField(_("started by"), max_length=120)
    legal_basis = models.CharField(_("legal basis"), max_length=80)
    verification = models.CharField(_("verification"), max_length=12)
    unit = models.CharField(_("unit"), max_length=20)
    started_at = models.DateTimeField(_("clock started"))
    due_at = models.DateTimeField(_("due"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=ObligationStatus.choices)
    is_pending = models.BooleanField(
        _("pending"), help_text=_("Open or overdue: still to be done."), db_index=True
    )
    met_by_ref = models.CharField(_("met by"), max_length=120, blank=True)
    met_at = models.DateTimeField(_("met"), null=True, blank=True)
    met_late = models.BooleanField(_("met late"), default=False)
    waived_reason = models.TextField(_("reason for waiving"), blank=True)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_at", "rule_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule_id", "trigger_ref"], name="obligation_unique_trigger"
            )
        ]
        indexes = [
            models.Index(fields=["is_pending", "due_at"]),
            # A page of children's next deadlines (``next_deadlines``): without it PostgreSQL
            # intersected the children's obligations with every pending one (7 ms at 100,000).
            models.Index(
                fields=["child", "due_at"],
                condition=models.Q(is_pending=True),
                name="obligation_pending_by_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.due_date}"


class DeadlineTally(models.Model):
    """Per team, rule and month of the deadline: the duties counted (all but waived and lapsed
    ones) and those met on time. Kept in the same transaction as the obligations they count
    (``services.obligations_recompute`` applies the difference; a whole municipality's
    recompute rebuilds them), so the leaders' figures for a whole municipality read a few
    hundred rows instead of every obligation. Like the obligations, never typed by hand."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="+")
    rule_id = models.CharField(_("rule"), max_length=40)
    month = models.DateField(_("month of the deadline"))
    due = models.PositiveIntegerField(_("duties counted"), default=0)
    on_time = models.PositiveIntegerField(_("met on time"), default=0)

    class Meta:
        verbose_name = _("deadline tally")
        verbose_name_plural = _("deadline tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "rule_id", "month"], name="deadlinetally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.rule_id} {self.month}"


class RuleOverride(models.Model):
    """A municipality's own duration for a rule, or an unverified rule switched off."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="rule_overrides"
    )
    rule_id = models.CharField(_("rule"), max_length=40)
    duration = models.PositiveIntegerField(_("duration"), null=True, blank=True)
    enabled = models.BooleanField(_("in use"), default=True)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )

    class Meta:
        verbose_name = _("rule override")
        verbose_name_plural = _("rule overrides")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "rule_id"], name="rule_override_unique")
        ]


class HolidaySettings(models.Model):
    """Which extra days the municipality's offices close: they are not working days."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, related_name="holiday_settings"
    )
    grundlovsdag = models.BooleanField(_("Constitution Day (5 June) is a holiday"), default=True)
    juleaftensdag = models.BooleanField(_("Christmas Eve (24 December) is a holiday"), default=True)
    nytaarsaftensdag = models.BooleanField(
        _("New Year's Eve (31 December) is a holiday"), default=True
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )


class RecomputeState(models.Model):
    """Whether the municipality's deadlines follow its current rules. A change of a rule or the
    holidays asks for a recompute of every deadline (``requested_at``), which the worker runs
    after the change has committed — at a large municipality it takes minutes, too long for the
    administrator's request. ``done_at`` is when the last recompute of everything began: what
    was asked for before then is in the deadlines."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="deadline_recompute"
    )
    requested_at = models.DateTimeField(_("recompute asked for"), null=True, blank=True)
    done_at = models.DateTimeField(_("last recompute began"), null=True, blank=True)

    @property
    def is_pending(self) -> bool:
        return self.requested_at is not None and (
            self.done_at is None or self.done_at < self.requested_at
        )
