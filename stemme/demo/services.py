"""Writing the demo plan to the database.

The demo writer bypasses the per-row services (``child_create``, ``intake_register``, ...) on
purpose: they write one row and one event at a time, and 10,000 children would take minutes.
Instead it inserts the plan table by table in one transaction, and because it is the service that
records this (imported) history, it writes the plan's events itself, with ``occurred_at`` set to
when each thing happened in the case and ``actor`` to the caseworker or leader who did it.

Most tables are loaded without model instances: the rows carry their own keys (UUIDs from the
plan), and one ``INSERT`` run through ``executemany`` (``COPY`` on PostgreSQL) is several times
faster than ``bulk_create`` for half a million rows. Values are converted as each field's
``get_db_prep_save`` would, so the database gets what the ORM would send. Only the tables whose
generated keys are needed later (teams, users, persons) go through ``bulk_create``.

Obligations are not derived here: the caller recomputes them after writing.
"""

import dataclasses
import datetime as dt
import functools
import time
import types
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from stemme.accounts.models import Department, Municipality, Team, User
from stemme.accounts.services.enrolment import enrolment_codes_seed
from stemme.audit.event_kinds import EVENT_KINDS
from stemme.audit.models import Event
from stemme.cases.models import (
    Case,
    CaseworkerAssignment,
    Closure,
    Decision,
    FollowUp,
    Hearing,
    HearingParty,
    Intake,
    Investigation,
    Measure,
    Milestone,
    Plan,
    Screening,
    StartUpMeeting,
    SupervisionVisit,
)
from stemme.children.models import Child, ChildRelation, Person
from stemme.core.bulk import insert_rows
from stemme.demo.oversight import demo_oversight_seed
from stemme.demo.plan import (
    CASE_FILE_RECORDS,
    DEMO_ENROLMENT_CODE,
    DEMO_MUNICIPALITY_CODE,
    DEMO_MUNICIPALITY_NAME,
    DEMO_PASSWORD,
    MEETING_RECORDS,
    STEP_RECORDS,
    VOICE_RECORDS,
    DemoPlan,
    build_demo_plan,
)
from stemme.demo.survey import demo_survey_seed
from stemme.documents.models import Document
from stemme.documents.storage import document_storage
from stemme.journal.models import JournalNote, JournalNoteVersion
from stemme.letters.models import Letter
from stemme.letters.services.making import CHILD_PARTY_PARAGRAPHS, PLAIN_PARAGRAPH, SUBJECTS
from stemme.participation.models import ChildStatement, Conversation, RightsInformation

# Meetings, the child's letters and the handovers, written after the child's voice.
MEETING_MODELS = {
    "meetings": "meetings.Meeting",
    "participants": "meetings.MeetingParticipant",
    "agenda_items": "meetings.AgendaItem",
    "next_time_topics": "meetings.NextTimeTopic",
    "handovers": "continuity.Handover",
    "letters": "letters.Letter",
}
assert list(MEETING_MODELS) == list(MEETING_RECORDS), "the plan and the writer must agree"
# The case file, written after the meetings (statements before the notes that link them).
CASE_FILE_MODELS: dict[str, type[models.Model]] = {
    "journal_statements": ChildStatement,
    "journal_notes": JournalNote,
    "journal_versions": JournalNoteVersion,
    "documents": Document,
    "hearings": Hearing,
    "hearing_parties": HearingParty,
    "decision_letters": Letter,
}
assert list(CASE_FILE_MODELS) == list(CASE_FILE_RECORDS), "the plan and the writer must agree"
# A letter the demo says was sent reached the child as its channel allows (letters' channels.py):
# handed over, posted or shown on Min sag; Digital Post has no adapter yet, so it stays ready.
DELIVERY_STEP = {"by_hand": "handed", "letter": "posted"}

# Rows per executemany call (and per bulk_create batch): bounds the memory held per batch.
BATCH_SIZE = 5000

# DemoPlan attribute → model, in the order the writer inserts them (foreign keys first).
STEP_MODELS: dict[str, type[models.Model]] = {
    "intakes": Intake,
    "screenings": Screening,
    "investigations": Investigation,
    "decisions": Decision,
    "measures": Measure,
    "plans": Plan,
    "startup_meetings": StartUpMeeting,
    "follow_ups": FollowUp,
    "supervision_visits": SupervisionVisit,
    "closures": Closure,
    "milestones": Milestone,
}
assert list(STEP_MODELS) == list(STEP_RECORDS), "the plan and the writer must agree"
# The child's voice (participation), written after the step records.
VOICE_MODELS: dict[str, type[models.Model]] = {
    "conversations": Conversation,
    "statements": ChildStatement,
    "rights_information": RightsInformation,
}
assert list(VOICE_MODELS) == list(VOICE_RECORDS), "the plan and the writer must agree"


class DemoDataExists(Exception):
    """The database already holds the demo municipality (or one of the demo's usernames).

    The message is Danish: the seed_demo command shows it to the operator as it is.
    """


@dataclass(frozen=True)
class DemoSeedResult:
    created: bool
    counts: dict[str, int]
    plan_seconds: float = 0.0
    write_seconds: float = 0.0
    obligation_seconds: float = 0.0


@functools.cache
def _demo_password_hash() -> str:
    # One hash for every demo user: hashing takes a good fraction of a second each time, and all
    # demo users share the published password anyway.
    return make_password(DEMO_PASSWORD)


def demo_exists() -> bool:
    return Municipality.objects.filter(
        Q(name=DEMO_MUNICIPALITY_NAME) | Q(code=DEMO_MUNICIPALITY_CODE)
    ).exists()


def demo_seed(*, children: int, seed: int, today: dt.date, if_empty: bool) -> DemoSeedResult:
    """Build and write the demo municipality; with ``if_empty``, only into an empty database.

    Raises DemoDataExists when the demo municipality is already there (and ``if_empty`` is off).
    """
    if if_empty and Municipality.objects.exists():
        return DemoSeedResult(created=False, counts={})
    if demo_exists():  # checked before spending seconds on the plan; demo_write checks again
        raise DemoDataExists(f"{DEMO_MUNICIPALITY_NAME} findes allerede")
    started = time.perf_counter()
    plan = build_demo_plan(children=children, seed=seed, today=today)
    planned = time.perf_counter()
    counts = demo_write(plan)
    written = time.perf_counter()
    # The deadline engine derives every obligation from the events just written, exactly as it
    # does after each step in the browser.
    from stemme.deadlines.services import obligations_recompute_all

    counts["obligations"] = obligations_recompute_all(
        municipality=Municipality.objects.get(name=DEMO_MUNICIPALITY_NAME)
    )
    from stemme.demo.portal import demo_portal_seed

    counts["portal_accounts"] = demo_portal_seed(today=today)
    counts["survey_responses"] = demo_survey_seed(
        municipality=Municipality.objects.get(name=DEMO_MUNICIPALITY_NAME), today=today, seed=seed
    )
    counts["case_reviews"] = demo_oversight_seed(
        municipality=Municipality.objects.get(name=DEMO_MUNICIPALITY_NAME), today=today, seed=seed
    )
    return DemoSeedResult(
        created=True,
        counts=counts,
        plan_seconds=planned - started,
        write_seconds=written - planned,
        obligation_seconds=time.perf_counter() - written,
    )


def _step_rows(records: list, user_ids: dict[str, int]) -> tuple[list[str], Iterable[tuple]]:
    """Columns and rows for a list of the plan's step records (same field names as the model)."""
    names = [item.name for item in dataclasses.fields(records[0])] if records else []
    columns = [name.removesuffix("_id") if name.endswith("_id") else name for name in names]
    by = names.index("recorded_by") if records else 0

    def rows() -> Iterable[tuple]:
        for record in records:
            values = [getattr(record, name) for name in names]
            values[by] = user_ids[values[by]]
            yield tuple(values)

    return columns, rows()


def demo_write(plan: DemoPlan, *, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Write ``plan`` in one transaction and return the number of rows per table."""
    unknown = {event.kind for event in plan.events} - EVENT_KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown event kinds in the demo plan: {sorted(unknown)}")
    saved_files: list[str] = []
    try:
        return _write(plan, batch_size=batch_size, saved=saved_files)
    except BaseException:
        # The rows are rolled back; the documents' files written for them go too.
        storage = document_storage()
        for name in saved_files:
            storage.delete(name)
        raise


def _write(plan: DemoPlan, *, batch_size: int, saved: list[str]) -> dict[str, int]:
    """``demo_write``'s transaction; ``saved`` collects the names of the files it stores."""
    password = _demo_password_hash()

    def insert(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        return insert_rows(model, columns, rows, batch_size=batch_size)

    with transaction.atomic():
        if demo_exists():
            raise DemoDataExists(f"{DEMO_MUNICIPALITY_NAME} findes allerede")
        usernames = [staff.username for staff in plan.staff]
        taken = sorted(
            User.objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        if taken:
            raise DemoDataExists(f"brugernavnene findes allerede: {', '.join(taken)}")
        now = timezone.now()

        municipality = Municipality.objects.create(
            name=plan.municipality.name,
            code=plan.municipality.code,
            caseworkers_see_team_children=plan.municipality.caseworkers_see_team_children,
        )
        mid = municipality.pk
        # Tables whose generated keys the rest refers to: bulk_create returns them.
        departments = {
            name: Department.objects.create(municipality_id=mid, name=name).pk
            for name in sorted({team.department for team in plan.teams if team.department})
        }
        teams = Team.objects.bulk_create(
            [
                Team(
                    municipality_id=mid,
                    name=team.name,
                    department_id=departments.get(team.department),
                )
                for team in plan.teams
            ],
            batch_size=batch_size,
        )
        team_ids = {team.key: row.pk for team, row in zip(plan.teams, teams, strict=True)}
        users = User.objects.bulk_create(
            [
                User(
                    username=staff.username,
                    password=password,
                    municipality_id=mid,
                    role=staff.role,
                    first_name=staff.first_name,
                    last_name=staff.last_name,
                    email=staff.email,
                    job_title=staff.job_title,
                    phone=staff.phone,
                )
                for staff in plan.staff
            ],
            batch_size=batch_size,
        )
        user_ids = {staff.username: row.pk for staff, row in zip(plan.staff, users, strict=True)}
        enrolment_codes_seed(
            users=users, code=DEMO_ENROLMENT_CODE, valid_for=dt.timedelta(days=365)
        )
        membership = User.teams.through
        membership.objects.bulk_create(
            [
                membership(user_id=user_ids[staff.username], team_id=team_ids[key])
                for staff in plan.staff
                for key in staff.team_keys
            ],
            batch_size=batch_size,
        )
        persons = Person.objects.bulk_create(
            [
                Person(
                    municipality_id=mid,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    phone=person.phone,
                    email=person.email,
                    address=person.address,
                )
                for person in plan.persons
            ],
            batch_size=batch_size,
        )
        # bulk_create fills in the new primary keys (RETURNING on SQLite and PostgreSQL).
        person_ids = [row.pk for row in persons]

        insert(
            Child,
            [
                "id",
                "municipality",
                "first_name",
                "last_name",
                "birth_date",
                "cpr",
                "gender",
                "created_at",
            ],
            (
                (c.id, mid, c.first_name, c.last_name, c.birth_date, c.cpr, c.gender, now)
                for c in plan.children
            ),
        )
        insert(
            ChildRelation,
            ["child", "person", "relation", "has_custody", "note"],
            (
                (r.child_id, person_ids[r.person_key], r.relation, r.has_custody, r.note)
                for r in plan.relations
            ),
        )
        insert(
            Case,
            [
                "id",
                "child",
                "team",
                "stage",
                "opened_on",
                "awareness_date",
                "closed_on",
                "version",
            ],
            (
                (
                    c.id,
                    c.child_id,
                    team_ids[c.team_key],
                    c.stage,
                    c.opened_on,
                    c.awareness_date,
                    c.closed_on,
                    c.version,
                )
                for c in plan.cases
            ),
        )
        insert(
            CaseworkerAssignment,
            ["case", "caseworker", "role", "started_on", "ended_on"],
            (
                (a.case_id, user_ids[a.caseworker], a.role, a.started_on, a.ended_on)
                for a in plan.assignments
            ),
        )
        for name, model in {**STEP_MODELS, **VOICE_MODELS}.items():
            records = getattr(plan, name)
            if records:
                columns, rows = _step_rows(records, user_ids)
                insert(model, columns, rows)
        _write_meetings(plan, insert, user_ids)
        _write_case_file(plan, insert, user_ids, person_ids, saved)
        insert(
            Event,
            [
                "recorded_at",
                "occurred_at",
                "actor",
                "municipality",
                "child",
                "case",
                "kind",
                "ref",
                "data",
            ],
            (
                (
                    now,
                    e.occurred_at,
                    user_ids[e.actor] if e.actor else None,
                    mid,
                    e.child_id,
                    e.case_id,
                    e.kind,
                    e.ref,
                    e.data,
                )
                for e in plan.events
            ),
        )
    return plan.counts()


def _write_meetings(plan: DemoPlan, insert, user_ids: dict[str, int]) -> None:
    """The meetings with their participants, agendas and the child's topics; the letters the
    child got; the handovers between caseworkers."""
    from django.apps import apps

    model = apps.get_model
    names = {staff.username: staff.full_name for staff in plan.staff}
    insert(
        model(MEETING_MODELS["meetings"]),
        [
            "id",
            "case",
            "kind",
            "status",
            "purpose_for_child",
            "starts_at",
            "duration_minutes",
            "place",
            "child_chose_place_time",
            "child_attends",
            "seating_wish",
            "child_wants_to_say",
            "child_hopes",
            "information_to",
            "agenda_sent_at",
            "held_on",
            "summary_for_child",
            "summary_delivered_on",
            "summary_delivered_how",
            "child_understood",
            "understood_note",
            "cancelled_reason",
            "version",
            "created_by",
            "created_at",
        ],
        (
            (
                m.id,
                m.case_id,
                m.kind,
                m.status,
                m.purpose_for_child,
                m.starts_at,
                m.duration_minutes,
                m.place,
                m.child_chose_place_time,
                m.child_attends,
                "",
                m.child_wants_to_say,
                "",
                "",
                m.agenda_sent_at,
                m.held_on,
                m.summary_for_child,
                m.summary_delivered_on,
                m.summary_delivered_how,
                m.child_understood,
                "",
                "",
                # Each step after planning raised the version, as the meeting services do.
                1
                + (m.agenda_letter is not None)
                + (m.held_on is not None)
                + bool(m.summary_for_child)
                + (m.summary_delivered_on is not None),
                user_ids[m.created_by],
                m.recorded_at,
            )
            for m in plan.meetings
        ),
    )
    insert(
        model(MEETING_MODELS["participants"]),
        ["meeting", "kind", "name", "role_for_child", "position"],
        ((p.meeting_id, p.kind, p.name, p.role_for_child, p.position) for p in plan.participants),
    )
    insert(
        model(MEETING_MODELS["agenda_items"]),
        ["meeting", "text", "from_child", "carried_from", "position"],
        (
            (a.meeting_id, a.text, a.from_child, a.carried_from_id, a.position)
            for a in plan.agenda_items
        ),
    )
    insert(
        model(MEETING_MODELS["next_time_topics"]),
        ["meeting", "text", "used_in"],
        ((t.meeting_id, t.text, t.used_in_id) for t in plan.next_time_topics),
    )
    insert(
        model(MEETING_MODELS["letters"]),
        [
            "id",
            "child",
            "case",
            "kind",
            "recipient_kind",
            "recipient_name",
            "subject",
            "body",
            "channel",
            "status",
            "delivery",
            "delivered_at",
            "delivery_ref",
            "related_ref",
            "created_by",
            "created_at",
        ],
        (
            (
                letter.id,
                letter.child_id,
                letter.case_id,
                letter.kind,
                "child",
                letter.recipient_name,
                letter.subject,
                letter.body,
                letter.channel,
                "sent",
                *_child_letter_delivery(letter, names),
                letter.related_ref,
                user_ids[letter.created_by],
                letter.recorded_at,
            )
            for letter in plan.letters
        ),
    )
    insert(
        model(MEETING_MODELS["handovers"]),
        [
            "id",
            "case",
            "from_caseworker",
            "to_caseworker",
            "role",
            "changes_on",
            "child_told_on",
            "child_not_told_reason",
            "letter_sent_on",
            "no_letter_reason",
            "meeting_on",
            "no_meeting_reason",
            "no_story_reason",
            "parents_notified_on",
            "parents_not_notified_reason",
            "providers_notified_on",
            "providers_not_notified_reason",
            "version",
            "created_by",
            "created_at",
        ],
        (
            (
                h.id,
                h.case_id,
                user_ids[h.from_caseworker],
                user_ids[h.to_caseworker],
                "primary",
                h.changes_on,
                h.child_told_on,
                h.child_not_told_reason,
                h.letter_sent_on,
                h.no_letter_reason,
                h.meeting_on,
                h.no_meeting_reason,
                "",
                h.parents_notified_on,
                h.parents_not_notified_reason,
                h.providers_notified_on,
                h.providers_not_notified_reason,
                1,
                user_ids[h.created_by],
                h.recorded_at,
            )
            for h in plan.handovers
        ),
    )


def _child_letter_delivery(letter, names: dict[str, str]) -> tuple:
    """(delivery, delivered_at, delivery_ref) of a letter the child got, as its channel
    records it: handed over or posted by the caseworker, shown on Min sag at once; a Digital
    Post letter stays ready to send (there is no Digital Post adapter yet)."""
    if letter.channel == "portal":
        return "sent", letter.recorded_at, f"minsag:{letter.id}"
    step = DELIVERY_STEP.get(letter.channel)
    if step is None:
        return "ready", None, ""
    return "sent", letter.recorded_at, f"{step}:{names[letter.created_by]}"[:120]


def _write_case_file(
    plan: DemoPlan, insert, user_ids: dict[str, int], person_ids: list[int], saved: list[str]
) -> None:
    """The journal notes (with the child's words filed from them as statements), the documents
    and their files, the hearings of the parties and the decision letters."""
    columns, rows = _step_rows(plan.journal_statements, user_ids)
    if plan.journal_statements:
        insert(ChildStatement, columns, rows)
    insert(
        JournalNote,
        [
            "id",
            "case",
            "happened_on",
            "happened_time",
            "kind",
            "title",
            "text",
            "present",
            "child_took_part",
            "internal",
            "statement",
            "version",
            "author",
            "created_at",
        ],
        (
            (
                n.id,
                n.case_id,
                n.happened_on,
                n.happened_time,
                n.kind,
                n.title,
                n.text,
                n.present,
                n.child_took_part,
                n.internal,
                n.statement_id,
                n.version,
                user_ids[n.author],
                n.created_at,
            )
            for n in plan.journal_notes
        ),
    )
    insert(
        JournalNote.present_persons.through,
        ["journalnote", "person"],
        ((n.id, person_ids[key]) for n in plan.journal_notes for key in n.present_person_keys),
    )
    insert(
        JournalNoteVersion,
        [
            "note",
            "version",
            "happened_on",
            "happened_time",
            "kind",
            "title",
            "text",
            "present",
            "present_names",
            "child_took_part",
            "internal",
            "reason",
            "written_by",
            "written_at",
        ],
        (
            (
                v.note_id,
                v.version,
                v.happened_on,
                v.happened_time,
                v.kind,
                v.title,
                v.text,
                v.present,
                v.present_names,
                v.child_took_part,
                v.internal,
                v.reason,
                user_ids[v.written_by],
                v.written_at,
            )
            for v in plan.journal_versions
        ),
    )
    # The documents' files, stored as the upload service stores them: under a random name in
    # a folder of its first two characters, in STORAGES["documents"].
    storage = document_storage()
    stored: dict = {}
    for document in plan.documents:
        key = document.stored_key
        name = storage.save(f"{key[:2]}/{key}", ContentFile(document.content))
        saved.append(name)
        stored[document.id] = name
    insert(
        Document,
        [
            "id",
            "case",
            "title",
            "description",
            "document_date",
            "sender",
            "visibility",
            "kind",
            "content_type",
            "extension",
            "size",
            "sha256",
            "original_name",
            "stored_name",
            "scan_state",
            "scan_detail",
            "scanned_at",
            "uploaded_by",
            "uploaded_at",
        ],
        (
            (
                d.id,
                d.case_id,
                d.title,
                d.description,
                d.document_date,
                d.sender,
                d.visibility,
                d.kind,
                d.content_type,
                d.extension,
                d.size,
                d.sha256,
                d.original_name,
                stored[d.id],
                "clean",
                "",
                d.scanned_at,
                user_ids[d.uploaded_by],
                d.uploaded_at,
            )
            for d in plan.documents
        ),
    )
    insert(
        Hearing,
        [
            "id",
            "case",
            "recorded_by",
            "recorded_at",
            "paragraph",
            "basis",
            "sent_on",
            "answer_due_on",
            "closed_on",
            "exception_reason",
            "exception",
            "decision",
        ],
        (
            (
                h.id,
                h.case_id,
                user_ids[h.recorded_by],
                h.recorded_at,
                h.paragraph,
                h.basis,
                h.sent_on,
                h.answer_due_on,
                h.closed_on,
                h.exception_reason,
                h.exception,
                h.decision_id,
            )
            for h in plan.hearings
        ),
    )
    insert(
        HearingParty,
        [
            "id",
            "hearing",
            "person",
            "is_child",
            "name",
            "role",
            "answered_on",
            "answer",
            "position",
        ],
        (
            (
                p.id,
                p.hearing_id,
                person_ids[p.person_key] if p.person_key is not None else None,
                p.is_child,
                p.name,
                p.role,
                p.answered_on,
                p.answer,
                p.position,
            )
            for p in plan.hearing_parties
        ),
    )
    insert(
        Letter,
        [
            "id",
            "child",
            "case",
            "kind",
            "recipient_kind",
            "person",
            "recipient_name",
            "subject",
            "body",
            "channel",
            "status",
            "delivery",
            "delivered_at",
            "delivery_ref",
            "related_ref",
            "created_by",
            "created_at",
        ],
        (
            (
                letter.id,
                letter.child_id,
                letter.case_id,
                letter.kind,
                letter.recipient_kind,
                person_ids[letter.person_key] if letter.person_key is not None else None,
                letter.recipient_name,
                subject,
                body,
                letter.channel,
                "sent",
                letter.delivery,
                letter.delivered_at,
                letter.delivery_ref,
                letter.related_ref,
                user_ids[letter.created_by],
                letter.created_at,
            )
            for letter, (subject, body) in zip(
                plan.decision_letters, _decision_letter_texts(plan), strict=True
            )
        ),
    )


def _decision_letter_texts(plan: DemoPlan) -> list[tuple[str, str]]:
    """Each decision letter's subject and text, rendered from the letters app's templates as
    ``decision_letters_make`` renders them, from the decision in the plan."""
    if not plan.decision_letters:
        return []
    decisions = {d.id: d for d in plan.decisions}
    children = {c.id: c for c in plan.children}
    municipality = types.SimpleNamespace(name=plan.municipality.name)
    texts = []
    with translation.override("da"):
        for letter in plan.decision_letters:
            record = decisions[letter.decision_id]
            decision = Decision(
                paragraph=record.paragraph,
                legal_basis=record.legal_basis,
                decided_on=record.decided_on,
                purpose=record.purpose,
                expected_duration=record.expected_duration,
                reasoning=record.reasoning,
                child_view=record.child_view,
                child_view_exception=record.child_view_exception,
                child_view_obtained_otherwise=record.child_view_obtained_otherwise,
                child_view_weighing=record.child_view_weighing,
                explanation_for_child=record.explanation_for_child,
            )
            child = children[letter.child_id]
            age = _age_on(child.birth_date, record.decided_on)
            plain, plain_child = PLAIN_PARAGRAPH.get(record.paragraph, ("", ""))
            context = {
                "decision": decision,
                "child": child,
                "paragraph_plain": plain,
                "paragraph_child": plain_child,
                "child_may_complain": age >= 10 and record.paragraph in CHILD_PARTY_PARAGRAPHS,
                "municipality": municipality,
            }
            if letter.kind == "decision":
                subject = SUBJECTS["decision"] % {"what": decision.get_paragraph_display()}
                body = render_to_string(
                    "letters/texts/decision.txt",
                    {**context, "recipient_name": letter.recipient_name},
                )
            else:
                subject = SUBJECTS["decision_child"]
                body = render_to_string("letters/texts/decision_child.txt", context)
            texts.append((subject, body.strip()))
    return texts


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
