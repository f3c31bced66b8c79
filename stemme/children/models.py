"""The child and the adults around the child."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Municipality
from stemme.children import cpr as cpr_numbers


class Gender(models.TextChoices):
    GIRL = "girl", _("Girl")
    BOY = "boy", _("Boy")
    OTHER = "other", _("Other / does not want to say")


class Child(models.Model):
    """A child or young person known to the municipality.

    The primary key is a random UUID so that URLs never reveal how many children there are or
    anything about the child (no CPR numbers in URLs).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("municipality"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    cpr = models.CharField(
        _("CPR number"), max_length=10, help_text=_("Ten digits, stored without the dash.")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["first_name", "last_name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "cpr"], name="child_unique_cpr"),
        ]
        indexes = [models.Index(fields=["municipality", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cpr_masked(self) -> str:
        return cpr_numbers.mask(self.cpr)


class Person(models.Model):
    """An adult or another child in the child's life: parent, custody holder, network member."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("municipality"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    birth_date = models.DateField(
        _("date of birth"),
        null=True,
        blank=True,
        help_text=_("For the siblings and other children in the household (§ 21, stk. 2)."),
    )
    # Optional: many people around a child have no Danish CPR number, or it is not known.
    # ``db_default``s: the demo and the import insert rows column by column (core/bulk.py).
    cpr = models.CharField(_("CPR number"), max_length=10, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cpr_masked(self) -> str:
        return cpr_numbers.mask(self.cpr)


class Relation(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    GUARDIAN = "guardian", _("Appointed custody holder")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    HALF_SIBLING = "half_sibling", _("Half-sibling")
    HOUSEHOLD = "household", _("Another child in the household")
    OTHER_FAMILY = "other_family", _("Other family")
    OTHER_ADULT = "other_adult", _("Another adult")
    FRIEND = "friend", _("Friend")
    TEACHER = "teacher", _("Teacher or pedagogue")
    COACH = "coach", _("Coach or club leader")
    HEALTH_VISITOR = "health_visitor", _("Health visitor or doctor")
    OTHER = "other", _("Other")

    @classmethod
    def household_children(cls) -> set[str]:
        """The child's siblings and the other children who live in the household: a
        placement for neglect or abuse makes those under 15 due a BFU (§ 21, stk. 2)."""
        return {cls.SIBLING, cls.HALF_SIBLING, cls.HOUSEHOLD}

    @classmethod
    def parents(cls) -> set[str]:
        """The child's own parents (mother, father, parent: e.g. a co-mother)."""
        return {cls.MOTHER, cls.FATHER, cls.PARENT}

    @classmethod
    def parental(cls) -> set[str]:
        return {
            cls.MOTHER,
            cls.FATHER,
            cls.PARENT,
            cls.STEP_PARENT,
            cls.FOSTER_PARENT,
            cls.GUARDIAN,
        }


class ChildRelation(models.Model):
    """How a person is related to a child. Custody is recorded, not derived from the relation.

    A relation that ends (a step-parent moves out, a foster placement stops) is not deleted: it
    gets ``ended_on`` and ``end_reason`` and is shown as earlier. Custody ends with it.
    """

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="relations", verbose_name=_("child")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relations", verbose_name=_("person")
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    has_custody = models.BooleanField(_("has custody"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    started_on = models.DateField(_("relation since"), null=True, blank=True)
    ended_on = models.DateField(_("relation ended"), null=True, blank=True)
    # ``db_default``s: the demo and the import insert rows column by column (core/bulk.py).
    end_reason = models.CharField(
        _("why the relation ended"), max_length=200, blank=True, default="", db_default=""
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        db_default=1,
        help_text=_("Raised on every change; stale edits are refused."),
    )

    class Meta:
        verbose_name = _("relation to the child")
        verbose_name_plural = _("relations to the child")
        ordering = ["-has_custody", "relation", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["child", "person"], name="child_relation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"

    @property
    def is_parental(self) -> bool:
        return self.relation in Relation.parental()

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def is_household_child(self) -> bool:
        return self.relation in Relation.household_children()

    @property
    def ref(self) -> str:
        return f"relation:{self.pk}"


# --- The child's (and, limited, a parent's) account in Min sag -------------------------------
# Beside ``Child`` so the casework apps can point to the account that wrote something without
# importing the portal. The portal (stemme/portal) is the front door that uses it: login,
# activation codes, sessions. The table keeps its first name, ``portal_portalaccount``.


class AccountKind(models.TextChoices):
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")


class AuthMethod(models.TextChoices):
    PIN = "pin", _("PIN or passphrase")


class Smiley(models.IntegerChoices):
    """The five faces of the mood check, the meeting feedback and the goal ratings."""

    VERY_BAD = 1, _("Very bad")
    BAD = 2, _("Bad")
    OK = 3, _("OK")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


class PortalAccount(models.Model):
    """An account in Min sag. Not a staff ``User``: it has its own secret (a PIN or a
    passphrase, stored only as a Django password hash), its own lockout and its own session
    cookie (stemme/portal/session.py). ``auth_method`` says how the holder proves who they are;
    "pin" now, "mitid" can be added later without changing the rest (the account then simply has
    no secret)."""

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
    # The child's own mobile number for a content-free SMS from Min sag ("Du har noget nyt i Min
    # sag"), given and removed by the child there; empty: no SMS. Never a parent's account.
    sms_number = models.CharField(
        _("mobile number for SMS"), max_length=15, blank=True, default="", db_default=""
    )
    # Raised on logout, lockout and a new PIN: every older portal session cookie stops working.
    session_generation = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "portal_portalaccount"
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
