"""The registry of event kinds: what each kind is called on the timeline.

Every service that records an event names one of these kinds; ``event_record`` refuses unknown
kinds so the timeline can always say what happened. Later apps add their kinds here.
"""

from django.utils.translation import gettext_lazy as _

EVENT_KINDS = {
    # The youth survey (no child on these events: answers are never linked to a child)
    "survey.wave_opened": _("Youth survey round opened"),
    "survey.wave_closed": _("Youth survey round closed"),
    "survey.response_received": _("Youth survey answers received"),
    "survey.paper_recorded": _("Youth survey paper answers recorded"),
    "survey.action_recorded": _("Youth survey: what we will do recorded"),
    "oversight.target_set": _("Target for a leadership figure set"),
    "oversight.snapshot_made": _("Committee pack counted and frozen"),
    "oversight.pack_export_requested": _("Committee pack PDF asked for"),
    "oversight.pack_downloaded": _("Committee pack PDF downloaded"),
    "oversight.sample_drawn": _("Cases drawn for case review"),
    "oversight.review_done": _("Case review saved"),
    "oversight.second_review_asked": _("Second case review asked for"),
    "oversight.review_action_done": _("Action from a case review done"),
    "survey.questionnaire_changed": _("Youth survey: the municipality's questions changed"),
    # Children and people
    "child.created": _("Child registered"),
    "child.updated": _("Child's details changed"),
    "person.linked": _("Person linked to the child"),
    "person.changed": _("Details of a person around the child changed"),
    "person.relation_ended": _("Relation to the child ended"),
    # The case and who works on it
    "case.opened": _("Case opened"),
    "case.stage_changed": _("Case moved to a new step"),
    "case.awareness_date_changed": _("Awareness date changed"),
    "case.closed": _("Case closed"),
    "assignment.started": _("Caseworker assigned"),
    "assignment.ended": _("Caseworker assignment ended"),
    # Steps of the case; these kinds are the deadline engine's facts (stemme/deadlines/facts.py)
    "underretning.received": _("Report of concern (underretning) received"),
    "henvendelse.received": _("Application or enquiry received"),
    "child_request.received": _("The child asked to be placed (§ 48)"),
    "underretning.urgency_assessed": _("Urgency assessed"),
    "underretning.receipt_sent": _("Receipt sent to the reporter"),
    "underretning.reassessed": _("Report reassessed by someone new to the case"),
    "screening.completed": _("Screening completed"),
    "afdaekning.started": _("Needs mapping (afdækning) started"),
    "afdaekning.completed": _("Needs mapping (afdækning) completed"),
    "bfu.started": _("Child welfare investigation started"),
    "bfu.preliminary_assessment": _("Preliminary assessment made (§ 20, stk. 3)"),
    "bfu.completed": _("Child welfare investigation completed"),
    "decision.made": _("Decision made"),
    "measure.started": _("Measure started"),
    "measure.ended": _("Measure ended"),
    "plan.made": _("The child's plan made"),
    "start_up_meeting.held": _("Start-up meeting held"),
    "follow_up.held": _("Follow-up held"),
    "supervision.held": _("Supervision visit"),
    "party_status.informed": _("Child told they are a party in the case"),
    "ungeplan.decided": _("Decided whether to make a youth plan"),
    "sibling_bfu.decided": _("Decided on investigating a sibling"),
    "obligation.waived": _("Deadline waived"),
    # The child's voice and involvement (M3/M4)
    "statement.recorded": _("The child's view recorded"),
    "explanation.delivered": _("Decision explained to the child"),
    "decision.notified": _("A party received the decision"),
    "profile.changed": _("Participation profile changed"),
    "conversation.held": _("Conversation with the child"),
    "conversation.omitted": _("Conversation with the child omitted, with a reason"),
    "follow_up.scheduled": _("Follow-up date agreed"),
    "rights.occasion": _("Time to tell the child about their rights"),
    "rights.informed": _("Child told about their rights"),
    "network.changed": _("The child's network changed"),
    "bisidder.changed": _("Bisidder changed"),
    "safety_restriction.set": _("Safety restriction set"),
    "safety_restriction.changed": _("Safety restriction changed"),
    "safety_restriction.lifted": _("Safety restriction lifted"),
    "meeting.planned": _("Meeting planned"),
    "meeting.changed": _("Meeting prepared"),
    "meeting.cancelled": _("Meeting cancelled"),
    "meeting.agenda_sent": _("Agenda sent to the child"),
    "meeting.held": _("Meeting held"),
    # Hearing of the parties (partshøring, forvaltningsloven § 19)
    "hearing.sent": _("Hearing of the parties sent"),
    "hearing.answered": _("A party answered the hearing"),
    "hearing.closed": _("Hearing of the parties closed"),
    "hearing.waived": _("Decision made without hearing the parties"),
    "meeting.summary_delivered": _("Meeting summary given to the child"),
    "letter.sent": _("Letter sent"),
    "letter.blocked": _("Letter stopped by the safety restriction"),
    "letter.printed": _("Letter printed"),
    "letter.posted": _("Letter sent by post"),
    "letter.handed": _("Letter handed over in person"),
    "letter.received": _("The party received the letter"),
    "caseworker.changed": _("New caseworker"),
    "handover.changed": _("Handover updated"),
    "handover.letter_sent": _("Letter introducing the new caseworker sent"),
    "story.changed": _('"My story so far" updated'),
    # The child portal "Min sag"
    "portal.code_issued": _("Activation code for Min sag issued"),
    "portal.activated": _("Min sag activated"),
    "portal.locked": _("Min sag locked after too many wrong attempts"),
    "portal.disabled": _("Min sag access closed"),
    "portal.enabled": _("Min sag access opened again"),
    "portal.unlocked": _("Min sag lockout lifted"),
    "portal.message_sent": _("Message from the child in Min sag"),
    "portal.message_read": _("Message from the child read"),
    "portal.message_answered": _("Message from the child answered"),
    "portal.alarm_raised": _("The child's message raised an alarm (urgent or possibly serious)"),
    "portal.alarm_acknowledged": _("Alarm from the child's message acknowledged"),
    "portal.message_reported": _("The child's message registered as a report of concern"),
    "portal.topic_added": _("The child added a topic to a meeting in Min sag"),
    "portal.wish_sent": _("The child sent a wish for a meeting in Min sag"),
    "portal.wish_handled": _("The child's wish for a meeting handled"),
    "portal.feedback_given": _("The child gave feedback on a meeting"),
    "portal.goal_rated": _("The child rated a goal in the plan"),
    # Plans (M5)
    "plan.goal_added": _("Goal added to the plan"),
    "plan.goal_changed": _("Goal in the plan changed"),
    "plan.goal_ended": _("Goal in the plan ended"),
    # Configuration
    "organisation.portal_settings_changed": _("Min sag settings changed for the municipality"),
    "organisation.team_duty_changed": _("Team's duty phone for Min sag changed"),
    "organisation.team_department_changed": _("Team moved to another department"),
    "organisation.staff_created": _("Staff account created"),
    "organisation.staff_changed": _("Staff account changed"),
    "organisation.staff_deactivated": _("Staff account deactivated"),
    "organisation.staff_reactivated": _("Staff account reactivated"),
    "organisation.staff_password_reset": _("New initial password given"),
    "rule_override.changed": _("Deadline rule changed for the municipality"),
    # Background tasks that failed for good (stemme/operations): the administrator's choice
    "operations.dead_letter_retried": _("Failed background task tried again"),
    "operations.dead_letter_removed": _("Failed background task removed from the list"),
    # Retention and archive (issue 6, stemme/privacy): holds, and deletions by the retention job
    "archive_hold.set": _("Records kept for the archive (archive hold set)"),
    "archive_hold.lifted": _("Archive hold lifted"),
    "retention.child_deleted": _("A child's records deleted after the retention period"),
    # Staff authentication (issue 6): the staff member's own second factor and password
    "auth.mfa_enrolled": _("Authenticator app set up for two-step login"),
    "auth.mfa_failed": _("Wrong code at two-step login"),
    "auth.recovery_codes_created": _("New recovery codes made for two-step login"),
    "auth.recovery_code_used": _("Recovery code used to log in"),
    "auth.mfa_reset": _("Two-step login reset by an administrator"),
    "auth.password_changed": _("Password changed"),
    "auth.enrolment_code_issued": _("Enrolment code for two-step login issued"),
    "auth.enrolment_code_used": _("Enrolment code for two-step login used"),
    "auth.enrolment_code_failed": _("Wrong enrolment code for two-step login"),
    "auth.enrolment_code_voided": _("Enrolment code voided after too many wrong codes"),
    "auth.account_locked": _("Login locked after many wrong passwords from many addresses"),
    # Access beyond the ordinary rules (issue 6, stemme/access): deputies and emergency access
    "deputy.appointed": _("Deputy appointed"),
    "deputy.ended": _("Deputy period ended early"),
    "emergency_access.granted": _("Emergency access to the child"),
    "emergency_access.refused": _("Emergency access refused: no child with that CPR number"),
    "emergency_access.reviewed": _("Emergency access reviewed by a team leader"),
}


def label(kind: str) -> str:
    return str(EVENT_KINDS.get(kind, kind))


# The readable names of coded values in an event's data ("stage", "role", "relation"), filled
# by the apps that own the codes (their AppConfig.ready()), so audit imports no app above it.
_VALUE_LABELS: dict[str, type] = {}


def value_labels_register(key: str, choices: type) -> None:
    """Show ``data[key]`` on the timeline by the label of ``choices`` (a Django TextChoices)."""
    _VALUE_LABELS[key] = choices


def _value_label(key: str, value) -> str:
    choices = _VALUE_LABELS.get(key)
    if choices is None or value not in choices.values:
        return ""
    return str(choices(value).label)


def describe(kind: str, data: dict) -> str:
    """A short, readable detail line for the timeline, in the active language."""
    parts = []
    if "stage" in data and _value_label("stage", data["stage"]):
        parts.append(_value_label("stage", data["stage"]))
    if "caseworker" in data:
        role_label = _value_label("role", data.get("role"))
        parts.append(f"{data['caseworker']} ({role_label})" if role_label else data["caseworker"])
    if "person" in data:
        relation_label = _value_label("relation", data.get("relation"))
        parts.append(f"{data['person']} ({relation_label})" if relation_label else data["person"])
    if "paragraph" in data:
        parts.append(str(data["paragraph"]))
    if "team" in data and kind == "case.opened":
        parts.append(str(data["team"]))
    if "reason" in data:
        parts.append(str(data["reason"]))
    if "summary" in data:
        parts.append(str(data["summary"]))
    # Events carry None for "not applicable" (e.g. no person on a child's portal account).
    return " · ".join(str(part) for part in parts if part not in (None, ""))
