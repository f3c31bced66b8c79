"""The meeting and after: held, "what we decided and why" for the child, delivered; or
cancelled."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.cases.services.unit import (
    date_not_future,
    obligations_refresh,
    occurred_at_for,
)
from stemme.deadlines import events
from stemme.letters import services as letters
from stemme.letters.models import Channel, LetterKind
from stemme.meetings.models import (
    Meeting,
    MeetingStatus,
    NextTimeTopic,
    SummaryHow,
    Understood,
)
from stemme.meetings.services.common import (
    SUMMARY_FIELDS,
    day_text,
    meeting_bump,
    meeting_conflict,
    meeting_event,
    meeting_locked,
    open_topics,
)
from stemme.meetings.services.sending import summary_text_for_child

# --- the meeting and after ----------------------------------------------------------------------


def meeting_hold(*, actor, meeting: Meeting, held_on: dt.date) -> Meeting:
    """Record that the meeting took place. Starts the summary task (5 working days)."""
    date_not_future(held_on, "held_on")
    with transaction.atomic():
        meeting = meeting_locked(meeting)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("The meeting was cancelled; it cannot be recorded as held."))
        if meeting.status == MeetingStatus.HELD:
            raise ValidationError(_("The meeting is already recorded as held."))
        if held_on < timezone.localdate(meeting.created_at):
            raise ValidationError(
                {"held_on": _("The meeting cannot be held before it was planned.")}
            )
        meeting_bump(meeting, status=MeetingStatus.HELD, held_on=held_on)
        meeting_event(
            actor=actor,
            meeting=meeting,
            fact=events.meeting_held(held_on=held_on, kind=meeting.kind),
            at=occurred_at_for(held_on),
        )
        obligations_refresh(meeting.case)
    return meeting


def meeting_record_summary(
    *,
    actor,
    meeting: Meeting,
    summary_for_child: str,
    child_understood: str,
    understood_note: str = "",
    next_time_topics: list[str] | tuple = (),
    expected_version: int | None = None,
) -> Meeting:
    """Write "what we decided and why" for the child, whether the child understood, and the
    child's topics for next time (they prefill the next meeting's agenda)."""
    summary_for_child = (summary_for_child or "").strip()
    errors = {}
    if not summary_for_child:
        errors["summary_for_child"] = _("Write what was decided and why, in words for the child.")
    if child_understood not in Understood.values:
        errors["child_understood"] = _("Say whether the child understood.")
    if errors:
        raise ValidationError(errors)
    topics = [text.strip()[:300] for text in next_time_topics if text and text.strip()]
    with transaction.atomic():
        meeting = meeting_locked(meeting)
        if expected_version is not None and meeting.version != expected_version:
            saved = {name: getattr(meeting, name) for name in SUMMARY_FIELDS}
            mine = {
                "summary_for_child": summary_for_child,
                "child_understood": child_understood,
                "understood_note": (understood_note or "").strip(),
            }
            if saved != mine or open_topics(meeting) != topics:
                raise meeting_conflict(meeting, summary=True)
        if meeting.status != MeetingStatus.HELD:
            raise ValidationError(_("Record that the meeting was held before writing the summary."))
        meeting_bump(
            meeting,
            summary_for_child=summary_for_child,
            child_understood=child_understood,
            understood_note=(understood_note or "").strip(),
        )
        # Topics not yet carried into a later meeting are replaced; carried ones stay.
        NextTimeTopic.objects.filter(meeting=meeting, used_in__isnull=True).delete()
        NextTimeTopic.objects.bulk_create(
            NextTimeTopic(meeting=meeting, text=text) for text in topics
        )
        meeting_event(
            actor=actor,
            meeting=meeting,
            kind="meeting.changed",
            data={
                "change": "summary_recorded",
                "understood": child_understood,
                "next_time_topics": len(topics),
            },
        )
    return meeting


LETTER_HOWS = frozenset(Channel.values) & frozenset(SummaryHow.values)


def meeting_deliver_summary(*, actor, meeting: Meeting, delivered_on: dt.date, how: str):
    """Record that the child was given the summary. Sent as a letter to the child when ``how``
    is a letter channel (Digital Post, letter, Min sag …). Meets the summary task."""
    errors = {}
    if how not in SummaryHow.values:
        errors["how"] = _("Say how the child was given the summary.")
    if delivered_on is None:
        errors["delivered_on"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    date_not_future(delivered_on, "delivered_on")
    with transaction.atomic():
        meeting = meeting_locked(meeting)
        if meeting.status != MeetingStatus.HELD:
            raise ValidationError(_("Record that the meeting was held before writing the summary."))
        if not meeting.summary_for_child.strip():
            raise ValidationError(_("Write the summary for the child before giving it."))
        if meeting.summary_delivered_on is not None:
            raise ValidationError(_("The summary has already been given to the child."))
        if delivered_on < meeting.held_on:
            raise ValidationError(
                {"delivered_on": _("The summary cannot be given before the meeting was held.")}
            )
        letter = None
        if how in LETTER_HOWS:
            child = meeting.case.child
            letter = letters.letter_send(
                actor=actor,
                child=child,
                case=meeting.case,
                recipient=letters.Recipient.child(child),
                kind=LetterKind.MEETING_SUMMARY,
                subject=_("What we decided at the meeting on %(day)s") % {"day": day_text(meeting)},
                body=summary_text_for_child(meeting),
                channel=how,
                related_ref=meeting.ref,
            )
        meeting_bump(meeting, summary_delivered_on=delivered_on, summary_delivered_how=how)
        meeting_event(
            actor=actor,
            meeting=meeting,
            ref=f"{meeting.ref}#summary",
            fact=events.meeting_summary_delivered(
                about=meeting.ref,
                understood=meeting.child_understood,
                how=how,
                letter=letter.ref if letter is not None else None,
            ),
            at=occurred_at_for(delivered_on),
        )
        obligations_refresh(meeting.case)
    return meeting


def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a planned meeting. Its agenda task ends, and the child's topics carried onto its
    agenda go back to the child's topics for next time."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    with transaction.atomic():
        meeting = meeting_locked(meeting)
        if meeting.status == MeetingStatus.HELD:
            raise ValidationError(_("The meeting has been held; it cannot be cancelled."))
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("The meeting is already cancelled."))
        # The cancellation is the calendar invitation's last version (selectors/ics.py).
        meeting_bump(
            meeting,
            status=MeetingStatus.CANCELLED,
            cancelled_reason=reason,
            sequence=F("sequence") + 1,
        )
        NextTimeTopic.objects.filter(used_in=meeting).update(used_in=None)
        meeting_event(actor=actor, meeting=meeting, fact=events.meeting_cancelled(reason=reason))
        obligations_refresh(meeting.case)
    return meeting
