"""Format version 3: journal notes (every version, the internal flag kept), documents' metadata
(the bytes copied separately and checked) and hearings of the parties travel with the case —
validated like everything else: all or nothing, with the JSON path of every bad value.

Messages are asserted by their English msgids (the service speaks the active language).
"""

import hashlib
import json

import pytest
from django.utils import translation

from stemme.audit.models import Event
from stemme.cases.models import Hearing, HearingParty
from stemme.documents import services as document_services
from stemme.documents.models import Document, ScanState
from stemme.interchange.schema import SCHEMA_V2_PATH
from stemme.interchange.services import ImportErrors, cases_import
from stemme.interchange.tests.payloads import STATEMENT_ID, valid_v2_payload
from stemme.journal.models import JournalNote, JournalNoteVersion

NOTE_ID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
ASSESSMENT_ID = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"
DOCUMENT_ID = "c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f"
HEARING_ID = "d4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f8a"
PARTY_ID = "e5f6a7b8-c9d0-4e1f-8a3b-4c5d6e7f8a9b"
CHILD_PARTY_ID = "f6a7b8c9-d0e1-4f2a-9b4c-5d6e7f8a9b0c"
UNKNOWN_ID = "0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d"
STORED_NAME = "ab/" + "ab" * 16
CONTENT = b"%PDF-1.4\nEn skoleudtalelse om Ella.\n"

VERSION_3_TABLES = [
    JournalNote,
    JournalNoteVersion,
    JournalNote.present_persons.through,
    Document,
    Hearing,
    HearingParty,
    Event,
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def storage(settings, tmp_path):
    """The target's documents storage, with the document's file copied into it."""
    settings.STEMME_DOCUMENTS_ROOT = tmp_path / "documents"
    path = settings.STEMME_DOCUMENTS_ROOT / STORED_NAME
    path.parent.mkdir(parents=True)
    path.write_bytes(CONTENT)
    return path


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in VERSION_3_TABLES}


def failing(payload) -> list[str]:
    before = counts()
    with pytest.raises(ImportErrors) as failure:
        cases_import(payload=payload)
    assert counts() == before, "a failed import must write nothing"
    return failure.value.errors


def case_of(payload) -> dict:
    return payload["children"][0]["cases"][0]


def note_content(**changes) -> dict:
    return {
        "happened_on": "2026-02-05",
        "happened_time": "09:30:00",
        "kind": "conversation",
        "title": "Samtale med Ella",
        "text": "Ella fortalte om skolen.",
        "present": "Mona",
        "child_took_part": True,
        "internal": False,
    } | changes


def valid_v3_payload() -> dict:
    """The valid version-2 file as version 3, with a corrected note (internal only after the
    correction), an internal assessment, a document and an answered hearing."""
    payload = valid_v2_payload()
    payload["version"] = 3
    case = case_of(payload)
    first = note_content(text="Ella fortalte.")
    corrected = note_content(internal=True)
    case["journal_notes"] = [
        {
            "id": NOTE_ID,
            **corrected,
            "statement": STATEMENT_ID,
            "present_persons": ["mor"],
            "version": 2,
            "author": "imp_cw",
            "written_at": "2026-02-05T10:00:00+01:00",
            "versions": [
                {**first, "version": 1, "present_names": "Mona Importsen", "written_by": "imp_cw"},
                {
                    **corrected,
                    "version": 2,
                    "present_names": "Mona Importsen",
                    "reason": "Ella bad om, at det blev holdt internt.",
                    "written_by": "imp_leader",
                    "written_at": "2026-02-06T08:00:00+01:00",
                },
            ],
        },
        {
            "id": ASSESSMENT_ID,
            **note_content(
                kind="internal_assessment", internal=True, child_took_part=False, present=""
            ),
            "author": "imp_cw",
            "versions": [
                {
                    **note_content(
                        kind="internal_assessment", internal=True, child_took_part=False, present=""
                    ),
                    "version": 1,
                    "written_by": "imp_cw",
                }
            ],
        },
    ]
    case["documents"] = [
        {
            "id": DOCUMENT_ID,
            "title": "Udtalelse fra skolen",
            "document_date": "2026-02-03",
            "sender": "Skolen",
            "visibility": "case_team",
            "kind": "pdf",
            "content_type": "application/pdf",
            "extension": "pdf",
            "size": len(CONTENT),
            "sha256": hashlib.sha256(CONTENT).hexdigest(),
            "original_name": "udtalelse.pdf",
            "stored_name": STORED_NAME,
            "scan_state": "clean",
            "scanned_at": "2026-02-03T12:00:00+01:00",
            "uploaded_by": "imp_cw",
            "uploaded_at": "2026-02-03T11:59:00+01:00",
        }
    ]
    case["hearings"] = [
        {
            "id": HEARING_ID,
            "paragraph": "32",
            "basis": "Vi lægger vægt på skolens udtalelse.",
            "sent_on": "2026-02-06",
            "answer_due_on": "2026-02-20",
            "closed_on": "2026-02-10",
            "decision": None,
            "recorded_by": "imp_cw",
            "parties": [
                {
                    "id": PARTY_ID,
                    "person": "mor",
                    "name": "Mona Importsen",
                    "role": "Mor",
                    "answered_on": "2026-02-10",
                    "answer": "Jeg er enig.",
                    "position": 0,
                },
                {"id": CHILD_PARTY_ID, "is_child": True, "name": "Ella", "position": 1},
            ],
        }
    ]
    case["events"] += [
        {
            "kind": "journal.note_written",
            "ref": f"journal_note:{NOTE_ID}",
            "occurred_at": "2026-02-05T10:00:00+01:00",
            "actor": "imp_cw",
            "data": {"kind": "conversation", "internal": False, "version": 1},
        },
        {
            "kind": "documents.uploaded",
            "ref": f"document:{DOCUMENT_ID}",
            "occurred_at": "2026-02-03T11:59:00+01:00",
            "actor": "imp_cw",
            "data": {"document": DOCUMENT_ID, "kind": "pdf", "size": len(CONTENT)},
        },
        {
            "kind": "hearing.answered",
            "ref": f"hearing_party:{PARTY_ID}",
            "occurred_at": "2026-02-10T12:00:00+01:00",
            "actor": "imp_cw",
            "data": {
                "about": f"hearing:{HEARING_ID}",
                "party": f"hearing_party:{PARTY_ID}",
                "answered_on": "2026-02-10",
            },
        },
    ]
    return payload


# --- A valid file ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_version_3_file_imports_notes_documents_and_hearings(storage):
    result = cases_import(payload=valid_v3_payload())

    for key, expected in {
        "journal_notes": 2,
        "note_versions": 3,
        "documents": 1,
        "hearings": 1,
        "hearing_parties": 2,
    }.items():
        assert result.counts[key] == expected, key
    note = JournalNote.objects.get(pk=NOTE_ID)
    # Internal after the correction, and kept so: the first version was not internal.
    assert note.internal is True
    assert note.version == 2
    assert [(v.version, v.internal, v.written_by.username) for v in note.versions.all()] == [
        (2, True, "imp_leader"),
        (1, False, "imp_cw"),
    ]
    assert note.versions.get(version=1).text == "Ella fortalte."
    assert note.versions.get(version=2).reason.startswith("Ella bad om")
    assert [p.first_name for p in note.present_persons.all()] == ["Mona"]
    assert str(note.statement_id) == STATEMENT_ID
    assert note.happened_time.isoformat() == "09:30:00"
    assert note.created_at.isoformat() == "2026-02-05T09:00:00+00:00"
    assert JournalNote.objects.get(pk=ASSESSMENT_ID).internal is True
    # The internal notes stay out of the right-of-access export's first draft.
    assert JournalNote.objects.filter(JournalNote.WITHHELD_FROM_ACCESS_EXPORT).count() == 2

    document = Document.objects.get(pk=DOCUMENT_ID)
    assert document.scan_state == ScanState.CLEAN
    assert document.downloadable
    with document_services.document_download(actor=None, document=document) as handle:
        assert handle.read() == CONTENT

    hearing = Hearing.objects.get(pk=HEARING_ID)
    mother, child = hearing.parties.order_by("position")
    assert mother.person.first_name == "Mona"
    assert (mother.answered_on.isoformat(), mother.answer) == ("2026-02-10", "Jeg er enig.")
    assert child.is_child
    assert child.person is None
    assert Event.objects.filter(ref=f"hearing_party:{PARTY_ID}").exists()


@pytest.mark.django_db
def test_a_version_2_file_from_before_these_records_still_imports():
    """Version 2 had no notes, documents or hearings: their refs in events named rows of the
    exporting database, and are copied as they are."""
    payload = valid_v2_payload()
    case_of(payload)["events"].append(
        {
            "kind": "journal.note_written",
            "ref": f"journal_note:{UNKNOWN_ID}",
            "occurred_at": "2026-02-05T10:00:00+01:00",
            "data": {"kind": "conversation", "internal": True, "version": 1},
        }
    )
    cases_import(payload=payload)
    assert Event.objects.filter(ref=f"journal_note:{UNKNOWN_ID}").exists()
    assert not JournalNote.objects.exists()


@pytest.mark.django_db
def test_a_version_2_file_with_a_version_3_list_is_refused_against_its_own_schema():
    payload = valid_v2_payload()
    case_of(payload)["journal_notes"] = []
    errors = failing(payload)
    assert errors == [
        "children[0].cases[0].journal_notes: unknown field (see docs/import-format.md)"
    ]
    assert json.loads(SCHEMA_V2_PATH.read_text("utf-8"))["properties"]["version"] == {"const": 2}


# --- Invalid version-3 files -------------------------------------------------------------------


def _note(p, index=0) -> dict:
    return case_of(p)["journal_notes"][index]


def _versions_out_of_order(p):
    _note(p)["versions"].reverse()


def _version_skipped(p):
    _note(p)["versions"][1]["version"] = 3
    _note(p)["version"] = 3


def _note_ahead_of_versions(p):
    _note(p)["version"] = 5


def _note_differs_from_latest(p):
    _note(p)["text"] = "En anden tekst."


def _internal_lost(p):
    del _note(p)["internal"]


def _internal_lost_on_version(p):
    del _note(p)["versions"][0]["internal"]


def _internal_not_a_boolean(p):
    _note(p)["internal"] = "ja"


def _assessment_not_internal(p):
    note = _note(p, 1)
    note["internal"] = False
    note["versions"][0]["internal"] = False


def _note_flag_differs_from_latest(p):
    _note(p)["internal"] = False


def _no_versions(p):
    _note(p)["versions"] = []


def _unknown_statement(p):
    _note(p)["statement"] = UNKNOWN_ID


def _unknown_present_person(p):
    _note(p)["present_persons"] = ["mor", "moster"]


def _bad_time_of_day(p):
    _note(p)["happened_time"] = "25:61"


def _author_unknown(p):
    _note(p)["author"] = "nobody"


def _note_missing_title(p):
    del _note(p)["title"]


def _duplicate_note_id(p):
    case_of(p)["journal_notes"][1]["id"] = NOTE_ID


def _event_unknown_note(p):
    case_of(p)["events"][-3]["ref"] = f"journal_note:{UNKNOWN_ID}"


def _document(p) -> dict:
    return case_of(p)["documents"][0]


def _document_file_missing(p):
    _document(p)["stored_name"] = "cd/" + "cd" * 16


def _document_other_bytes(p):
    _document(p)["sha256"] = "0" * 64


def _document_other_size(p):
    _document(p)["size"] = 3


def _document_path_outside(p):
    _document(p)["stored_name"] = "../../etc/passwd"


def _document_size_as_text(p):
    _document(p)["size"] = "36"


def _document_twice(p):
    case_of(p)["documents"].append({**_document(p), "id": UNKNOWN_ID})


def _event_unknown_document(p):
    case_of(p)["events"][-2]["ref"] = f"document:{UNKNOWN_ID}"


def _hearing(p) -> dict:
    return case_of(p)["hearings"][0]


def _hearing_unknown_decision(p):
    _hearing(p)["decision"] = UNKNOWN_ID


def _party_unknown_person(p):
    _hearing(p)["parties"][0]["person"] = "far2"


def _answered_before_sent(p):
    _hearing(p)["parties"][0]["answered_on"] = "2026-02-01"


def _waived_with_parties(p):
    _hearing(p)["exception_reason"] = "urgency"
    _hearing(p)["exception"] = "Det hastede."


def _hearing_missing_basis(p):
    del _hearing(p)["basis"]


def _party_id_twice(p):
    _hearing(p)["parties"][1]["id"] = PARTY_ID


def _event_unknown_party(p):
    case_of(p)["events"][-1]["ref"] = f"hearing_party:{UNKNOWN_ID}"


def _unknown_paragraph(p):
    _hearing(p)["paragraph"] = "999"


NOTE = "children[0].cases[0].journal_notes[0]"
DOCUMENT = "children[0].cases[0].documents[0]"
HEARING = "children[0].cases[0].hearings[0]"


@pytest.mark.django_db
@pytest.mark.usefixtures("storage")
@pytest.mark.parametrize(
    ("breaker", "expected"),
    [
        (
            _versions_out_of_order,
            f"{NOTE}.versions[0].version: the versions of a note must be numbered 1, 2, 3 … in "
            "order; version 1 was expected here, not 2",
        ),
        (_version_skipped, f"{NOTE}.versions[1].version: the versions of a note must be"),
        (
            _note_ahead_of_versions,
            f"{NOTE}.version: the note is at version 5, but the file has 2 versions of it",
        ),
        (_note_differs_from_latest, f"{NOTE}.text: differs from the note's latest version"),
        (_internal_lost, f"{NOTE}.internal: the field is missing"),
        (_internal_lost_on_version, f"{NOTE}.versions[0].internal: the field is missing"),
        (_internal_not_a_boolean, f"{NOTE}.internal: must be"),
        (
            _assessment_not_internal,
            "children[0].cases[0].journal_notes[1].internal: an internal assessment is always "
            "an internal note",
        ),
        (_note_flag_differs_from_latest, f"{NOTE}.internal: differs from the note's latest"),
        (_no_versions, f"{NOTE}.versions: "),
        (
            _unknown_statement,
            f"{NOTE}.statement: the statement {UNKNOWN_ID} is not one of the child's statements",
        ),
        (
            _unknown_present_person,
            f"{NOTE}.present_persons[1]: «moster» is not a key of the child's relations",
        ),
        (_bad_time_of_day, f"{NOTE}.happened_time: "),
        (_author_unknown, f"{NOTE}.author: the username «nobody» is neither"),
        (_note_missing_title, f"{NOTE}.title: the field is missing"),
        (
            _duplicate_note_id,
            f"children[0].cases[0].journal_notes[1].id: id {NOTE_ID} appears more than once",
        ),
        (
            _event_unknown_note,
            f"children[0].cases[0].events[8].ref: refers to journal_note:{UNKNOWN_ID}, which is "
            "not among the case's journal_notes",
        ),
        (
            _document_file_missing,
            f"{DOCUMENT}.stored_name: the document's file cd/{'cd' * 16} is not in the documents "
            "storage",
        ),
        (_document_other_bytes, f"{DOCUMENT}.stored_name: the document's file {STORED_NAME} in "),
        (_document_other_size, f"{DOCUMENT}.stored_name: the document's file {STORED_NAME} in "),
        (_document_path_outside, f"{DOCUMENT}.stored_name: "),
        (_document_size_as_text, f"{DOCUMENT}.size: must be"),
        (
            _document_twice,
            f"children[0].cases[0].documents[1].stored_name: the stored file {STORED_NAME} "
            "appears for more than one document",
        ),
        (
            _event_unknown_document,
            f"children[0].cases[0].events[9].ref: refers to document:{UNKNOWN_ID}",
        ),
        (
            _hearing_unknown_decision,
            f"{HEARING}.decision: decision {UNKNOWN_ID} is not among the case's records.decisions",
        ),
        (
            _party_unknown_person,
            f"{HEARING}.parties[0].person: «far2» is not a key of the child's relations",
        ),
        (
            _answered_before_sent,
            f"{HEARING}.parties[0].answered_on: a party cannot answer (2026-02-01) before the "
            "hearing was sent (2026-02-06)",
        ),
        (_waived_with_parties, f"{HEARING}.parties: a decision made without hearing the parties"),
        (_hearing_missing_basis, f"{HEARING}.basis: the field is missing"),
        (_party_id_twice, f"{HEARING}.parties[1].id: id {PARTY_ID} appears more than once"),
        (
            _event_unknown_party,
            f"children[0].cases[0].events[10].ref: refers to hearing_party:{UNKNOWN_ID}",
        ),
        (_unknown_paragraph, f"{HEARING}.paragraph: invalid value"),
    ],
)
def test_invalid_version_3_files_name_the_value_and_write_nothing(breaker, expected):
    payload = valid_v3_payload()
    breaker(payload)

    errors = failing(payload)

    assert any(error.startswith(expected) for error in errors), errors
    where = expected.split(": ")[0]
    assert sum(error.startswith(f"{where}: ") for error in errors) == 1, "one message per problem"


@pytest.mark.django_db
def test_a_document_whose_file_was_not_copied_is_not_imported(settings, tmp_path):
    """Nothing is imported, so no document row can exist that points to no bytes."""
    settings.STEMME_DOCUMENTS_ROOT = tmp_path / "empty"
    errors = failing(valid_v3_payload())
    assert errors == [
        f"{DOCUMENT}.stored_name: the document's file {STORED_NAME} is not in the documents "
        "storage; copy the documents' files to the new installation before the import (the "
        "file carries only the metadata)"
    ]
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_importing_the_same_documents_twice_is_refused(storage):
    cases_import(payload=valid_v3_payload())
    again = valid_v3_payload()
    again["municipality"] = {"name": "Andenimport Kommune", "code": "778"}
    errors = failing(again)
    assert f"{DOCUMENT}.stored_name: a document with the stored file {STORED_NAME} already " in (
        "".join(errors)
    )
