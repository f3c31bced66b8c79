"""A case's journal notes (format version 3), each with every version.

A note is never changed silently, so a note travels with all its versions: numbered 1, 2, 3 …
in order, the last one the note as it reads now (same content, same internal flag, same
number). An internal note stays internal: the flag is required in the file and kept as it is;
an internal assessment is always internal. The people present are relation keys of the child;
the child's words filed from the note are one of the child's statements in the file.
"""

from django.utils.translation import gettext as _

from stemme.interchange.fields import JOURNAL_NOTES, NOTE_CONTENT_FIELDS, NOTE_VERSIONS
from stemme.interchange.importer.state import ChildScope, ImportState
from stemme.journal.models import JournalNote, NoteKind


def journal_notes_validate(
    state: ImportState, data: dict, path: str, scope: ChildScope, case_id, refs
) -> None:
    for index, item in enumerate(data.get("journal_notes", [])):
        where = f"{path}.journal_notes[{index}]"
        note = state.section_row(JOURNAL_NOTES, item, where, scope, case_id=case_id)
        if note.pk is not None:
            refs["journal_notes"].add(note.pk)
        if item.get("statement") is not None:
            scope.statement_links.append((f"{where}.statement", note.statement_id))
        for number, key in enumerate(item.get("present_persons", [])):
            person = state.key_link(scope, "relations", key, f"{where}.present_persons[{number}]")
            if person is not None:
                state.m2m.append(
                    (JournalNote.present_persons.through, {"journalnote": note, "person": person})
                )
        internal_validate(state, item, where)
        versions = []
        for number, version in enumerate(item.get("versions", [])):
            at = f"{where}.versions[{number}]"
            versions.append(state.section_row(NOTE_VERSIONS, version, at, scope, note=note))
            internal_validate(state, version, at)
            if version.get("version") != number + 1:
                state.error(
                    f"{at}.version",
                    _(
                        "the versions of a note must be numbered 1, 2, 3 … in order; "
                        "version %(expected)s was expected here, not %(given)s"
                    )
                    % {"expected": number + 1, "given": version.get("version")},
                    "version_order",
                )
        latest_validate(state, note, where, versions)


def internal_validate(state: ImportState, item: dict, path: str) -> None:
    """An internal assessment is always internal (as the journal's services write it)."""
    if item.get("kind") == NoteKind.INTERNAL_ASSESSMENT and item.get("internal") is not True:
        state.error(
            f"{path}.internal",
            _("an internal assessment is always an internal note: internal must be true"),
            "internal",
        )


def latest_validate(state: ImportState, note: JournalNote, path: str, versions: list) -> None:
    """The note reads as its latest version: same number, same content, same internal flag."""
    if not versions:
        state.error(
            f"{path}.versions",
            _("a journal note needs at least its first version"),
            "no_versions",
        )
        return
    latest, count = versions[-1], len(versions)
    if note.version != count:
        state.error(
            f"{path}.version",
            _(
                "the note is at version %(note)s, but the file has %(count)s versions of it; "
                "the last version is the note as it reads now"
            )
            % {"note": note.version, "count": count},
            "version_order",
        )
    for name in NOTE_CONTENT_FIELDS:
        if f"{path}.{name}" in state.error_paths:
            continue  # already reported (e.g. not a real date)
        if getattr(note, name) != getattr(latest, name):
            state.error(
                f"{path}.{name}",
                _(
                    "differs from the note's latest version (versions[%(index)s]); the note "
                    "must read as its latest version"
                )
                % {"index": count - 1},
                "version_mismatch",
            )
