"""Whether stored data is something the fact functions could have written (the importer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

# --- Checking stored data (the importer) -------------------------------------------------------

# The value types a key may hold, as the functions above write them.
STR, BOOL, DATE, STRS, NONE, MAP = "str", "bool", "date", "strs", "none", "map"

_TYPE_NAMES = {
    STR: "tekst",
    BOOL: "sand/falsk",
    DATE: "en dato (ÅÅÅÅ-MM-DD)",
    STRS: "en liste af tekster",
    NONE: "tom",
    MAP: "et opslag",
}

# kind -> key -> (allowed types, required). Required: the function always writes the key.
_S = (STR,)
_B = (BOOL,)
_INTAKE = {
    "reporter_type": (_S, True),
    "abuse": (_B, True),
    "child_has_measure": (_B, True),
    "parent_suspected": (_B, True),
    "summary": (_S, False),
}
_COMPLETED = {
    "summary": (_S, False),
    "statements": ((STRS,), False),
    "child_heard": (_B, False),
    "child_view_exception": ((MAP, NONE), False),
}
_SUMMARY = {"summary": (_S, False)}
_ABOUT = {"about": (_S, True), "summary": (_S, False)}
_UNDERRETNING = {"underretning": (_S, True), "summary": (_S, False)}

FIELDS: dict[str, dict[str, tuple[tuple[str, ...], bool]]] = {
    "underretning.received": _INTAKE,
    "henvendelse.received": {key: (types, False) for key, (types, _required) in _INTAKE.items()},
    "child_request.received": {key: (types, False) for key, (types, _required) in _INTAKE.items()},
    "underretning.urgency_assessed": {**_UNDERRETNING, "acute": (_B, True)},
    "underretning.receipt_sent": _UNDERRETNING,
    "underretning.reassessed": _UNDERRETNING,
    "screening.completed": {"outcome": (_S, True), "summary": (_S, False)},
    "conversation.held": {
        "summary": (_S, False),
        "alone": (_B, True),
        "methods": ((STRS,), False),
        "without_parental_consent": (_B, False),
        "parents_present": (_B, False),
        "about": (_S, False),
        "underretning": (_S, False),
        "sibling": (_S, False),
    },
    "conversation.omitted": {
        "about": (_S, True),
        "rule": (_S, True),
        "reason": (_S, True),
        "summary": (_S, False),
    },
    "bfu.started": {},
    "afdaekning.started": {},
    "bfu.completed": _COMPLETED,
    "afdaekning.completed": _COMPLETED,
    "bfu.preliminary_assessment": _SUMMARY,
    "decision.made": {
        "paragraph": (_S, True),
        "plan_decided": ((BOOL, NONE), True),
        "neglect_or_abuse": (_B, True),
        "siblings_under_15": ((STRS,), True),
        "summary": (_S, False),
        "statements": ((STRS,), True),
        "child_view_exception": ((STR, NONE), True),
        "child_wish": (_S, True),
        "against_child_wish": (_B, True),
        "explanation_due_on": ((DATE, NONE), True),
        "refused": (_B, False),
    },
    "explanation.delivered": {**_ABOUT, "how": (_S, True)},
    "decision.notified": _ABOUT,
    "complaint.received": _ABOUT,
    "complaint.reconsidered": _ABOUT,
    "access_request.received": _SUMMARY,
    "access_request.answered": _ABOUT,
    "measure.started": {
        "decision": (_S, True),
        "placement": (_B, True),
        "parallel_investigation_ends_on": ((DATE, NONE), True),
        "parallel_investigation": ((STR, NONE), False),
        "description": (_S, False),
        "summary": (_S, False),
    },
    "measure.ended": {"decision": (_S, True), "placement": (_B, True), "summary": (_S, False)},
    "plan.made": {"ungeplan": (_B, True), "summary": (_S, False)},
    "start_up_meeting.held": {"next": ((DATE,), True)},
    "follow_up.held": {
        "outcome": (_S, True),
        "talked_with_child_alone": (_B, True),
        "next": ((DATE, NONE), True),
        "summary": (_S, False),
    },
    "follow_up.scheduled": {"due_on": ((DATE,), True)},
    "supervision.held": {"with_child_conversation": (_B, True), "staff_present": (_B, True)},
    "party_status.informed": {
        "summary": (_S, False),
        "topics": ((STRS,), False),
        "to_child": (_B, False),
        "method": (_S, False),
        "sibling": (_S, False),
    },
    "ungeplan.decided": {"summary": (_S, False), "sibling": (_S, False)},
    "ungestoette.decided": _SUMMARY,
    "sibling_bfu.decided": {"summary": (_S, False), "sibling": (_S, True)},
    "obligation.waived": {
        "rule_id": (_S, True),
        "trigger_ref": (_S, True),
        "reason": (_S, True),
    },
    "case.closed": {"stage": (_S, True), "summary": (_S, False)},
    "meeting.planned": {"due_on": ((DATE,), True), "kind": (_S, True)},
    "meeting.cancelled": {"reason": (_S, True)},
    "meeting.held": {"held_on": ((DATE,), True), "kind": (_S, True)},
    "meeting.agenda_sent": {"about": (_S, True), "channel": (_S, True), "letter": (_S, False)},
    "meeting.summary_delivered": {
        "about": (_S, True),
        "understood": (_S, True),
        "how": (_S, True),
        "letter": (_S, False),
    },
    "rights.occasion": {"occasion": (_S, True)},
    "rights.informed": {"topics": ((STRS,), True), "to_child": (_B, True), "method": (_S, True)},
    "caseworker.changed": {
        "from": ((STR, NONE), True),
        "to": (_S, True),
        "role": (_S, True),
        "changes_on": ((DATE,), True),
    },
    "handover.letter_sent": {"about": (_S, True), "letter": (_S, False)},
    "hearing.sent": {
        "due_on": ((DATE,), True),
        "parties": ((STRS,), True),
        "paragraph": (_S, True),
    },
    "hearing.answered": {
        "about": (_S, True),
        "party": (_S, True),
        "answered_on": ((DATE,), True),
    },
    "hearing.closed": {
        "about": (_S, True),
        "reason": (_S, True),
        "silent": ((STRS,), False),
        "decision": (_S, False),
    },
    "hearing.waived": {"decision": (_S, True), "reason": (_S, True)},
}


def _is(value: Any, type_: str) -> bool:
    if type_ == STR:
        return isinstance(value, str)
    if type_ == BOOL:
        return isinstance(value, bool)
    if type_ == NONE:
        return value is None
    if type_ == MAP:
        return isinstance(value, Mapping)
    if type_ == STRS:
        return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)
    # DATE: an ISO date string
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def fact_data_errors(kind: str, data: Mapping) -> list[str]:
    """Why ``data`` is not something ``KINDS[kind]`` could have written (short Danish
    messages naming the key); [] when it is, and for kinds not typed here (the engine ignores
    them)."""
    fields = FIELDS.get(kind)
    if fields is None:
        return []
    if not isinstance(data, Mapping):
        return [f"Data for hændelsen {kind} skal være et opslag"]
    errors = [f"Ukendt felt «{key}» i hændelsen {kind}" for key in data if key not in fields]
    for key, (types, required) in fields.items():
        if key not in data:
            if required:
                errors.append(f"Feltet «{key}» mangler i hændelsen {kind}")
        elif not any(_is(data[key], type_) for type_ in types):
            expected = " eller ".join(_TYPE_NAMES[type_] for type_ in types)
            errors.append(f"Feltet «{key}» i hændelsen {kind} skal være {expected}")
    return errors
