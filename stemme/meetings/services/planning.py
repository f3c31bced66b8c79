"""Before the meeting: plan it, edit it, say who comes, build the agenda with the child."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from stemme.cases.models import Case
from stemme.cases.services.unit import (
    obligations_refresh,
)
from stemme.children.models import ChildRelation
from stemme.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    NextTimeTopic,
    ParticipantKind,
)
from stemme.meetings.services.common import (
    EDITABLE_FIELDS,
    fields_validated,
    meeting_bump,
    meeting_conflict,
    meeting_day,
    meeting_event,
    meeting_locked,
    must_be_planned,
    planned_event,
)
from stemme.participation.models import Bisidder, NetworkMember
from stemme.participation.selectors.registers import bisidder_age_ok

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
    values = fields_validated(
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
        planned_event(actor, meeting)
        obligations_refresh(case)
    return meeting


def meeting_update(*, actor, meeting: Meeting, expected_version: int, **changes) -> Meeting:
    """Change what was prepared with the child. Moving the meeting plans it again under the same
    ref, so the agenda task moves with it. A held meeting cannot be moved."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update got unknown fields {sorted(unknown)}")
    values = fields_validated(changes)
    with transaction.atomic():
        meeting = meeting_locked(meeting)
        changed = {
            field: value for field, value in values.items() if getattr(meeting, field) != value
        }
        if not changed:
            return meeting  # the same as saved: nothing to overwrite, even from an old page
        if meeting.version != expected_version:
            raise meeting_conflict(meeting)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("The meeting was cancelled; this can no longer change."))
        moved = "starts_at" in values and values["starts_at"] != meeting.starts_at
        new_kind = values.get("kind", meeting.kind)
        if meeting.status == MeetingStatus.HELD and (moved or new_kind != meeting.kind):
            raise ValidationError(
                {"starts_at": _("The meeting has been held; it cannot be moved.")}
            )
        old_day = meeting_day(meeting)
        # A new time or place is a new version of the calendar invitation (selectors/ics.py).
        rescheduled = bool(changed.keys() & {"starts_at", "duration_minutes", "place"})
        sequence = {"sequence": F("sequence") + 1} if rescheduled else {}
        meeting_bump(meeting, **changed, **sequence)
        if (moved and meeting_day(meeting) != old_day) or "kind" in changed:
            planned_event(actor, meeting)
            obligations_refresh(meeting.case)
        meeting_event(
            actor=actor,
            meeting=meeting,
            kind="meeting.changed",
            data={"change": "details", "fields": sorted(changed)},
        )
    return meeting


def _person_belongs_to_child(person, child) -> bool:
    return ChildRelation.objects.filter(child=child, person=person, ended_on__isnull=True).exists()


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
        meeting = meeting_locked(meeting)
        must_be_planned(meeting)
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
            day = meeting_day(meeting)
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
        meeting_event(
            actor=actor,
            meeting=meeting,
            kind="meeting.changed",
            data={"change": "participant_added", "participant_kind": kind},
        )
    return participant


def meeting_participant_remove(*, actor, participant: MeetingParticipant) -> None:
    with transaction.atomic():
        meeting = meeting_locked(participant.meeting)
        must_be_planned(meeting)
        kind = participant.kind
        deleted, _rows = MeetingParticipant.objects.filter(
            pk=participant.pk, meeting=meeting
        ).delete()
        if not deleted:
            raise ValidationError(_("This person is no longer on the list."))
        meeting_event(
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
        meeting = meeting_locked(meeting)
        must_be_planned(meeting)
        position = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting, text=text[:300], from_child=bool(from_child), position=position
        )
        meeting_event(
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
        meeting = meeting_locked(item.meeting)
        must_be_planned(meeting)
        item = AgendaItem.objects.filter(pk=item.pk, meeting=meeting).first()
        if item is None:
            raise ValidationError(_("This agenda item is no longer there."))
        if item.topic_id is not None:
            NextTimeTopic.objects.filter(pk=item.topic_id, used_in=meeting).update(used_in=None)
        from_child = item.from_child
        item.delete()
        meeting_event(
            actor=actor,
            meeting=meeting,
            kind="meeting.changed",
            data={"change": "agenda_item_removed", "from_child": from_child},
        )


def meeting_agenda_reorder(*, actor, meeting: Meeting, item_ids: list[int]) -> None:
    """Put the agenda in the order of ``item_ids`` (every item of the meeting, once)."""
    with transaction.atomic():
        meeting = meeting_locked(meeting)
        must_be_planned(meeting)
        items = {item.pk: item for item in meeting.agenda_items.all()}
        if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
            raise ValidationError(_("The agenda changed while you were working on it. Reload."))
        for position, pk in enumerate(item_ids, start=1):
            items[pk].position = position
        AgendaItem.objects.bulk_update(items.values(), ["position"])
        meeting_event(
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
