"""Everything Stemme sends about a child: letters, invitations, agendas, summaries, notices.

Sending goes through ``letters.services.letter_send``, the one place that checks the child's
safety restriction: a letter to a person the restriction names is stored as *blocked* and never
leaves. The outbox is the proof of what was sent, to whom and how.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stemme.cases.models import Case
from stemme.children.models import Child, Person


class LetterKind(models.TextChoices):
    MEETING_INVITATION = "meeting_invitation", _("Meeting invitation")
    MEETING_AGENDA = "meeting_agenda", _("Agenda for the child")
    MEETING_SUMMARY = "meeting_summary", _("What we decided and why")
    CASEWORKER_INTRODUCTION = "caseworker_introduction", _("Letter introducing the new caseworker")
    HANDOVER_NOTICE = "handover_notice", _("Notice of a new caseworker")
    DECISION_EXPLANATION = "decision_explanation", _("Explanation of a decision")
    RIGHTS = "rights", _("Your rights")
    DECISION = "decision", _("Decision letter")
    DECISION_CHILD = "decision_child", _("Decision letter for the child")
    RECEIPT = "receipt", _("Receipt for a report of concern")
    OTHER = "other", _("Other")


class RecipientKind(models.TextChoices):
    CHILD = "child", _("The child")
    PERSON = "person", _("Parent or other registered person")
    NETWORK = "network", _("Network member")
    BISIDDER = "bisidder", _("Bisidder")
    PROVIDER = "provider", _("Provider")
    REPORTER = "reporter", _("The reporter")


class Channel(models.TextChoices):
    DIGITAL_POST = "digital_post", _("Digital Post")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    BY_HAND = "by_hand", _("Handed over in person")
    PORTAL = "portal", _("Min sag")


class LetterStatus(models.TextChoices):
    """The safety check's verdict (the engine's fact): released, or stopped. Whether a released
    letter has actually reached the recipient is ``Letter.delivery``."""

    SENT = "sent", _("Released")
    BLOCKED = "blocked", _("Stopped by the safety restriction")


class Delivery(models.TextChoices):
    """How far a released letter has got. ``sent`` only when a channel confirmed it."""

    READY = "ready", _("Ready to send")
    PRINTED = "printed", pgettext_lazy("letter status", "Printed")
    SENT = "sent", _("Sent")


class Letter(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="letters", verbose_name=_("child")
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("case"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=LetterKind.choices)
    recipient_kind = models.CharField(_("recipient"), max_length=20, choices=RecipientKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True)
    network_member = models.ForeignKey(
        "participation.NetworkMember", on_delete=models.PROTECT, null=True, blank=True
    )
    bisidder = models.ForeignKey(
        "participation.Bisidder", on_delete=models.PROTECT, null=True, blank=True
    )
    recipient_name = models.CharField(_("to"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    channel = models.CharField(_("how"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=LetterStatus.choices)
    # db_default too: rows written without the ORM (the demo's bulk insert) are *ready*.
    delivery = models.CharField(
        _("delivery"),
        max_length=10,
        choices=Delivery.choices,
        default=Delivery.READY,
        db_default=Delivery.READY,
    )
    delivered_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivery_ref = models.CharField(
        _("the channel's reference"), max_length=120, blank=True, default="", db_default=""
    )
    related_ref = models.CharField(_("about"), max_length=120, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at"]

    @property
    def ref(self) -> str:
        return f"letter:{self.pk}"

    @property
    def status_label(self) -> str:
        """The true status in words: stopped, ready, printed, or sent and how."""
        if self.status == LetterStatus.BLOCKED:
            return str(LetterStatus.BLOCKED.label)
        if self.delivery == Delivery.SENT:
            if self.channel == Channel.LETTER:
                return str(_("Sent by post"))
            if self.channel == Channel.BY_HAND:
                return str(_("Handed over in person"))
            return str(_("Sent via %(channel)s") % {"channel": self.get_channel_display()})
        return str(self.get_delivery_display())

    @property
    def status_code(self) -> str:
        """blocked, ready, printed or sent (for CSS and tests)."""
        return "blocked" if self.status == LetterStatus.BLOCKED else self.delivery
