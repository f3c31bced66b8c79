"""Organisation and staff: municipalities (kommuner), teams and staff users with a role."""

import datetime as dt
import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _

# The default word list, in Danish because children write in Danish. Missing a real alarm is
# worse than a false alarm, so it is wide; a municipality edits it on its Min sag settings.
DEFAULT_ALARM_WORDS = (
    "slå*",
    "slog",
    "slået",
    "tæsk*",
    "tæv*",
    "bank*",
    "spark*",
    "vold*",
    "overgreb*",
    "misbrug*",
    "seksuel*",
    "voldtæ*",
    "befamle*",
    "beføl*",
    "rører ved mig",
    "røre ved mig",
    "selvmord*",
    "dø",
    "dør",
    "døde",
    "død",
    "ihjel",
    "dræb*",
    "livet af mig",
    "skade mig selv",
    "skære mig",
    "skærer mig",
    "cutter",
    "kniv*",
    "våben",
    "pistol",
    "bange",
    "skræmt",
    "angst*",
    "tør ikke",
    "true*",
    "trussel*",
    "smide mig ud",
    "smidt ud",
    "ingen mad",
    "sulten",
    "alene hjemme",
    "fuld",
    "druk*",
    "stoffer",
    "politi*",
    "flygte",
    "stikke af",
    "ikke komme hjem",
    "hjælp mig",
    "hjælp",
)


def default_alarm_words() -> str:
    return "\n".join(DEFAULT_ALARM_WORDS)


class Municipality(models.Model):
    """A kommune. One installation may serve several; nothing leaks between them."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("municipality code"), max_length=3, unique=True, help_text=_("Three-digit kommunekode.")
    )
    caseworkers_see_team_children = models.BooleanField(
        _("caseworkers see their team's children"),
        default=False,
        help_text=_(
            "When on, a caseworker can open every child whose case belongs to one of their teams, "
            "not only the children they are assigned to."
        ),
    )
    secondary_caseworker_required = models.BooleanField(
        _("secondary caseworker required in new child welfare investigations and placements"),
        default=True,
        help_text=_("Two caseworkers who know the child make a change of caseworker gentler."),
    )
    # Min sag: a message from a child that nobody has read after this many hours goes to the
    # team's duty inbox; the child is told to expect an answer within the working days below.
    portal_escalate_after_hours = models.PositiveSmallIntegerField(
        _("hours before an unread message from a child goes to the team's duty inbox"),
        default=24,
    )
    portal_answer_within_days = models.PositiveSmallIntegerField(
        _("working days within which a child can expect an answer"), default=2
    )
    # Words that mark a child's message "may be serious" for staff (never shown to the child).
    # One per line; a trailing * matches every word that begins so ("slå*": slår, slået).
    portal_alarm_words = models.TextField(
        _("words that mark a message from a child as possibly serious"),
        default=default_alarm_words,
        blank=True,
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """An afdeling: teams under one leader of leaders (e.g. "Myndighed, børn og unge"). The
    leadership figures count a department as one scope between a team and the municipality.
    Made when an administrator first names it on a team; removed when no team is left in it."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("department"),
    )
    # Shown to children in Min sag as "who to call when your caseworker is away".
    duty_phone = models.CharField(_("duty phone"), max_length=20, blank=True)
    duty_hours = models.CharField(
        _("when the duty phone is answered"),
        max_length=100,
        blank=True,
        help_text=_("e.g. Monday to Friday 9-15"),
    )
    # When someone reads the team's duty inbox on a working day: what a child who writes
    # "it is urgent" is told honestly ("an adult reads it today" or "call 112 / 116 111 now").
    duty_opens = models.TimeField(_("the duty inbox is read from"), default=dt.time(9, 0))
    duty_closes = models.TimeField(_("the duty inbox is read until"), default=dt.time(15, 0))
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    TEAM_LEADER = "team_leader", _("Team leader")
    ADMINISTRATOR = "administrator", _("Administrator")


def staff_photo_path(instance, filename: str) -> str:
    """A random file name: the upload's own name never reaches the disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"staff-photos/{instance.pk or 'new'}/{uuid.uuid4().hex}.{extension}"


class User(AbstractUser):
    """A staff user. Children and parents get their own login in the portal (a later issue)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    teams = models.ManyToManyField(
        Team, related_name="members", blank=True, verbose_name=_("teams")
    )
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Shown to children in the letter that introduces a new caseworker (continuity app).
    photo = models.ImageField(_("photo"), upload_to=staff_photo_path, blank=True)
    introduction = models.TextField(
        _("a few words about you, for children"),
        max_length=600,
        blank=True,
        help_text=_(
            "Written to a child: who you are, and how and when the child can reach you. "
            "It goes into the letter that introduces you as the child's new caseworker."
        ),
    )

    reachable = models.CharField(
        _("when children can reach you"),
        max_length=150,
        blank=True,
        help_text=_("Shown to children in Min sag, e.g. Monday to Thursday 9-12"),
    )
    # The staff member's own profile (phone, reachable, introduction, photo): a save from an
    # older page (e.g. a second browser tab) is refused instead of overwriting.
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change; stale edits are refused.")
    )
    # An initial password from an administrator (services/staff.py): the next login goes to
    # the password change before anything else, even the second step (accounts.middleware).
    must_change_password = models.BooleanField(
        _("must choose a new password at the next login"), default=False
    )
    # The person's id at the municipality's identity provider, for a future single sign-on
    # (services/staff.py, staff_provision); empty for an account an administrator made.
    external_id = models.CharField(
        _("id at the identity provider"), max_length=255, blank=True, default=""
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")
        ordering = ["first_name", "last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="user_unique_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_caseworker(self) -> bool:
        return self.role == Role.CASEWORKER

    @property
    def is_team_leader(self) -> bool:
        return self.role == Role.TEAM_LEADER

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR


class EnrolmentCode(models.Model):
    """A one-time tilmeldingskode an administrator gives a staff member (in person or by phone)
    before they may set up an authenticator app: without it, the password alone would let
    anyone enrol their own phone (stemme.accounts.services.enrolment).

    Only a keyed hash of the code is stored. A new code for the same user replaces the old one
    (the old row is deleted). ``redeemed_at`` is set when the code is typed in; the session that
    typed it may then set up the authenticator. Too many wrong codes void it (``voided_at``).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    redeemed_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.user_id} {self.issued_at:%Y-%m-%d %H:%M}"


class LoginFailure(models.Model):
    """One wrong password for a username, for the per-account limit
    (stemme.accounts.services.account_lock). ``username_key`` is a keyed hash of the username as
    typed (also for usernames that do not exist, so the lock says nothing about which do).
    Rows older than the window are deleted as new ones are written."""

    username_key = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["username_key", "at"], name="login_failure_key_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S}"


class AccountLock(models.Model):
    """A username locked for clients without its device cookie after too many wrong passwords
    from any address. ``attempts`` counts the failed and refused logins from the start of the
    window until the user has been told (``user_told_at``) at their next login; ``user`` is
    empty for a username that does not exist."""

    username_key = models.CharField(max_length=64, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    first_failure_at = models.DateTimeField()
    started_at = models.DateTimeField()
    until = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    user_told_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} – {self.until:%H:%M}"


class StaffSession(AbstractBaseSession):
    """A staff session (Django's database session) that also names the user and the
    authenticator it is logged in with, so that one query reads all three on every request
    (``accounts.sessions``). Both are written from the session's own data on each save; no
    database constraint, so a user or device deleted meanwhile leaves a name that finds nothing,
    and the session is then checked as Django and django-otp check any session."""

    user = models.ForeignKey(
        User, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    totp_device = models.ForeignKey(
        "otp_totp.TOTPDevice",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        # The store names this model: imported on use, or the two modules import each other.
        from stemme.accounts.sessions import SessionStore

        return SessionStore
