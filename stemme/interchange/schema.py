"""The JSON Schema of the exchange format, generated from the models.

``docs/import-format.schema.json`` is this schema written out (``manage.py export_cases --schema``);
a test keeps the file and the models in step. The import validates against the file.
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
    CPR_PATTERN,
    DATE_PATTERN,
    DATETIME_PATTERN,
    FORMAT_NAME,
    FORMAT_VERSION,
    FULL_CLEAN_EXEMPT,
    MUNICIPALITY_CODE_PATTERN,
    RECORD_SPECS,
    UUID_PATTERN,
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

# The allowed items of the JSON list fields.
JSON_LIST_CHOICES = {
    (Conversation, "methods"): ConversationMethod.values,
    (RightsInformation, "topics"): RightsTopic.values,
}
SCHEMA_ID = "https://stemme.dk/schemas/import-format/v1.schema.json"


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
    elif isinstance(field, models.BooleanField):
        schema = {"type": _nullable("boolean", nullable)}
    elif isinstance(field, models.IntegerField):
        schema = {"type": _nullable("integer", nullable), "minimum": 0}
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


def build_schema() -> dict:
    """The JSON Schema (Draft 2020-12) of format version 1, with English descriptions."""
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
    relation = _model_object(
        Person, ("first_name", "last_name", "phone", "email", "address"), "A related person."
    )
    link = _model_object(ChildRelation, ("relation", "has_custody", "note"), "")
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
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Stemme case exchange format, version 1",
        "description": (
            "Children with their cases and dated events, one municipality per file. "
            "See docs/import-format.md."
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
def load_schema() -> dict:
    """The published schema file the import validates against."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
