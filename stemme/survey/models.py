"""The youth survey: the instrument (items as versioned data), waves, invitations and answers.

Confidential by construction. Two sides that share no key:

- the **invitation** side knows the child: ``Invitation`` (who was invited to which wave, the
  coarse strata taken then, the answers typed so far while the child has not sent them, and the
  day they sent them — for reminders and the response rate);
- the **answer** side does not: ``Response`` holds the wave and a copy of the coarse strata,
  ``Answer`` the values, ``Comment`` the free text (not even linked to a response). Nothing on
  this side has a foreign key to a child, an account, a case or an invitation, no time more
  precise than the wave, and a random primary key; ``tests/test_confidential.py`` proves there is
  no join path. When the child sends, the draft moves to the answer side and is deleted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Municipality, Team
from stemme.children.models import Child


class Dimension(models.TextChoices):
    RELATION = "relation", _("Relation with the caseworker")
    INFORMATION = "information", _("Information about the case")
    INFLUENCE = "influence", _("Influence")
    RIGHTS = "rights", _("Information about rights")
    PLAN = "plan", _("The plan")
    CONTACT = "contact", _("Contact and changes")
    WELLBEING = "wellbeing", _("Wellbeing")
    OPEN = "open", _("In your own words")


class Scale(models.TextChoices):
    FITS = "fits", _("Fits very well … fits very badly, or don't know")
    YES_NO = "yes_no", _("Yes / no / don't know")
    CONTACTS = "contacts", _("Contacts in six months")
    CHANGES = "changes", _("Changes of caseworker in two years")
    OPEN = "open", _("Free text")


class Instrument(models.Model):
    """A version of the questionnaire. The national default (``municipality`` empty) is the
    item bank of VIVE's 2020 survey; a municipality's own version copies it and may add items,
    never change the locked ones."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    key = models.SlugField(_("key"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key", "version"], name="survey_instrument_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Item(models.Model):
    """One question. ``share_values``/``base_values``: which answers count as "the share" and
    which make its denominator (e.g. "4,5" of "1,2,3,4,5": top-2 among those with an opinion).
    ``shown_if``: another item's code and the values that show this one ("h0:1", "f4:1,2")."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveSmallIntegerField()
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    scale = models.CharField(_("answer scale"), max_length=10, choices=Scale.choices)
    text_younger = models.CharField(_("wording for 12-13-year-olds"), max_length=300)
    text_older = models.CharField(_("wording for 14-17-year-olds"), max_length=300)
    share_label = models.CharField(_("what the share counts"), max_length=200, blank=True)
    share_values = models.CharField(max_length=20, blank=True)
    base_values = models.CharField(max_length=20, blank=True)
    shown_if = models.CharField(max_length=20, blank=True)
    higher_is_better = models.BooleanField(null=True)
    national_share = models.FloatField(_("national figure"), null=True, blank=True)
    national_note = models.CharField(_("national figure, as VIVE gives it"), max_length=200)
    # Comparable with VIVE's survey: a municipality may not change or remove it.
    locked = models.BooleanField(default=True)
    # Counted in the dimension's score (the "fits" items of the three dimensions and the plan).
    in_score = models.BooleanField(default=False)
    # Asked only in rounds that include it (the wellbeing core).
    optional = models.BooleanField(default=False)
    reversed = models.BooleanField(default=False)

    class Meta:
        ordering = ["order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="survey_item_code_unique")
        ]

    def __str__(self) -> str:
        return self.code.upper()


class Wave(models.Model):
    """One round of the survey in a municipality: a window, who is invited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="waves")
    title = models.CharField(_("title"), max_length=100)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    with_wellbeing = models.BooleanField(_("with the wellbeing questions"), default=False)
    min_age = models.PositiveSmallIntegerField(_("from age"), default=12)
    max_age = models.PositiveSmallIntegerField(_("to age"), default=17)
    # Empty: every team of the municipality.
    teams = models.ManyToManyField(Team, blank=True, related_name="+", verbose_name=_("teams"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the wave is closed: no answer after it, and only then are figures shown.
    closed_at = models.DateTimeField(null=True, blank=True)
    invited = models.PositiveIntegerField(_("invited"), default=0)

    class Meta:
        ordering = ["-opens_on", "-created_at"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class AgeBand(models.TextChoices):
    YOUNGER = "12_13", _("12-13 years")
    OLDER = "14_17", _("14-17 years")


class GenderStratum(models.TextChoices):
    GIRL = "girl", _("Girls")
    BOY = "boy", _("Boys")
    OTHER = "other", _("Other or not stated")


class MeasureType(models.TextChoices):
    PREVENTIVE = "preventive", _("Preventive measure")
    FOSTER_CARE = "foster_care", _("Foster care")
    INSTITUTION = "institution", _("Institution or similar")
    NONE = "none", _("No measure")


class ChangesBucket(models.TextChoices):
    NONE = "0", _("No change of caseworker")
    ONE = "1", _("One change")
    TWO_PLUS = "2+", _("Two changes or more")


class ContactBucket(models.TextChoices):
    NONE = "0", _("No recorded contact")
    SOME = "1-3", _("1-3 contacts")
    MANY = "4+", _("4 contacts or more")


class AnsweredWith(models.TextChoices):
    ALONE = "alone", _("On their own")
    ADULT = "adult", _("With a trusted adult")
    PAPER = "paper", _("On paper")


class Strata(models.Model):
    """The coarse strata, taken at invitation and copied to the response (never more)."""

    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, related_name="+")
    age_band = models.CharField(max_length=5, choices=AgeBand.choices)
    gender = models.CharField(max_length=10, choices=GenderStratum.choices)
    measure_type = models.CharField(max_length=12, choices=MeasureType.choices)
    changes = models.CharField(max_length=3, choices=ChangesBucket.choices)
    contact = models.CharField(max_length=3, choices=ContactBucket.choices)

    class Meta:
        abstract = True

    STRATA = ("team_id", "age_band", "gender", "measure_type", "changes", "contact")


class Invitation(Strata):
    """The child was invited to ``wave``. Holds what they typed until they send it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="survey_invitations")
    invited_on = models.DateField()
    # {item code: value or text}; emptied when sent or when the wave closes.
    draft = models.JSONField(default=dict, blank=True)
    answered_with = models.CharField(max_length=5, choices=AnsweredWith.choices, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    # The content-free SMS sent for it (when the young person gave a number in Min sag).
    notified_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["wave", "child"], name="survey_invitation_unique")
        ]


class Response(Strata):
    """One young person's answers, without them: the wave and the coarse strata only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="responses")
    answered_with = models.CharField(max_length=5, choices=AnsweredWith.choices)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")


class Answer(models.Model):
    # Random, like the response's: a counter would give away the order answers came in.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    # 1-5 on the "fits" scale (5 = fits very well); 1 yes, 2 no; categories from 1; 0 don't know.
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="survey_answer_unique")
        ]


class Comment(models.Model):
    """An answer to the open question: the wave only, not even the response it came with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField()


class Action(models.Model):
    """ "I sagde – vi gør": what the municipality will do about a finding, and how it is told to
    the children who were invited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="actions")
    finding = models.CharField(_("what you said"), max_length=300)
    action = models.TextField(_("what we will do"))
    text_for_children = models.CharField(_("in words for the children"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
