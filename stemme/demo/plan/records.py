"""The plan: one dataclass per row the writer inserts (stemme.demo.services), and ``DemoPlan``."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

# --- The plan ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MunicipalityPlan:
    name: str
    code: str
    caseworkers_see_team_children: bool


@dataclass(frozen=True, slots=True)
class TeamPlan:
    key: int
    name: str
    department: str = ""


@dataclass(frozen=True, slots=True)
class StaffPlan:
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    team_keys: tuple[int, ...]
    job_title: str
    phone: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class ChildPlan:
    id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: dt.date
    cpr: str
    gender: str


@dataclass(frozen=True, slots=True)
class PersonPlan:
    key: int
    first_name: str
    last_name: str
    phone: str
    email: str
    address: str


@dataclass(frozen=True, slots=True)
class RelationPlan:
    child_id: uuid.UUID
    person_key: int
    relation: str
    has_custody: bool
    note: str


@dataclass(frozen=True, slots=True)
class CasePlan:
    id: uuid.UUID
    child_id: uuid.UUID
    team_key: int
    stage: str
    opened_on: dt.date
    awareness_date: dt.date
    closed_on: dt.date | None
    version: int


@dataclass(frozen=True, slots=True)
class AssignmentPlan:
    case_id: uuid.UUID
    caseworker: str  # username
    role: str
    started_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True, slots=True)
class EventPlan:
    occurred_at: dt.datetime
    kind: str
    actor: str | None  # username; None when the system acted
    child_id: uuid.UUID | None
    case_id: uuid.UUID | None
    ref: str
    data: dict[str, Any]


# Step records. Field names are the models' (``case_id``, ``decision_id`` … for foreign keys;
# ``recorded_by`` is a username). ``recorded_at`` is filled in with the time of the record's
# first event once the child's events get their times of day.


class StepRecord:
    __slots__ = ()
    PREFIX: ClassVar[str] = ""

    @property
    def ref(self) -> str:
        return f"{self.PREFIX}:{self.id}"  # type: ignore[attr-defined]


@dataclass(slots=True)
class IntakeRecord(StepRecord):
    PREFIX: ClassVar[str] = "intake"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    kind: str
    reporter_type: str
    reporter_name: str
    received_at: dt.datetime
    content: str
    abuse: bool
    parent_suspected: bool
    honour_related: bool
    child_has_measure: bool
    urgency_assessed_at: dt.datetime | None
    urgency_is_acute: bool | None
    urgency_assessment: str
    receipt_sent_on: dt.date | None
    reassessed_on: dt.date | None
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class ScreeningRecord(StepRecord):
    PREFIX: ClassVar[str] = "screening"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    screened_on: dt.date
    information_weighted: str
    assessment: str
    outcome: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class InvestigationRecord(StepRecord):
    PREFIX: ClassVar[str] = "investigation"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    kind: str
    started_on: dt.date
    completed_on: dt.date | None
    preliminary_assessment_on: dt.date | None
    preliminary_assessment: str
    child_development: str
    parents_capacity: str
    family_and_network: str
    resources_and_challenges: str
    child_view: str
    parents_view: str
    conclusion: str
    parallel_support: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class DecisionRecord(StepRecord):
    PREFIX: ClassVar[str] = "decision"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    paragraph: str
    legal_basis: str
    decided_on: dt.date
    purpose: str
    expected_duration: str
    reasoning: str
    plan_decided: bool | None
    neglect_or_abuse: bool
    provisional_reason: str
    child_view: str
    child_view_exception: str
    child_view_exception_reason: str = ""
    child_view_obtained_otherwise: str = ""
    child_view_weighing: str = ""
    child_wish: str = ""
    explanation_for_child: str = ""
    explanation_how: str = ""
    explanation_due_on: dt.date | None = None
    explanation_delivered_on: dt.date | None = None
    explanation_delivered_how: str = ""
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class MeasureRecord(StepRecord):
    PREFIX: ClassVar[str] = "measure"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    decision_id: uuid.UUID
    description: str
    provider: str
    started_on: dt.date
    parallel_investigation_ends_on: dt.date | None
    ended_on: dt.date | None
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class PlanRecord(StepRecord):
    PREFIX: ClassVar[str] = "plan"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    kind: str
    made_on: dt.date
    summary: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class StartUpMeetingRecord(StepRecord):
    PREFIX: ClassVar[str] = "startup"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    held_on: dt.date
    concern_and_change: str
    first_follow_up_on: dt.date
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class FollowUpRecord(StepRecord):
    PREFIX: ClassVar[str] = "followup"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    held_on: dt.date
    talked_with_child_alone: bool
    goals_reviewed: bool
    all_measures_reviewed: bool
    child_wishes_for_frequency: str
    assessment: str
    outcome: str
    next_follow_up_on: dt.date | None
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class SupervisionVisitRecord(StepRecord):
    PREFIX: ClassVar[str] = "supervision"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    visited_on: dt.date
    talked_with_child: bool
    staff_present: bool
    notes: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class ClosureRecord(StepRecord):
    PREFIX: ClassVar[str] = "closure"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    closed_on: dt.date
    purpose_achieved: str
    if_worry_returns: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class MilestoneRecord(StepRecord):
    PREFIX: ClassVar[str] = "milestone"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    kind: str
    happened_on: dt.date
    child_alone: bool
    intake_id: uuid.UUID | None
    sibling_id: uuid.UUID | None
    note: str
    recorded_at: dt.datetime | None = None
    sibling_person_id: int | None = None  # a sibling registered in the household (§ 21)


# DemoPlan attribute → record class, in the order the writer must insert them (foreign keys).
STEP_RECORDS: dict[str, type] = {
    "intakes": IntakeRecord,
    "screenings": ScreeningRecord,
    "investigations": InvestigationRecord,
    "decisions": DecisionRecord,
    "measures": MeasureRecord,
    "plans": PlanRecord,
    "startup_meetings": StartUpMeetingRecord,
    "follow_ups": FollowUpRecord,
    "supervision_visits": SupervisionVisitRecord,
    "closures": ClosureRecord,
    "milestones": MilestoneRecord,
}


# The child's voice: rows of stemme.participation.models, same field names.


@dataclass(slots=True)
class ConversationRecord(StepRecord):
    PREFIX: ClassVar[str] = "conversation"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    held: bool
    happened_on: dt.date
    about_ref: str
    setting: str
    present: str
    child_alone: bool
    parents_present: bool
    without_parental_consent: bool
    methods: list[str]
    summary: str
    omission_reason: str
    omission_text: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class ChildStatementRecord(StepRecord):
    PREFIX: ClassVar[str] = "statement"
    id: uuid.UUID
    child_id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    words: str
    mode: str
    trusted_adult: str
    stated_on: dt.date
    informs_ref: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class RightsInformationRecord(StepRecord):
    PREFIX: ClassVar[str] = "rights"
    id: uuid.UUID
    child_id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    topics: list[str]
    method: str
    given_on: dt.date
    to_child: bool
    to_others: str
    note: str
    recorded_at: dt.datetime | None = None


# DemoPlan attribute → record class, inserted after the step records.
VOICE_RECORDS: dict[str, type] = {
    "conversations": ConversationRecord,
    "statements": ChildStatementRecord,
    "rights_information": RightsInformationRecord,
}


# Meetings with the child, the letters the child got and the handovers between caseworkers: rows of
# stemme.meetings, stemme.letters and stemme.continuity, same field names (``created_by`` is a
# username; ``recorded_at`` becomes ``created_at``: the time of the record's first event).


@dataclass(slots=True)
class LetterRecord(StepRecord):
    PREFIX: ClassVar[str] = "letter"
    id: uuid.UUID
    child_id: uuid.UUID
    case_id: uuid.UUID
    kind: str
    recipient_name: str
    subject: str
    body: str
    channel: str
    related_ref: str
    created_by: str
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class MeetingRecord(StepRecord):
    PREFIX: ClassVar[str] = "meeting"
    id: uuid.UUID
    case_id: uuid.UUID
    kind: str
    status: str
    purpose_for_child: str
    starts_at: dt.datetime
    duration_minutes: int
    place: str
    child_chose_place_time: bool
    child_attends: bool
    child_wants_to_say: str
    held_on: dt.date | None
    summary_for_child: str
    summary_delivered_on: dt.date | None
    summary_delivered_how: str
    child_understood: str
    created_by: str
    agenda_letter: LetterRecord | None = None  # its time is when the agenda was sent
    recorded_at: dt.datetime | None = None

    @property
    def agenda_sent_at(self) -> dt.datetime | None:
        return self.agenda_letter.recorded_at if self.agenda_letter is not None else None

    @property
    def recorded_by(self) -> str:
        return self.created_by


@dataclass(slots=True)
class ParticipantRecord:
    meeting_id: uuid.UUID
    kind: str
    name: str
    role_for_child: str
    position: int


@dataclass(slots=True)
class AgendaItemRecord:
    meeting_id: uuid.UUID
    text: str
    from_child: bool
    carried_from_id: uuid.UUID | None
    position: int


@dataclass(slots=True)
class NextTimeTopicRecord:
    meeting_id: uuid.UUID
    text: str
    used_in_id: uuid.UUID | None


@dataclass(slots=True)
class HandoverRecord(StepRecord):
    PREFIX: ClassVar[str] = "handover"
    id: uuid.UUID
    case_id: uuid.UUID
    from_caseworker: str
    to_caseworker: str
    changes_on: dt.date
    child_told_on: dt.date | None
    child_not_told_reason: str
    letter_sent_on: dt.date | None
    no_letter_reason: str
    meeting_on: dt.date | None
    no_meeting_reason: str
    parents_notified_on: dt.date | None
    parents_not_notified_reason: str
    providers_notified_on: dt.date | None
    providers_not_notified_reason: str
    created_by: str
    recorded_at: dt.datetime | None = None

    @property
    def recorded_by(self) -> str:
        return self.created_by


# DemoPlan attribute → record class, written after the child's voice.
MEETING_RECORDS: dict[str, type] = {
    "meetings": MeetingRecord,
    "participants": ParticipantRecord,
    "agenda_items": AgendaItemRecord,
    "next_time_topics": NextTimeTopicRecord,
    "handovers": HandoverRecord,
    "letters": LetterRecord,
}


# The case file: journal notes (stemme.journal), documents (stemme.documents), hearings of the
# parties (stemme.cases) and decision letters (stemme.letters), same field names where they are
# written as they are. Drawn from a generator of their own, after the rest of the child's plan.


@dataclass(slots=True)
class JournalNoteRecord(StepRecord):
    PREFIX: ClassVar[str] = "journal_note"
    id: uuid.UUID
    case_id: uuid.UUID
    author: str  # username
    happened_on: dt.date
    happened_time: dt.time | None
    kind: str
    title: str
    text: str
    present: str
    child_took_part: bool
    internal: bool
    statement_id: uuid.UUID | None
    version: int
    created_at: dt.datetime
    present_person_keys: tuple[int, ...] = ()


@dataclass(slots=True)
class JournalNoteVersionRecord:
    note_id: uuid.UUID
    version: int
    happened_on: dt.date
    happened_time: dt.time | None
    kind: str
    title: str
    text: str
    present: str
    present_names: str
    child_took_part: bool
    internal: bool
    reason: str
    written_by: str  # username
    written_at: dt.datetime


@dataclass(slots=True)
class DocumentRecord(StepRecord):
    PREFIX: ClassVar[str] = "document"
    id: uuid.UUID
    case_id: uuid.UUID
    title: str
    description: str
    document_date: dt.date
    sender: str
    visibility: str
    kind: str
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str
    stored_key: str  # the random name the file is stored under (hex), as the upload service
    uploaded_by: str  # username
    uploaded_at: dt.datetime
    scanned_at: dt.datetime
    content: bytes = field(repr=False, default=b"")


@dataclass(slots=True)
class HearingRecord(StepRecord):
    PREFIX: ClassVar[str] = "hearing"
    id: uuid.UUID
    case_id: uuid.UUID
    recorded_by: str
    paragraph: str
    basis: str
    sent_on: dt.date
    answer_due_on: dt.date | None
    closed_on: dt.date | None
    exception_reason: str
    exception: str
    decision_id: uuid.UUID | None
    recorded_at: dt.datetime | None = None


@dataclass(slots=True)
class HearingPartyRecord:
    id: uuid.UUID
    hearing_id: uuid.UUID
    person_key: int | None  # PersonPlan.key; None for the child
    is_child: bool
    name: str
    role: str
    answered_on: dt.date | None
    answer: str
    position: int

    @property
    def ref(self) -> str:
        return f"hearing_party:{self.id}"


@dataclass(slots=True)
class DecisionLetterRecord(StepRecord):
    """A decision letter (stemme.letters.services.making): its text is rendered from the
    letters app's templates when written, from the decision it is about."""

    PREFIX: ClassVar[str] = "letter"
    id: uuid.UUID
    child_id: uuid.UUID
    case_id: uuid.UUID
    decision_id: uuid.UUID
    kind: str  # decision or decision_child
    recipient_kind: str  # person or child
    person_key: int | None
    recipient_name: str
    channel: str
    delivery: str
    delivered_at: dt.datetime | None
    delivery_ref: str
    created_by: str
    created_at: dt.datetime

    @property
    def related_ref(self) -> str:
        return f"decision:{self.decision_id}"


# DemoPlan attribute → record class, written after the meetings (statements, then notes).
CASE_FILE_RECORDS: dict[str, type] = {
    "journal_statements": ChildStatementRecord,
    "journal_notes": JournalNoteRecord,
    "journal_versions": JournalNoteVersionRecord,
    "documents": DocumentRecord,
    "hearings": HearingRecord,
    "hearing_parties": HearingPartyRecord,
    "decision_letters": DecisionLetterRecord,
}


@dataclass(frozen=True)
class DemoPlan:
    today: dt.date
    seed: int
    municipality: MunicipalityPlan
    teams: list[TeamPlan]
    staff: list[StaffPlan]
    children: list[ChildPlan]
    persons: list[PersonPlan]
    relations: list[RelationPlan]
    cases: list[CasePlan]
    assignments: list[AssignmentPlan]
    events: list[EventPlan] = field(repr=False)
    intakes: list[IntakeRecord] = field(default_factory=list, repr=False)
    screenings: list[ScreeningRecord] = field(default_factory=list, repr=False)
    investigations: list[InvestigationRecord] = field(default_factory=list, repr=False)
    decisions: list[DecisionRecord] = field(default_factory=list, repr=False)
    measures: list[MeasureRecord] = field(default_factory=list, repr=False)
    plans: list[PlanRecord] = field(default_factory=list, repr=False)
    startup_meetings: list[StartUpMeetingRecord] = field(default_factory=list, repr=False)
    follow_ups: list[FollowUpRecord] = field(default_factory=list, repr=False)
    supervision_visits: list[SupervisionVisitRecord] = field(default_factory=list, repr=False)
    closures: list[ClosureRecord] = field(default_factory=list, repr=False)
    milestones: list[MilestoneRecord] = field(default_factory=list, repr=False)
    conversations: list[ConversationRecord] = field(default_factory=list, repr=False)
    statements: list[ChildStatementRecord] = field(default_factory=list, repr=False)
    rights_information: list[RightsInformationRecord] = field(default_factory=list, repr=False)
    meetings: list[MeetingRecord] = field(default_factory=list, repr=False)
    participants: list[ParticipantRecord] = field(default_factory=list, repr=False)
    agenda_items: list[AgendaItemRecord] = field(default_factory=list, repr=False)
    next_time_topics: list[NextTimeTopicRecord] = field(default_factory=list, repr=False)
    handovers: list[HandoverRecord] = field(default_factory=list, repr=False)
    letters: list[LetterRecord] = field(default_factory=list, repr=False)
    # The child's words from journal notes, filed as statements (journal's note_write).
    journal_statements: list[ChildStatementRecord] = field(default_factory=list, repr=False)
    journal_notes: list[JournalNoteRecord] = field(default_factory=list, repr=False)
    journal_versions: list[JournalNoteVersionRecord] = field(default_factory=list, repr=False)
    documents: list[DocumentRecord] = field(default_factory=list, repr=False)
    hearings: list[HearingRecord] = field(default_factory=list, repr=False)
    hearing_parties: list[HearingPartyRecord] = field(default_factory=list, repr=False)
    decision_letters: list[DecisionLetterRecord] = field(default_factory=list, repr=False)

    def steps(self) -> dict[str, list]:
        """The step records by DemoPlan attribute, in insertion order."""
        return {name: getattr(self, name) for name in STEP_RECORDS}

    def voice(self) -> dict[str, list]:
        """The child's-voice records (participation) by DemoPlan attribute."""
        return {name: getattr(self, name) for name in VOICE_RECORDS}

    def case_file(self) -> dict[str, list]:
        """The case file's records (journal, documents, hearings, decision letters)."""
        return {name: getattr(self, name) for name in CASE_FILE_RECORDS}

    def counts(self) -> dict[str, int]:
        return {
            "municipalities": 1,
            "teams": len(self.teams),
            "staff": len(self.staff),
            "children": len(self.children),
            "persons": len(self.persons),
            "relations": len(self.relations),
            "cases": len(self.cases),
            "assignments": len(self.assignments),
            **{name: len(records) for name, records in self.steps().items()},
            **{name: len(records) for name, records in self.voice().items()},
            **{name: len(getattr(self, name)) for name in MEETING_RECORDS},
            **{name: len(getattr(self, name)) for name in CASE_FILE_RECORDS},
            "events": len(self.events),
        }
