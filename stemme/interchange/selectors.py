"""Reads for the export: a whole municipality as the exchange format, in a fixed number of queries.

Everything is sorted in Python on the exported values (events: by time, then in recorded order),
so the output does not depend on the database's collation or row order: the same data always
gives the same bytes. One query per kind of row, whatever the number of children, meetings or
letters (a test guards it).

Rows without a UUID of their own (a related person, a network member, a bisidder, a safety
restriction) get a file-local key from their place in the sorted list ("p1", "n2", "b1", "s1");
other rows of the child point to them by that key, and events that name them by row id
(``network:17``) name them by key instead (``network:n2``). Import turns keys back into ids.
"""

import json
from collections import defaultdict

from django.db.models import Prefetch, Q

from stemme.accounts.models import Municipality, Team, User
from stemme.audit.models import Event
from stemme.cases.models import Case, CaseworkerAssignment, PlanGoal
from stemme.children.models import Child, ChildRelation
from stemme.continuity.models import ChildStory, Handover
from stemme.deadlines.models import HolidaySettings, RuleOverride
from stemme.interchange.fields import (
    AGENDA_ITEMS,
    ASSIGNMENT_FIELDS,
    BISIDDERE,
    CASE_FIELDS,
    CHILD_FIELDS,
    CHILD_IMPLIED,
    FEEDBACK,
    FORMAT_NAME,
    FORMAT_VERSION,
    GOALS,
    HANDOVERS,
    LETTERS,
    MEETINGS,
    MESSAGES,
    NETWORK,
    PARTICIPANTS,
    PERSON_FIELDS,
    PROFILES,
    RATINGS,
    RECORD_SPECS,
    REGISTER_REF_PREFIXES,
    RELATION_FIELDS,
    RESTRICTIONS,
    STAFF_FIELDS,
    STORIES,
    TOPICS,
    WISHES,
    Section,
    datetime_to_json,
    is_user_fk,
    record_fields,
    value_to_json,
)
from stemme.letters.models import Letter
from stemme.meetings.models import AgendaItem, Meeting, MeetingParticipant, NextTimeTopic
from stemme.participation.models import (
    Bisidder,
    NetworkMember,
    ParticipationProfile,
    SafetyRestriction,
)
from stemme.portal.models import GoalRating, MeetingFeedback, MeetingWish, PortalMessage

# The key prefix of each register's entries, and the register a ref prefix names.
KEY_PREFIXES = {"person": "p", "network": "n", "bisidder": "b", "safety": "s"}
_REF_REGISTER = {"network": "network", "bisidder": "bisidder", "safety": "safety"}
assert set(_REF_REGISTER) == set(REGISTER_REF_PREFIXES)


class ExportError(Exception):
    """The database holds something the format cannot express without losing it (e.g. a letter
    to a person who is not related to the child). Nothing is exported."""


def _canonical(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _values(obj, names, usernames) -> dict:
    return {name: value_to_json(obj._meta.get_field(name), obj, usernames) for name in names}


def _event(event: Event, usernames: dict, keys) -> dict:
    return {
        "kind": event.kind,
        "ref": _event_ref(event.ref, keys),
        "occurred_at": datetime_to_json(event.occurred_at),
        "actor": usernames[event.actor_id] if event.actor_id else None,
        "data": event.data,
    }


def _event_ref(ref: str, keys) -> str:
    """``network:17`` → ``network:n2``: a register row by its key in the file."""
    base, hash_, part = ref.partition("#")
    prefix, sep, rest = base.partition(":")
    if keys is None or not sep or prefix not in _REF_REGISTER or not rest.isdigit():
        return ref
    key = keys[_REF_REGISTER[prefix]].get(int(rest))
    return f"{prefix}:{key}{hash_}{part}" if key is not None else ref


def _sorted_events(events: list[Event], usernames: dict, keys=None) -> list[dict]:
    """By time, and events at the same moment in the order they were recorded: the deadline
    engine and the timeline break ties by id, and the import writes the list in file order, so
    the order survives a round trip."""
    return [
        _event(event, usernames, keys)
        for event in sorted(events, key=lambda e: (e.occurred_at, e.pk))
    ]


def _owner(row) -> tuple:
    return ("case", row.case_id) if row.case_id is not None else ("child", row.child_id)


def _by(rows, attribute: str) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[getattr(row, attribute)].append(row)
    return grouped


class _Sections:
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


def _keyed(rows_with_values: list, prefix: str, sort_key) -> tuple[list[dict], dict]:
    """Sort (row, values) pairs, give each its key in that order; returns the values and
    {row pk: key}. Rows come in pk order, so ties keep the order they were written in."""
    ordered = sorted(rows_with_values, key=lambda pair: (sort_key(pair[1]), pair[0].pk))
    keys = {}
    exported = []
    for number, (row, values) in enumerate(ordered, start=1):
        keys[row.pk] = f"{prefix}{number}"
        exported.append({"key": keys[row.pk], **values})
    return exported, keys


def municipality_export(*, municipality: Municipality) -> tuple[dict, list[Child]]:
    """The municipality as a document of the current format version, and its children."""
    in_municipality = Q(case__child__municipality=municipality)
    of_children = Q(child__municipality=municipality)
    children = list(Child.objects.filter(municipality=municipality))
    relations = list(
        ChildRelation.objects.filter(of_children).select_related("person").order_by("pk")
    )
    cases = list(Case.objects.filter(of_children).select_related("team"))
    assignments = list(CaseworkerAssignment.objects.filter(in_municipality))
    records = {}
    caseless = {}
    for spec in RECORD_SPECS:
        if spec.model in CHILD_IMPLIED:
            # Statements and rights information may belong to the child without a case.
            rows = list(spec.model.objects.filter(of_children))
            records[spec.key] = [row for row in rows if row.case_id is not None]
            caseless[spec.key] = [row for row in rows if row.case_id is None]
        else:
            records[spec.key] = list(spec.model.objects.filter(in_municipality))
    events = list(Event.objects.filter(municipality=municipality).defer("recorded_at"))
    overrides = list(RuleOverride.objects.filter(municipality=municipality))
    holidays = HolidaySettings.objects.filter(municipality=municipality).first()

    # Format version 2: the records around the child and the case, one query each.
    in_meetings = Q(meeting__case__child__municipality=municipality)
    profiles = list(ParticipationProfile.objects.filter(of_children))
    network = list(NetworkMember.objects.filter(of_children).order_by("pk"))
    bisiddere = list(Bisidder.objects.filter(of_children).order_by("pk"))
    restrictions = list(SafetyRestriction.objects.filter(of_children).order_by("pk"))
    restricted_persons = list(
        SafetyRestriction.persons.through.objects.filter(
            safetyrestriction__child__municipality=municipality
        )
    )
    restricted_members = list(
        SafetyRestriction.network_members.through.objects.filter(
            safetyrestriction__child__municipality=municipality
        )
    )
    stories = list(ChildStory.objects.filter(of_children))
    letters = list(Letter.objects.filter(of_children))
    messages = list(PortalMessage.objects.filter(of_children))
    meetings = list(Meeting.objects.filter(in_municipality))
    participants = list(MeetingParticipant.objects.filter(in_meetings).order_by("pk"))
    agenda_items = list(AgendaItem.objects.filter(in_meetings).order_by("pk"))
    topics = list(NextTimeTopic.objects.filter(in_meetings).order_by("pk"))
    feedback = list(MeetingFeedback.objects.filter(in_meetings))
    wishes = list(MeetingWish.objects.filter(in_meetings))
    handovers = list(Handover.objects.filter(in_municipality))
    goals = list(PlanGoal.objects.filter(plan__case__child__municipality=municipality))
    ratings = list(GoalRating.objects.filter(goal__plan__case__child__municipality=municipality))

    # Everyone the file names: the municipality's staff, and anyone else who acted in its cases.
    referenced = {row.caseworker_id for row in assignments}
    referenced |= {row.actor_id for row in events}
    referenced |= {row.changed_by_id for row in overrides}
    for rows in [*records.values(), *caseless.values()]:
        referenced |= {row.recorded_by_id for row in rows}
    for rows in (
        profiles,
        network,
        bisiddere,
        restrictions,
        stories,
        letters,
        messages,
        meetings,
        wishes,
        handovers,
        goals,
    ):
        for row in rows:
            referenced |= {
                getattr(row, field.attname)
                for field in row._meta.concrete_fields
                if is_user_fk(field)
            }
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
    caseless_by_child: dict = defaultdict(lambda: defaultdict(list))
    for spec in RECORD_SPECS:
        fields = record_fields(spec.model)
        for row in caseless.get(spec.key, []):
            values = {field.name: value_to_json(field, row, usernames) for field in fields}
            caseless_by_child[row.child_id][spec.key].append(
                ((getattr(row, spec.date_field), values["id"]), values)
            )

    assignments_by_case = defaultdict(list)
    for row in assignments:
        values = _values(row, ASSIGNMENT_FIELDS, usernames)
        values["caseworker"] = usernames[row.caseworker_id]
        assignments_by_case[row.case_id].append(values)

    # The child's registers first: their keys are what the other rows point to.
    relations_by_child = _by(relations, "child_id")
    network_by_child = _by(network, "child_id")
    bisiddere_by_child = _by(bisiddere, "child_id")
    restrictions_by_child = _by(restrictions, "child_id")
    persons_by_restriction = defaultdict(list)
    for row in restricted_persons:
        persons_by_restriction[row.safetyrestriction_id].append(row.person_id)
    members_by_restriction = defaultdict(list)
    for row in restricted_members:
        members_by_restriction[row.safetyrestriction_id].append(row.networkmember_id)
    keys_by_child: dict = {}
    registers_by_child: dict = {}
    for child in children:
        keys: dict = {}
        pairs = []
        for link in relations_by_child[child.pk]:
            values = _values(link.person, PERSON_FIELDS, usernames)
            values.update(_values(link, RELATION_FIELDS, usernames))
            pairs.append((link.person, values))
        exported_relations, keys["person"] = _keyed(
            pairs,
            KEY_PREFIXES["person"],
            lambda r: (r["relation"], r["last_name"], r["first_name"], _canonical(r)),
        )
        writer = _Sections(usernames, keys, child)
        keys["network"], keys["bisidder"], keys["safety"] = {}, {}, {}
        exported_network, keys["network"] = _keyed(
            [(row, writer.row(NETWORK, row)) for row in network_by_child[child.pk]],
            KEY_PREFIXES["network"],
            lambda r: (r["name"], r["relation"], _canonical(r)),
        )
        exported_bisiddere, keys["bisidder"] = _keyed(
            [(row, writer.row(BISIDDERE, row)) for row in bisiddere_by_child[child.pk]],
            KEY_PREFIXES["bisidder"],
            lambda r: (r["chosen_on"], r["name"], _canonical(r)),
        )
        pairs = []
        order = {register: {pk: n for n, pk in enumerate(keys[register])} for register in keys}
        for row in restrictions_by_child[child.pk]:
            values = writer.row(RESTRICTIONS, row)
            what = f"safety restriction {row.pk}"
            persons = sorted(
                persons_by_restriction[row.pk], key=lambda pk: order["person"].get(pk, -1)
            )
            members = sorted(
                members_by_restriction[row.pk], key=lambda pk: order["network"].get(pk, -1)
            )
            values["persons"] = [writer.link("person", pk, what) for pk in persons]
            values["network_members"] = [writer.link("network", pk, what) for pk in members]
            pairs.append((row, values))
        exported_restrictions, keys["safety"] = _keyed(
            pairs, KEY_PREFIXES["safety"], lambda r: (r["set_on"], _canonical(r))
        )
        keys_by_child[child.pk] = keys
        registers_by_child[child.pk] = {
            "relations": exported_relations,
            "network": exported_network,
            "bisiddere": exported_bisiddere,
            "safety_restrictions": exported_restrictions,
        }

    children_by_id = {child.pk: child for child in children}
    case_child = {case.pk: case.child_id for case in cases}

    def writer_for(child_id) -> _Sections:
        return _Sections(usernames, keys_by_child[child_id], children_by_id[child_id])

    # Meetings with everything that hangs on them.
    topics_by_meeting = _by(topics, "meeting_id")
    topic_place = {}
    for meeting_id, rows in topics_by_meeting.items():
        for index, topic in enumerate(rows):
            topic_place[topic.pk] = {"meeting": str(meeting_id), "index": index}
    participants_by_meeting = _by(participants, "meeting_id")
    agenda_by_meeting = _by(agenda_items, "meeting_id")
    feedback_by_meeting = _by(feedback, "meeting_id")
    wishes_by_meeting = _by(wishes, "meeting_id")
    meetings_by_case = defaultdict(list)
    for meeting in meetings:
        writer = writer_for(case_child[meeting.case_id])
        values = writer.row(MEETINGS, meeting)
        values["participants"] = [
            writer.row(PARTICIPANTS, row)
            for row in sorted(participants_by_meeting[meeting.pk], key=lambda r: (r.position, r.pk))
        ]
        agenda = []
        for row in sorted(agenda_by_meeting[meeting.pk], key=lambda r: (r.position, r.pk)):
            item = writer.row(AGENDA_ITEMS, row)
            item["carried_from"] = str(row.carried_from_id) if row.carried_from_id else None
            item["topic"] = topic_place[row.topic_id] if row.topic_id else None
            agenda.append(item)
        values["agenda_items"] = agenda
        values["next_time_topics"] = [
            {
                **writer.row(TOPICS, row),
                "used_in": str(row.used_in_id) if row.used_in_id else None,
            }
            for row in topics_by_meeting[meeting.pk]
        ]
        values["feedback"] = sorted(
            (writer.row(FEEDBACK, row) for row in feedback_by_meeting[meeting.pk]),
            key=lambda r: (r["given_at"], r["id"]),
        )
        values["wishes"] = sorted(
            (writer.row(WISHES, row) for row in wishes_by_meeting[meeting.pk]),
            key=lambda r: (r["sent_at"], r["id"]),
        )
        meetings_by_case[meeting.case_id].append(values)

    ratings_by_goal = _by(ratings, "goal_id")
    plan_case = {plan.pk: plan.case_id for plan in records["plans"]}
    goals_by_case = defaultdict(list)
    for goal in goals:
        case_id = plan_case[goal.plan_id]
        writer = writer_for(case_child[case_id])
        values = writer.row(GOALS, goal)
        values["ratings"] = sorted(
            (writer.row(RATINGS, row) for row in ratings_by_goal[goal.pk]),
            key=lambda r: (r["given_at"], r["id"]),
        )
        goals_by_case[case_id].append(values)

    handovers_by_case = defaultdict(list)
    for handover in handovers:
        handovers_by_case[handover.case_id].append(
            writer_for(case_child[handover.case_id]).row(HANDOVERS, handover)
        )
    # Letters and messages sit where their events sit: in their case, or with the child.
    letters_by_owner = defaultdict(list)
    for letter in letters:
        letters_by_owner[_owner(letter)].append(writer_for(letter.child_id).row(LETTERS, letter))
    messages_by_owner = defaultdict(list)
    for message in messages:
        messages_by_owner[_owner(message)].append(
            writer_for(message.child_id).row(MESSAGES, message)
        )

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
        values["meetings"] = sorted(
            meetings_by_case[case.pk], key=lambda m: (m["starts_at"], m["id"])
        )
        values["handovers"] = sorted(
            handovers_by_case[case.pk], key=lambda h: (h["changes_on"], h["id"])
        )
        values["plan_goals"] = sorted(
            goals_by_case[case.pk], key=lambda g: (g["plan"], g["position"], g["id"])
        )
        values["letters"] = sorted(
            letters_by_owner["case", case.pk], key=lambda r: (r["written_at"], r["id"])
        )
        values["portal_messages"] = sorted(
            messages_by_owner["case", case.pk], key=lambda r: (r["sent_at"], r["id"])
        )
        values["events"] = _sorted_events(
            events_by_case[case.pk], usernames, keys_by_child[case.child_id]
        )
        cases_by_child[case.child_id].append(values)

    profiles_by_child = _by(profiles, "child_id")
    stories_by_child = _by(stories, "child_id")
    exported_children = []
    for child in children:
        writer = writer_for(child.pk)
        values = _values(child, CHILD_FIELDS, usernames)
        values.update(registers_by_child[child.pk])
        values["cases"] = sorted(cases_by_child[child.pk], key=lambda c: (c["opened_on"], c["id"]))
        for spec in RECORD_SPECS:
            if spec.model in CHILD_IMPLIED:
                values[spec.key] = [
                    row for _key, row in sorted(caseless_by_child[child.pk][spec.key])
                ]
        values["participation_profiles"] = sorted(
            (writer.row(PROFILES, row) for row in profiles_by_child[child.pk]),
            key=lambda r: r["version"],
        )
        values["stories"] = sorted(
            (writer.row(STORIES, row) for row in stories_by_child[child.pk]),
            key=lambda r: r["version"],
        )
        values["letters"] = sorted(
            letters_by_owner["child", child.pk], key=lambda r: (r["written_at"], r["id"])
        )
        values["portal_messages"] = sorted(
            messages_by_owner["child", child.pk], key=lambda r: (r["sent_at"], r["id"])
        )
        values["events"] = _sorted_events(
            events_by_child[child.pk], usernames, keys_by_child[child.pk]
        )
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
