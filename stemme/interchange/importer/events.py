"""Events: the municipality's, a child's and a case's. Each names a known kind, a real time and
a known actor; its ``ref`` names a row of the same case (or child); the details the deadline
engine reads are checked before anything is written."""

from django.utils.translation import gettext as _

from stemme.audit.event_kinds import EVENT_KINDS
from stemme.audit.models import Event
from stemme.deadlines.events import fact_data_errors
from stemme.interchange.errors import data_problem
from stemme.interchange.fields import (
    CASE_REF_PREFIXES,
    CASE_REF_PREFIXES_V3,
    RECORD_SPECS_BY_PREFIX,
    REGISTER_REF_PREFIXES,
    parse_uuid,
)
from stemme.interchange.importer.state import ImportState


def municipality_events_validate(state: ImportState) -> None:
    """The events of neither a child nor a case: imported with a new municipality only."""
    events = state.payload.get("events", [])
    if events and not state.municipality_created:
        state.notes.append(
            _(
                "%(count)s municipality events in the file were not imported, because the "
                "municipality already exists."
            )
            % {"count": len(events)}
        )
    elif events:
        events_validate(state, events, "events", scope=None, case=None)


def events_validate(state: ImportState, events: list, path: str, *, scope, case, refs=None) -> None:
    for index, data in enumerate(events):
        where = f"{path}[{index}]"
        if data["kind"] not in EVENT_KINDS:
            state.error(
                f"{where}.kind",
                _("unknown event kind «%(kind)s»; see the list in docs/import-format.md")
                % {"kind": data["kind"]},
                "unknown_kind",
            )
        occurred_at = state.moment(data["occurred_at"], f"{where}.occurred_at")
        ref = data.get("ref", "")
        details = data.get("data", {})
        problem = data_problem(details)
        if problem:
            state.error(f"{where}.data", problem, "too_large")
        # The deadline engine reads these details: a bad one crashed the import after
        # validation (found by stemme/interchange/tests/test_fuzz_import.py).
        for key in ("due_on", "explanation_due_on", "parallel_investigation_ends_on"):
            value = details.get(key) if isinstance(details, dict) else None
            if value not in (None, ""):
                state.date(value if isinstance(value, str) else "", f"{where}.data.{key}")
        siblings = details.get("siblings_under_15") if isinstance(details, dict) else None
        if siblings is not None and not isinstance(siblings, list):
            state.error(f"{where}.data.siblings_under_15", _("must be a list ([…])"), "type")
        # The details must be what the kind's typed fact function writes (deadlines/events):
        # the deadline engine and the case history read them. Its messages are Danish. A
        # version-1 file was written before the shapes were typed and is taken as it is.
        if state.v2 and isinstance(details, dict):
            for message in fact_data_errors(data["kind"], details):
                state.error(f"{where}.data", message, "event_data")
        event = Event(
            municipality=state.municipality,
            child_id=scope.child_id if scope else None,
            case_id=case[0] if case else None,
            kind=data["kind"],
            ref=ref,
            occurred_at=occurred_at,
            actor=state.user(data.get("actor"), f"{where}.actor"),
            data=details,
        )
        if case is not None:
            event_ref_validate(state, ref, f"{where}.ref", case)
        if state.v2 and scope is not None:
            event_ref_v2(state, event, ref, f"{where}.ref", scope, refs, in_case=case is not None)
        state.clean(event, where)
        state.rows["events"].append(event)


def event_ref_validate(state: ImportState, ref: str, path: str, case) -> None:
    """A ref to a record (``decision:<id>``) must name a record of the same case; a part of a
    record (``decision:<id>#explanation``, ``case:<id>#start``) likewise."""
    _case_id, case_ref, record_ids = case
    base = ref.partition("#")[0]
    prefix, sep, raw = base.partition(":")
    if prefix == "case" and base != case_ref:
        state.error(
            path,
            _("%(ref)s is not this case (%(case)s)") % {"ref": ref, "case": case_ref},
            "other_case",
        )
    spec = RECORD_SPECS_BY_PREFIX.get(prefix)
    if spec is None or not sep:
        return
    if parse_uuid(raw) not in record_ids[spec.key]:
        state.error(path, ref_missing(ref, f"records.{spec.key}"), "unknown_record")


def ref_missing(ref: str, where: str) -> str:
    return _("refers to %(ref)s, which is not among the case's %(list)s") % {
        "ref": ref,
        "list": where,
    }


def event_ref_v2(
    state: ImportState, event: Event, ref: str, path: str, scope, refs, *, in_case
) -> None:
    """Format version 2: refs to meetings, handovers, goals, letters and messages (version 3:
    also hearings, hearing parties, journal notes and documents) name rows of the same case
    (letters and messages without a case: of the child); refs to the child's registers
    (``network:n1``) name an entry by its key, and are written with the new row's id."""
    base = ref.partition("#")[0]
    prefix, sep, raw = base.partition(":")
    if not sep:
        return
    if prefix in REGISTER_REF_PREFIXES:
        register = REGISTER_REF_PREFIXES[prefix]
        if raw == f"child:{scope.child_id}":
            return
        if raw.startswith("child:"):
            state.error(
                path,
                _("%(ref)s is not this child (child:%(child)s)")
                % {"ref": ref, "child": scope.child_id},
                "other_child",
            )
            return
        target = scope.keys[register].get(raw)
        if target is None:
            state.error(
                path,
                _("refers to %(ref)s, which is not an entry of the child's %(list)s")
                % {"ref": ref, "list": register},
                "unknown_key",
            )
            return
        state.event_refs.append((event, prefix, target, ref[len(base) :]))
        return
    # Version 3 also checks refs to the case's hearings (and parties), journal notes and
    # documents; in older files they named rows that did not travel, and are copied as they are.
    case_prefixes = CASE_REF_PREFIXES_V3 if state.v3 else CASE_REF_PREFIXES
    checked = (
        case_prefixes if in_case else {"letter": "letters", "portal_message": "portal_messages"}
    )
    if prefix in checked and parse_uuid(raw) not in refs[checked[prefix]]:
        if in_case:
            state.error(path, ref_missing(ref, checked[prefix]), "unknown_record")
        else:
            state.error(
                path,
                _("refers to %(ref)s, which is not among the child's %(list)s without a case")
                % {"ref": ref, "list": checked[prefix]},
                "unknown_record",
            )
