"""A child of the file with everything under it: the CPR number, the related persons, the
child's registers and records without a case, the cases, letters, messages and events; then the
links between the child's rows that can only be checked once the whole child is read."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child, ChildRelation, Person
from stemme.interchange.fields import (
    CASE_REF_PREFIXES,
    CHILD_IMPLIED,
    PERSON_TEXT_FIELDS,
    RECORD_SPECS,
)
from stemme.interchange.importer import cases, events, meetings, portal, registers
from stemme.interchange.importer.state import ChildScope, ImportState, date_text


def child_validate(state: ImportState, data: dict, path: str) -> None:
    child_id = state.new_id("children", data["id"], f"{path}.id", _("a child"))
    if child_id is not None:
        state.file_children.add(child_id)
    number = data["cpr"]
    if not (number.isascii() and number.isdigit()):
        # The schema's \d also lets other scripts' digits through.
        message = _("must be a CPR number of 10 digits without a dash, e.g. 0102031234")
        state.error(f"{path}.cpr", message, "format")
        encoded = None
    else:
        encoded = cpr_checked(state, number, path)
    birth_date = encoded
    if data.get("birth_date") is not None:
        birth_date = state.date(data["birth_date"], f"{path}.birth_date")
        if birth_date is not None and encoded is not None and birth_date != encoded:
            state.error(
                f"{path}.birth_date",
                _(
                    "the date of birth %(given)s does not match the CPR number, which gives "
                    "%(encoded)s"
                )
                % {"given": date_text(birth_date), "encoded": date_text(encoded)},
                "birth_date",
            )
    child_rest_validate(state, data, path, child_id, number, birth_date)


def cpr_checked(state: ImportState, number: str, path: str) -> dt.date | None:
    """The birth date the CPR number gives, if it is a real date and new to the municipality
    and the file."""
    try:
        cpr_numbers.validate(number)
    except ValidationError:
        state.error(f"{path}.cpr", _("the first six digits must be a real date (ddmmyy)"), "cpr")
        encoded = None
    else:
        encoded = cpr_numbers.birth_date(number)
        if number in state.seen_cprs:
            state.error(
                f"{path}.cpr",
                _("the CPR number %(cpr)s appears for more than one child in the file")
                % {"cpr": cpr_numbers.mask(number)},
                "duplicate",
            )
        elif number in state.existing_cprs:
            state.error(
                f"{path}.cpr",
                _("a child with the CPR number %(cpr)s already exists in the municipality")
                % {"cpr": cpr_numbers.mask(number)},
                "exists",
            )
        state.seen_cprs.add(number)
    return encoded


def child_rest_validate(
    state: ImportState, data: dict, path: str, child_id, number, birth_date
) -> None:
    """The child's row and everything under it."""
    child = Child(
        id=child_id,
        municipality=state.municipality,
        first_name=data["first_name"],
        last_name=data["last_name"],
        cpr=number,
        birth_date=birth_date,
        gender=data.get("gender", ""),
    )
    state.clean(child, path, exclude={"id", "birth_date"})
    state.rows["children"].append(child)
    scope = ChildScope(child_id=child_id, path=path)
    for index, relation in enumerate(data.get("relations", [])):
        relation_validate(state, relation, f"{path}.relations[{index}]", child, scope)
    if state.v2:
        registers.registers_validate(state, data, path, scope)
        for spec in RECORD_SPECS:
            if spec.model not in CHILD_IMPLIED:
                continue
            for index, record in enumerate(data.get(spec.key, [])):
                where = f"{path}.{spec.key}[{index}]"
                row = cases.record_build(state, spec, record, where, None, {}, child_id)
                if row.pk is not None and spec.key == "statements":
                    scope.statements.add(row.pk)
                state.rows[spec.key].append(row)
    for index, case in enumerate(data.get("cases", [])):
        cases.case_validate(state, case, f"{path}.cases[{index}]", child_id, scope)
    child_refs = None
    if state.v2:
        child_refs = {name: set() for name in CASE_REF_PREFIXES.values()}
        portal.letters_and_messages(state, data, path, scope, case_id=None, refs=child_refs)
    events.events_validate(
        state, data.get("events", []), f"{path}.events", scope=scope, case=None, refs=child_refs
    )
    if state.v2:
        scope_links_validate(state, scope)


def relation_validate(
    state: ImportState, data: dict, path: str, child: Child, scope: ChildScope
) -> None:
    person = Person(
        municipality=state.municipality,
        **{name: data.get(name, "") for name in PERSON_TEXT_FIELDS},
        cpr=person_cpr(state, data.get("cpr") or "", f"{path}.cpr"),
        birth_date=_date_or_none(state, data, "birth_date", path),
    )
    link = ChildRelation(
        child=child,
        person=person,
        relation=data["relation"],
        has_custody=data.get("has_custody", False),
        started_on=_date_or_none(state, data, "started_on", path),
        ended_on=_date_or_none(state, data, "ended_on", path),
        end_reason=data.get("end_reason", ""),
        note=data.get("note", ""),
    )
    if link.started_on and link.ended_on and link.ended_on < link.started_on:
        state.error(
            f"{path}.ended_on", _("must not be before %(name)s") % {"name": "started_on"}, "order"
        )
    state.clean(person, path)
    state.clean(link, path)
    if "key" in data:
        state.key_register(scope, "relations", data["key"], person, f"{path}.key")
    state.rows["persons"].append(person)
    state.rows["relations"].append(link)


def _date_or_none(state: ImportState, data: dict, name: str, path: str):
    return state.date(data[name], f"{path}.{name}") if data.get(name) is not None else None


def person_cpr(state: ImportState, value: str, path: str) -> str:
    """A related person's CPR number: optional, checked as the people page checks it."""
    if not value:
        return ""
    if not (value.isascii() and value.isdigit() and len(value) == 10):
        state.error(
            path, _("must be a CPR number of 10 digits without a dash, e.g. 0102031234"), "format"
        )
        return ""
    try:
        return cpr_numbers.validate(value)
    except ValidationError:
        state.error(path, _("the first six digits must be a real date (ddmmyy)"), "cpr")
        return ""


def scope_links_validate(state: ImportState, scope: ChildScope) -> None:
    """Links between rows of the same child, checked once the whole child is read: a meeting's
    topics carried into another meeting (maybe of another case), the statement a message was
    filed as. Then the child's account for what the child wrote in Min sag."""
    meetings.links_validate(state, scope)
    portal.statement_links_validate(state, scope)
    portal.account_attach(state, scope)


def sibling_refs_validate(state: ImportState) -> None:
    """A step record's sibling: a child in the file or in the municipality (checked once every
    child is read)."""
    for path, target in state.sibling_refs:
        if target not in state.file_children and target not in state.municipality_children:
            state.error(
                path,
                _("the child %(id)s is neither in the file nor in the municipality")
                % {"id": target},
                "unknown_child",
            )
