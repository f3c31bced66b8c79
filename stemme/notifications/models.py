"""Notifications by e-mail and SMS that carry no personal data.

A ``Notification`` is one message to one person about one thing, on one channel. Its unique key
(kind, channel, recipient, subject) makes every way of asking for it again — a retried task, a
second sweep, a double click — find the row that is already there instead of sending twice. Its
``status`` says only what is true: queued (not yet handed to the mail server or SMS gateway),
sent (accepted by it), failed (the last attempt was refused; a retry may still send it).
``subject_ref`` names the thing by its reference ("portal_message:<uuid>", "digest:2026-12-06"),
never by a name: the table holds nothing a reader of the e-mails would not already know.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    URGENT_MESSAGE = "urgent_message", _("A child's urgent message")
    UNREAD_MESSAGE = "unread_message", _("A child's message still unread")
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access to review")
    HANDOVER = "handover", _("A case handed over to you")
    DIGEST = "digest", _("Daily overview of your duties")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    subject_ref = models.CharField(_("about"), max_length=80)
    # Only for the daily overview: the two numbers it reports, frozen when it is queued, so a
    # retry sends the same text.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The exception's class name only: an error text may quote an address.
    error = models.CharField(_("error"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "channel", "recipient", "subject_ref"],
                name="notification_once_per_subject",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} → {self.recipient_id} ({self.status})"


class NotificationPreference(models.Model):
    """What one staff member wants to be told, and how. No row: the defaults (everything on
    by e-mail, no SMS)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("staff member"),
    )
    urgent_message = models.BooleanField(_("urgent messages from children"), default=True)
    unread_message = models.BooleanField(_("children's messages still unread"), default=True)
    emergency_access = models.BooleanField(_("emergency access to review"), default=True)
    handover = models.BooleanField(_("cases handed over to me"), default=True)
    digest = models.BooleanField(_("daily overview of my duties"), default=True)
    # A number for notifications only: User.phone is shown to children and may be a desk phone.
    sms_number = models.CharField(_("mobile number for SMS"), max_length=20, blank=True)
    by_sms = models.BooleanField(_("also by SMS"), default=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # Two tabs with the settings open: the second save must not silently undo the first
    # (stemme/core/conflicts.py). A row starts at 1; the form of someone who never saved
    # sends 0 (no row: the defaults).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user_id}"

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind))
