"""Reads for the export: a whole municipality as the exchange format, in a fixed number of queries.

Everything is sorted in Python on the exported values (events: by time, then in recorded order),
so the output does not depend on the database's collation or row order: the same data always
gives the same bytes.
"""

import json
from collections import defaultdict

from django.db.models import Prefetch, Q

from stemme.accounts.models import Municipality, Team, User
from stemme.audit.models import Event
from stemme.cases.models import Case, CaseworkerAssignment
from stemme.children.models import Child, ChildRelation
from stemme.deadlines.models import HolidaySettings, RuleOverride
from stemme.interchange.fields import (
    ASSIGNMENT_FIELDS,
    CASE_FIELDS,
    CHILD_FIELDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    PERSON_FIELDS,
    RECORD_SPECS,
    RELATION_FIELDS,
    STAFF_FIELDS,
    datetime_to_json,
    record_fields,
    value_to_json,
)


def _canonical(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _values(obj, names, usernames) -> dict:
    return {name: value_to_json(obj._meta.get_field(name), obj, usernames) for name in names}


def _event(event: Event, usernames: dict) -> dict:
    return {
        "kind": event.kind,
        "ref": event.ref,
        "occurred_at": datetime_to_json(event.occurred_at),
        "actor": usernames[event.actor_id] if event.actor_id else None,
        "data": event.data,
    }


def _sorted_events(events: list[Event], usernames: dict) -> list[dict]:
    """By time, and events at the same moment in the order they were recorded: the deadline
    engine and the timeline break ties by id, and the import writes the list in file order, so
    the order survives a round trip."""
    return [
        _event(event, usernames) for event in sorted(events, key=lambda e: (e.occurred_at, e.pk))
    ]


def municipality_export(*, municipality: Municipality) -> tuple[dict, list[Child]]:
    """The municipality as a format-version-1 document, and the children it contains."""
    in_municipality = Q(case__child__municipality=municipality)
    children = list(Child.objects.filter(municipality=municipality))
    relations = list(
        ChildRelation.objects.filter(child__municipality=municipality).select_related("person")
    )
    cases = list(Case.objects.filter(child__municipality=municipality).select_related("team"))
    assignments = list(CaseworkerAssignment.objects.filter(in_municipality))
    records = {spec.key: list(spec.model.objects.filter(in_municipality)) for spec in RECORD_SPECS}
    events = list(Event.objects.filter(municipality=municipality).defer("recorded_at"))
    overrides = list(RuleOverride.objects.filter(municipality=municipality))
    holidays = HolidaySettings.objects.filter(municipality=municipality).first()

    # Everyone the file names: the municipality's staff, and anyone else who acted in its cases.
    referenced = {row.caseworker_id for row in assignments}
    referenced |= {row.actor_id for row in events}
    referenced |= {row.changed_by_id for row in overrides}
    referenced |= {row.recorded_by_id for rows in records.values() for row in rows}
    referenced.discard(None)
    staff = list(
        User.objects.filter(Q(municipality=municipality) | Q(pk__in=referenced)).prefetch_related(
            Prefetch("teams", queryset=Team.objects.filter(municipality=municipality))
        )
    )
    usernames = {user.pk: user.username for user in staff}

    events_by_case, events_by_child, municipality_events = defaultdict(list), defaultdict(list), []
    case_ids = {case.pk for case in cases}
    child_ids = {child.pk for child in children}
    for event in events:
        if event.case_id is not None and event.case_id in case_ids:
            events_by_case[event.case_id].append(event)
        elif event.case_id is None and event.child_id in child_ids:
            events_by_child[event.child_id].append(event)
        elif event.case_id is None and event.child_id is None:
            municipality_events.append(event)

    records_by_case: dict = defaultdict(lambda: defaultdict(list))
    for spec in RECORD_SPECS:
        fields = record_fields(spec.model)
        for row in records[spec.key]:
            values = {field.name: value_to_json(field, row, usernames) for field in fields}
            records_by_case[row.case_id][spec.key].append(
                ((getattr(row, spec.date_field), values["id"]), values)
            )

    assignments_by_case = defaultdict(list)
    for row in assignments:
        values = _values(row, ASSIGNMENT_FIELDS, usernames)
        values["caseworker"] = usernames[row.caseworker_id]
        assignments_by_case[row.case_id].append(values)

    cases_by_child = defaultdict(list)
    for case in cases:
        values = _values(case, CASE_FIELDS, usernames)
        values["team"] = case.team.name
        values["assignments"] = sorted(
            assignments_by_case[case.pk],
            key=lambda a: (a["started_on"], a["role"], a["caseworker"], a["ended_on"] or ""),
        )
        values["records"] = {
            spec.key: [row for _key, row in sorted(records_by_case[case.pk][spec.key])]
            for spec in RECORD_SPECS
        }
        values["events"] = _sorted_events(events_by_case[case.pk], usernames)
        cases_by_child[case.child_id].append(values)

    relations_by_child = defaultdict(list)
    for link in relations:
        values = _values(link.person, PERSON_FIELDS, usernames)
        values.update(_values(link, RELATION_FIELDS, usernames))
        relations_by_child[link.child_id].append(values)

    exported_children = []
    for child in children:
        values = _values(child, CHILD_FIELDS, usernames)
        values["relations"] = sorted(
            relations_by_child[child.pk],
            key=lambda r: (r["relation"], r["last_name"], r["first_name"], _canonical(r)),
        )
        values["cases"] = sorted(cases_by_child[child.pk], key=lambda c: (c["opened_on"], c["id"]))
        values["events"] = _sorted_events(events_by_child[child.pk], usernames)
        exported_children.append(values)
    exported_children.sort(key=lambda c: (c["last_name"], c["first_name"], c["id"]))

    exported_staff = []
    for user in staff:
        values = _values(user, STAFF_FIELDS, usernames)
        values["is_active"] = user.is_active
        values["teams"] = sorted(team.name for team in user.teams.all())
        exported_staff.append(values)
    exported_staff.sort(key=lambda s: s["username"])

    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "municipality": {
            "name": municipality.name,
            "code": municipality.code,
            "caseworkers_see_team_children": municipality.caseworkers_see_team_children,
            "holiday_settings": (
                {
                    "grundlovsdag": holidays.grundlovsdag,
                    "juleaftensdag": holidays.juleaftensdag,
                    "nytaarsaftensdag": holidays.nytaarsaftensdag,
                }
                if holidays
                else None
            ),
            "rule_overrides": sorted(
                (
                    {
                        "rule_id": row.rule_id,
                        "duration": row.duration,
                        "enabled": row.enabled,
                        "reason": row.reason,
                        "changed_by": usernames[row.changed_by_id],
                    }
                    for row in overrides
                ),
                key=lambda o: o["rule_id"],
            ),
        },
        "teams": [
            {"name": name}
            for name in sorted(
                Team.objects.filter(municipality=municipality).values_list("name", flat=True)
            )
        ],
        "staff": exported_staff,
        "children": exported_children,
        "events": _sorted_events(municipality_events, usernames),
    }
    return document, children
