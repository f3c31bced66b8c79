"""The JSON Schema of the exchange format, generated from the models.

``docs/import-format.schema.json`` is this schema written out (``manage.py export_cases --schema``);
a test keeps the file and the models in step. The import validates a version-3 file against it,
a version-1 file against ``schema_v1.json`` and a version-2 file against ``schema_v2.json``:
those versions' schemas as they were published, frozen.
"""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import translation

from stemme.accounts.models import Municipality, Team, User
from stemme.cases.models import Case, CaseworkerAssignment
from stemme.children.models import Child, ChildRelation, Person
from stemme.deadlines.models import HolidaySettings, RuleOverride
from stemme.interchange.fields import (
    AGENDA_ITEMS,
    BISIDDERE,
    CPR_PATTERN,
    DATE_PATTERN,
    DATETIME_PATTERN,
    DOCUMENTS,
    FEEDBACK,
    FORMAT_NAME,
    FORMAT_VERSION,
    FULL_CLEAN_EXEMPT,
    GOALS,
    HANDOVERS,
    HEARING_PARTIES,
    HEARINGS,
    JOURNAL_NOTES,
    KEY_PATTERN,
    LETTERS,
    MEETINGS,
    MESSAGES,
    MUNICIPALITY_CODE_PATTERN,
    NETWORK,
    NOTE_VERSIONS,
    PARTICIPANTS,
    PERSON_FIELDS,
    PROFILES,
    RATINGS,
    RECORD_SPECS,
    REGISTERS,
    RELATION_FIELDS,
    RESTRICTIONS,
    SHA256_PATTERN,
    STORED_NAME_PATTERN,
    STORIES,
    TIME_OF_DAY_PATTERN,
    TOPICS,
    UUID_PATTERN,
    WISHES,
    Section,
    is_user_fk,
    record_fields,
)
from stemme.participation.models import (
    Conversation,
    ConversationMethod,
    RightsInformation,
    RightsTopic,
)

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "import-format.schema.json"
SCHEMA_V1_PATH = Path(__file__).resolve().parent / "schema_v1.json"
SCHEMA_V2_PATH = Path(__file__).resolve().parent / "schema_v2.json"
FROZEN_SCHEMAS = {1: SCHEMA_V1_PATH, 2: SCHEMA_V2_PATH}

# The allowed items of the JSON list fields.
JSON_LIST_CHOICES = {
    (Conversation, "methods"): ConversationMethod.values,
    (RightsInformation, "topics"): RightsTopic.values,
}
SCHEMA_ID = "https://stemme.dk/schemas/import-format/v3.schema.json"

# The largest value each integer column holds (PostgreSQL's smallint and integer).
_INTEGER_MAXIMUM = {
    "PositiveSmallIntegerField": 32767,
    "SmallIntegerField": 32767,
    "PositiveIntegerField": 2147483647,
    "IntegerField": 2147483647,
    "PositiveBigIntegerField": 9223372036854775807,
    "BigIntegerField": 9223372036854775807,
}


def _nullable(type_name: str, nullable: bool) -> str | list[str]:
    return [type_name, "null"] if nullable else type_name


def _describe(field) -> str:
    text = str(field.verbose_name)
    text = text[:1].upper() + text[1:]
    if field.help_text:
        text += f". {field.help_text}"
    return text


def _blank_allowed(field) -> bool:
    return field.name in FULL_CLEAN_EXEMPT.get(field.model, frozenset())


def field_schema(field, *, nullable: bool | None = None) -> dict:
    """The schema of one model field's value."""
    nullable = field.null if nullable is None else nullable
    schema: dict
    if field.is_relation:
        if is_user_fk(field):
            schema = {"type": _nullable("string", nullable), "minLength": 1}
            schema["description"] = f"{_describe(field)} (username)"
            return schema
        schema = {"type": _nullable("string", nullable), "pattern": UUID_PATTERN}
        schema["description"] = f"{_describe(field)} (id)"
        return schema
    if isinstance(field, models.UUIDField):
        schema = {"type": "string", "pattern": UUID_PATTERN, "format": "uuid"}
    elif isinstance(field, models.DateTimeField):
        schema = {
            "type": _nullable("string", nullable),
            "pattern": DATETIME_PATTERN,
            "format": "date-time",
        }
    elif isinstance(field, models.DateField):
        schema = {"type": _nullable("string", nullable), "pattern": DATE_PATTERN, "format": "date"}
    elif isinstance(field, models.TimeField):
        schema = {"type": _nullable("string", nullable), "pattern": TIME_OF_DAY_PATTERN}
    elif isinstance(field, models.BooleanField):
        schema = {"type": _nullable("boolean", nullable)}
    elif isinstance(field, models.IntegerField):
        schema = {
            "type": _nullable("integer", nullable),
            "minimum": 0,
            "maximum": _INTEGER_MAXIMUM[field.get_internal_type()],
        }
        if field.choices:
            values = [value for value, _label in field.flatchoices]
            schema["enum"] = values + ([None] if nullable else [])
    elif isinstance(field, models.JSONField):
        # The JSON fields of the format are lists of choice values (conversation methods,
        # rights topics).
        choices = JSON_LIST_CHOICES[field.model, field.name]
        schema = {
            "type": "array",
            "items": {"type": "string", "enum": list(choices)},
            "uniqueItems": True,
        }
    elif isinstance(field, models.CharField | models.TextField):
        schema = {"type": _nullable("string", nullable)}
        if field.choices:
            values = [value for value, _label in field.flatchoices]
            schema["enum"] = values + ([""] if field.blank and "" not in values else [])
        elif field.max_length:
            schema["maxLength"] = field.max_length
        if not field.blank and not field.choices and not _blank_allowed(field):
            schema["minLength"] = 1
        if isinstance(field, models.EmailField):
            schema["format"] = "email"
    else:  # pragma: no cover - a new field type needs a decision here
        raise TypeError(f"No schema for {field!r}")
    schema["description"] = _describe(field)
    return schema


def _is_optional(field) -> bool:
    return field.has_default() or field.blank or field.null


def _object(properties: dict, required: list[str], description: str) -> dict:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _model_object(model, names, description: str, *, optional=(), extra=None) -> dict:
    properties, required = {}, []
    for name in names:
        field = model._meta.get_field(name)
        properties[name] = field_schema(field)
        if name == "id" or not (_is_optional(field) or name in optional):
            required.append(name)
    for name, schema in (extra or {}).items():
        properties[name] = schema
    return _object(properties, required, description)


def _list(ref: str, description: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}, "description": description}


def _record_def(spec) -> dict:
    properties, required = {}, []
    for field in record_fields(spec.model):
        properties[field.name] = field_schema(field)
        if field.primary_key or not _is_optional(field):
            required.append(field.name)
    return _object(
        properties,
        required,
        f"{str(spec.model._meta.verbose_name).capitalize()}; its ref in events is "
        f"'{spec.prefix}:<id>'.",
    )


def _key_ref(register: str, nullable: bool = True) -> dict:
    return {
        "type": _nullable("string", nullable),
        "pattern": KEY_PATTERN,
        "description": f"The key of an entry in the child's '{REGISTERS[register]}'"
        + (", or null." if nullable else "."),
    }


def _section_def(section: Section, description: str, extra=None) -> dict:
    """A format-version-2 row: its model fields, its times, its key and its links."""
    model = section.model
    properties, required = {}, []
    if section.keyed:
        properties["key"] = {
            "type": "string",
            "pattern": KEY_PATTERN,
            "description": "A name for this entry, unique in the child's list, so other "
            "records of the child can point to it (the export writes e.g. 'n1').",
        }
    for name in section.fields:
        field = model._meta.get_field(name)
        properties[name] = field_schema(field)
        if field.primary_key or not _is_optional(field):
            required.append(name)
    for json_name, model_name in section.times:
        properties[json_name] = {
            "type": "string",
            "pattern": DATETIME_PATTERN,
            "format": "date-time",
            "description": f"{_describe(model._meta.get_field(model_name))} (ISO 8601 with "
            "offset; left out: the time of the import).",
        }
    for json_name, register in section.links:
        properties[json_name] = _key_ref(register)
    for json_name, register in section.key_lists:
        properties[json_name] = {
            "type": "array",
            "items": _key_ref(register, nullable=False),
            "uniqueItems": True,
            "description": f"Keys of entries in the child's '{REGISTERS[register]}'.",
        }
    properties.update(extra or {})
    return _object(properties, required, description)


def _meeting_id(description: str) -> dict:
    return {"type": ["string", "null"], "pattern": UUID_PATTERN, "description": description}


def _version_2_defs(defs: dict) -> None:
    """The records format version 2 added around the child and the case."""
    relation = defs["relation"]
    relation["properties"]["key"] = {
        "type": "string",
        "pattern": KEY_PATTERN,
        "description": "A name for this person, unique among the child's relations, so other "
        "records of the child (participants, letters, safety restrictions, network) can "
        "point to the person (the export writes e.g. 'p1').",
    }
    defs["participation_profile"] = _section_def(
        PROFILES, "One version of the child's participation profile (the highest is current)."
    )
    defs["network_member"] = _section_def(NETWORK, "Someone in the child's network.")
    defs["bisidder"] = _section_def(BISIDDERE, "A bisidder the child has chosen (§ 6).")
    defs["safety_restriction"] = _section_def(
        RESTRICTIONS,
        "Named people who must receive nothing about the child while it is active (not lifted).",
    )
    defs["story"] = _section_def(STORIES, 'One version of "my story so far".')
    defs["letter"] = _section_def(LETTERS, "A letter about the child (sent, or blocked).")
    defs["portal_message"] = _section_def(
        MESSAGES, "Something the child told the caseworker in Min sag, and the answer."
    )
    defs["participant"] = _section_def(PARTICIPANTS, "Someone who comes to the meeting.")
    defs["agenda_item"] = _section_def(
        AGENDA_ITEMS,
        "An item of the meeting's agenda.",
        extra={
            "carried_from": _meeting_id(
                "The meeting (of the same child) whose topics for next time it came from."
            ),
            "topic": {
                "type": ["object", "null"],
                "description": "The topic for next time it carries: a meeting of the same "
                "child and the topic's index in that meeting's 'next_time_topics'.",
                "properties": {
                    "meeting": {"type": "string", "pattern": UUID_PATTERN},
                    "index": {"type": "integer", "minimum": 0, "maximum": 32767},
                },
                "required": ["meeting", "index"],
                "additionalProperties": False,
            },
        },
    )
    defs["next_time_topic"] = _section_def(
        TOPICS,
        "A topic the child wants to bring up next time.",
        extra={"used_in": _meeting_id("The later meeting whose agenda it went onto.")},
    )
    defs["meeting_feedback"] = _section_def(FEEDBACK, "The child's feedback after the meeting.")
    defs["meeting_wish"] = _section_def(WISHES, "A wish the child sent about the meeting.")
    defs["meeting"] = _section_def(
        MEETINGS,
        "A meeting framed with the child; its ref in events is 'meeting:<id>'.",
        extra={
            "participants": _list("participant", "Who comes and what each one does."),
            "agenda_items": _list("agenda_item", "The agenda, the child's own items too."),
            "next_time_topics": _list("next_time_topic", "The child's topics for next time."),
            "feedback": _list("meeting_feedback", "The child's feedback (at most one)."),
            "wishes": _list("meeting_wish", "The child's wishes for the meeting."),
        },
    )
    defs["handover"] = _section_def(
        HANDOVERS,
        "A change of caseworker with its checklist; its ref in events is 'handover:<id>'.",
    )
    defs["goal_rating"] = _section_def(RATINGS, "How the child thought the goal was going.")
    defs["plan_goal"] = _section_def(
        GOALS,
        "A goal of one of the case's plans, in the child's words; its ref in events is "
        "'goal:<id>'.",
        extra={"ratings": _list("goal_rating", "The child's ratings of the goal.")},
    )
    specs = {spec.key: spec for spec in RECORD_SPECS}
    statement, rights = specs["statements"], specs["rights_information"]
    child_lists = {
        "statements": _list(
            statement.model._meta.model_name, "The child's words recorded without a case."
        ),
        "rights_information": _list(
            rights.model._meta.model_name, "Rights information given without a case."
        ),
        "participation_profiles": _list("participation_profile", "Every version."),
        "network": _list("network_member", "The child's network map."),
        "bisiddere": _list("bisidder", "The child's bisiddere."),
        "safety_restrictions": _list("safety_restriction", "Safety restrictions (§ 137)."),
        "stories": _list("story", 'Every version of "my story so far".'),
        "letters": _list("letter", "Letters about the child sent without a case."),
        "portal_messages": _list("portal_message", "Messages from the child without a case."),
    }
    defs["child"]["properties"].update(child_lists)
    defs["case"]["properties"].update(
        {
            "meetings": _list("meeting", "The case's meetings."),
            "handovers": _list("handover", "Changes of caseworker on the case."),
            "plan_goals": _list("plan_goal", "The goals of the case's plans."),
            "letters": _list("letter", "Letters sent in the case."),
            "portal_messages": _list("portal_message", "Messages from the child in the case."),
        }
    )


def _version_3_defs(defs: dict) -> None:
    """The records format version 3 added to the case: journal notes with every version,
    documents' metadata (never the bytes) and hearings of the parties with the parties heard."""
    note = _section_def(
        JOURNAL_NOTES,
        "A journal note as it reads now; its ref in events is 'journal_note:<id>'. An internal "
        "note stays internal: 'internal' is required.",
        extra={
            "versions": _list(
                "journal_note_version",
                "Every version of the note, the first included, in order (1, 2, 3, …); the last "
                "is the note as it reads now.",
            )
        },
    )
    note["required"] += ["internal", "versions"]
    note["properties"]["versions"]["minItems"] = 1
    defs["journal_note"] = note
    version = _section_def(
        NOTE_VERSIONS, "One version of a journal note: the first as written, later corrections."
    )
    version["required"].append("internal")
    defs["journal_note_version"] = version
    document = _section_def(
        DOCUMENTS,
        "A document's metadata; its ref in events is 'document:<id>'. The file's bytes are not "
        "in the file: they are copied separately into the documents storage under "
        "'stored_name', and the import checks their size and SHA-256.",
    )
    document["properties"]["stored_name"]["pattern"] = STORED_NAME_PATTERN
    document["properties"]["sha256"]["pattern"] = SHA256_PATTERN
    defs["document"] = document
    defs["hearing_party"] = _section_def(
        HEARING_PARTIES, "A party heard; its ref in events is 'hearing_party:<id>'."
    )
    defs["hearing"] = _section_def(
        HEARINGS,
        "A hearing of the parties (forvaltningsloven § 19), or a decision made without one; its "
        "ref in events is 'hearing:<id>'.",
        extra={"parties": _list("hearing_party", "The parties heard, in order.")},
    )
    defs["case"]["properties"].update(
        {
            "journal_notes": _list("journal_note", "The case's journal notes."),
            "documents": _list("document", "The case's documents (metadata only)."),
            "hearings": _list("hearing", "The case's hearings of the parties."),
        }
    )


def build_schema() -> dict:
    """The JSON Schema (Draft 2020-12) of the current format version, with English
    descriptions."""
    with translation.override("en"):
        return _build()


def _build() -> dict:
    username = {"type": "string", "minLength": 1, "description": "A username from 'staff'."}
    username_or_null = {
        "type": ["string", "null"],
        "minLength": 1,
        "description": "A username from 'staff', or null when the system acted.",
    }
    defs: dict = {}
    defs["municipality"] = _model_object(
        Municipality,
        ("name", "code", "caseworkers_see_team_children"),
        "The municipality (kommune) the file belongs to.",
        extra={
            "holiday_settings": {"$ref": "#/$defs/holiday_settings"},
            "rule_overrides": _list("rule_override", "The municipality's own deadline rules."),
        },
    )
    code = defs["municipality"]["properties"]["code"]
    code.pop("maxLength"), code.pop("minLength")
    code["pattern"] = MUNICIPALITY_CODE_PATTERN
    defs["holiday_settings"] = _model_object(
        HolidaySettings,
        ("grundlovsdag", "juleaftensdag", "nytaarsaftensdag"),
        "Which extra days the municipality's offices are closed (not working days); null: the "
        "defaults.",
    )
    defs["holiday_settings"]["type"] = ["object", "null"]
    defs["rule_override"] = _model_object(
        RuleOverride,
        ("rule_id", "duration", "enabled", "reason"),
        "A municipality's own duration for a deadline rule, or a rule switched off.",
        extra={"changed_by": username},
    )
    defs["rule_override"]["required"].append("changed_by")
    defs["rule_override"]["properties"]["duration"]["minimum"] = 1
    defs["team"] = _model_object(Team, ("name",), "A team.")
    staff = _model_object(
        User,
        ("username", "first_name", "last_name", "role", "job_title", "email", "phone", "is_active"),
        "A staff user. Passwords are never exported; imported users get an unusable password.",
        extra={
            "teams": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "uniqueItems": True,
                "description": "Names of the user's teams.",
            }
        },
    )
    defs["staff"] = staff
    defs["event"] = _object(
        {
            "kind": {
                "type": "string",
                "minLength": 1,
                "maxLength": 60,
                "description": "An event kind from stemme/audit/event_kinds.py.",
            },
            "ref": {
                "type": "string",
                "maxLength": 80,
                "description": "Stable id of the record the event is about, e.g. 'decision:<id>'.",
            },
            "occurred_at": {
                "type": "string",
                "pattern": DATETIME_PATTERN,
                "format": "date-time",
                "description": "When it happened in the case (ISO 8601 with offset).",
            },
            "actor": username_or_null,
            "data": {"type": "object", "description": "Details; the deadline engine reads some."},
        },
        ["kind", "occurred_at"],
        "One dated event of the history (hændelse).",
    )
    relation = _model_object(Person, PERSON_FIELDS, "A related person.")
    link = _model_object(ChildRelation, RELATION_FIELDS, "")
    relation["properties"].update(link["properties"])
    relation["required"] += link["required"]
    relation["description"] = "A person in the child's life and how they are related to the child."
    defs["relation"] = relation
    defs["assignment"] = _model_object(
        CaseworkerAssignment,
        ("role", "started_on", "ended_on"),
        "A caseworker's time on the case.",
        extra={"caseworker": username},
    )
    defs["assignment"]["required"].insert(0, "caseworker")
    for spec in RECORD_SPECS:
        defs[spec.model._meta.model_name] = _record_def(spec)
    defs["records"] = {
        "type": "object",
        "description": "The case's step records, one list per kind of step, and the child's "
        "voice in the case (conversations, statements, rights information).",
        "properties": {
            spec.key: _list(spec.model._meta.model_name, str(spec.model._meta.verbose_name_plural))
            for spec in RECORD_SPECS
        },
        "additionalProperties": False,
    }
    defs["case"] = _model_object(
        Case,
        ("id", "stage", "opened_on", "awareness_date", "closed_on", "version"),
        "A case (sag) with its caseworkers, step records and events.",
        extra={
            "team": {"type": "string", "minLength": 1, "description": "Name of a team."},
            "assignments": _list("assignment", "Caseworker assignments, past and current."),
            "records": {"$ref": "#/$defs/records"},
            "events": _list("event", "The case's events."),
        },
    )
    defs["case"]["required"].insert(1, "team")
    defs["case"]["properties"]["version"]["minimum"] = 1
    defs["child"] = _model_object(
        Child,
        ("id", "cpr", "first_name", "last_name", "birth_date", "gender"),
        "A child with relations, cases and the events that belong to no case.",
        optional=("birth_date",),
        extra={
            "relations": _list("relation", "The people in the child's life."),
            "cases": _list("case", "The child's cases."),
            "events": _list("event", "Events about the child that belong to no case."),
        },
    )
    cpr = defs["child"]["properties"]["cpr"]
    cpr.pop("maxLength"), cpr.pop("minLength")
    cpr["pattern"] = CPR_PATTERN
    defs["child"]["properties"]["birth_date"]["description"] += " (must match the CPR number)"
    _version_2_defs(defs)
    _version_3_defs(defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"Stemme case exchange format, version {FORMAT_VERSION}",
        "description": (
            "Children with their cases, dated events and the records around them (meetings, "
            "handovers, the child's registers, plan goals, letters, the child's words in Min "
            "sag, journal notes, documents' metadata, hearings of the parties), one "
            "municipality per file. See docs/import-format.md."
        ),
        "type": "object",
        "properties": {
            "format": {"const": FORMAT_NAME},
            "version": {"const": FORMAT_VERSION},
            "municipality": {"$ref": "#/$defs/municipality"},
            "teams": _list("team", "The municipality's teams."),
            "staff": _list("staff", "Staff users referenced by the file."),
            "children": _list("child", "The children."),
            "events": _list("event", "Municipality-wide events (no child, no case)."),
        },
        "required": ["format", "version", "municipality", "children"],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


@cache
def load_schema(version: int = FORMAT_VERSION) -> dict:
    """The published schema file the import validates a file of ``version`` against."""
    path = FROZEN_SCHEMAS.get(version, SCHEMA_PATH)
    return json.loads(path.read_text(encoding="utf-8"))
