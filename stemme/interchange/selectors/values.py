"""How the export writes a row: values, events and their refs, the register keys of the
child's rows (``Sections``), and the helpers every section uses."""

import json
from collections import defaultdict

from stemme.audit.models import Event
from stemme.children.models import Child
from stemme.interchange.fields import (
    RECORD_SPECS,
    REGISTER_REF_PREFIXES,
    Section,
    datetime_to_json,
    record_fields,
    value_to_json,
)

# The key prefix of each register's entries, and the register a ref prefix names.
KEY_PREFIXES = {"person": "p", "network": "n", "bisidder": "b", "safety": "s"}
REF_REGISTER = {"network": "network", "bisidder": "bisidder", "safety": "safety"}
assert set(REF_REGISTER) == set(REGISTER_REF_PREFIXES)


class ExportError(Exception):
    """The database holds something the format cannot express without losing it (e.g. a letter
    to a person who is not related to the child). Nothing is exported."""


def canonical(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def row_values(obj, names, usernames) -> dict:
    return {name: value_to_json(obj._meta.get_field(name), obj, usernames) for name in names}


def event_json(event: Event, usernames: dict, keys) -> dict:
    return {
        "kind": event.kind,
        "ref": event_ref(event.ref, keys),
        "occurred_at": datetime_to_json(event.occurred_at),
        "actor": usernames[event.actor_id] if event.actor_id else None,
        "data": event.data,
    }


def event_ref(ref: str, keys) -> str:
    """``network:17`` → ``network:n2``: a register row by its key in the file."""
    base, hash_, part = ref.partition("#")
    prefix, sep, rest = base.partition(":")
    if keys is None or not sep or prefix not in REF_REGISTER or not rest.isdigit():
        return ref
    key = keys[REF_REGISTER[prefix]].get(int(rest))
    return f"{prefix}:{key}{hash_}{part}" if key is not None else ref


def sorted_events(events: list[Event], usernames: dict, keys=None) -> list[dict]:
    """By time, and events at the same moment in the order they were recorded: the deadline
    engine and the timeline break ties by id, and the import writes the list in file order, so
    the order survives a round trip."""
    return [
        event_json(event, usernames, keys)
        for event in sorted(events, key=lambda e: (e.occurred_at, e.pk))
    ]


def owner_of(row) -> tuple:
    return ("case", row.case_id) if row.case_id is not None else ("child", row.child_id)


def grouped_by(rows, attribute: str) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[getattr(row, attribute)].append(row)
    return grouped


class Sections:
    """Writes the format-version-2 rows of one child, with the child's register keys."""

    def __init__(self, usernames: dict, keys: dict, child: Child):
        self.usernames = usernames
        self.keys = keys
        self.child = child

    def link(self, register: str, pk, what: str):
        if pk is None:
            return None
        key = self.keys[register].get(pk)
        if key is None:
            raise ExportError(
                f"{what} of child {self.child.pk} points to {register} row {pk}, which is not "
                "one of the child's own; the format cannot carry it."
            )
        return key

    def row(self, section: Section, row) -> dict:
        values = {}
        for name in section.fields:
            values[name] = value_to_json(section.model._meta.get_field(name), row, self.usernames)
        for json_name, model_name in section.times:
            values[json_name] = datetime_to_json(getattr(row, model_name))
        what = f"{section.model._meta.label} {row.pk}"
        for json_name, register in section.links:
            values[json_name] = self.link(register, getattr(row, f"{json_name}_id"), what)
        return values


def keyed(rows_with_values: list, prefix: str, sort_key) -> tuple[list[dict], dict]:
    """Sort (row, values) pairs, give each its key in that order; returns the values and
    {row pk: key}. Rows come in pk order, so ties keep the order they were written in."""
    ordered = sorted(rows_with_values, key=lambda pair: (sort_key(pair[1]), pair[0].pk))
    keys = {}
    exported = []
    for number, (row, values) in enumerate(ordered, start=1):
        keys[row.pk] = f"{prefix}{number}"
        exported.append({"key": keys[row.pk], **values})
    return exported, keys


def records_grouped(records: dict, owner_field: str, usernames: dict) -> dict:
    """{owner id: {RECORD_SPECS key: [((date, id), values)]}} for the step records of cases
    (``owner_field`` "case_id") or of children without a case ("child_id")."""
    grouped: dict = defaultdict(lambda: defaultdict(list))
    for spec in RECORD_SPECS:
        fields = record_fields(spec.model)
        for row in records.get(spec.key, []):
            values = {field.name: value_to_json(field, row, usernames) for field in fields}
            grouped[getattr(row, owner_field)][spec.key].append(
                ((getattr(row, spec.date_field), values["id"]), values)
            )
    return grouped
