"""Writes to the journal: a note written, a note corrected, the child's words in a note filed as a
statement. Keyword-only; each one transaction with its event.

A note is never changed silently: ``note_correct`` writes a new version with the reason and
keeps every earlier one, and refuses (``EditConflict``) a correction of a version that someone
else has corrected since. A journal note is not a fact of the deadline engine: its events
(``journal.note_written``, ``journal.note_corrected``) name the case's timeline only, and carry
no text of the note (the event log is append-only and goes into exports).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.audit.services import event_record
from stemme.cases.models import Case
from stemme.children.models import ChildRelation
from stemme.core.conflicts import conflict_of
from stemme.journal.models import JournalNote, JournalNoteVersion, NoteKind
from stemme.participation.models import ChildStatement, StatementMode
from stemme.participation.services.voice import statement_record, statement_validate

TITLE_MAX = 200
# The fields a correction may change, in the order the forms show them.
CONTENT_FIELDS = (
    "happened_on",
    "happened_time",
    "kind",
    "title",
    "text",
    "present",
    "present_persons",
    "child_took_part",
    "internal",
)
# A minute of slack for a clock that is a little ahead of the server's.
_TIME_SLACK = dt.timedelta(minutes=5)


def _content_errors(
    *,
    case: Case,
    happened_on: dt.date | None,
    happened_time: dt.time | None,
    kind: str,
    title: str,
    text: str,
    present_persons: list,
    child_took_part: bool,
) -> dict:
    errors = {}
    today = timezone.localdate()
    if happened_on is None:
        errors["happened_on"] = _("Write the date the note is about.")
    elif happened_on > today:
        errors["happened_on"] = _("The date cannot be in the future.")
    elif happened_time is not None and happened_on == today:
        moment = dt.datetime.combine(
            happened_on, happened_time, tzinfo=timezone.get_current_timezone()
        )
        if moment > timezone.now() + _TIME_SLACK:
            errors["happened_time"] = _("The time cannot be in the future.")
    if kind not in NoteKind.values:
        errors["kind"] = _("Choose what kind of note it is.")
    elif kind == NoteKind.INTERNAL_ASSESSMENT and child_took_part:
        errors["child_took_part"] = _(
            "An internal assessment is the caseworkers' own: the child does not take part in it. "
            "Choose another kind of note, or leave this unticked."
        )
    if not title:
        errors["title"] = _("Write a short subject for the note.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("The subject can be at most %(max)d characters.") % {"max": TITLE_MAX}
    if not text:
        errors["text"] = _("Write the note.")
    if present_persons:
        related = set(
            ChildRelation.objects.filter(child_id=case.child_id).values_list("person_id", flat=True)
        )
        if any(person.pk not in related for person in present_persons):
            errors["present_persons"] = _("Choose only people registered around this child.")
    return errors


def _internal(kind: str, internal: bool) -> bool:
    """An internal assessment is always internal; any other note when the caseworker says so."""
    return True if kind == NoteKind.INTERNAL_ASSESSMENT else bool(internal)


def _names(persons) -> str:
    return ", ".join(sorted(person.full_name for person in persons))


def _version_write(*, note: JournalNote, persons: list, actor, reason: str = "") -> None:
    JournalNoteVersion.objects.create(
        note=note,
        version=note.version,
        happened_on=note.happened_on,
        happened_time=note.happened_time,
        kind=note.kind,
        title=note.title,
        text=note.text,
        present=note.present,
        present_names=_names(persons),
        child_took_part=note.child_took_part,
        internal=note.internal,
        reason=reason,
        written_by=actor,
    )


WORDS_FIELDS = {
    "words": "child_words",
    "mode": "child_words_mode",
    "trusted_adult": "child_words_trusted_adult",
    "stated_on": "happened_on",
}


def _words_errors(*, case: Case, words: str, mode: str, trusted_adult: str, stated_on, fields):
    """The child's words as participation checks a statement, with the errors on our fields."""
    try:
        statement_validate(
            words=words, mode=mode, trusted_adult=trusted_adult, stated_on=stated_on, fields=fields
        )
    except ValidationError as error:
        return error.message_dict
    if not case.is_open:
        return {
            fields["words"]: [
                _(
                    "The case is closed: the child's words can only be filed as a statement in "
                    "an open case. Write them in the note instead."
                )
            ]
        }
    return {}


def note_write(
    *,
    actor,
    case: Case,
    happened_on: dt.date | None,
    kind: str,
    title: str,
    text: str,
    happened_time: dt.time | None = None,
    present: str = "",
    present_persons=(),
    child_took_part: bool = False,
    internal: bool = False,
    child_words: str = "",
    child_words_mode: str = StatementMode.DIRECT,
    child_words_trusted_adult: str = "",
) -> JournalNote:
    """Write a journal note on ``case`` (its first version). The child's own words, when given,
    are filed as a statement of the child (participation) in the same transaction and linked."""
    title, text, present = (title or "").strip(), (text or "").strip(), (present or "").strip()
    child_words = (child_words or "").strip()
    persons = list(present_persons or [])
    errors = _content_errors(
        case=case,
        happened_on=happened_on,
        happened_time=happened_time,
        kind=kind,
        title=title,
        text=text,
        present_persons=persons,
        child_took_part=child_took_part,
    )
    if child_words:
        errors |= _words_errors(
            case=case,
            words=child_words,
            mode=child_words_mode,
            trusted_adult=child_words_trusted_adult,
            stated_on=happened_on or timezone.localdate(),
            fields=WORDS_FIELDS,
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        statement = None
        if child_words:
            statement = statement_record(
                actor=actor,
                child=case.child,
                case=case,
                words=child_words,
                mode=child_words_mode,
                trusted_adult=child_words_trusted_adult or "",
                stated_on=happened_on,
            )
        note = JournalNote.objects.create(
            case=case,
            happened_on=happened_on,
            happened_time=happened_time,
            kind=kind,
            title=title,
            text=text,
            present=present,
            child_took_part=child_took_part,
            internal=_internal(kind, internal),
            statement=statement,
            author=actor,
        )
        note.present_persons.set(persons)
        _version_write(note=note, persons=persons, actor=actor)
        event_record(
            actor=actor,
            municipality=case.child.municipality,
            child=case.child,
            case=case,
            kind="journal.note_written",
            ref=note.ref,
            data={
                "kind": note.kind,
                "internal": note.internal,
                "child_took_part": note.child_took_part,
                "version": note.version,
            },
        )
    return note


def _current(note: JournalNote) -> dict:
    values = {name: getattr(note, name) for name in CONTENT_FIELDS if name != "present_persons"}
    values["present_persons"] = {person.pk for person in note.present_persons.all()}
    return values


def note_correct(
    *,
    actor,
    note: JournalNote,
    expected_version: int,
    reason: str,
    happened_on: dt.date | None,
    kind: str,
    title: str,
    text: str,
    happened_time: dt.time | None = None,
    present: str = "",
    present_persons=(),
    child_took_part: bool = False,
    internal: bool = False,
) -> JournalNote:
    """Correct a note: a new version with the reason; the earlier versions stay as they were.

    ``expected_version`` is the version the corrector started from. If someone corrected the
    note since, the correction is refused with both versions (``EditConflict``), unless it says
    exactly what is saved now (the same correction sent twice): then nothing more is written."""
    reason = (reason or "").strip()
    title, text, present = (title or "").strip(), (text or "").strip(), (present or "").strip()
    persons = list(present_persons or [])
    errors = _content_errors(
        case=note.case,
        happened_on=happened_on,
        happened_time=happened_time,
        kind=kind,
        title=title,
        text=text,
        present_persons=persons,
        child_took_part=child_took_part,
    )
    if not reason:
        errors["reason"] = _(
            "Write why the note is corrected. The earlier text is kept and shown with the reason."
        )
    if errors:
        raise ValidationError(errors)
    mine = {
        "happened_on": happened_on,
        "happened_time": happened_time,
        "kind": kind,
        "title": title,
        "text": text,
        "present": present,
        "present_persons": {person.pk for person in persons},
        "child_took_part": child_took_part,
        "internal": _internal(kind, internal),
    }
    with transaction.atomic():
        saved = (
            JournalNote.objects.select_for_update()
            .select_related("case__child__municipality")
            .get(pk=note.pk)
        )
        unchanged = _current(saved) == mine
        if saved.version != expected_version:
            if unchanged:
                return saved  # the same correction again: it is saved already
            last = saved.versions.select_related("written_by").first()
            raise conflict_of(
                saved,
                CONTENT_FIELDS,
                message=_(
                    "Someone else corrected the note while you were working on it. "
                    "Nothing is saved yet."
                ),
                saved_by=last.written_by if last else None,
                saved_at=last.written_at if last else None,
            )
        if unchanged:
            raise ValidationError(
                _("The correction changes nothing. Change the note, or go back without saving.")
            )
        for name, value in mine.items():
            if name != "present_persons":
                setattr(saved, name, value)
        saved.version += 1
        saved.save(update_fields=[*(n for n in mine if n != "present_persons"), "version"])
        saved.present_persons.set(persons)
        _version_write(note=saved, persons=persons, actor=actor, reason=reason)
        case = saved.case
        event_record(
            actor=actor,
            municipality=case.child.municipality,
            child=case.child,
            case=case,
            kind="journal.note_corrected",
            ref=saved.ref,
            data={
                "kind": saved.kind,
                "internal": saved.internal,
                "child_took_part": saved.child_took_part,
                "version": saved.version,
            },
        )
    return saved


def note_words_file(
    *,
    actor,
    note: JournalNote,
    words: str,
    mode: str = StatementMode.DIRECT,
    trusted_adult: str = "",
) -> ChildStatement:
    """File the child's own words from a note as a statement of the child (participation's
    ``statement_record``), dated the day of the note, and link it to the note. Once per note."""
    words = (words or "").strip()
    case = note.case
    fields = {
        "words": "words",
        "mode": "mode",
        "trusted_adult": "trusted_adult",
        "stated_on": "words",
    }
    errors = _words_errors(
        case=case,
        words=words,
        mode=mode,
        trusted_adult=trusted_adult,
        stated_on=note.happened_on,
        fields=fields,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        saved = JournalNote.objects.select_for_update().get(pk=note.pk)
        if saved.statement_id is not None:
            raise ValidationError(
                {"words": _("The child's words from this note are already filed as a statement.")}
            )
        statement = statement_record(
            actor=actor,
            child=case.child,
            case=case,
            words=words,
            mode=mode,
            trusted_adult=trusted_adult or "",
            stated_on=note.happened_on,
        )
        JournalNote.objects.filter(pk=note.pk, statement__isnull=True).update(statement=statement)
    note.statement = statement
    return statement
