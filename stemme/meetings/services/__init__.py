"""Writes for meetings framed with the child (rammesætning).

Before the meeting: plan it (the child's topics from last time go straight onto the agenda),
say who comes and what each one does, build the agenda with the child, send the child the
agenda in one click and invite the others. After: record that it was held, write "what we
decided and why" for the child, whether the child understood and what the child wants to
bring up next time, and record that the summary reached the child.

Facts for the deadline engine (made by stemme/deadlines/events/, ``events.meeting_planned``
and so on; rules ``moede-dagsorden`` and ``moede-opsummering``):

- ``meeting.planned`` ref ``meeting:<uuid>``, data {due_on, kind}; recorded again with the same
  ref when the meeting is moved;
- ``meeting.agenda_sent`` ref ``meeting:<uuid>#agenda``, data {about: the meeting's ref};
- ``meeting.held`` ref ``meeting:<uuid>``;
- ``meeting.summary_delivered`` ref ``meeting:<uuid>#summary``, data {about, understood, how};
- ``meeting.cancelled`` ref ``meeting:<uuid>``.

Everything else (participants, agenda items, the written summary) is ``meeting.changed``.
Each write is one transaction with the meeting row locked.

Topic modules: ``planning`` (before the meeting), ``sending`` (the texts and letters),
``outcome`` (held, the summary, cancelled), ``common`` (their shared parts). Import the
writes from the package: ``from stemme.meetings import services; services.meeting_plan(...)``.
"""

from stemme.meetings.services.common import (
    EDITABLE_FIELDS,
    MAX_DURATION_MINUTES,
    SUMMARY_FIELDS,
)
from stemme.meetings.services.outcome import (
    LETTER_HOWS,
    meeting_cancel,
    meeting_deliver_summary,
    meeting_hold,
    meeting_record_summary,
)
from stemme.meetings.services.planning import (
    meeting_agenda_item_add,
    meeting_agenda_item_move,
    meeting_agenda_item_remove,
    meeting_agenda_reorder,
    meeting_participant_add,
    meeting_participant_remove,
    meeting_plan,
    meeting_update,
)
from stemme.meetings.services.sending import (
    InvitationResult,
    agenda_text_for_child,
    invitation_text,
    meeting_invite,
    meeting_send_agenda,
    summary_text_for_child,
)
from stemme.meetings.services.wishes import wish_handle

# Re-exported: the age rule the meeting writes use lives with the registers.
from stemme.participation.selectors.registers import age_on

__all__ = [
    "wish_handle",
    "EDITABLE_FIELDS",
    "LETTER_HOWS",
    "MAX_DURATION_MINUTES",
    "SUMMARY_FIELDS",
    "InvitationResult",
    "age_on",
    "agenda_text_for_child",
    "invitation_text",
    "meeting_agenda_item_add",
    "meeting_agenda_item_move",
    "meeting_agenda_item_remove",
    "meeting_agenda_reorder",
    "meeting_cancel",
    "meeting_deliver_summary",
    "meeting_hold",
    "meeting_invite",
    "meeting_participant_add",
    "meeting_participant_remove",
    "meeting_plan",
    "meeting_record_summary",
    "meeting_send_agenda",
    "meeting_update",
    "summary_text_for_child",
]
