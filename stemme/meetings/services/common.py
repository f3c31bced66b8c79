"""The meeting writes' shared parts: the editable fields, the locked row, the version bump,
the conflict page, the meeting's events."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.cases.services.unit import (
    fact_record,
)
from stemme.core.conflicts import EditConflict, conflict_of
from stemme.deadlines import events
from stemme.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    NextTimeTopic,
)

MAX_DURATION_MINUTES = 8 * 60
# Meeting fields a caseworker edits with the child before the meeting (``meeting_update``).
EDITABLE_FIELDS = (
    "kind",
    "purpose_for_child",
    "starts_at",
    "duration_minutes",
    "place",
    "child_chose_place_time",
    "child_attends",
    "seating_wish",
    "child_wants_to_say",
    "child_hopes",
    "information_to",
)


# --- helpers ------------------------------------------------------------------------------------


def meeting_event(
    *,
    actor,
    meeting: Meeting,
    kind: str = "",
    ref: str = "",
    data=None,
    at=None,
    fact: events.FactData | None = None,
) -> None:
    """A meeting's fact (or other event), on its case, named by the meeting unless ``ref`` says
    otherwise."""
    fact_record(
        actor=actor,
        case=meeting.case,
        kind=kind,
        ref=ref or meeting.ref,
        data=data,
        at=at,
        fact=fact,
    )


def meeting_locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update()
        .select_related("case__child__municipality")
        .get(pk=meeting.pk)
    )


def meeting_bump(meeting: Meeting, **fields) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1, **fields)
    meeting.refresh_from_db()


SUMMARY_FIELDS = ("summary_for_child", "child_understood", "understood_note")


def stale_message() -> str:
    return _("Someone else changed the meeting while you were working on it. Reload and try again.")


def meeting_conflict(meeting: Meeting, *, summary: bool = False) -> EditConflict:
    """The meeting as saved now, for the conflict page: its details, or its summary."""
    if not summary:
        return conflict_of(meeting, EDITABLE_FIELDS, message=stale_message())
    return conflict_of(
        meeting,
        SUMMARY_FIELDS,
        message=stale_message(),
        extra={"next_time_topics": open_topics(meeting)},
        labels={"next_time_topics": _("What the child wants to talk about next time")},
    )


def open_topics(meeting: Meeting) -> list[str]:
    return list(
        NextTimeTopic.objects.filter(meeting=meeting, used_in__isnull=True)
        .order_by("pk")
        .values_list("text", flat=True)
    )


def must_be_planned(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("The meeting has been held; this can no longer change."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting was cancelled; this can no longer change."))


def meeting_day(meeting_or_starts_at) -> dt.date:
    starts_at = getattr(meeting_or_starts_at, "starts_at", meeting_or_starts_at)
    return timezone.localdate(starts_at)


def fields_validated(values: dict) -> dict:
    errors = {}
    cleaned = dict(values)
    for field in ("purpose_for_child", "place"):
        if field in cleaned:
            cleaned[field] = (cleaned[field] or "").strip()
            if not cleaned[field]:
                errors[field] = _("This field is required.")
    if "kind" in cleaned and cleaned["kind"] not in MeetingKind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    if "duration_minutes" in cleaned:
        minutes = cleaned["duration_minutes"]
        if minutes is None or not 5 <= minutes <= MAX_DURATION_MINUTES:
            errors["duration_minutes"] = _("A meeting lasts between 5 minutes and 8 hours.")
    if "starts_at" in cleaned:
        starts_at = cleaned["starts_at"]
        if starts_at is None:
            errors["starts_at"] = _("This field is required.")
        elif timezone.is_naive(starts_at):
            cleaned["starts_at"] = timezone.make_aware(starts_at)
    for field in ("seating_wish", "child_wants_to_say", "child_hopes", "information_to"):
        if field in cleaned:
            cleaned[field] = (cleaned[field] or "").strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


def planned_event(actor, meeting: Meeting) -> None:
    meeting_event(
        actor=actor,
        meeting=meeting,
        fact=events.meeting_planned(due_on=meeting_day(meeting), kind=meeting.kind),
    )


def day_text(meeting: Meeting) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
