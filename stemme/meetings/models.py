"""Meetings framed with the child (rammesætning, seed002 §1; SBST recommendations).

Before: purpose in the child's words, time and place (did the child choose them?), who comes
and what each one does, the child's own agenda items and hopes. The agenda for the child is
one click. After: a plain "what we decided and why" for the child, whether the child
understood, and the child's topics for next time, which prefill the next meeting's agenda.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.cases.models import Case
from stemme.children.models import PortalAccount, Smiley


class MeetingKind(models.TextChoices):
    START_UP = "start_up", _("Start-up meeting")
    FOLLOW_UP = "follow_up", _("Follow-up meeting")
    NETWORK = "network", _("Network meeting")
    PLAN = "plan", _("Meeting about the child's plan")
    HANDOVER = "handover", _("Meeting with the new caseworker")
    OTHER = "other", _("Other meeting")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Understood(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_ASKED = "not_asked", _("Could not be asked")


class SummaryHow(models.TextChoices):
    """How the summary reached the child. The letter channels also send it as a letter."""

    CONVERSATION = "conversation", _("In a conversation with the child")
    PHONE = "phone", _("On the phone")
    DIGITAL_POST = "digital_post", _("Digital Post")
    LETTER = "letter", _("Letter")
    PORTAL = "portal", _("Min sag")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    BY_HAND = "by_hand", _("Handed over in person")


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    purpose_for_child = models.TextField(_("what the meeting is about, in words for the child"))
    starts_at = models.DateTimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("place"), max_length=200)
    child_chose_place_time = models.BooleanField(_("the child chose the time and place"))
    child_attends = models.BooleanField(_("the child takes part"), default=True)
    seating_wish = models.CharField(_("where the child wants to sit"), max_length=200, blank=True)
    child_wants_to_say = models.TextField(_("what the child wants to say"), blank=True)
    child_hopes = models.TextField(_("what the child hopes for"), blank=True)
    information_to = models.TextField(
        _("who the child agrees may hear what was said afterwards"), blank=True
    )
    agenda_sent_at = models.DateTimeField(_("agenda sent to the child"), null=True, blank=True)
    held_on = models.DateField(_("held"), null=True, blank=True)
    summary_for_child = models.TextField(_("what we decided and why, for the child"), blank=True)
    summary_delivered_on = models.DateField(_("summary given to the child"), null=True, blank=True)
    summary_delivered_how = models.CharField(
        _("how"), max_length=20, choices=SummaryHow.choices, blank=True
    )
    child_understood = models.CharField(
        _("did the child understand?"), max_length=10, choices=Understood.choices, blank=True
    )
    understood_note = models.TextField(_("about the child's understanding"), blank=True)
    cancelled_reason = models.TextField(_("why it was cancelled"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # How many times the time or place changed, or the meeting was cancelled: the calendar
    # invitation's SEQUENCE, so a calendar replaces its entry (selectors/ics.py). A technical
    # counter without a label, like ``version``; 0 in the database too, for rows written in
    # bulk without it (the demo's writer, stemme/core/bulk.py).
    sequence = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"

    @property
    def ref(self) -> str:
        return f"meeting:{self.pk}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def agenda_sent_before(self) -> bool:
        """Indicator: the child had the agenda before the meeting began."""
        return self.agenda_sent_at is not None and self.agenda_sent_at < self.starts_at


class ParticipantKind(models.TextChoices):
    CHILD = "child", _("The child")
    CASEWORKER = "caseworker", _("Caseworker")
    PERSON = "person", _("Parent or other registered person")
    NETWORK = "network", _("Network member")
    BISIDDER = "bisidder", _("Bisidder")
    PROFESSIONAL = "professional", _("Other professional")


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    kind = models.CharField(_("who"), max_length=20, choices=ParticipantKind.choices)
    name = models.CharField(_("name"), max_length=200)
    role_for_child = models.CharField(
        _("what this person does at the meeting, in words for the child"), max_length=300
    )
    person = models.ForeignKey(
        "children.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    network_member = models.ForeignKey(
        "participation.NetworkMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    bisidder = models.ForeignKey(
        "participation.Bisidder", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["position", "pk"]


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    text = models.CharField(_("item"), max_length=300)
    from_child = models.BooleanField(_("the child's own item"), default=False)
    carried_from = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the child's topics for next time at"),
    )
    topic = models.ForeignKey(
        "NextTimeTopic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]


class NextTimeTopic(models.Model):
    """A topic the child wants to bring up next time; it prefills the next meeting's agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="next_time_topics")
    text = models.CharField(_("topic for next time"), max_length=300)
    used_in = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("topic for next time")
        verbose_name_plural = _("topics for next time")
        ordering = ["pk"]


# --- What the child says about a meeting in Min sag --------------------------------------------
# Written through the child's front door (stemme/portal/services/meetings.py); the tables keep
# their first names (``portal_meetingfeedback``, ``portal_meetingwish``).


class MeetingFeedback(models.Model):
    """The child's smiley after a meeting (2-3 taps), and optionally a few words."""

    class Heard(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("A little")
        NO = "no", _("No")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="child_feedback",
        verbose_name=_("meeting"),
    )
    account = models.ForeignKey(
        PortalAccount, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    smiley = models.PositiveSmallIntegerField(_("how was the meeting"), choices=Smiley.choices)
    heard = models.CharField(
        _("did the adults listen to you"), max_length=10, choices=Heard.choices, blank=True
    )
    words = models.TextField(_("anything else"), blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        db_table = "portal_meetingfeedback"
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "account"], name="portal_one_feedback")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.smiley}"


class MeetingWishKind(models.TextChoices):
    PLACE_TIME = "place_time", _("Where and when I would like to meet")
    BISIDDER = "bisidder", _("I want to bring my bisidder")


class MeetingWish(models.Model):
    """A wish the child sends about a planned meeting; the caseworker marks it handled."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="child_wishes",
        verbose_name=_("meeting"),
    )
    account = models.ForeignKey(
        PortalAccount, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingWishKind.choices)
    words = models.TextField(_("in the child's words"), blank=True)
    bisidder = models.ForeignKey(
        "participation.Bisidder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bisidder"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        db_table = "portal_meetingwish"
        verbose_name = _("the child's wish for a meeting")
        verbose_name_plural = _("the child's wishes for meetings")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.words[:40]}"
