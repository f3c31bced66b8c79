"""What the exchange format holds: which models, which fields, and how a value looks in JSON.

Shared by the export, the import and the JSON Schema generator, so the three cannot drift apart.
Format version 1 (docs/import-format.md).
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
    Intake,
    Investigation,
    Measure,
    Milestone,
    Plan,
    Screening,
    StartUpMeeting,
    SupervisionVisit,
)
from stemme.participation.models import ChildStatement, Conversation, RightsInformation

FORMAT_NAME = "stemme-cases"
FORMAT_VERSION = 1

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
CPR_PATTERN = r"^\d{10}$"
MUNICIPALITY_CODE_PATTERN = r"^\d{3}$"


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
    where the record sits in the file."""
    skip = ("case", "child") if model in CHILD_IMPLIED else ("case",)
    return exported_fields(model, skip=skip)


# Records whose ``child`` is the case's child.
CHILD_IMPLIED = frozenset({ChildStatement, RightsInformation})


def is_user_fk(field) -> bool:
    return field.is_relation and field.related_model._meta.label == settings.AUTH_USER_MODEL


# The fixed field lists of the non-step parts of the format.
CHILD_FIELDS = ("id", "cpr", "first_name", "last_name", "birth_date", "gender")
PERSON_FIELDS = ("first_name", "last_name", "phone", "email", "address")
RELATION_FIELDS = ("relation", "has_custody", "note")
CASE_FIELDS = ("id", "stage", "opened_on", "awareness_date", "closed_on", "version")
ASSIGNMENT_FIELDS = ("role", "started_on", "ended_on")
STAFF_FIELDS = ("username", "first_name", "last_name", "role", "job_title", "email", "phone")


# --- Values ------------------------------------------------------------------------------------


def date_to_json(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def datetime_to_json(value: dt.datetime | None) -> str | None:
    """Europe/Copenhagen (the project's TIME_ZONE) local time with its offset."""
    return timezone.localtime(value).isoformat() if value is not None else None


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
    return value


def parse_date(value: str) -> dt.date | None:
    if not isinstance(value, str) or not re.fullmatch(DATE_PATTERN, value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_datetime(value: str) -> dt.datetime | None:
    if not isinstance(value, str) or not re.fullmatch(DATETIME_PATTERN, value):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def parse_uuid(value: str) -> uuid.UUID | None:
    if not isinstance(value, str) or not re.fullmatch(UUID_PATTERN, value):
        return None
    return uuid.UUID(value)
