"""A case with everything in it: assignments, step records, meetings, handovers, plan goals,
letters, messages, journal notes, documents, hearings and events."""

from collections import defaultdict

from stemme.interchange.fields import (
    AGENDA_ITEMS,
    ASSIGNMENT_FIELDS,
    CASE_FIELDS,
    FEEDBACK,
    GOALS,
    HANDOVERS,
    LETTERS,
    MEETINGS,
    MESSAGES,
    PARTICIPANTS,
    RATINGS,
    RECORD_SPECS,
    TOPICS,
    WISHES,
)
from stemme.interchange.selectors.records import (
    documents_export,
    hearings_export,
    journal_notes_export,
)
from stemme.interchange.selectors.rows import ExportRows
from stemme.interchange.selectors.values import (
    Sections,
    grouped_by,
    owner_of,
    records_grouped,
    row_values,
    sorted_events,
)


class Writers:
    """The ``Sections`` writer of each child, with the child's register keys."""

    def __init__(self, rows: ExportRows, usernames: dict, keys_by_child: dict):
        self.usernames = usernames
        self.keys_by_child = keys_by_child
        self.children_by_id = {child.pk: child for child in rows.children}
        self.case_child = {case.pk: case.child_id for case in rows.cases}

    def of_child(self, child_id) -> Sections:
        return Sections(self.usernames, self.keys_by_child[child_id], self.children_by_id[child_id])

    def of_case(self, case_id) -> Sections:
        return self.of_child(self.case_child[case_id])


def meetings_export(rows: ExportRows, writers: Writers) -> dict:
    """Meetings with everything that hangs on them, by case."""
    topics_by_meeting = grouped_by(rows.topics, "meeting_id")
    topic_place = {}
    for meeting_id, topics in topics_by_meeting.items():
        for index, topic in enumerate(topics):
            topic_place[topic.pk] = {"meeting": str(meeting_id), "index": index}
    participants_by_meeting = grouped_by(rows.participants, "meeting_id")
    agenda_by_meeting = grouped_by(rows.agenda_items, "meeting_id")
    feedback_by_meeting = grouped_by(rows.feedback, "meeting_id")
    wishes_by_meeting = grouped_by(rows.wishes, "meeting_id")
    meetings_by_case = defaultdict(list)
    for meeting in rows.meetings:
        writer = writers.of_case(meeting.case_id)
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
    return meetings_by_case


def goals_export(rows: ExportRows, writers: Writers) -> dict:
    """The plans' goals with the child's ratings, by case."""
    ratings_by_goal = grouped_by(rows.ratings, "goal_id")
    plan_case = {plan.pk: plan.case_id for plan in rows.records["plans"]}
    goals_by_case = defaultdict(list)
    for goal in rows.goals:
        case_id = plan_case[goal.plan_id]
        writer = writers.of_case(case_id)
        values = writer.row(GOALS, goal)
        values["ratings"] = sorted(
            (writer.row(RATINGS, row) for row in ratings_by_goal[goal.pk]),
            key=lambda r: (r["given_at"], r["id"]),
        )
        goals_by_case[case_id].append(values)
    return goals_by_case


def handovers_export(rows: ExportRows, writers: Writers) -> dict:
    handovers_by_case = defaultdict(list)
    for handover in rows.handovers:
        handovers_by_case[handover.case_id].append(
            writers.of_case(handover.case_id).row(HANDOVERS, handover)
        )
    return handovers_by_case


def letters_and_messages_export(rows: ExportRows, writers: Writers) -> tuple[dict, dict]:
    """Letters and messages sit where their events sit: in their case, or with the child.
    Keyed by ("case", case id) or ("child", child id)."""
    letters_by_owner = defaultdict(list)
    for letter in rows.letters:
        letters_by_owner[owner_of(letter)].append(
            writers.of_child(letter.child_id).row(LETTERS, letter)
        )
    messages_by_owner = defaultdict(list)
    for message in rows.messages:
        messages_by_owner[owner_of(message)].append(
            writers.of_child(message.child_id).row(MESSAGES, message)
        )
    return letters_by_owner, messages_by_owner


def cases_by_child_export(
    rows: ExportRows, usernames: dict, writers: Writers, events_by_case: dict, letters, messages
) -> dict:
    """Each case with everything in it, by child."""
    assignments_by_case = defaultdict(list)
    for row in rows.assignments:
        values = row_values(row, ASSIGNMENT_FIELDS, usernames)
        values["caseworker"] = usernames[row.caseworker_id]
        assignments_by_case[row.case_id].append(values)
    records_by_case = records_grouped(rows.records, "case_id", usernames)
    meetings_by_case = meetings_export(rows, writers)
    goals_by_case = goals_export(rows, writers)
    handovers_by_case = handovers_export(rows, writers)
    notes_by_case = journal_notes_export(rows, writers)
    documents_by_case = documents_export(rows, writers)
    hearings_by_case = hearings_export(rows, writers)
    cases_by_child = defaultdict(list)
    for case in rows.cases:
        values = row_values(case, CASE_FIELDS, usernames)
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
            letters["case", case.pk], key=lambda r: (r["written_at"], r["id"])
        )
        values["portal_messages"] = sorted(
            messages["case", case.pk], key=lambda r: (r["sent_at"], r["id"])
        )
        values["journal_notes"] = notes_by_case.get(case.pk, [])
        values["documents"] = documents_by_case.get(case.pk, [])
        values["hearings"] = hearings_by_case.get(case.pk, [])
        values["events"] = sorted_events(
            events_by_case[case.pk], usernames, writers.keys_by_child[case.child_id]
        )
        cases_by_child[case.child_id].append(values)
    return cases_by_child
