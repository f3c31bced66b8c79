"""The texts for the child and the invited, and sending them: the agenda, the invitations."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.cases.services.unit import (
    obligations_refresh,
)
from stemme.deadlines import events
from stemme.letters import services as letters
from stemme.letters.models import Channel, LetterKind, LetterStatus, RecipientKind
from stemme.meetings.models import (
    Meeting,
    MeetingParticipant,
)
from stemme.meetings.selectors import child_agenda
from stemme.meetings.services.common import (
    day_text,
    meeting_bump,
    meeting_event,
    meeting_locked,
    must_be_planned,
)
from stemme.participation import selectors as participation

# --- texts for the child and the invited ---------------------------------------------------------


def _text_context(meeting: Meeting) -> dict:

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
        meeting = meeting_locked(meeting)
        must_be_planned(meeting)
        child = meeting.case.child
        letter = letters.letter_send(
            actor=actor,
            child=child,
            case=meeting.case,
            recipient=letters.Recipient.child(child),
            kind=LetterKind.MEETING_AGENDA,
            subject=_("Your meeting on %(day)s") % {"day": day_text(meeting)},
            body=agenda_text_for_child(meeting),
            channel=channel,
            related_ref=meeting.ref,
        )
        meeting_bump(meeting, agenda_sent_at=timezone.now())
        meeting_event(
            actor=actor,
            meeting=meeting,
            ref=f"{meeting.ref}#agenda",
            fact=events.meeting_agenda_sent(about=meeting.ref, channel=channel, letter=letter.ref),
        )
        obligations_refresh(meeting.case)
    return letter


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
        meeting = meeting_locked(meeting)
        must_be_planned(meeting)
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
        subject = _("Invitation to a meeting on %(day)s") % {"day": day_text(meeting)}
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
