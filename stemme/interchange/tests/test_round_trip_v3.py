"""Format version 3 round trip: journal notes (corrected, internal), a document and a hearing
of the parties, written through the real services, survive export → import into an empty
database → export byte for byte; the document's file is copied separately, as the
documentation says, and is served in the new installation with the same bytes.

Like test_round_trip.py, the "empty database" is a separate SQLite file in a separate process.
"""

import datetime as dt
import json
import shutil
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from stemme.cases.services import hearing as hearings
from stemme.documents import services as documents
from stemme.interchange.services import schema_errors
from stemme.interchange.tests.test_round_trip import manage
from stemme.journal import services as journal

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

# In the new installation: the flags, the versions and the document's bytes as they were.
CHECK_SCRIPT = (
    "import json;"
    "from stemme.journal.models import JournalNote;"
    "from stemme.documents.models import Document;"
    "from stemme.documents.services import document_download;"
    "notes = sorted([n.title, n.internal, [v.internal for v in n.versions.order_by('version')]]"
    " for n in JournalNote.objects.all());"
    "document = Document.objects.get();"
    "handle = document_download(actor=None, document=document);"
    "print(json.dumps({'notes': notes, 'bytes': handle.read().decode(),"
    " 'downloadable': document.downloadable}))"
)


@pytest.mark.django_db
def test_notes_documents_and_hearings_survive_a_round_trip(history, settings, tmp_path):
    source = tmp_path / "source-documents"
    settings.STEMME_DOCUMENTS_ROOT = source
    tove, leader, case = history.assigned_caseworker, history.leader, history.case
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)  # a note at 09:30 today may lie ahead
    mother = case.child.relations.get(person__first_name="Maria").person
    note = journal.note_write(
        actor=tove,
        case=case,
        happened_on=yesterday,
        happened_time=dt.time(9, 30),
        kind="conversation",
        title="Samtale med Zenia",
        text="Zenia fortalte om skolen.",
        present="Mor",
        present_persons=[mother],
        child_took_part=True,
    )
    journal.note_correct(
        actor=leader,
        note=note,
        expected_version=1,
        reason="Zenia bad om, at det blev holdt internt.",
        happened_on=yesterday,
        happened_time=dt.time(9, 30),
        kind="conversation",
        title="Samtale med Zenia",
        text="Zenia fortalte om skolen og om sin far.",
        present="Mor",
        present_persons=[mother],
        child_took_part=True,
        internal=True,
    )
    journal.note_write(
        actor=tove,
        case=case,
        happened_on=today,
        kind="internal_assessment",
        title="Vurdering",
        text="Vi vurderer, at Zenia trives bedre.",
    )
    documents.document_upload(
        actor=tove,
        case=case,
        upload=SimpleUploadedFile("udtalelse.pdf", PDF, content_type="application/pdf"),
        title="Udtalelse fra skolen",
        document_date=today,
        sender="Skolen",
    )
    hearing = hearings.hearing_start(
        actor=tove,
        case=case,
        paragraph="32",
        basis="Vi lægger vægt på skolens udtalelse.",
        answer_due_on=today + dt.timedelta(days=14),
    )
    party = hearing.parties.order_by("position").first()
    hearings.hearing_answer(actor=tove, party=party, answer="Jeg er enig.", answered_on=today)

    first = tmp_path / "first.json"
    call_command("export_cases", "--user", "leder", "--output", str(first), stderr=StringIO())
    document = json.loads(first.read_text(encoding="utf-8"))
    assert document["version"] == 3
    assert schema_errors(document) == []
    zenia = next(c for c in document["children"] if c["first_name"] == "Zenia")
    exported = next(c for c in zenia["cases"] if c["id"] == str(case.pk))
    assert [len(n["versions"]) for n in exported["journal_notes"]] in ([2, 1], [1, 2])
    assert {n["internal"] for n in exported["journal_notes"]} == {True}
    assert exported["documents"][0]["sha256"]
    assert "bytes" not in json.dumps(exported["documents"])
    assert exported["hearings"][0]["parties"]
    refs = {e["ref"].split(":")[0] for e in exported["events"]}
    assert {"journal_note", "document", "hearing", "hearing_party"} <= refs

    # The files travel separately: copied into the new installation's documents storage.
    target = tmp_path / "target-documents"
    shutil.copytree(source, target)
    env = {
        "DJANGO_SETTINGS_MODULE": "stemme.interchange.tests.documents_settings",
        "STEMME_IMPORT_DOCUMENTS_ROOT": str(target),
    }
    manage(tmp_path, "migrate", "--noinput", "-v", "0", env=env)
    manage(tmp_path, "import_cases", str(first), "--language", "en", env=env)
    second = tmp_path / "second.json"
    manage(tmp_path, "export_cases", "--user", "leder", "--output", str(second), env=env)
    assert second.read_bytes() == first.read_bytes()

    check = manage(tmp_path, "shell", "--no-imports", "-c", CHECK_SCRIPT, env=env)
    checked = json.loads(check.stdout)
    assert checked == {
        "notes": [["Samtale med Zenia", True, [False, True]], ["Vurdering", True, [True]]],
        "bytes": PDF.decode(),
        "downloadable": True,
    }
