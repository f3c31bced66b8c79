"""Format version 3: a case's journal notes with every version, its documents' metadata (never
the bytes) and its hearings of the parties with the parties heard, by case."""

from collections import defaultdict

from stemme.interchange.fields import (
    DOCUMENTS,
    HEARING_PARTIES,
    HEARINGS,
    JOURNAL_NOTES,
    NOTE_VERSIONS,
)
from stemme.interchange.selectors.rows import ExportRows
from stemme.interchange.selectors.values import grouped_by


def journal_notes_export(rows: ExportRows, writers) -> dict:
    """Each note as it reads now, with the people present (relation keys, in the order of the
    child's relations) and every version by number. The internal flag travels as it is."""
    versions_by_note = grouped_by(rows.note_versions, "note_id")
    persons_by_note = defaultdict(list)
    for link in rows.note_persons:
        persons_by_note[link.journalnote_id].append(link.person_id)
    notes_by_case = defaultdict(list)
    for note in rows.notes:
        writer = writers.of_case(note.case_id)
        values = writer.row(JOURNAL_NOTES, note)
        what = f"journal note {note.pk}"
        keys = [writer.link("person", pk, what) for pk in persons_by_note[note.pk]]
        values["present_persons"] = sorted(keys, key=lambda key: (len(key), key))
        values["versions"] = [
            writer.row(NOTE_VERSIONS, row)
            for row in sorted(versions_by_note[note.pk], key=lambda r: r.version)
        ]
        notes_by_case[note.case_id].append(values)
    return {
        case_id: sorted(notes, key=lambda n: (n["happened_on"], n["written_at"], n["id"]))
        for case_id, notes in notes_by_case.items()
    }


def documents_export(rows: ExportRows, writers) -> dict:
    documents_by_case = defaultdict(list)
    for document in rows.documents:
        documents_by_case[document.case_id].append(
            writers.of_case(document.case_id).row(DOCUMENTS, document)
        )
    return {
        case_id: sorted(docs, key=lambda d: (d["document_date"], d["uploaded_at"], d["id"]))
        for case_id, docs in documents_by_case.items()
    }


def hearings_export(rows: ExportRows, writers) -> dict:
    parties_by_hearing = grouped_by(rows.hearing_parties, "hearing_id")
    hearings_by_case = defaultdict(list)
    for hearing in rows.hearings:
        writer = writers.of_case(hearing.case_id)
        values = writer.row(HEARINGS, hearing)
        values["parties"] = [
            writer.row(HEARING_PARTIES, row)
            for row in sorted(parties_by_hearing[hearing.pk], key=lambda r: (r.position, str(r.pk)))
        ]
        hearings_by_case[hearing.case_id].append(values)
    return {
        case_id: sorted(hearings, key=lambda h: (h["sent_on"], h["id"]))
        for case_id, hearings in hearings_by_case.items()
    }
