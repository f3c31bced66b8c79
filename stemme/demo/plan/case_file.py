"""The case file: journal notes, documents, hearings of the parties and decision letters.

Built after the rest of a child's plan, when the child's events have their times, from a fourth
generator of its own (``frng``): the casework, the child's voice and the meetings are exactly
what they were without it. Its events follow the services' contract: ``journal.note_written``
and ``journal.note_corrected`` (stemme.journal.services), ``statement.recorded`` for the child's
words filed from a note, ``documents.uploaded`` and ``documents.scanned``
(stemme.documents.services), the typed facts ``hearing.*`` (stemme.cases.services.hearing) and
``letter.sent``, ``letter.printed``, ``letter.posted`` and ``letter.handed`` for the decision
letters (stemme.letters.services). Each is dated in the case's life, after it was opened and
before it closed, and done by the caseworker who had the case then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from stemme.deadlines import events
from stemme.deadlines.rules import PARTY_CASE_PARAGRAPHS
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.case_file_texts import (
    CHILD_PARTY_ROLE,
    CORRECTION_ADDED_PRESENT,
    CORRECTION_ADDED_TEXT,
    CORRECTIONS,
    DOCUMENT_LINES,
    DOCUMENTS,
    HEARING_ANSWERS_CHILD,
    HEARING_ANSWERS_PARENT,
    HEARING_BASIS,
    NOTE_WORDS,
    NOTES_SCHOOL_AGE,
    NOTES_YOUNG,
    PARTY_ROLES,
    PLACED_DOCUMENT,
    WAIVED_URGENCY,
)
from stemme.demo.plan.constants import CHOICE_OF_MEASURE
from stemme.demo.plan.helpers import age_on, ascii_fold, at_minute
from stemme.demo.plan.records import (
    ChildPlan,
    ChildStatementRecord,
    DecisionLetterRecord,
    DecisionRecord,
    DocumentRecord,
    EventPlan,
    HearingPartyRecord,
    HearingRecord,
    JournalNoteRecord,
    JournalNoteVersionRecord,
)
from stemme.demo.plan.state import CaseState, Link

CHILD_PARTY_AGE = 10  # barnets lov § 3 (stemme.cases.services.hearing)
CHILD_LETTER_AGE = 10  # the child's own decision letter (stemme.letters.services.making)
LETTERS_FOR_DAYS = 120  # decision letters for the decisions of the last four months
HEARING_ANSWER_DAYS = 14
LATEST_MINUTE = 21 * 60 + 59


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF with ``title`` and ``lines`` (Helvetica, WinAnsi)."""

    def text(value: str) -> bytes:
        raw = value.encode("cp1252", "replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    stream = b"BT /F1 16 Tf 56 780 Td (" + text(title) + b") Tj /F1 11 Tf"
    for line in lines:
        stream += b" 0 -18 Td (" + text(line) + b") Tj"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R >>\n"
    out += b"startxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return out


def _unique(names: str) -> str:
    """A "who was present" list without empty or repeated names."""
    seen: list[str] = []
    for name in (part.strip() for part in names.split(",")):
        if name and name not in seen:
            seen.append(name)
    return ", ".join(seen)


class CaseFileBuilder(BuilderBase):
    def file_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.frng.getrandbits(128), version=4)

    def file_at(self, day: dt.date, *, low: int = 8 * 60 + 15, high: int = 15 * 60) -> dt.datetime:
        return at_minute(day, self.frng.randint(low, high))

    def file_after(self, moment: dt.datetime, low: int, high: int) -> dt.datetime:
        """A moment ``low``-``high`` minutes after ``moment``, the same day."""
        latest = moment.replace(hour=LATEST_MINUTE // 60, minute=LATEST_MINUTE % 60)
        return max(moment, min(moment + dt.timedelta(minutes=self.frng.randint(low, high)), latest))

    def file_day(self, first: dt.date, last: dt.date) -> dt.date:
        day = first + dt.timedelta(days=self.frng.randint(0, max(0, (last - first).days)))
        day = self.workday(day, last)
        return max(first, min(day, last))

    def file_event(
        self,
        c: CaseState,
        at: dt.datetime,
        kind: str | events.FactData,
        actor: str | None,
        *,
        ref: str,
        data: dict | None = None,
    ) -> None:
        if isinstance(kind, events.FactData):
            kind, data = kind.kind, kind.data
        self.events.append(
            EventPlan(
                occurred_at=at,
                kind=kind,
                actor=actor,
                child_id=c.child.id,
                case_id=c.id,
                ref=ref,
                data=data or {},
            )
        )

    def case_file(
        self,
        *,
        child: ChildPlan,
        parents: list[Link],
        states: list[tuple[CaseState, dt.date | None, str]],
        decisions: list[DecisionRecord],
    ) -> None:
        """The case file of each of the child's cases."""
        for c, closed_on, stage in states:
            start = c.history.primaries[0][0] + dt.timedelta(days=1)
            # Before the day a closed case closed; up to its last working day when open.
            end = closed_on - dt.timedelta(days=1) if closed_on else c.last_day
            end = self.workday(end, end)
            if start > end:
                continue
            own = [d for d in decisions if d.case_id == c.id]
            self.journal(c, parents, start=start, end=end, closed=closed_on is not None)
            self.documents(c, parents, start=start, end=end, closed=closed_on is not None)
            self.hearings(c, parents, own, start=start)
            if closed_on is None and stage == CHOICE_OF_MEASURE:
                self.open_hearing(c, parents, start=start, end=end)
            self.decision_letters(c, parents, own, end=end)

    # --- Journal notes ---------------------------------------------------------------------

    def journal(
        self, c: CaseState, parents: list[Link], *, start: dt.date, end: dt.date, closed: bool
    ) -> None:
        fr = self.frng
        count = fr.randint(1, 3) if closed else fr.randint(3, 7)
        count = min(count, (end - start).days // 7 + 1)
        names = [person.first_name for person, _relation, _custody in parents]
        first = names[0] if names else "forælderen"
        second = names[1] if len(names) > 1 else ""
        days = sorted(self.file_day(start, end) for _ in range(count))
        for day in days:
            age = age_on(c.child.birth_date, day)
            pool = NOTES_YOUNG if age < 6 else NOTES_SCHOOL_AGE
            if not second:
                pool = [note for note in pool if "{forælder2}" not in note[2]]
            kind, title, text, present, took_part, internal = fr.choice(pool)
            author = c.history.primary_on(day)
            extra = {"forælder": first, "forælder2": second, "rådgiver": self.names[author]}
            present = _unique(c.fill(present, **extra))
            keys = tuple(
                person.key
                for person, _relation, _custody in parents
                if person.first_name in present.split(", ")
            )
            happened_time = (
                None
                if kind in ("email", "internal_assessment") and fr.random() < 0.5
                else dt.time(fr.randint(8, 15), fr.choice([0, 15, 30, 45]))
            )
            written = at_minute(day, fr.randint(15 * 60, 17 * 60))
            if happened_time is not None:
                minute = happened_time.hour * 60 + happened_time.minute
                written = at_minute(day, min(minute + fr.randint(30, 150), LATEST_MINUTE))
            note = JournalNoteRecord(
                id=self.file_id(),
                case_id=c.id,
                author=author,
                happened_on=day,
                happened_time=happened_time,
                kind=kind,
                title=c.fill(title, **extra)[:200],
                text=c.fill(text, **extra),
                present=present,
                child_took_part=took_part,
                internal=internal or kind == "internal_assessment",
                statement_id=None,
                version=1,
                created_at=written,
                present_person_keys=keys,
            )
            persons = {person.key: person for person, _relation, _custody in parents}
            present_names = ", ".join(
                sorted(f"{persons[k].first_name} {persons[k].last_name}" for k in keys)
            )
            # The child's own words, filed as a statement with the note (journal's note_write).
            if took_part and age >= 6 and kind != "observation" and fr.random() < 0.35:
                words = fr.choice(NOTE_WORDS["youth" if age >= 12 else "child"])
                statement = ChildStatementRecord(
                    id=self.file_id(),
                    child_id=c.child.id,
                    case_id=c.id,
                    recorded_by=author,
                    words=words,
                    mode="direct",
                    trusted_adult="",
                    stated_on=day,
                    informs_ref="",
                    recorded_at=written,
                )
                note.statement_id = statement.id
                self.case_file_rows["journal_statements"].append(statement)
                self.file_event(
                    c,
                    written,
                    "statement.recorded",
                    author,
                    ref=statement.ref,
                    data={"mode": "direct", "informs": None},
                )
            first_version = JournalNoteVersionRecord(
                note_id=note.id,
                version=1,
                happened_on=note.happened_on,
                happened_time=note.happened_time,
                kind=note.kind,
                title=note.title,
                text=note.text,
                present=note.present,
                present_names=present_names,
                child_took_part=note.child_took_part,
                internal=note.internal,
                reason="",
                written_by=author,
                written_at=written,
            )
            self.case_file_rows["journal_versions"].append(first_version)
            self.file_event(
                c, written, "journal.note_written", author, ref=note.ref, data=self.note_data(note)
            )
            self.case_file_rows["journal_notes"].append(note)
            if fr.random() < 0.05:
                self.correct(c, note, first_version, end=end, start=start)

    @staticmethod
    def note_data(note: JournalNoteRecord) -> dict:
        return {
            "kind": note.kind,
            "internal": note.internal,
            "child_took_part": note.child_took_part,
            "version": note.version,
        }

    def correct(
        self,
        c: CaseState,
        note: JournalNoteRecord,
        first: JournalNoteVersionRecord,
        *,
        start: dt.date,
        end: dt.date,
    ) -> None:
        """A second version of the note with its reason; the first stays as it was."""
        fr = self.frng
        day = self.workday(note.happened_on + dt.timedelta(days=fr.randint(1, 9)), end)
        if day > end:
            return
        what, reason = fr.choice(CORRECTIONS)
        if what == "present" and (not note.present or CORRECTION_ADDED_PRESENT in note.present):
            what, reason = CORRECTIONS[1]  # nobody to add (an e-mail): the text instead
        if what == "day":
            earlier = note.happened_on - dt.timedelta(days=1)
            while earlier.weekday() >= 5:
                earlier -= dt.timedelta(days=1)
            if earlier < start:
                return
            note.happened_on = earlier
        elif what == "present":
            note.present = _unique(f"{note.present}, {CORRECTION_ADDED_PRESENT}")
        else:
            note.text += CORRECTION_ADDED_TEXT
        corrector = c.history.primary_on(day)
        written = self.file_at(day, low=9 * 60, high=16 * 60)
        if written <= note.created_at:
            written = self.file_after(note.created_at, 5, 60)
        note.version = 2
        self.case_file_rows["journal_versions"].append(
            JournalNoteVersionRecord(
                note_id=note.id,
                version=2,
                happened_on=note.happened_on,
                happened_time=note.happened_time,
                kind=note.kind,
                title=note.title,
                text=note.text,
                present=note.present,
                present_names=first.present_names,
                child_took_part=note.child_took_part,
                internal=note.internal,
                reason=reason,
                written_by=corrector,
                written_at=written,
            )
        )
        self.file_event(
            c, written, "journal.note_corrected", corrector, ref=note.ref, data=self.note_data(note)
        )

    # --- Documents ---------------------------------------------------------------------------

    def documents(
        self, c: CaseState, parents: list[Link], *, start: dt.date, end: dt.date, closed: bool
    ) -> None:
        fr = self.frng
        # raadgiver's open cases always have some: Min sag's demo children are among them.
        shown = not closed and c.history.primary_on(end) == "raadgiver"
        if self.document_budget <= 0 or (fr.random() >= (0.25 if closed else 0.6) and not shown):
            return
        placed = any(span.placement for span in c.measures)
        first = parents[0][0] if parents else None
        extra = {"forælder": f"{first.first_name} {first.last_name}" if first else "Forældrene"}
        for number in range(fr.choice([1, 1, 2, 3]) + 2 * shown):
            if self.document_budget <= 0:
                break
            day = self.file_day(start, end)
            age = age_on(c.child.birth_date, day)
            pool = [d for d in DOCUMENTS if d[4][0] <= age <= d[4][1]]
            if placed:
                pool.append(PLACED_DOCUMENT)
            if shown and number < 2:  # one for the child (from 6) and one for the parents
                audience = "child" if number == 0 and age >= 6 else "parents"
                pool = [d for d in pool if d[3] == audience] or pool
            title, sender, description, visibility, _ages = fr.choice(pool)
            if visibility == "case_team" and fr.random() < 0.15:
                visibility = "parents"  # shared with the parents on Min sag
            title = c.fill(title, **extra)
            description = c.fill(description, **extra)
            uploaded_on = self.workday(day + dt.timedelta(days=fr.randint(0, 4)), end)
            uploaded_on = min(max(uploaded_on, day), end)
            uploaded_at = self.file_at(uploaded_on)
            lines = [
                line.format(
                    fulde_navn=f"{c.child.first_name} {c.child.last_name}",
                    dato=f"{day.day}.{day.month}.{day.year}",
                    beskrivelse=description,
                )
                for line in DOCUMENT_LINES
            ]
            content = pdf_bytes(title, [c.fill(sender, **extra), *lines])
            document = DocumentRecord(
                id=self.file_id(),
                case_id=c.id,
                title=title,
                description=description,
                document_date=day,
                sender=c.fill(sender, **extra),
                visibility=visibility,
                kind="pdf",
                content_type="application/pdf",
                extension="pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                original_name=f"{ascii_fold(title).replace('.', '-')}-{day.isoformat()}.pdf",
                stored_key=self.file_id().hex,
                uploaded_by=c.history.primary_on(uploaded_on),
                uploaded_at=uploaded_at,
                scanned_at=uploaded_at + dt.timedelta(seconds=fr.randint(2, 40)),
                content=content,
            )
            self.case_file_rows["documents"].append(document)
            self.document_budget -= 1
            data = {"document": str(document.id)}
            self.file_event(
                c,
                uploaded_at,
                "documents.uploaded",
                document.uploaded_by,
                ref=document.ref,
                data={**data, "kind": "pdf", "size": document.size},
            )
            self.file_event(
                c, document.scanned_at, "documents.scanned", None, ref=document.ref, data=data
            )

    # --- Hearings of the parties ------------------------------------------------------------

    def parties(
        self, c: CaseState, parents: list[Link], *, paragraph: str, on: dt.date
    ) -> list[tuple[int | None, bool, str, str]]:
        """(person key, is the child, name, role), as the hearing service lists them."""
        holders = sorted(
            (link for link in parents if link[2]),
            key=lambda link: (link[0].last_name, link[0].first_name),
        )
        result: list[tuple[int | None, bool, str, str]] = [
            (
                person.key,
                False,
                f"{person.first_name} {person.last_name}",
                PARTY_ROLES.get(relation, "Forælder (forældremyndighed)"),
            )
            for person, relation, _custody in holders
        ]
        if paragraph in PARTY_CASE_PARAGRAPHS and age_on(c.child.birth_date, on) >= CHILD_PARTY_AGE:
            result.append(
                (None, True, f"{c.child.first_name} {c.child.last_name}", CHILD_PARTY_ROLE)
            )
        return result

    def hearing_rows(
        self,
        c: CaseState,
        parents: list[Link],
        *,
        paragraph: str,
        sent_on: dt.date,
        basis: str,
    ) -> tuple[HearingRecord, list[HearingPartyRecord], dt.datetime]:
        actor = c.history.primary_on(sent_on)
        sent_at = self.file_at(sent_on)
        hearing = HearingRecord(
            id=self.file_id(),
            case_id=c.id,
            recorded_by=actor,
            paragraph=paragraph,
            basis=basis,
            sent_on=sent_on,
            answer_due_on=sent_on + dt.timedelta(days=HEARING_ANSWER_DAYS),
            closed_on=None,
            exception_reason="",
            exception="",
            decision_id=None,
            recorded_at=sent_at,
        )
        rows = [
            HearingPartyRecord(
                id=self.file_id(),
                hearing_id=hearing.id,
                person_key=key,
                is_child=is_child,
                name=name,
                role=role,
                answered_on=None,
                answer="",
                position=index,
            )
            for index, (key, is_child, name, role) in enumerate(
                self.parties(c, parents, paragraph=paragraph, on=sent_on)
            )
        ]
        assert hearing.answer_due_on is not None
        self.file_event(
            c,
            sent_at,
            events.hearing_sent(
                due_on=hearing.answer_due_on,
                parties=[row.ref for row in rows],
                paragraph=paragraph,
            ),
            actor,
            ref=hearing.ref,
        )
        self.case_file_rows["hearings"].append(hearing)
        self.case_file_rows["hearing_parties"].extend(rows)
        return hearing, rows, sent_at

    def answers(
        self, c: CaseState, hearing: HearingRecord, rows: list[HearingPartyRecord], *, last: dt.date
    ) -> dt.datetime | None:
        """Some parties answer (the last answer's time, when everybody did)."""
        fr = self.frng
        latest: dt.datetime | None = None
        for row in rows:
            if fr.random() >= 0.6:
                continue
            day = self.file_day(hearing.sent_on + dt.timedelta(days=2), last)
            if day <= hearing.sent_on or day > last:
                continue
            row.answered_on = day
            row.answer = c.fill(
                fr.choice(HEARING_ANSWERS_CHILD if row.is_child else HEARING_ANSWERS_PARENT)
            )
            at = self.file_at(day)
            latest = at if latest is None else max(latest, at)
            self.file_event(
                c,
                at,
                events.hearing_answered(about=hearing.ref, party=row.ref, answered_on=day),
                c.history.primary_on(day),
                ref=row.ref,
            )
        everybody = all(row.answered_on is not None for row in rows)
        return latest if everybody else None

    def hearings(
        self, c: CaseState, parents: list[Link], decisions: list[DecisionRecord], *, start: dt.date
    ) -> None:
        """A hearing before a § 47 decision and some § 32 decisions; waived for a provisional
        one (urgency)."""
        fr = self.frng
        for decision in decisions:
            assert decision.recorded_at is not None
            if decision.paragraph == "47" and decision.provisional_reason:
                hearing = HearingRecord(
                    id=self.file_id(),
                    case_id=c.id,
                    recorded_by=decision.recorded_by,
                    paragraph=decision.paragraph,
                    basis=decision.reasoning,
                    sent_on=decision.decided_on,
                    answer_due_on=None,
                    closed_on=None,
                    exception_reason="urgency",
                    exception=c.fill(WAIVED_URGENCY),
                    decision_id=decision.id,
                    recorded_at=decision.recorded_at,
                )
                self.case_file_rows["hearings"].append(hearing)
                self.file_event(
                    c,
                    decision.recorded_at,
                    events.hearing_waived(decision=decision.ref, reason="urgency"),
                    decision.recorded_by,
                    ref=f"{decision.ref}#hearing",
                )
                continue
            if decision.paragraph != "47" and not (
                decision.paragraph == "32" and fr.random() < 0.25
            ):
                continue
            sent_on = self.workday(
                decision.decided_on - dt.timedelta(days=fr.randint(17, 28)), decision.decided_on
            )
            due = sent_on + dt.timedelta(days=HEARING_ANSWER_DAYS)
            if sent_on < start or due >= decision.decided_on:
                continue
            if not self.parties(c, parents, paragraph=decision.paragraph, on=sent_on):
                continue
            hearing, rows, _sent_at = self.hearing_rows(
                c,
                parents,
                paragraph=decision.paragraph,
                sent_on=sent_on,
                basis=c.fill(HEARING_BASIS[decision.paragraph]),
            )
            all_answered = self.answers(c, hearing, rows, last=due)
            hearing.decision_id = decision.id
            if all_answered is not None:
                hearing.closed_on = all_answered.date()
                fact = events.hearing_closed(about=hearing.ref, reason="answered")
                self.file_event(
                    c,
                    all_answered,
                    fact,
                    c.history.primary_on(hearing.closed_on),
                    ref=f"{hearing.ref}#closed",
                )
                continue
            silent = [row.ref for row in rows if row.answered_on is None]
            closer = self.workday(due + dt.timedelta(days=fr.randint(1, 4)), decision.decided_on)
            if fr.random() < 0.4 and closer < decision.decided_on:
                # The caseworker closed it after the deadline (hearing_close).
                hearing.closed_on = closer
                fact = events.hearing_closed(about=hearing.ref, reason="deadline", silent=silent)
                at, actor = self.file_at(closer), c.history.primary_on(closer)
            else:
                # Closed by the decision made on it (decision_hearing_record).
                hearing.closed_on = decision.decided_on
                fact = events.hearing_closed(
                    about=hearing.ref, reason="decision", silent=silent, decision=decision.ref
                )
                at, actor = decision.recorded_at, decision.recorded_by
            self.file_event(c, at, fact, actor, ref=f"{hearing.ref}#closed")

    def open_hearing(
        self, c: CaseState, parents: list[Link], *, start: dt.date, end: dt.date
    ) -> None:
        """A hearing still running before the decision: the worklist shows its deadline."""
        fr = self.frng
        primary = c.history.primary_on(end)
        wanted = fr.random() < 0.45
        if primary == "raadgiver" and not self.raadgiver_open_hearing:
            wanted = True
        if not wanted:
            return
        paragraph = "47" if fr.random() < 0.2 else "32"
        first = max(start, c.entries[-1][1] if c.entries else start)
        sent_on = self.workday(self.today - dt.timedelta(days=fr.randint(3, 18)), end)
        sent_on = max(first, min(sent_on, end))
        if sent_on + dt.timedelta(days=HEARING_ANSWER_DAYS) < self.today - dt.timedelta(days=14):
            return  # too old to be still open
        if not self.parties(c, parents, paragraph=paragraph, on=sent_on):
            return
        hearing, rows, _sent_at = self.hearing_rows(
            c, parents, paragraph=paragraph, sent_on=sent_on, basis=c.fill(HEARING_BASIS[paragraph])
        )
        assert hearing.answer_due_on is not None
        # At most all but one answer: it is still open.
        waiting = rows[-1]
        self.answers(
            c,
            hearing,
            [row for row in rows if row is not waiting],
            last=min(end, hearing.answer_due_on),
        )
        if primary == "raadgiver":
            self.raadgiver_open_hearing = True

    # --- Decision letters -----------------------------------------------------------------

    def decision_letters(
        self, c: CaseState, parents: list[Link], decisions: list[DecisionRecord], *, end: dt.date
    ) -> None:
        """The letters of the recent decisions: one per person with custody, and one in plain
        words for a child of 10 or more; sent by post or by hand, and as far on
        their way as the caseworker has recorded."""
        fr = self.frng
        recent = self.today - dt.timedelta(days=LETTERS_FOR_DAYS)
        holders = sorted(
            (link for link in parents if link[2]),
            key=lambda link: (link[0].last_name, link[0].key),
        )
        for decision in decisions:
            if decision.decided_on < recent or decision.decided_on > end:
                continue
            assert decision.recorded_at is not None
            actor = decision.recorded_by
            if fr.random() < 0.7:
                made_at = self.file_after(decision.recorded_at, 5, 90)
            else:
                later = self.workday(decision.decided_on + dt.timedelta(days=1), end)
                if later > end:
                    later = decision.decided_on
                made_at = (
                    self.file_after(decision.recorded_at, 5, 90)
                    if later == decision.decided_on
                    else self.file_at(later, low=8 * 60, high=11 * 60)
                )
            recipients: list[tuple[str, str, int | None, str, str]] = [
                ("decision", "person", person.key, f"{person.first_name} {person.last_name}", "")
                for person, _relation, _custody in holders
            ]
            if age_on(c.child.birth_date, decision.decided_on) >= CHILD_LETTER_AGE:
                name = f"{c.child.first_name} {c.child.last_name}"
                recipients.append(("decision_child", "child", None, name, ""))
            for kind, recipient_kind, key, name, _ in recipients:
                # The ways Stemme makes letters by (letters' MAKING_CHANNELS): by post or by hand.
                by_hand = fr.random() < (0.6 if recipient_kind == "child" else 0.2)
                channel = "by_hand" if by_hand else "letter"
                letter = DecisionLetterRecord(
                    id=self.file_id(),
                    child_id=c.child.id,
                    case_id=c.id,
                    decision_id=decision.id,
                    kind=kind,
                    recipient_kind=recipient_kind,
                    person_key=key,
                    recipient_name=name,
                    channel=channel,
                    delivery="ready",
                    delivered_at=None,
                    delivery_ref="",
                    created_by=actor,
                    created_at=made_at,
                )
                self.case_file_rows["decision_letters"].append(letter)
                self.file_event(
                    c,
                    made_at,
                    "letter.sent",
                    actor,
                    ref=letter.ref,
                    data={
                        "letter_kind": kind,
                        "recipient": name,
                        "recipient_kind": recipient_kind,
                        "channel": channel,
                        "about": letter.related_ref,
                    },
                )
                self.delivery(c, letter, end=end)

    def delivery(self, c: CaseState, letter: DecisionLetterRecord, *, end: dt.date) -> None:
        """How far the letter got, as the caseworker recorded it (letters' ``letter_mark``): a
        letter by post is printed, then posted; one to hand over is handed over (mostly, by
        now). The newest are still ready or printed."""
        fr = self.frng
        made = letter.created_at
        days_ago = (self.today - made.date()).days
        mark = {"letter_kind": letter.kind, "channel": letter.channel}
        if letter.channel == "letter":
            if days_ago <= 1 and fr.random() < 0.5:
                return  # not printed yet
            printed_at = self.file_after(made, 10, 120)
            letter.delivery = "printed"
            actor = c.history.primary_on(printed_at.date())
            self.file_event(c, printed_at, "letter.printed", actor, ref=letter.ref, data=mark)
            if days_ago <= 3 and fr.random() < 0.5:
                return  # printed, waiting for the post
            posted_on = self.workday(made.date() + dt.timedelta(days=fr.choice([0, 0, 1])), end)
            if posted_on > end:
                return
            posted_at = (
                self.file_after(printed_at, 5, 60)
                if posted_on == made.date()
                else self.file_at(posted_on, low=8 * 60, high=10 * 60)
            )
            self.delivered(c, letter, posted_at, "posted", mark)
        elif letter.channel == "by_hand":
            handed_on = self.workday(made.date() + dt.timedelta(days=fr.randint(1, 8)), end)
            if handed_on > end or fr.random() < 0.15:
                return  # still to be handed over
            self.delivered(c, letter, self.file_at(handed_on), "handed", mark)

    def delivered(
        self, c: CaseState, letter: DecisionLetterRecord, at: dt.datetime, step: str, mark: dict
    ) -> None:
        actor = c.history.primary_on(at.date())
        letter.delivery = "sent"
        letter.delivered_at = at
        letter.delivery_ref = f"{step}:{self.names[actor]}"[:120]
        self.file_event(c, at, f"letter.{step}", actor, ref=letter.ref, data=mark)
