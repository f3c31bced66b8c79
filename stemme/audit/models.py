"""The two append-only logs.

``Event``: every write made through a service — who, what, when, for which child — written in the
same transaction as the write itself. ``AccessLog``: every response that shows a child's data, and
every search with its criterion. The database rejects UPDATE and DELETE on both tables (triggers
installed by migration 0002 on SQLite and PostgreSQL), so not even a bug or a shell session
through the application's connection can rewrite history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Municipality


class Event(models.Model):
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)
    occurred_at = models.DateTimeField(
        _("occurred"),
        help_text=_("When it happened in the case; differs from 'recorded' for imported history."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the system itself acted (import, demo data, scheduled job)."),
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=60)
    ref = models.CharField(
        _("record"),
        max_length=80,
        blank=True,
        db_index=True,
        help_text=_(
            "Stable id of the record the event is about, e.g. 'decision:<uuid>'. The deadline "
            "engine links obligations to it, and it survives export and import."
        ),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["child", "-occurred_at"]),
            models.Index(fields=["case", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.occurred_at:%Y-%m-%d %H:%M}"


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Searched")
    REVEAL_CPR = "reveal_cpr", _("Showed the full CPR number")
    EXPORT = "export", _("Exported")
    PRINT = "print", _("Printed")
    # A well-formed id that the user may not see (or that does not exist): the 404 answer, kept
    # so that probing for children is visible. No child is linked (stemme/access/views.py).
    DENIED = "denied", _("Refused")


class AccessBasis(models.TextChoices):
    """Why the user could see the child when a row was written (stemme/access/selectors.py)."""

    OWN_CASE = "own_case", _("Own case")
    TEAM = "team", _("The team's case")
    DEPUTY = "deputy", _("Deputy (stedfortræder)")
    EMERGENCY = "emergency", _("Emergency access (nødadgang)")
    SECOND_REVIEW = "second_review", _("Second case review (ledelsestilsyn)")


class AccessLog(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # Who looked: a staff user, or (Min sag) the child's or a parent's portal account — exactly
    # one of the two (the constraint below).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    portal_account = models.ForeignKey(
        "children.PortalAccount",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("My case account"),
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_logs",
        verbose_name=_("child"),
    )
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    purpose = models.CharField(
        _("purpose"), max_length=60, help_text=_("The page or purpose, e.g. 'child_overview'.")
    )
    criterion = models.CharField(_("search criterion"), max_length=200, blank=True)
    result_count = models.PositiveIntegerField(_("results"), null=True, blank=True)
    # Empty where no single rule applies: searches, lists, refusals, rows older than the column
    # (the database default also keeps an insert by code older than the column working).
    basis = models.CharField(
        _("access basis"),
        max_length=20,
        choices=AccessBasis.choices,
        blank=True,
        default="",
        db_default="",
    )

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["child", "-at"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False) & models.Q(portal_account__isnull=True))
                | (models.Q(user__isnull=True) & models.Q(portal_account__isnull=False)),
                name="audit_accesslog_one_actor",
            ),
        ]

    def __str__(self) -> str:
        actor = self.user_id if self.user_id is not None else f"portal:{self.portal_account_id}"
        return f"{actor} {self.action} {self.child_id} @ {self.at:%Y-%m-%d %H:%M}"
