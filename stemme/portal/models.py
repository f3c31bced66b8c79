"""The child portal "Min sag": accounts for children (and, limited, their parents).

A portal account is not a staff ``User``: it has its own secret (a PIN or a passphrase, stored
only as a Django password hash), its own lockout and its own session cookie (``session.py``).
``auth_method`` says how the holder proves who they are; "pin" now, "mitid" can be added
later without changing the rest (the account then simply has no secret).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.children.models import Child, Person


class AccountKind(models.TextChoices):
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")


class AuthMethod(models.TextChoices):
    PIN = "pin", _("PIN or passphrase")


class PortalAccount(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="portal_accounts", verbose_name=_("child")
    )
    # Set for a parent's account: the parent, who sees a limited view of ``child``.
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_accounts",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    # The user number printed in the activation letter, e.g. "KM7-4QX". Not a secret.
    login_id = models.CharField(_("user number"), max_length=12, unique=True)
    auth_method = models.CharField(
        _("login method"), max_length=10, choices=AuthMethod.choices, default=AuthMethod.PIN
    )
    secret_hash = models.CharField(_("PIN or passphrase (hashed)"), max_length=256, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    # Raised on logout, lockout and a new PIN: every older portal session cookie stops working.
    session_generation = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(kind="child"),
                name="portal_one_child_account",
            ),
            models.UniqueConstraint(
                fields=["child", "person"],
                condition=models.Q(kind="parent"),
                name="portal_one_parent_account_per_child",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="child") & models.Q(person__isnull=True))
                | (models.Q(kind="parent") & models.Q(person__isnull=False)),
                name="portal_parent_has_person",
            ),
        ]

    def __str__(self) -> str:
        return self.login_id

    @property
    def ref(self) -> str:
        return f"portal:{self.pk}"

    @property
    def is_parent(self) -> bool:
        return self.kind == AccountKind.PARENT

    @property
    def is_active(self) -> bool:
        return self.activated_at is not None and self.disabled_at is None


class ActivationCode(models.Model):
    """A one-time code from the activation letter. Only a keyed hash of the code is stored."""

    account = models.ForeignKey(
        PortalAccount,
        on_delete=models.CASCADE,
        related_name="activation_codes",
        verbose_name=_("portal account"),
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced by a newer code"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.account} ({self.issued_at:%Y-%m-%d})"


class PortalLoginFailure(models.Model):
    """One failed Min sag login or activation, for the throttles in ``services/accounts.py``.

    In the database so every worker and server counts the same failures. Rows older than the
    window are deleted as new ones are written. ``client`` is a keyed hash of the client's
    address (an IPv6 address by its /64 network), not the address itself. ``account_id`` is the
    account whose PIN was wrong (empty for an unknown user number or activation code); a plain
    id, not a foreign key, so these short-lived rows are not part of the child's records.
    """

    client = models.CharField(max_length=64)
    account_id = models.UUIDField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["client", "at"], name="portal_failure_client"),
            models.Index(fields=["account_id", "client", "at"], name="portal_failure_account"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S}"


# --- What the child writes in Min sag --------------------------------------------------------
# Every text a child writes is also filed as a ``ChildStatement`` (mode "portal") in the case, so
# the child's own words stand next to everything else the caseworker records.


class Smiley(models.IntegerChoices):
    """The five faces of the mood check, the meeting feedback and the goal ratings."""

    VERY_BAD = 1, _("Very bad")
    BAD = 2, _("Bad")
    OK = 3, _("OK")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


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
        "cases.Case",
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
        "participation.ChildStatement",
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
        verbose_name = _("message from a child")
        verbose_name_plural = _("messages from children")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["child", "read_at"]),
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


class MeetingFeedback(models.Model):
    """The child's smiley after a meeting (2-3 taps), and optionally a few words."""

    class Heard(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("A little")
        NO = "no", _("No")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        "meetings.Meeting",
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
        "meetings.Meeting",
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
        verbose_name = _("the child's wish for a meeting")
        verbose_name_plural = _("the child's wishes for meetings")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.words[:40]}"


class GoalRating(models.Model):
    """How the child thinks a goal of the plan is going. Each rating is kept (a history)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal = models.ForeignKey(
        "cases.PlanGoal", on_delete=models.PROTECT, related_name="ratings", verbose_name=_("goal")
    )
    account = models.ForeignKey(
        PortalAccount, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    rating = models.PositiveSmallIntegerField(_("how it is going"), choices=Smiley.choices)
    words = models.TextField(_("in the child's words"), blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("the child's rating of a goal")
        verbose_name_plural = _("the child's ratings of goals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.rating}"
