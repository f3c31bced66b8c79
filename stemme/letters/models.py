"""Everything Stemme sends about a child: letters, invitations, agendas, summaries, notices.

Sending goes through ``letters.services.letter_send``, the one place that checks the child's
safety restriction: a letter to a person the restriction names is stored as *blocked* and never
leaves. The outbox is the proof of what was sent, to whom and how.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    OTHER = "other", _("Other")


class RecipientKind(models.TextChoices):
    CHILD = "child", _("The child")
    PERSON = "person", _("Parent or other registered person")
    NETWORK = "network", _("Network member")
    BISIDDER = "bisidder", _("Bisidder")
    PROVIDER = "provider", _("Provider")


class Channel(models.TextChoices):
    DIGITAL_POST = "digital_post", _("Digital Post")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    BY_HAND = "by_hand", _("Handed over in person")
    PORTAL = "portal", _("Min sag")


class LetterStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    BLOCKED = "blocked", _("Stopped by the safety restriction")


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
