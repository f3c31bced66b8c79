"""A case's meetings (format version 2) with their participants, topics for next time, agenda
items, and the child's feedback and wishes; and the links between meetings of the same child,
checked once the whole child is read."""

from django.utils.translation import gettext as _

from stemme.interchange.fields import (
    AGENDA_ITEMS,
    FEEDBACK,
    MEETINGS,
    PARTICIPANTS,
    TOPICS,
    WISHES,
    parse_uuid,
)
from stemme.interchange.importer.state import ChildScope, ImportState


def meetings_validate(
    state: ImportState, data: dict, path: str, scope: ChildScope, case_id, refs
) -> None:
    for index, item in enumerate(data.get("meetings", [])):
        where = f"{path}.meetings[{index}]"
        meeting = state.section_row(MEETINGS, item, where, scope, case_id=case_id)
        meeting_id = meeting.pk
        if meeting_id is not None:
            refs["meetings"].add(meeting_id)
            scope.meetings.add(meeting_id)
        for number, participant in enumerate(item.get("participants", [])):
            state.section_row(
                PARTICIPANTS,
                participant,
                f"{where}.participants[{number}]",
                scope,
                meeting=meeting,
            )
        topics = []
        for number, topic in enumerate(item.get("next_time_topics", [])):
            at = f"{where}.next_time_topics[{number}]"
            row = state.section_row(TOPICS, topic, at, scope, meeting=meeting)
            if topic.get("used_in") is not None:
                scope.meeting_links.append(
                    (f"{at}.used_in", parse_uuid(topic["used_in"]), row, "used_in_id")
                )
            topics.append(row)
        if meeting_id is not None:
            scope.topics[meeting_id] = topics
        for number, agenda in enumerate(item.get("agenda_items", [])):
            at = f"{where}.agenda_items[{number}]"
            row = state.section_row(AGENDA_ITEMS, agenda, at, scope, meeting=meeting)
            if agenda.get("carried_from") is not None:
                scope.meeting_links.append(
                    (
                        f"{at}.carried_from",
                        parse_uuid(agenda["carried_from"]),
                        row,
                        "carried_from_id",
                    )
                )
            topic = agenda.get("topic")
            if topic is not None:
                scope.topic_links.append(
                    (f"{at}.topic", parse_uuid(topic["meeting"]), int(topic["index"]), row)
                )
        for number, feedback in enumerate(item.get("feedback", [])):
            at = f"{where}.feedback[{number}]"
            row = state.section_row(FEEDBACK, feedback, at, scope, meeting=meeting)
            scope.portal_rows.append(row)
            if number > 0:
                state.error(
                    at,
                    _("a meeting has at most one feedback from the child"),
                    "duplicate",
                )
        for number, wish in enumerate(item.get("wishes", [])):
            at = f"{where}.wishes[{number}]"
            row = state.section_row(WISHES, wish, at, scope, meeting=meeting)
            scope.portal_rows.append(row)


def links_validate(state: ImportState, scope: ChildScope) -> None:
    """A meeting's topics carried into another meeting (maybe of another case) and the meeting
    an agenda item was carried from: meetings of the same child in the file."""
    for path, meeting_id, row, attname in scope.meeting_links:
        if meeting_id not in scope.meetings:
            state.error(path, not_childs_meeting(meeting_id), "unknown_meeting")
        setattr(row, attname, meeting_id)
    for path, meeting_id, index, row in scope.topic_links:
        if meeting_id not in scope.meetings:
            state.error(f"{path}.meeting", not_childs_meeting(meeting_id), "unknown_meeting")
            continue
        topics = scope.topics.get(meeting_id, [])
        if index >= len(topics):
            state.error(
                f"{path}.index",
                _(
                    "the meeting %(id)s has no topic for next time with index %(index)s "
                    "(it has %(count)s)"
                )
                % {"id": meeting_id, "index": index, "count": len(topics)},
                "unknown_topic",
            )
            continue
        row.topic = topics[index]


def not_childs_meeting(meeting_id) -> str:
    return _("the meeting %(id)s is not one of the child's meetings in the file") % {
        "id": meeting_id
    }
