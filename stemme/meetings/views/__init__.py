"""Staff pages for meetings, one module per topic: ``meeting`` (plan, prepare with the child,
send, hold, sum up) and ``week`` (the week view, moving a meeting from it, the calendar
files); re-exported here for ``urls.py``."""

from stemme.meetings.views.meeting import (
    cancel,
    case_meetings,
    child_agenda,
    deliver,
    hold,
    invite,
    item_add,
    item_move,
    item_remove,
    meeting_detail,
    meeting_edit,
    meeting_plan,
    participant_add,
    participant_remove,
    send_agenda,
    summary,
    wish_handle,
)
from stemme.meetings.views.week import meeting_ics, meeting_move, participant_ics, week

__all__ = [
    "cancel",
    "case_meetings",
    "child_agenda",
    "deliver",
    "hold",
    "invite",
    "item_add",
    "item_move",
    "item_remove",
    "meeting_detail",
    "meeting_edit",
    "meeting_ics",
    "meeting_move",
    "meeting_plan",
    "participant_add",
    "participant_ics",
    "participant_remove",
    "send_agenda",
    "summary",
    "week",
    "wish_handle",
]
