"""Writes for meetings framed with the child (rammesætning).

Before the meeting: plan it (the child's topics from last time go straight onto the agenda),
say who comes and what each one does, build the agenda with the child, send the child the
agenda in one click and invite the others. After: record that it was held, write "what we
decided and why" for the child, whether the child understood and what the child wants to
bring up next time, and record that the summary reached the child.

Facts for the deadline engine (stemme/deadlines/facts.py; rules ``moede-dagsorden`` and
``moede-opsummering``):

- ``meeting.planned`` ref ``meeting:<uuid>``, data {due_on, kind}; recorded again with the same
  ref when the meeting is moved;
- ``meeting.agenda_sent`` ref ``meeting:<uuid>#agenda``, data {about: the meeting's ref};
- ``meeting.held`` ref ``meeting:<uuid>``;
- ``meeting.summary_delivered`` ref ``meeting:<uuid>#summary``, data {about, understood, how};
- ``meeting.cancelled`` ref ``meeting:<uuid>``.

Everything else (participants, agenda items, the written summary) is ``meeting.changed``.
Each write is one transaction with the meeting row locked.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.cases.models import Case
from stemme.cases.services.unit import (
    date_not_future,
    fact_record,
    obligations_refresh,
    occurred_at_for,
)
from stemme.children.models import ChildRelation
from stemme.core.conflicts import EditConflict, conflict_of
from stemme.letters import services as letters
from stemme.letters.models import Channel, LetterKind, LetterStatus, RecipientKind
from stemme.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingParticipant,
    MeetingStatus,
    NextTimeTopic,
    ParticipantKind,
    SummaryHow,
    Understood,
)
from stemme.participation import selectors as participation
from stemme.participation.models import Bisidder, NetworkMember
from stemme.participation.selectors.registers import age_on, bisidder_age_ok  # noqa: F401

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


def _event(*, actor, meeting: Meeting, kind: str, ref: str = "", data=None, at=None) -> None:
    """A meeting's fact, on its case, named by the meeting unless ``ref`` says otherwise."""
    fact_record(actor=actor, case=meeting.case, kind=kind, ref=ref or meeting.ref, data=data, at=at)


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update()
        .select_related("case__child__municipality")
        .get(pk=meeting.pk)
    )


def _bump(meeting: Meeting, **fields) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1, **fields)
    meeting.refresh_from_db()


SUMMARY_FIELDS = ("summary_for_child", "child_understood", "understood_note")


def _stale_message() -> str:
    return _("Someone else changed the meeting while you were working on it. Reload and try again.")


def _conflict(meeting: Meeting, *, summary: bool = False) -> EditConflict:
    """The meeting as saved now, for the conflict page: its details, or its summary."""
    if not summary:
        return conflict_of(meeting, EDITABLE_FIELDS, message=_stale_message())
    return conflict_of(
        meeting,
        SUMMARY_FIELDS,
        message=_stale_message(),
        extra={"next_time_topics": _open_topics(meeting)},
        labels={"next_time_topics": _("What the child wants to talk about next time")},
    )


def _open_topics(meeting: Meeting) -> list[str]:
    return list(
        NextTimeTopic.objects.filter(meeting=meeting, used_in__isnull=True)
        .order_by("pk")
        .values_list("text", flat=True)
    )


def _must_be_planned(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("The meeting has been held; this can no longer change."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting was cancelled; this can no longer change."))


def _meeting_day(meeting_or_starts_at) -> dt.date:
    starts_at = getattr(meeting_or_starts_at, "starts_at", meeting_or_starts_at)
    return timezone.localdate(starts_at)


def _validate_fields(values: dict) -> dict:
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


def _planned_event(actor, meeting: Meeting) -> None:
    _event(
        actor=actor,
        meeting=meeting,
        kind="meeting.planned",
        data={"due_on": _meeting_day(meeting).isoformat(), "kind": meeting.kind},
    )


# --- before the meeting -------------------------------------------------------------------------


def meeting_plan(
    *,
    actor,
    case: Case,
    kind: str,
    purpose_for_child: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    place: str,
    child_chose_place_time: bool,
    child_attends: bool = True,
    seating_wish: str = "",
    child_wants_to_say: str = "",
    child_hopes: str = "",
    information_to: str = "",
    add_child_and_caseworker: bool = True,
) -> Meeting:
    """Plan a meeting with the child. The child's unused topics for next time from earlier
    meetings become the first agenda items, marked as the child's own."""
    values = _validate_fields(
        {
            "kind": kind,
            "purpose_for_child": purpose_for_child,
            "starts_at": starts_at,
            "duration_minutes": duration_minutes,
            "place": place,
            "seating_wish": seating_wish,
            "child_wants_to_say": child_wants_to_say,
            "child_hopes": child_hopes,
            "information_to": information_to,
        }
    )
    if not case.is_open:
        raise ValidationError(_("The case is closed; a meeting cannot be planned in it."))
    with transaction.atomic():
        case = (
            Case.objects.select_for_update().select_related("child__municipality").get(pk=case.pk)
        )
        child = case.child
        meeting = Meeting.objects.create(
            case=case,
            child_chose_place_time=bool(child_chose_place_time),
            child_attends=bool(child_attends),
            created_by=actor if actor is not None and actor.is_authenticated else None,
            **values,
        )
        meeting.case = case
        topics = list(
            NextTimeTopic.objects.select_for_update()
            .filter(meeting__case__child=child, used_in__isnull=True)
            .exclude(meeting=meeting)
            .order_by("meeting__starts_at", "pk")
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                text=topic.text,
                from_child=True,
                carried_from_id=topic.meeting_id,
                topic=topic,
                position=position,
            )
            for position, topic in enumerate(topics, start=1)
        )
        NextTimeTopic.objects.filter(pk__in=[topic.pk for topic in topics]).update(used_in=meeting)
        if add_child_and_caseworker:
            people = (
                [
                    MeetingParticipant(
                        meeting=meeting,
                        kind=ParticipantKind.CHILD,
                        name=child.full_name,
                        role_for_child=_(
                            "You. The meeting is about you, and what you say matters."
                        ),
                        position=1,
                    )
                ]
                if child_attends
                else []
            )
            if actor is not None and actor.is_authenticated:
                people.append(
                    MeetingParticipant(
                        meeting=meeting,
                        kind=ParticipantKind.CASEWORKER,
                        name=actor.get_full_name() or actor.username,
                        role_for_child=_(
                            "Your caseworker. Leads the meeting, makes sure you are heard and "
                            "writes down what we agree."
                        ),
                        position=2,
                    )
                )
            MeetingParticipant.objects.bulk_create(people)
        _planned_event(actor, meeting)
        obligations_refresh(case)
    return meeting


def meeting_update(*, actor, meeting: Meeting, expected_version: int, **changes) -> Meeting:
    """Change what was prepared with the child. Moving the meeting plans it again under the same
    ref, so the agenda task moves with it. A held meeting cannot be moved."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update got unknown fields {sorted(unknown)}")
    values = _validate_fields(changes)
    with transaction.atomic():
        meeting = _locked(meeting)
        changed = {
            field: value for field, value in values.items() if getattr(meeting, field) != value
        }
        if not changed:
            return meeting  # the same as saved: nothing to overwrite, even from an old page
        if meeting.version != expected_version:
            raise _conflict(meeting)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("The meeting was cancelled; this can no longer change."))
        moved = "starts_at" in values and values["starts_at"] != meeting.starts_at
        new_kind = values.get("kind", meeting.kind)
        if meeting.status == MeetingStatus.HELD and (moved or new_kind != meeting.kind):
            raise ValidationError(
                {"starts_at": _("The meeting has been held; it cannot be moved.")}
            )
        old_day = _meeting_day(meeting)
        _bump(meeting, **changed)
        if (moved and _meeting_day(meeting) != old_day) or "kind" in changed:
            _planned_event(actor, meeting)
            obligations_refresh(meeting.case)
        _event(
            actor=actor,
            meeting=meeting,
            kind="meeting.changed",
            data={"change": "details", "fields": sorted(changed)},
        )
    return meeting


def _person_belongs_to_child(person, child) -> bool:
    return ChildRelation.objects.filter(child=child, person=person).exists()


def meeting_participant_add(
    *,
    actor,
    meeting: Meeting,
    kind: str,
    role_for_child: str,
    name: str = "",
    person=None,
    network_member: NetworkMember | None = None,
    bisidder: Bisidder | None = None,
) -> MeetingParticipant:
    """Add someone who comes to the meeting, with what they do there in words for the child."""
    role_for_child = (role_for_child or "").strip()
    name = (name or "").strip()
    errors = {}
    if kind not in ParticipantKind.values:
        errors["kind"] = _("Choose who this is.")
    if not role_for_child:
        errors["role_for_child"] = _(
            "Say what this person does at the meeting, in words the child understands."
        )
    needs = {
        ParticipantKind.PERSON: ("person", person),
        ParticipantKind.NETWORK: ("network_member", network_member),
        ParticipantKind.BISIDDER: ("bisidder", bisidder),
    }
    if kind in needs and needs[kind][1] is None:
        errors[needs[kind][0]] = _("Choose the person from the child's records.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _locked(meeting)
        _must_be_planned(meeting)
        child = meeting.case.child
        linked = {"person": None, "network_member": None, "bisidder": None}
        if kind == ParticipantKind.PERSON:
            if person.municipality_id != child.municipality_id or not _person_belongs_to_child(
                person, child
            ):
                raise ValidationError({"person": _("This person is not linked to the child.")})
            linked["person"] = person
            name = name or person.full_name
        elif kind == ParticipantKind.NETWORK:
            if network_member.child_id != child.pk or network_member.removed_on is not None:
                raise ValidationError(
                    {"network_member": _("This person is not in the child's network.")}
                )
            linked["network_member"] = network_member
            name = name or network_member.name
        elif kind == ParticipantKind.BISIDDER:
            day = _meeting_day(meeting)
            if bisidder.child_id != child.pk or (
                bisidder.ended_on is not None and bisidder.ended_on <= day
            ):
                raise ValidationError({"bisidder": _("This is not the child's bisidder.")})
            if not bisidder_age_ok(bisidder, day):
                raise ValidationError(
                    {
                        "bisidder": _(
                            "A bisidder must be 15 or older on the day of the meeting "
                            "(barnets lov § 6)."
                        )
                    }
                )
            linked["bisidder"] = bisidder
            name = name or bisidder.name
        elif kind == ParticipantKind.CHILD:
            if meeting.participants.filter(kind=ParticipantKind.CHILD).exists():
                raise ValidationError({"kind": _("The child is already on the list.")})
            name = name or child.full_name
        if not name:
            raise ValidationError({"name": _("This field is required.")})
        duplicate = {key: value for key, value in linked.items() if value is not None}
        if duplicate and meeting.participants.filter(**duplicate).exists():
            raise ValidationError(_("This person is already on the list."))
        position = (meeting.participants.aggregate(top=Max("position"))["top"] or 0) + 1
        participant = MeetingParticipant.objects.create(
            meeting=meeting,
            kind=kind,
            name=name[:200],
            role_for_child=role_for_child[:300],
            position=position,
            **linked,
        )
        _event(
            actor=actor,
            meeting=meeting,
            kind="meeting.changed",
            data={"change": "participant_added", "participant_kind": kind},
        )
    return participant


def meeting_participant_remove(*, actor, participant: MeetingParticipant) -> None:
    with transaction.atomic():
        meeting = _locked(participant.meeting)
        _must_be_planned(meeting)
        kind = participant.kind
        deleted, _rows = MeetingParticipant.objects.filter(
            pk=participant.pk, meeting=meeting
        ).delete()
        if not deleted:
            raise ValidationError(_("This person is no longer on the list."))
        _event(
            actor=actor,
            meeting=meeting,
            kind="meeting.changed",
            data={"change": "participant_removed", "participant_kind": kind},
        )


def meeting_agenda_item_add(*, actor, meeting: Meeting, text: str, from_child: bool) -> AgendaItem:
    """Add an agenda item; ``from_child`` marks the child's own items."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the agenda item.")})
    with transaction.atomic():
        meeting = _locked(meeting)
        _must_be_planned(meeting)
        position = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting, text=text[:300], from_child=bool(from_child), position=position
        )
        _event(
            actor=actor,
            meeting=meeting,
            kind="meeting.changed",
            data={"change": "agenda_item_added", "from_child": bool(from_child)},
        )
    return item


def meeting_agenda_item_remove(*, actor, item: AgendaItem) -> None:
    """Remove an agenda item. A topic the child carried over from last time goes back to the
    child's topics for next time, so it is not lost."""
    with transaction.atomic():
        meeting = _locked(item.meeting)
        _must_be_planned(meeting)
        item = AgendaItem.objects.filter(pk=item.pk, meeting=meeting).first()
        if item is None:
            raise ValidationError(_("This agenda item is no longer there."))
        if item.topic_id is not None:
            NextTimeTopic.objects.filter(pk=item.topic_id, used_in=meeting).update(used_in=None)
        from_child = item.from_child
        item.delete()
        _event(
            actor=actor,
            meeting=meeting,
            kind="meeting.changed",
            data={"change": "agenda_item_removed", "from_child": from_child},
        )


def meeting_agenda_reorder(*, actor, meeting: Meeting, item_ids: list[int]) -> None:
    """Put the agenda in the order of ``item_ids`` (every item of the meeting, once)."""
    with transaction.atomic():
        meeting = _locked(meeting)
        _must_be_planned(meeting)
        items = {item.pk: item for item in meeting.agenda_items.all()}
        if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
            raise ValidationError(_("The agenda changed while you were working on it. Reload."))
        for position, pk in enumerate(item_ids, start=1):
            items[pk].position = position
        AgendaItem.objects.bulk_update(items.values(), ["position"])
        _event(
            actor=actor,
            meeting=meeting,
            kind="meeting.changed",
            data={"change": "agenda_reordered"},
        )


def meeting_agenda_item_move(*, actor, item: AgendaItem, direction: str) -> None:
    """Move one agenda item one place up or down (the buttons on the meeting page)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move the item up or down."))
    order = list(
        AgendaItem.objects.filter(meeting_id=item.meeting_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    if item.pk not in order:
        raise ValidationError(_("This agenda item is no longer there."))
    index = order.index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    meeting_agenda_reorder(actor=actor, meeting=item.meeting, item_ids=order)


# --- texts for the child and the invited ---------------------------------------------------------


def _text_context(meeting: Meeting) -> dict:
    from stemme.meetings.selectors import child_agenda

    return child_agenda(meeting=meeting)


def _tidy(text: str) -> str:
    """Plain text from a template: no trailing spaces, at most one empty line in a row."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def agenda_text_for_child(meeting: Meeting) -> str:
    """The agenda in plain words for the child: the body of the agenda letter."""
    return _tidy(render_to_string("meetings/letters/agenda.txt", _text_context(meeting)))


def invitation_text(meeting: Meeting, participant: MeetingParticipant) -> str:
    """The invitation for an adult. It does not repeat the child's own items or what the child
    wants to say: those are the child's to share at the meeting."""
    context = {**_text_context(meeting), "participant": participant}
    return _tidy(render_to_string("meetings/letters/invitation.txt", context))


def summary_text_for_child(meeting: Meeting) -> str:
    context = {**_text_context(meeting), "topics": list(meeting.next_time_topics.all())}
    return _tidy(render_to_string("meetings/letters/summary.txt", context))


def meeting_send_agenda(*, actor, meeting: Meeting, channel: str):
    """Send the child the agenda in plain words (one click). Meets the agenda task."""
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the letter is sent.")})
    with transaction.atomic():
        meeting = _locked(meeting)
        _must_be_planned(meeting)
        child = meeting.case.child
        letter = letters.letter_send(
            actor=actor,
            child=child,
            case=meeting.case,
            recipient=letters.Recipient.child(child),
            kind=LetterKind.MEETING_AGENDA,
            subject=_("Your meeting on %(day)s") % {"day": _day(meeting)},
            body=agenda_text_for_child(meeting),
            channel=channel,
            related_ref=meeting.ref,
        )
        _bump(meeting, agenda_sent_at=timezone.now())
        _event(
            actor=actor,
            meeting=meeting,
            kind="meeting.agenda_sent",
            ref=f"{meeting.ref}#agenda",
            data={"about": meeting.ref, "channel": channel, "letter": letter.ref},
        )
        obligations_refresh(meeting.case)
    return letter


def _day(meeting: Meeting) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")


@dataclass
class InvitationResult:
    sent: list  # (participant, letter)
    blocked: list  # (participant, letter): stopped by the child's safety restriction


def meeting_invite(*, actor, meeting: Meeting, channel: str = Channel.DIGITAL_POST):
    """Send an invitation to every participant who is a registered person, a network member or
    the child's bisidder. ``letter_send`` stops letters to people named by the child's safety
    restriction; the result says who did not get one, so the caseworker can act on it."""
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the letter is sent.")})
    with transaction.atomic():
        meeting = _locked(meeting)
        _must_be_planned(meeting)
        child = meeting.case.child
        invitees = [
            participant
            for participant in meeting.participants.select_related(
                "person", "network_member", "bisidder"
            )
            if participant.person_id or participant.network_member_id or participant.bisidder_id
        ]
        if not invitees:
            raise ValidationError(
                _("No one on the list can get an invitation: add parents, network or bisidder.")
            )
        restricted = participation.restricted_people(child=child)
        result = InvitationResult(sent=[], blocked=[])
        subject = _("Invitation to a meeting on %(day)s") % {"day": _day(meeting)}
        for participant in invitees:
            if participant.person_id:
                kind = RecipientKind.PERSON
            elif participant.network_member_id:
                kind = RecipientKind.NETWORK
            else:
                kind = RecipientKind.BISIDDER
            letter = letters.letter_send(
                actor=actor,
                child=child,
                case=meeting.case,
                recipient=letters.Recipient(
                    kind=kind,
                    name=participant.name,
                    person=participant.person,
                    network_member=participant.network_member,
                    bisidder=participant.bisidder,
                ),
                kind=LetterKind.MEETING_INVITATION,
                subject=subject,
                body=invitation_text(meeting, participant),
                channel=channel,
                related_ref=meeting.ref,
                restricted=restricted,
            )
            bucket = result.blocked if letter.status == LetterStatus.BLOCKED else result.sent
            bucket.append((participant, letter))
    return result


# --- the meeting and after ----------------------------------------------------------------------


def meeting_hold(*, actor, meeting: Meeting, held_on: dt.date) -> Meeting:
    """Record that the meeting took place. Starts the summary task (5 working days)."""
    date_not_future(held_on, "held_on")
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("The meeting was cancelled; it cannot be recorded as held."))
        if meeting.status == MeetingStatus.HELD:
            raise ValidationError(_("The meeting is already recorded as held."))
        if held_on < timezone.localdate(meeting.created_at):
            raise ValidationError(
                {"held_on": _("The meeting cannot be held before it was planned.")}
            )
        _bump(meeting, status=MeetingStatus.HELD, held_on=held_on)
        _event(
            actor=actor,
            meeting=meeting,
            kind="meeting.held",
            data={"held_on": held_on.isoformat(), "kind": meeting.kind},
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
        meeting = _locked(meeting)
        if expected_version is not None and meeting.version != expected_version:
            saved = {name: getattr(meeting, name) for name in SUMMARY_FIELDS}
            mine = {
                "summary_for_child": summary_for_child,
                "child_understood": child_understood,
                "understood_note": (understood_note or "").strip(),
            }
            if saved != mine or _open_topics(meeting) != topics:
                raise _conflict(meeting, summary=True)
        if meeting.status != MeetingStatus.HELD:
            raise ValidationError(_("Record that the meeting was held before writing the summary."))
        _bump(
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
        _event(
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
        meeting = _locked(meeting)
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
                subject=_("What we decided at the meeting on %(day)s") % {"day": _day(meeting)},
                body=summary_text_for_child(meeting),
                channel=how,
                related_ref=meeting.ref,
            )
        _bump(meeting, summary_delivered_on=delivered_on, summary_delivered_how=how)
        data = {"about": meeting.ref, "understood": meeting.child_understood, "how": how}
        if letter is not None:
            data["letter"] = letter.ref
        _event(
            actor=actor,
            meeting=meeting,
            kind="meeting.summary_delivered",
            ref=f"{meeting.ref}#summary",
            data=data,
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
        meeting = _locked(meeting)
        if meeting.status == MeetingStatus.HELD:
            raise ValidationError(_("The meeting has been held; it cannot be cancelled."))
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("The meeting is already cancelled."))
        _bump(meeting, status=MeetingStatus.CANCELLED, cancelled_reason=reason)
        NextTimeTopic.objects.filter(used_in=meeting).update(used_in=None)
        _event(actor=actor, meeting=meeting, kind="meeting.cancelled", data={"reason": reason})
        obligations_refresh(meeting.case)
    return meeting
