"""A child's case: the case row, its caseworker assignments, its step records (and the child's
records without a case), its handovers and plan goals; then, in format version 2, its meetings,
letters and messages; in format version 3 its journal notes, documents and hearings; and its
events."""

from django.utils.translation import gettext as _

from stemme.cases.models import AssignmentRole, Case, CaseworkerAssignment, Plan
from stemme.children.models import Child
from stemme.interchange.fields import (
    ASSIGNMENT_FIELDS,
    CASE_FIELDS,
    CASE_REF_PREFIXES,
    CASE_REF_PREFIXES_V3,
    CHILD_IMPLIED,
    GOALS,
    HANDOVERS,
    RATINGS,
    RECORD_SPECS,
    is_user_fk,
    parse_uuid,
    record_fields,
)
from stemme.interchange.importer import documents, events, hearings, journal, meetings, portal
from stemme.interchange.importer.state import (
    ChildScope,
    ImportState,
    date_text,
    not_in_records,
)


def case_validate(state: ImportState, data: dict, path: str, child_id, scope: ChildScope) -> None:
    case_id = state.new_id("cases", data["id"], f"{path}.id", _("a case"))
    team = state.team(data["team"], f"{path}.team")
    case = Case(id=case_id, child_id=child_id, team=team)
    for name in CASE_FIELDS:
        if name != "id" and name in data:
            setattr(case, name, state.value(Case._meta.get_field(name), data[name], path))
    state.clean(case, path, exclude={"id"})
    state.rows["cases"].append(case)
    assignments_validate(state, data, path, case_id)

    records = data.get("records", {})
    record_ids: dict[str, set] = {}
    for spec in RECORD_SPECS:
        record_ids[spec.key] = set()
        for index, record in enumerate(records.get(spec.key, [])):
            where = f"{path}.records.{spec.key}[{index}]"
            row = record_build(state, spec, record, where, case_id, record_ids, child_id)
            if row.pk is not None:
                record_ids[spec.key].add(row.pk)
                if spec.key == "statements":
                    scope.statements.add(row.pk)
            state.rows[spec.key].append(row)
    refs = None
    if state.v2:
        prefixes = CASE_REF_PREFIXES_V3 if state.v3 else CASE_REF_PREFIXES
        refs = {name: set() for name in prefixes.values()}
        meetings.meetings_validate(state, data, path, scope, case_id, refs)
        handovers_and_goals(state, data, path, scope, case_id, refs, record_ids)
        portal.letters_and_messages(state, data, path, scope, case_id=case_id, refs=refs)
    if state.v3:
        journal.journal_notes_validate(state, data, path, scope, case_id, refs)
        documents.documents_validate(state, data, path, scope, case_id, refs)
        hearings.hearings_validate(state, data, path, scope, case_id, refs, record_ids)
    case_ref = f"case:{data['id']}"
    events.events_validate(
        state,
        data.get("events", []),
        f"{path}.events",
        scope=scope,
        case=(case_id, case_ref, record_ids),
        refs=refs,
    )


def assignments_validate(state: ImportState, data: dict, path: str, case_id) -> None:
    """The case's caseworkers: an assignment ends after it began, and at most one is current
    per role."""
    current_roles: dict[str, int] = {}
    for index, assignment in enumerate(data.get("assignments", [])):
        where = f"{path}.assignments[{index}]"
        row = CaseworkerAssignment(
            case_id=case_id,
            caseworker=state.user(assignment["caseworker"], f"{where}.caseworker"),
        )
        for name in ASSIGNMENT_FIELDS:
            if name in assignment:
                field_ = CaseworkerAssignment._meta.get_field(name)
                setattr(row, name, state.value(field_, assignment[name], where))
        state.clean(row, where)
        if row.ended_on is not None and row.started_on and row.ended_on < row.started_on:
            state.error(
                f"{where}.ended_on",
                _("an assignment cannot end (%(ended)s) before it began (%(started)s)")
                % {"ended": date_text(row.ended_on), "started": date_text(row.started_on)},
                "ended_before_started",
            )
        if row.ended_on is None:
            if row.role in current_roles:
                state.error(
                    f"{where}.ended_on",
                    _(
                        "the case already has a current %(role)s (assignments[%(index)s]); "
                        "only one may be without ended_on"
                    )
                    % {
                        "role": AssignmentRole(row.role).label.lower(),
                        "index": current_roles[row.role],
                    },
                    "two_current",
                )
            current_roles[row.role] = index
        state.rows["assignments"].append(row)


def handovers_and_goals(
    state: ImportState, data: dict, path: str, scope: ChildScope, case_id, refs, record_ids
) -> None:
    for index, item in enumerate(data.get("handovers", [])):
        where = f"{path}.handovers[{index}]"
        row = state.section_row(HANDOVERS, item, where, scope, case_id=case_id)
        if row.pk is not None:
            refs["handovers"].add(row.pk)
    for index, item in enumerate(data.get("plan_goals", [])):
        where = f"{path}.plan_goals[{index}]"
        goal = state.section_row(GOALS, item, where, scope)
        if goal.pk is not None:
            refs["plan_goals"].add(goal.pk)
        if goal.plan_id not in record_ids["plans"]:
            state.error(
                f"{where}.plan",
                not_in_records(str(Plan._meta.verbose_name), item["plan"], "plans"),
                "unknown_record",
            )
        for number, rating in enumerate(item.get("ratings", [])):
            row = state.section_row(RATINGS, rating, f"{where}.ratings[{number}]", scope, goal=goal)
            scope.portal_rows.append(row)


def record_build(
    state: ImportState, spec, data: dict, path: str, case_id, record_ids: dict, child_id
):
    """An unsaved step record (a report, a decision …) of a case, or of the child without one."""
    row = spec.model(case_id=case_id)
    if spec.model in CHILD_IMPLIED:
        row.child_id = child_id
    row.id = state.new_id(spec.key, data["id"], f"{path}.id", str(spec.model._meta.verbose_name))
    for field_ in record_fields(spec.model):
        name = field_.name
        if name == "id" or name not in data:
            continue
        value, where = data[name], f"{path}.{name}"
        if is_user_fk(field_):
            setattr(row, name, state.user(value, where))
        elif field_.is_relation:
            record_link(state, row, field_, value, where, record_ids)
        else:
            setattr(row, name, state.value(field_, value, path))
    state.clean(row, path, exclude={"id"})
    return row


def record_link(state: ImportState, row, field_, value, path: str, record_ids: dict) -> None:
    """A link from a step record to another: a decision or intake of the same case, or a
    sibling (a child in the file or in the municipality)."""
    if value is None:
        return
    target = parse_uuid(value)
    related = field_.related_model
    if related is Child:
        state.sibling_refs.append((path, target))
    else:
        key = next(spec.key for spec in RECORD_SPECS if spec.model is related)
        if target not in record_ids[key]:
            state.error(
                path,
                not_in_records(str(related._meta.verbose_name), value, key),
                "unknown_record",
            )
    setattr(row, field_.attname, target)
