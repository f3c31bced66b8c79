"""The case's facts, one typed function per kind: what each fact means and what it carries.

A step service records a fact with ``fact_record(..., fact=events.decision_made(...))``; the
demo builder writes the same functions' data; the importer checks an imported event's data with
``fact_data_errors``. Each function returns the event's ``kind`` and its ``data`` exactly as it
is stored (dates as ISO strings), so the deadline engine (``facts.Fact.attrs``) reads what the
rules in ``rules.py`` expect.

Conventions:

* Refs name records: ``intake:…``, ``decision:…``, ``meeting:…`` and so on. A fact that answers
  a task names the task's trigger in ``about``; a dated task carries its date in ``due_on``.
* ``summary`` (optional on most kinds) is the short text the case history shows; the step
  services cut it to 160 characters.
* An optional argument left at ``None`` leaves its key out of ``data``. The few keys whose stored
  value may itself be ``None`` and that some writers leave out take ``OMITTED`` as the default.

Besides the engine's vocabulary (``facts.FACT_KINDS``) the module types the other facts of the
case steps that share their call sites and shapes (screening, start-up meeting, henvendelse,
child's request, afdækning); the engine ignores those.

Pure Python (import-linter contract ``pure-deadline-engine``): no Django here.
"""

from __future__ import annotations

from collections.abc import Callable

from .base import OMITTED, FactData, Omittable
from .checks import FIELDS, fact_data_errors
from .decisions import (
    access_request_answered,
    access_request_received,
    case_closed,
    complaint_received,
    complaint_reconsidered,
    decision_made,
    decision_notified,
    explanation_delivered,
    follow_up_held,
    follow_up_scheduled,
    measure_ended,
    measure_started,
    obligation_waived,
    party_status_informed,
    plan_made,
    sibling_bfu_decided,
    start_up_meeting_held,
    supervision_held,
    ungeplan_decided,
    ungestoette_decided,
)
from .hearing import hearing_answered, hearing_closed, hearing_sent, hearing_waived
from .intake import (
    afdaekning_completed,
    afdaekning_started,
    bfu_completed,
    bfu_preliminary_assessment,
    bfu_started,
    child_request_received,
    henvendelse_received,
    screening_completed,
    underretning_reassessed,
    underretning_receipt_sent,
    underretning_received,
    underretning_urgency_assessed,
)
from .involvement import (
    caseworker_changed,
    conversation_held,
    conversation_omitted,
    handover_letter_sent,
    meeting_agenda_sent,
    meeting_cancelled,
    meeting_held,
    meeting_planned,
    meeting_summary_delivered,
    rights_informed,
    rights_occasion,
)

KINDS: dict[str, Callable[..., FactData]] = {
    "underretning.received": underretning_received,
    "henvendelse.received": henvendelse_received,
    "child_request.received": child_request_received,
    "underretning.urgency_assessed": underretning_urgency_assessed,
    "underretning.receipt_sent": underretning_receipt_sent,
    "underretning.reassessed": underretning_reassessed,
    "screening.completed": screening_completed,
    "conversation.held": conversation_held,
    "conversation.omitted": conversation_omitted,
    "bfu.started": bfu_started,
    "afdaekning.started": afdaekning_started,
    "bfu.completed": bfu_completed,
    "afdaekning.completed": afdaekning_completed,
    "bfu.preliminary_assessment": bfu_preliminary_assessment,
    "decision.made": decision_made,
    "explanation.delivered": explanation_delivered,
    "decision.notified": decision_notified,
    "complaint.received": complaint_received,
    "complaint.reconsidered": complaint_reconsidered,
    "access_request.received": access_request_received,
    "access_request.answered": access_request_answered,
    "measure.started": measure_started,
    "measure.ended": measure_ended,
    "plan.made": plan_made,
    "start_up_meeting.held": start_up_meeting_held,
    "follow_up.held": follow_up_held,
    "follow_up.scheduled": follow_up_scheduled,
    "supervision.held": supervision_held,
    "party_status.informed": party_status_informed,
    "ungeplan.decided": ungeplan_decided,
    "ungestoette.decided": ungestoette_decided,
    "sibling_bfu.decided": sibling_bfu_decided,
    "obligation.waived": obligation_waived,
    "case.closed": case_closed,
    "meeting.planned": meeting_planned,
    "meeting.cancelled": meeting_cancelled,
    "meeting.held": meeting_held,
    "meeting.agenda_sent": meeting_agenda_sent,
    "meeting.summary_delivered": meeting_summary_delivered,
    "rights.occasion": rights_occasion,
    "rights.informed": rights_informed,
    "caseworker.changed": caseworker_changed,
    "handover.letter_sent": handover_letter_sent,
    "hearing.sent": hearing_sent,
    "hearing.answered": hearing_answered,
    "hearing.closed": hearing_closed,
    "hearing.waived": hearing_waived,
}

__all__ = [
    "FIELDS",
    "KINDS",
    "OMITTED",
    "FactData",
    "Omittable",
    "fact_data_errors",
    "access_request_answered",
    "access_request_received",
    "afdaekning_completed",
    "afdaekning_started",
    "bfu_completed",
    "bfu_preliminary_assessment",
    "bfu_started",
    "case_closed",
    "caseworker_changed",
    "child_request_received",
    "complaint_received",
    "complaint_reconsidered",
    "conversation_held",
    "conversation_omitted",
    "decision_made",
    "decision_notified",
    "explanation_delivered",
    "follow_up_held",
    "follow_up_scheduled",
    "handover_letter_sent",
    "hearing_answered",
    "hearing_closed",
    "hearing_sent",
    "hearing_waived",
    "henvendelse_received",
    "measure_ended",
    "measure_started",
    "meeting_agenda_sent",
    "meeting_cancelled",
    "meeting_held",
    "meeting_planned",
    "meeting_summary_delivered",
    "obligation_waived",
    "party_status_informed",
    "plan_made",
    "rights_informed",
    "rights_occasion",
    "screening_completed",
    "sibling_bfu_decided",
    "start_up_meeting_held",
    "supervision_held",
    "underretning_reassessed",
    "underretning_receipt_sent",
    "underretning_received",
    "underretning_urgency_assessed",
    "ungeplan_decided",
    "ungestoette_decided",
]
