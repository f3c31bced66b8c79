"""The child's voice and the people around the child (PRODUCT.md M3/M4).

- ``ChildStatement``: what the child said, in the child's own words, and how we know it.
- ``ParticipationProfile``: how this child wants to take part; every change is a new version.
- ``Conversation``: a conversation with the child, held or omitted (with a reason).
- ``RightsInformation``: which rights the child was told about, how, when and to whom.
- ``NetworkMember`` and ``Bisidder``: the child's network map and chosen supporters (§ 6).
- ``SafetyRestriction``: named people who must receive nothing about the child (§ 137).
- ``PortalMessage``: what the child tells the caseworker in Min sag.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.cases.models import Case
from stemme.children.models import Child, Person, PortalAccount, Smiley


class Recorded(models.Model):
    """Who wrote a record and when. Records are corrected by new versions or ended, not erased."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        abstract = True


# --- The child's own words (§ 5, stk. 3-4) -----------------------------------------------------


class StatementMode(models.TextChoices):
    DIRECT = "direct", _("Directly from the child")
    TRUSTED_ADULT = "trusted_adult", _("Through a trusted adult")
    OBSERVATION = "observation", _("By observation")
    PORTAL = "portal", _("Written by the child in Min sag")

    @classmethod
    def staff_choices(cls) -> list[tuple[str, str]]:
        """What staff may choose: only the child writes "portal" statements (in Min sag)."""
        return [(value, label) for value, label in cls.choices if value != cls.PORTAL]


class ChildStatement(Recorded):
    """The child's view in the child's own words, linked to the step it informs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="statements", verbose_name=_("child")
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("case"),
    )
    words = models.TextField(_("in the child's own words"))
    mode = models.CharField(_("how we know it"), max_length=20, choices=StatementMode.choices)
    trusted_adult = models.CharField(
        _("the trusted adult"),
        max_length=200,
        blank=True,
        help_text=_("Name and relation to the child, when the view came through an adult."),
    )
    stated_on = models.DateField(_("date"))
    informs_ref = models.CharField(
        _("the step it informs"),
        max_length=80,
        blank=True,
        db_index=True,
        help_text=_("The ref of a decision, investigation or meeting, e.g. decision:<uuid>."),
    )

    class Meta:
        verbose_name = _("child's statement")
        verbose_name_plural = _("child's statements")
        ordering = ["-stated_on", "-recorded_at"]

    def __str__(self) -> str:
        return self.words[:60]

    @property
    def ref(self) -> str:
        return f"statement:{self.pk}"


# --- How the child wants to take part -----------------------------------------------------------


class ParticipationProfile(Recorded):
    """One version of the child's participation profile. The newest version is the profile."""

    child = models.ForeignKey(
        Child,
        on_delete=models.PROTECT,
        related_name="participation_profiles",
        verbose_name=_("child"),
    )
    version = models.PositiveIntegerField(_("version"))
    communication = models.TextField(_("how the child likes to communicate"), blank=True)
    aids = models.TextField(_("aids (e.g. drawings, pictograms, sign language)"), blank=True)
    language = models.CharField(_("language"), max_length=100, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    meeting_places = models.TextField(_("places where the child likes to meet"), blank=True)
    meeting_times = models.TextField(_("times that suit the child"), blank=True)
    wants_present = models.TextField(_("who the child wants present"), blank=True)
    wants_absent = models.TextField(_("who the child does not want present"), blank=True)
    follow_up_wishes = models.TextField(_("how often the child wants us to follow up"), blank=True)
    loyalty_conflict = models.BooleanField(_("loyalty conflict"), default=False)
    loyalty_conflict_note = models.TextField(_("about the loyalty conflict"), blank=True)

    class Meta:
        verbose_name = _("participation profile")
        verbose_name_plural = _("participation profiles")
        ordering = ["child", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["child", "version"], name="profile_one_per_version")
        ]


# --- Conversations with the child ---------------------------------------------------------------


class ConversationMethod(models.TextChoices):
    TALK = "talk", _("Talk")
    DRAWING = "drawing", _("Drawing")
    SCALE = "scale", _("Scale questions")
    OBSERVATION = "observation", _("Observation")
    PLAY = "play", _("Play")
    WALK = "walk", _("Walk-and-talk")
    CARDS = "cards", _("Cards or pictures")
    OTHER = "other", _("Other")


class OmissionReason(models.TextChoices):
    AGE = "age", _("The child's age or maturity")
    NATURE_OF_CASE = "nature_of_case", _("The nature of the case")
    CHILD_DECLINED = "child_declined", _("The child declined")
    OTHER = "other", _("Other reason")


class Conversation(Recorded):
    """A conversation with the child, or the recorded reason it did not take place.

    ``about_ref`` names the task it answers (the trigger of a conversation obligation, e.g.
    ``intake:<uuid>``); empty means a conversation in its own right, which answers any task.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="conversations", verbose_name=_("case")
    )
    held = models.BooleanField(_("the conversation took place"), default=True)
    happened_on = models.DateField(_("date"))
    about_ref = models.CharField(_("the task it answers"), max_length=120, blank=True)
    setting = models.CharField(_("where and how"), max_length=200, blank=True)
    present = models.CharField(_("who was present"), max_length=300, blank=True)
    child_alone = models.BooleanField(_("the child alone with the caseworker"), default=False)
    parents_present = models.BooleanField(_("a parent was present"), default=False)
    without_parental_consent = models.BooleanField(
        _("held without the consent of the parents (§ 5, stk. 3; § 137)"), default=False
    )
    methods = models.JSONField(_("methods"), default=list, blank=True)
    summary = models.TextField(_("what we talked about"), blank=True)
    omission_reason = models.CharField(
        _("why it did not take place"), max_length=20, choices=OmissionReason.choices, blank=True
    )
    omission_text = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("conversation with the child")
        verbose_name_plural = _("conversations with the child")
        ordering = ["-happened_on", "-recorded_at"]

    @property
    def ref(self) -> str:
        return f"conversation:{self.pk}"


# --- Rights information -------------------------------------------------------------------------


class RightsTopic(models.TextChoices):
    INVOLVEMENT = "involvement", _("The right to be heard and involved")
    BISIDDER = "bisidder", _("The right to bring a bisidder")
    COMPLAINT = "complaint", _("The right to complain")
    FILE_ACCESS = "file_access", _("The right to see one's file")
    PARTY_STATUS = "party_status", _("Party in the case from age 10")


class InformationMethod(models.TextChoices):
    CONVERSATION = "conversation", _("In a conversation")
    LETTER = "letter", _("By letter")
    PORTAL = "portal", _("In Min sag")
    MEETING = "meeting", _("At a meeting")
    OTHER = "other", _("Other")


class RightsInformation(Recorded):
    """Rights explained to the child (and maybe others): what, how, when, to whom."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="rights_information", verbose_name=_("child")
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rights_information",
        verbose_name=_("case"),
    )
    topics = models.JSONField(_("rights explained"), default=list)
    method = models.CharField(_("how"), max_length=20, choices=InformationMethod.choices)
    given_on = models.DateField(_("date"))
    to_child = models.BooleanField(_("told to the child"), default=True)
    to_others = models.CharField(_("also told to"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("rights information")
        verbose_name_plural = _("rights information")
        ordering = ["-given_on", "-recorded_at"]

    @property
    def ref(self) -> str:
        return f"rights:{self.pk}"


# --- The child's network and bisidder -----------------------------------------------------------


class Sphere(models.TextChoices):
    PRIVATE = "private", _("Private")
    PROFESSIONAL = "professional", _("Professional")


class ContactForm(models.TextChoices):
    PHYSICAL = "physical", _("Meet in person")
    VIRTUAL = "virtual", _("Online or by phone")
    BOTH = "both", _("Both")


class Importance(models.IntegerChoices):
    VERY = 3, _("Very important")
    SOMEWHAT = 2, _("Important")
    LITTLE = 1, _("Less important")


class Involvement(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure")


class NetworkMember(Recorded):
    """Someone in the child's network, as the child sees them."""

    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="network", verbose_name=_("child")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered person"),
    )
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation to the child"), max_length=100)
    sphere = models.CharField(_("private or professional"), max_length=20, choices=Sphere.choices)
    contact_form = models.CharField(
        _("how they are in contact"), max_length=20, choices=ContactForm.choices
    )
    importance = models.PositiveSmallIntegerField(
        _("how important to the child"), choices=Importance.choices
    )
    child_wants_involved = models.CharField(
        _("the child wants them involved"), max_length=10, choices=Involvement.choices
    )
    consent_to_share = models.BooleanField(_("consent to share information"), default=False)
    contact = models.CharField(_("phone or e-mail"), max_length=200, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed with the child"))
    removed_on = models.DateField(_("removed"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network")
        ordering = ["-importance", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"


class Bisidder(Recorded):
    """A person the child has chosen to support them (§ 6). Must be 15 on the meeting date."""

    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="bisiddere", verbose_name=_("child")
    )
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("date of birth"))
    relation = models.CharField(_("relation to the child"), max_length=100)
    contact = models.CharField(_("phone or e-mail"), max_length=200, blank=True)
    chosen_on = models.DateField(_("chosen"))
    ended_on = models.DateField(_("no longer bisidder"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("bisidder")
        verbose_name_plural = _("bisiddere")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- Safety restriction (§ 137; honour-related conflict, negative social control) ----------------


class RestrictionKind(models.TextChoices):
    PARENT_ABUSE = "parent_abuse", _("Suspected abuse by a parent")
    HONOUR = "honour", _("Honour-related conflict")
    SOCIAL_CONTROL = "social_control", _("Negative social control")
    OTHER = "other", _("Other danger to the child")


class SafetyRestriction(models.Model):
    """While active, nothing about the child is sent to the people it names.

    Letters, notifications and (later) portal access check ``participation.selectors``.
    """

    child = models.ForeignKey(
        Child,
        on_delete=models.PROTECT,
        related_name="safety_restrictions",
        verbose_name=_("child"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RestrictionKind.choices)
    reason = models.TextField(_("reason"))
    persons = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("registered people it names")
    )
    network_members = models.ManyToManyField(
        NetworkMember, blank=True, related_name="+", verbose_name=_("network members it names")
    )
    set_on = models.DateField(_("set"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    lifted_on = models.DateField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(_("why it was lifted"), blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )

    class Meta:
        verbose_name = _("safety restriction")
        verbose_name_plural = _("safety restrictions")
        ordering = ["-set_on"]

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None


# --- The child's words to the caseworker, from Min sag -------------------------------------------
# Written through the child's front door (stemme/portal/services/messages.py); every text is
# also filed as a ``ChildStatement`` (mode "portal") in the case, so the child's own words stand
# next to everything else the caseworker records.


class MessageKind(models.TextChoices):
    MOOD = "mood", _("Mood check")
    THREE_HOUSES = "three_houses", _("Three houses")
    FREE_TEXT = "free_text", _("Message")


class PortalMessage(models.Model):
    """Something the child tells the caseworker: a mood check, "three houses" or free text.

    Unread after the municipality's ``portal_escalate_after_hours`` it shows in the team's duty
    inbox too (derived when read, so no job has to run). One answer from staff is shown to the
    child under the message."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="portal_messages", verbose_name=_("child")
    )
    account = models.ForeignKey(
        PortalAccount, on_delete=models.PROTECT, related_name="messages", verbose_name=_("from")
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_messages",
        verbose_name=_("case"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    mood = models.PositiveSmallIntegerField(
        _("mood"), choices=Smiley.choices, null=True, blank=True
    )
    good_things = models.TextField(_("good things"), blank=True)
    worries = models.TextField(_("worries"), blank=True)
    dreams = models.TextField(_("dreams"), blank=True)
    text = models.TextField(_("message"), blank=True)
    statement = models.ForeignKey(
        ChildStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed as the child's words"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("read by"),
    )
    answer = models.TextField(_("answer to the child"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    # A child in danger is never routine: the child may say it is urgent, and the
    # municipality's word list may mark it "may be serious" (for staff only). Either raises an
    # alarm that stays on every page of the team until someone acknowledges it.
    urgent = models.BooleanField(_("the child said it is urgent"), default=False)
    alarm_words = models.JSONField(_("words that may be serious"), default=list, blank=True)
    alarm = models.BooleanField(_("alarm"), default=False)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    report = models.ForeignKey(
        "cases.Intake",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered as a report of concern"),
    )

    class Meta:
        db_table = "portal_portalmessage"
        verbose_name = _("message from a child")
        verbose_name_plural = _("messages from children")
        ordering = ["-created_at"]
        indexes = [
            # The name Django gave it when the model lived in the portal (same table).
            models.Index(fields=["child", "read_at"], name="portal_port_child_i_d858ce_idx"),
            models.Index(fields=["alarm", "acknowledged_at"], name="portal_msg_alarm_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def ref(self) -> str:
        return f"portal_message:{self.pk}"

    @property
    def alarm_open(self) -> bool:
        return self.alarm and self.acknowledged_at is None
