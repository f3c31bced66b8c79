"""What the exchange format holds: which models, which fields, and how a value looks in JSON.

Shared by the export, the import and the JSON Schema generator, so the three cannot drift apart.
Format version 3 (docs/import-format.md); the import still reads versions 1 and 2.
"""

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

from stemme.cases.models import (
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
    PlanGoal,
    Screening,
    StartUpMeeting,
    SupervisionVisit,
)
from stemme.continuity.models import ChildStory, Handover
from stemme.documents.models import Document
from stemme.journal.models import JournalNote, JournalNoteVersion
from stemme.letters.models import Letter
from stemme.meetings.models import AgendaItem, Meeting, MeetingParticipant, NextTimeTopic
from stemme.participation.models import (
    Bisidder,
    ChildStatement,
    Conversation,
    NetworkMember,
    ParticipationProfile,
    RightsInformation,
    SafetyRestriction,
)
from stemme.portal.models import GoalRating, MeetingFeedback, MeetingWish, PortalMessage

FORMAT_NAME = "stemme-cases"
FORMAT_VERSION = 3
# Version 1 files (before meetings, continuity, the registers, plan goals, letters and the
# child's portal records) and version 2 files (before journal notes, documents' metadata and
# hearings of the parties) are still read, with their version's rules.
READABLE_VERSIONS = (1, 2, 3)

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
TIME_OF_DAY_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
CPR_PATTERN = r"^\d{10}$"
MUNICIPALITY_CODE_PATTERN = r"^\d{3}$"
# A file-local name for a row without a UUID (a related person, a network member, a bisidder, a
# safety restriction), so other rows of the same child can point to it: "p1", "n2", "legacy-7".
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"

# Dates and times outside these years are refused: no real case history has them, and the
# database and time-zone arithmetic cannot handle all of them.
YEAR_MIN, YEAR_MAX = 1850, 2199


@dataclass(frozen=True)
class RecordSpec:
    """One list under a case's ``records``: a model and the field its list is sorted by.

    Step records (stemme.cases) and the child's-voice records (stemme.participation) of the case;
    ``prefix`` is the record's ref prefix in events (``decision:<id>``, ``conversation:<id>``).
    """

    key: str
    model: type[models.Model]
    date_field: str
    prefix: str = ""

    def __post_init__(self) -> None:
        if not self.prefix:
            object.__setattr__(self, "prefix", self.model.ref_prefix)


# In dependency order: a measure points to a decision, a milestone to an intake.
RECORD_SPECS: tuple[RecordSpec, ...] = (
    RecordSpec("intakes", Intake, "received_at"),
    RecordSpec("screenings", Screening, "screened_on"),
    RecordSpec("investigations", Investigation, "started_on"),
    RecordSpec("decisions", Decision, "decided_on"),
    RecordSpec("measures", Measure, "started_on"),
    RecordSpec("plans", Plan, "made_on"),
    RecordSpec("startup_meetings", StartUpMeeting, "held_on"),
    RecordSpec("follow_ups", FollowUp, "held_on"),
    RecordSpec("supervision_visits", SupervisionVisit, "visited_on"),
    RecordSpec("closures", Closure, "closed_on"),
    RecordSpec("milestones", Milestone, "happened_on"),
    # The child's voice (M3/M4): conversations held or omitted, the child's own words, rights
    # information. Only those tied to a case travel in the file (a statement or rights
    # information without a case has no place in it yet).
    RecordSpec("conversations", Conversation, "happened_on", "conversation"),
    RecordSpec("statements", ChildStatement, "stated_on", "statement"),
    RecordSpec("rights_information", RightsInformation, "given_on", "rights"),
)
RECORD_SPECS_BY_PREFIX = {spec.prefix: spec for spec in RECORD_SPECS}

# Set by the system at the moment of writing, not part of the case's history: never exported,
# set anew on import (like ``Event.recorded_at``).
SYSTEM_FIELDS = frozenset({"recorded_at", "created_at"})

# Fields the service layer may legitimately leave blank although the model field is not
# ``blank=True``: a screening that closes the case writes a closure without "if the worry
# returns". Import must accept whatever Stemme itself writes, so full_clean skips them.
FULL_CLEAN_EXEMPT = {Closure: frozenset({"if_worry_returns"})}


def exported_fields(model: type[models.Model], *, skip: tuple[str, ...] = ()) -> list:
    """The model's concrete fields as they appear in the format, in declaration order."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in SYSTEM_FIELDS and field.name not in skip
    ]


def record_fields(model: type[models.Model]) -> list:
    """A record's fields; ``case`` (and the child, for the child's-voice records) is implied by
    where the record sits in the file. An edit counter (``version``, optimistic locking) is not
    history: a new row starts at 1."""
    skip = ("case", "child", "version") if model in CHILD_IMPLIED else ("case", "version")
    if model is Milestone:
        # A sibling registered only in the child's household (a person, § 21 stk. 2) travels
        # as the event's ``sibling`` ref ("person:<id>"); the format has no person link yet.
        skip = (*skip, "sibling_person")
    return exported_fields(model, skip=skip)


# Records whose ``child`` is the case's child.
CHILD_IMPLIED = frozenset({ChildStatement, RightsInformation})


def is_user_fk(field) -> bool:
    return field.is_relation and field.related_model._meta.label == settings.AUTH_USER_MODEL


# The fixed field lists of the non-step parts of the format.
CHILD_FIELDS = ("id", "cpr", "first_name", "last_name", "birth_date", "gender")
# The person's CPR number and birth date and the relation's period travel too: a sibling's birth
# date decides the § 21 duty, and an ended relation must not come back as a current one.
PERSON_FIELDS = ("first_name", "last_name", "cpr", "birth_date", "phone", "email", "address")
PERSON_TEXT_FIELDS = ("first_name", "last_name", "phone", "email", "address")
RELATION_FIELDS = ("relation", "has_custody", "started_on", "ended_on", "end_reason", "note")
CASE_FIELDS = ("id", "stage", "opened_on", "awareness_date", "closed_on", "version")
ASSIGNMENT_FIELDS = ("role", "started_on", "ended_on")
STAFF_FIELDS = ("username", "first_name", "last_name", "role", "job_title", "email", "phone")


# --- Format version 2: the records around the case ------------------------------------------


@dataclass(frozen=True)
class Section:
    """One list of format version 2 that is not a step record: a model and how its row looks.

    ``fields`` are written as they are (a user as a username, a UUID foreign key as its id);
    ``times`` are moments the model stamps when a row is written (``auto_now_add``) but which
    belong to the history, so they travel under their own name (``"sent_at": "created_at"``).
    ``keyed`` rows carry a file-local ``key`` (no UUID of their own); ``links`` point to a keyed
    row of the same child (``"person"`` → a relation's key), ``key_lists`` to several.
    """

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    times: tuple[tuple[str, str], ...] = ()
    keyed: bool = False
    links: tuple[tuple[str, str], ...] = ()
    key_lists: tuple[tuple[str, str], ...] = ()


# Registers a link can point to, by the name used in ``links``: the list each lives in.
REGISTERS = {"person": "relations", "network": "network", "bisidder": "bisiddere"}

PROFILES = Section(
    "participation_profiles",
    ParticipationProfile,
    (
        "version",
        "communication",
        "aids",
        "language",
        "interpreter_needed",
        "meeting_places",
        "meeting_times",
        "wants_present",
        "wants_absent",
        "follow_up_wishes",
        "loyalty_conflict",
        "loyalty_conflict_note",
        "recorded_by",
    ),
    times=(("written_at", "recorded_at"),),
)
NETWORK = Section(
    "network",
    NetworkMember,
    (
        "name",
        "relation",
        "sphere",
        "contact_form",
        "importance",
        "child_wants_involved",
        "consent_to_share",
        "contact",
        "last_reviewed_on",
        "removed_on",
        "recorded_by",
    ),
    keyed=True,
    links=(("person", "person"),),
)
BISIDDERE = Section(
    "bisiddere",
    Bisidder,
    ("name", "birth_date", "relation", "contact", "chosen_on", "ended_on", "note", "recorded_by"),
    keyed=True,
)
RESTRICTIONS = Section(
    "safety_restrictions",
    SafetyRestriction,
    ("kind", "reason", "set_on", "set_by", "lifted_on", "lifted_by", "lift_reason"),
    keyed=True,
    key_lists=(("persons", "person"), ("network_members", "network")),
)
STORIES = Section(
    "stories",
    ChildStory,
    ("version", "text", "made_with_child", "child_approved_on", "recorded_by"),
    times=(("written_at", "recorded_at"),),
)
LETTERS = Section(
    "letters",
    Letter,
    (
        "id",
        "kind",
        "recipient_kind",
        "recipient_name",
        "subject",
        "body",
        "channel",
        "status",
        # Whether it actually left (a channel confirmed it), not only whether it was released.
        "delivery",
        "delivered_at",
        "delivery_ref",
        "related_ref",
        "created_by",
    ),
    times=(("written_at", "created_at"),),
    links=(("person", "person"), ("network_member", "network"), ("bisidder", "bisidder")),
)
MESSAGES = Section(
    "portal_messages",
    PortalMessage,
    (
        "id",
        "kind",
        "mood",
        "good_things",
        "worries",
        "dreams",
        "text",
        "statement",
        "read_at",
        "read_by",
        "answer",
        "answered_at",
        "answered_by",
    ),
    times=(("sent_at", "created_at"),),
)
MEETINGS = Section(
    "meetings",
    Meeting,
    (
        "id",
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
        # A calendar invitation's SEQUENCE: restarting at 0 under the same UID would let
        # family calendars ignore the next change.
        "sequence",
        "created_by",
    ),
    # The meeting service reads it: a meeting is not held before the day it was planned.
    times=(("planned_at", "created_at"),),
)
PARTICIPANTS = Section(
    "participants",
    MeetingParticipant,
    ("kind", "name", "role_for_child", "position"),
    links=(("person", "person"), ("network_member", "network"), ("bisidder", "bisidder")),
)
AGENDA_ITEMS = Section("agenda_items", AgendaItem, ("text", "from_child", "position"))
TOPICS = Section("next_time_topics", NextTimeTopic, ("text",))
FEEDBACK = Section(
    "feedback",
    MeetingFeedback,
    ("id", "smiley", "heard", "words"),
    times=(("given_at", "created_at"),),
)
WISHES = Section(
    "wishes",
    MeetingWish,
    ("id", "kind", "words", "handled_at", "handled_by"),
    times=(("sent_at", "created_at"),),
    links=(("bisidder", "bisidder"),),
)
HANDOVERS = Section(
    "handovers",
    Handover,
    (
        "id",
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
        "created_by",
    ),
)
GOALS = Section(
    "plan_goals",
    PlanGoal,
    (
        "id",
        "plan",
        "words",
        "success",
        "responsible",
        "review_on",
        "proposed_by_child",
        "ended_on",
        "position",
        "created_by",
    ),
    # The goal service reads it: a goal does not end before the day it was added.
    times=(("added_at", "created_at"),),
)
RATINGS = Section(
    "ratings", GoalRating, ("id", "rating", "words"), times=(("given_at", "created_at"),)
)

# --- Format version 3: journal notes, documents' metadata, hearings of the parties ------------

# A journal note as it reads now, with every version under ``versions`` (the first included).
# ``internal`` is required in the file, on the note and on every version: it never falls back
# to a default. ``present_persons`` (the people around the child who were present) are relation
# keys; ``statement`` is one of the child's statements in the file.
JOURNAL_NOTES = Section(
    "journal_notes",
    JournalNote,
    (
        "id",
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
    ),
    times=(("written_at", "created_at"),),
    key_lists=(("present_persons", "person"),),
)
NOTE_VERSIONS = Section(
    "note_versions",
    JournalNoteVersion,
    (
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
    ),
    times=(("written_at", "written_at"),),
)
# What a note's current text must agree with its latest version on.
NOTE_CONTENT_FIELDS = (
    "happened_on",
    "happened_time",
    "kind",
    "title",
    "text",
    "present",
    "child_took_part",
    "internal",
)
# A document's metadata; the file's bytes never travel in the file. ``stored_name`` is the
# file's name in the documents storage: the files are copied separately, and the import refuses
# a document whose file is not in the target's storage with the same size and SHA-256.
DOCUMENTS = Section(
    "documents",
    Document,
    (
        "id",
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
    ),
    times=(("uploaded_at", "uploaded_at"),),
)
# The names the upload gives a stored file (``<2 hex>/<32 hex>``, maybe with the storage's
# ``_<7 characters>`` against a clash): anything else could name a file outside the documents.
STORED_NAME_PATTERN = r"^[0-9a-f]{2}/[0-9a-f]{32}(_[A-Za-z0-9]{7})?$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
HEARINGS = Section(
    "hearings",
    Hearing,
    (
        "id",
        "paragraph",
        "basis",
        "sent_on",
        "answer_due_on",
        "closed_on",
        "exception_reason",
        "exception",
        "decision",
        "recorded_by",
    ),
)
HEARING_PARTIES = Section(
    "hearing_parties",
    HearingParty,
    ("id", "is_child", "name", "role", "answered_on", "answer", "position"),
    links=(("person", "person"),),
)

# Ref prefixes of the version-2 records in events. A case's events name its meetings, handovers,
# plan goals, letters and messages; the child's registers are named by their key in the file
# (``network:n1``) and by their row id in the database (``network:17``).
CASE_REF_PREFIXES = {
    "meeting": "meetings",
    "handover": "handovers",
    "goal": "plan_goals",
    "letter": "letters",
    "portal_message": "portal_messages",
}
# Version 3 adds the case's hearings (and their parties), journal notes and documents; in a
# file of version 1 or 2 these refs are copied as they are (the records did not travel).
CASE_REF_PREFIXES_V3 = {
    **CASE_REF_PREFIXES,
    "hearing": "hearings",
    "hearing_party": "hearing_parties",
    "journal_note": "journal_notes",
    "document": "documents",
}
REGISTER_REF_PREFIXES = {
    "network": "network",
    "bisidder": "bisiddere",
    "safety": "safety_restrictions",
}


# --- Values ------------------------------------------------------------------------------------


def date_to_json(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def datetime_to_json(value: dt.datetime | None) -> str | None:
    """Europe/Copenhagen (the project's TIME_ZONE) local time with its offset. The zone is
    named, not looked up as the current one: that lookup was a tenth of an export's time."""
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).isoformat()


def value_to_json(field, obj, usernames: dict) -> object:
    """The JSON value of ``field`` on ``obj``. Foreign keys become usernames or UUID strings."""
    if field.is_relation:
        pk = getattr(obj, field.attname)
        if pk is None:
            return None
        return usernames[pk] if is_user_fk(field) else str(pk)
    value = getattr(obj, field.attname)
    if isinstance(field, models.DateTimeField):
        return datetime_to_json(value)
    if isinstance(field, models.DateField):
        return date_to_json(value)
    if isinstance(field, models.UUIDField):
        return str(value)
    if isinstance(field, models.TimeField):
        return value.isoformat() if value is not None else None
    return value


def parse_date(value: str) -> dt.date | None:
    """A real date in the years the format accepts, or None."""
    if not isinstance(value, str) or not re.fullmatch(DATE_PATTERN, value):
        return None
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if YEAR_MIN <= parsed.year <= YEAR_MAX else None


def parse_datetime(value: str) -> dt.datetime | None:
    """A real time with an offset in the years the format accepts, or None."""
    if not isinstance(value, str) or not re.fullmatch(DATETIME_PATTERN, value):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None or not YEAR_MIN <= parsed.year <= YEAR_MAX:
        return None
    return parsed


def parse_time_of_day(value: str) -> dt.time | None:
    """A real time of day (``09:30``, ``09:30:15``), or None."""
    if not isinstance(value, str) or not re.fullmatch(TIME_OF_DAY_PATTERN, value):
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        return None


def parse_uuid(value: str) -> uuid.UUID | None:
    if not isinstance(value, str) or not re.fullmatch(UUID_PATTERN, value):
        return None
    return uuid.UUID(value)
