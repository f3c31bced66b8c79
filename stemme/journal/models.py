"""Journal notes (journalnotater) on a case: what was said, seen and assessed, dated, with who
wrote it (notatpligt, offentlighedsloven § 13; seed003: observations kept apart from assessments).

- ``JournalNote``: one note as it reads now (the list, the filters and the search read it).
- ``JournalNoteVersion``: every version of a note, the first included. A note is never edited
  silently: a correction is a new version with who, when and why, and the earlier text stays.

An internal note (``internal``; an internal assessment always is) is for the caseworkers only:
the portal never reads this app, and the right-of-access export leaves internal notes out until
they are reviewed (``WITHHELD_FROM_ACCESS_EXPORT``, read by stemme/privacy/selectors.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stemme.cases.models import Case
from stemme.children.models import Person
from stemme.participation.models import ChildStatement


class NoteKind(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    PHONE = "phone", _("Phone")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail")
    OBSERVATION = "observation", _("Observation")
    INTERNAL_ASSESSMENT = "internal_assessment", _("Internal assessment")


class NoteContent(models.Model):
    """What a note says: the fields a correction may change, kept on every version."""

    happened_on = models.DateField(_("date"))
    happened_time = models.TimeField(_("time"), null=True, blank=True)
    kind = models.CharField(_("kind of note"), max_length=30, choices=NoteKind.choices)
    title = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("note"))
    present = models.TextField(_("who was present"), blank=True)
    child_took_part = models.BooleanField(_("the child took part"), default=False)
    internal = models.BooleanField(_("internal note"), default=False)

    class Meta:
        abstract = True


class JournalNote(NoteContent):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="journal_notes", verbose_name=_("case")
    )
    present_persons = models.ManyToManyField(
        Person,
        blank=True,
        related_name="+",
        verbose_name=_("people around the child who were present"),
    )
    # The child's own words from the note, filed as a statement (participation).
    statement = models.ForeignKey(
        ChildStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal_notes",
        verbose_name=_("the child's own words"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    #: Rows the right-of-access export leaves out until reviewed (stemme/privacy/selectors.py).
    WITHHELD_FROM_ACCESS_EXPORT = models.Q(internal=True)

    class Meta:
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        ordering = ["-happened_on", "-created_at"]
        indexes = [models.Index(fields=["case", "happened_on"], name="journal_case_day")]

    def __str__(self) -> str:
        return self.title

    @property
    def ref(self) -> str:
        return f"journal_note:{self.pk}"

    @property
    def corrected(self) -> bool:
        return self.version > 1

    @staticmethod
    def withheld_from_access_export_text(count: int) -> str:
        """What the right-of-access export says about the notes it left out."""
        return ngettext(
            "%(count)d internal note is left out and must be reviewed before it is handed out.",
            "%(count)d internal notes are left out and must be reviewed before they are handed "
            "out.",
            count,
        ) % {"count": count}


class JournalNoteVersion(NoteContent):
    """One version of a note as it was saved: the first as written, each later one a correction
    with its reason. The people present are kept by name, as they were then."""

    note = models.ForeignKey(
        JournalNote, on_delete=models.PROTECT, related_name="versions", verbose_name=_("note")
    )
    version = models.PositiveIntegerField(_("version"))
    present_names = models.TextField(_("people around the child who were present"), blank=True)
    reason = models.TextField(_("why the note was corrected"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("version of a journal note")
        verbose_name_plural = _("versions of journal notes")
        ordering = ["note", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["note", "version"], name="journal_one_per_version")
        ]

    def __str__(self) -> str:
        return self.title
