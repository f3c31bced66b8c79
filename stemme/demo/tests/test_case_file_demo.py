"""The demo's case file: journal notes, documents (with their files), hearings of the parties and
decision letters, recorded as their services record them, and drawn without changing the rest."""

import collections
import datetime as dt
import functools
import hashlib

import pytest

from stemme.accounts.models import Municipality, User
from stemme.audit.models import Event
from stemme.cases.models import Hearing, HearingParty
from stemme.deadlines import events
from stemme.deadlines.engine import derive_obligations
from stemme.deadlines.facts import FACT_KINDS, CaseFacts, Fact
from stemme.deadlines.models import Obligation
from stemme.deadlines.services import obligations_recompute_all
from stemme.demo.plan import CASE_FILE_RECORDS, TIME_ZONE, build_demo_plan
from stemme.demo.plan.case_file import CaseFileBuilder
from stemme.demo.services import demo_write
from stemme.documents import inspection
from stemme.documents.models import Document, DocumentKind, ScanState, Visibility
from stemme.documents.services import document_download
from stemme.documents.storage import document_storage
from stemme.journal.models import JournalNote, NoteKind
from stemme.letters.models import Delivery, Letter, LetterKind
from stemme.participation.models import ChildStatement

TODAY = dt.date(2026, 1, 15)


@functools.cache
def plan_for(children: int, seed: int = 1):
    return build_demo_plan(children=children, seed=seed, today=TODAY)


def case_file_refs(plan) -> set[str]:
    refs = {r.ref for records in plan.case_file().values() for r in records if hasattr(r, "ref")}
    return refs | {f"decision:{h.decision_id}#hearing" for h in plan.hearings if h.exception_reason}


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def test_the_case_file_leaves_the_rest_of_the_plan_as_it_was(monkeypatch):
    with_file = build_demo_plan(children=60, seed=3, today=TODAY)
    monkeypatch.setattr(CaseFileBuilder, "case_file", lambda self, **kwargs: None)
    without = build_demo_plan(children=60, seed=3, today=TODAY)
    assert all(not records for records in without.case_file().values())
    for name in without.__dataclass_fields__:
        if name not in CASE_FILE_RECORDS and name != "events":
            assert getattr(with_file, name) == getattr(without, name), name
    own = case_file_refs(with_file)
    kept = [e for e in with_file.events if e.ref.partition("#")[0] not in own and e.ref not in own]
    assert kept == without.events
    monkeypatch.undo()
    # Reproducible: the same arguments give the same case file, files included.
    assert build_demo_plan(children=60, seed=3, today=TODAY).case_file() == with_file.case_file()


def test_the_case_file_has_every_kind_of_record():
    plan = plan_for(300)
    notes = plan.journal_notes
    assert {note.kind for note in notes} == set(NoteKind.values)
    # Open cases have a handful of notes each; internal and corrected notes are a minority.
    assert 3 <= len(notes) / len(plan.cases) <= 6
    assert 0.1 < sum(note.internal for note in notes) / len(notes) < 0.35
    corrected = [note for note in notes if note.version == 2]
    assert 0.02 < len(corrected) / len(notes) < 0.1
    assert all(note.internal for note in notes if note.kind == NoteKind.INTERNAL_ASSESSMENT)
    assert not any(n.child_took_part for n in notes if n.kind == NoteKind.INTERNAL_ASSESSMENT)
    with_words = [note for note in notes if note.statement_id]
    assert len(with_words) == len(plan.journal_statements) > 20
    assert any(note.present_person_keys for note in notes)
    versions = collections.defaultdict(list)
    for version in plan.journal_versions:
        versions[version.note_id].append(version)
    for note in notes:
        history = versions[note.id]
        assert [v.version for v in history] == list(range(1, note.version + 1))
        assert history[0].reason == ""
        assert history[0].written_at == note.created_at
        if note.version == 2:
            assert history[1].reason
            assert history[1].written_at > history[0].written_at
            assert history[1].text == note.text
            assert history[1].happened_on == note.happened_on
            assert (history[0].text, history[0].present, history[0].happened_on) != (
                note.text,
                note.present,
                note.happened_on,
            )

    documents = plan.documents
    assert {d.visibility for d in documents} == set(Visibility.values)
    assert len({d.stored_key for d in documents}) == len(documents)
    assert len(documents) <= 300
    for document in documents:
        assert document.size == len(document.content) < 2000
        assert document.sha256 == hashlib.sha256(document.content).hexdigest()
        inspected = inspection.inspect_upload(data=document.content, name=document.original_name)
        assert (inspected.kind, inspected.content_type) == (DocumentKind.PDF, "application/pdf")
        assert document.document_date <= document.uploaded_at.date()

    hearings = [h for h in plan.hearings if not h.exception_reason]
    open_hearings = [h for h in hearings if h.closed_on is None]
    assert len(hearings) - len(open_hearings) >= 10
    assert len(open_hearings) >= 2
    parties = collections.defaultdict(list)
    for party in plan.hearing_parties:
        parties[party.hearing_id].append(party)
    assert all(parties[h.id] for h in hearings)
    answered = [p for p in plan.hearing_parties if p.answered_on]
    assert answered
    assert len(answered) < len(plan.hearing_parties)
    assert any(p.is_child for p in plan.hearing_parties)
    for hearing in open_hearings:
        assert hearing.decision_id is None
        assert any(p.answered_on is None for p in parties[hearing.id])
        assert hearing.sent_on < TODAY
    assert any(h.answer_due_on >= TODAY for h in open_hearings)

    letters = plan.decision_letters
    assert {letter.kind for letter in letters} == {LetterKind.DECISION, LetterKind.DECISION_CHILD}
    assert {letter.delivery for letter in letters} == set(Delivery.values)
    assert {letter.channel for letter in letters} == {"letter", "by_hand"}
    for letter in letters:
        assert (letter.delivery == Delivery.SENT) is (letter.delivered_at is not None)
        assert (letter.delivery == Delivery.SENT) is bool(letter.delivery_ref)
        assert (letter.kind == LetterKind.DECISION) is (letter.person_key is not None)


def test_the_case_file_is_dated_in_the_life_of_its_case():
    plan = plan_for(300)
    cases = {case.id: case for case in plan.cases}
    children = {child.id: child for child in plan.children}
    decisions = {d.id: d for d in plan.decisions}

    def inside(case_id, day):
        case = cases[case_id]
        return case.opened_on < day < (case.closed_on or TODAY)

    assert all(inside(n.case_id, n.created_at.date()) for n in plan.journal_notes)
    assert all(inside(n.case_id, n.happened_on) for n in plan.journal_notes)
    assert all(inside(d.case_id, d.uploaded_at.date()) for d in plan.documents)
    for hearing in plan.hearings:
        case = cases[hearing.case_id]
        if hearing.exception_reason:
            assert decisions[hearing.decision_id].paragraph == "47"
            continue
        assert inside(hearing.case_id, hearing.sent_on)
        assert hearing.answer_due_on == hearing.sent_on + dt.timedelta(days=14)
        if hearing.decision_id is not None:
            decision = decisions[hearing.decision_id]
            assert hearing.answer_due_on < decision.decided_on
            assert hearing.closed_on <= decision.decided_on
        else:
            assert case.closed_on is None
    child_party = {p.hearing_id for p in plan.hearing_parties if p.is_child}
    for hearing in plan.hearings:
        if hearing.id in child_party:
            child = children[cases[hearing.case_id].child_id]
            assert age_on(child.birth_date, hearing.sent_on) >= 10
    for letter in plan.decision_letters:
        decision = decisions[letter.decision_id]
        assert decision.decided_on >= TODAY - dt.timedelta(days=120)
        assert letter.created_at >= decision.recorded_at
        assert letter.delivered_at is None or letter.delivered_at > letter.created_at
        if letter.kind == LetterKind.DECISION_CHILD:
            assert age_on(children[letter.child_id].birth_date, decision.decided_on) >= 10


def test_the_case_files_events_are_the_services_events_and_valid_for_the_engine():
    plan = plan_for(300)
    by_ref = collections.defaultdict(list)
    for event in plan.events:
        by_ref[event.ref].append(event)
    for event in plan.events:
        if event.kind in events.KINDS:
            assert events.fact_data_errors(event.kind, event.data) == [], event
    for note in plan.journal_notes:
        kinds = [e.kind for e in by_ref[note.ref]]
        assert kinds == ["journal.note_written"] + ["journal.note_corrected"] * (note.version - 1)
        written = by_ref[note.ref][0]
        assert (written.occurred_at, written.actor) == (note.created_at, note.author)
        assert set(written.data) == {"kind", "internal", "child_took_part", "version"}
    for statement in plan.journal_statements:
        (event,) = by_ref[statement.ref]
        assert event.kind == "statement.recorded"
        assert event.data == {"mode": "direct", "informs": None}
    for document in plan.documents:
        uploaded, scanned = by_ref[document.ref]
        assert (uploaded.kind, uploaded.actor) == ("documents.uploaded", document.uploaded_by)
        assert uploaded.data == {"document": str(document.id), "kind": "pdf", "size": document.size}
        assert (scanned.kind, scanned.actor) == ("documents.scanned", None)
    parties = {p.ref: p for p in plan.hearing_parties}
    for hearing in plan.hearings:
        if hearing.exception_reason:
            (event,) = by_ref[f"decision:{hearing.decision_id}#hearing"]
            assert event.kind == "hearing.waived"
            continue
        (sent,) = by_ref[hearing.ref]
        assert sent.kind == "hearing.sent"
        assert sent.data["due_on"] == hearing.answer_due_on.isoformat()
        mine = [p for p in plan.hearing_parties if p.hearing_id == hearing.id]
        assert sent.data["parties"] == [p.ref for p in mine]
        closed = by_ref[f"{hearing.ref}#closed"]
        assert len(closed) == (hearing.closed_on is not None)
        if closed:
            silent = [p.ref for p in mine if p.answered_on is None]
            assert closed[0].data.get("silent", []) == silent
            assert closed[0].data["reason"] == (
                "answered" if not silent else closed[0].data["reason"]
            )
    for ref, party in parties.items():
        assert len(by_ref[ref]) == (party.answered_on is not None)
    for letter in plan.decision_letters:
        kinds = [e.kind for e in by_ref[letter.ref]]
        assert kinds[0] == "letter.sent"
        if letter.delivery == Delivery.PRINTED:
            assert kinds == ["letter.sent", "letter.printed"]
        if letter.delivery == Delivery.SENT:
            step = by_ref[letter.ref][-1]
            assert step.kind == (
                "letter.handed" if letter.channel == "by_hand" else "letter.posted"
            )
            assert step.occurred_at == letter.delivered_at
            assert letter.delivery_ref.startswith(step.kind.split(".")[1] + ":")

    # The deadline engine: every hearing sent gives the task partshoering-svar, met when it
    # closed; the open ones are on the worklist (pending), some with their deadline ahead.

    children = {child.id: child for child in plan.children}
    facts = collections.defaultdict(list)
    for event in plan.events:
        if event.case_id and event.kind in FACT_KINDS:
            facts[event.case_id].append(Fact(event.kind, event.occurred_at, event.ref, event.data))
    as_of = dt.datetime.combine(TODAY, dt.time(8), tzinfo=TIME_ZONE)
    tasks = {}
    for case in plan.cases:
        case_facts = CaseFacts(
            f"case:{case.id}",
            f"child:{case.child_id}",
            children[case.child_id].birth_date,
            case.awareness_date,
            tuple(facts[case.id]),
        )
        for obligation in derive_obligations(case_facts, as_of=as_of):
            if obligation.rule_id == "partshoering-svar":
                tasks[obligation.trigger_ref] = obligation
    sent = [h for h in plan.hearings if not h.exception_reason]
    assert set(tasks) == {h.ref for h in sent}
    for hearing in sent:
        assert (tasks[hearing.ref].status == "met") is (hearing.closed_on is not None)


@pytest.mark.django_db
def test_written_case_file_has_its_files_letters_and_open_hearings(settings, tmp_path):

    settings.STEMME_DOCUMENTS_ROOT = tmp_path
    plan = plan_for(60)
    assert plan.documents
    assert plan.decision_letters
    assert plan.hearings
    demo_write(plan)

    storage = document_storage()
    for document in Document.objects.all():
        assert document.scan_state == ScanState.CLEAN
        assert document.downloadable
        assert document.stored_name.startswith(document.stored_name.split("/")[1][:2] + "/")
        assert storage.exists(document.stored_name)
        with storage.open(document.stored_name, "rb") as handle:
            content = handle.read()
        assert hashlib.sha256(content).hexdigest() == document.sha256
        assert len(content) == document.size
    assert Document.objects.count() == len(plan.documents)
    assert len(list(tmp_path.rglob("*"))) >= len(plan.documents)
    # The download service opens the file as for an upload.
    document = Document.objects.first()
    actor = User.objects.get(username=plan.documents[0].uploaded_by)
    with document_download(actor=actor, document=document) as handle:
        assert handle.read(5) == b"%PDF-"

    for letter in Letter.objects.filter(kind=LetterKind.DECISION):
        assert letter.person is not None
        assert letter.body.startswith(f"Kære {letter.recipient_name}")
        assert "Klagevejledning" in letter.body
        assert letter.subject.startswith("Afgørelse om ")
        letter.full_clean()
    for letter in Letter.objects.filter(kind=LetterKind.DECISION_CHILD):
        assert letter.body.startswith(f"Kære {letter.child.first_name}")
    # The letters the child got through the meetings have a delivery set by their channel.
    child_letters = Letter.objects.exclude(
        kind__in=[LetterKind.DECISION, LetterKind.DECISION_CHILD]
    )
    for letter in child_letters:
        assert (letter.delivery == Delivery.SENT) is (letter.channel != "digital_post")

    notes = JournalNote.objects.filter(statement__isnull=False)
    assert notes.count() == len(plan.journal_statements)
    for note in notes.select_related("statement"):
        assert note.statement.case_id == note.case_id
        assert note.statement.stated_on <= note.happened_on or note.version == 2
    assert ChildStatement.objects.filter(informs_ref="").count() >= len(plan.journal_statements)
    assert Event.objects.filter(kind="journal.note_written").count() == len(plan.journal_notes)

    obligations_recompute_all(municipality=Municipality.objects.get(name="Stemmeby Kommune"))
    waiting = Obligation.objects.filter(rule_id="partshoering-svar", is_pending=True)
    open_refs = {h.ref for h in Hearing.objects.filter(closed_on__isnull=True, exception_reason="")}
    assert {o.trigger_ref for o in waiting} == open_refs
    assert HearingParty.objects.filter(answered_on__isnull=False).exists()
