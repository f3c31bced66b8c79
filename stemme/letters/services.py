"""Sending letters about a child: the one place that enforces the safety restriction."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stemme.audit.services import event_record
from stemme.letters.models import Channel, Letter, LetterKind, LetterStatus, RecipientKind
from stemme.participation import selectors as participation


@dataclass(frozen=True)
class Recipient:
    """Who a letter is for. Exactly one of person/network_member/bisidder, or the child."""

    kind: str
    name: str
    person: object = None
    network_member: object = None
    bisidder: object = None

    @classmethod
    def child(cls, child) -> "Recipient":
        return cls(kind=RecipientKind.CHILD, name=f"{child.first_name} {child.last_name}")


def letter_send(
    *,
    actor,
    child,
    recipient: Recipient,
    kind: str,
    subject: str,
    body: str,
    channel: str,
    case=None,
    related_ref: str = "",
    restricted=None,
) -> Letter:
    """Send (record) a letter. A recipient named by a safety restriction gets nothing: the
    letter is kept as *blocked*, so the caseworker sees that it was stopped and why.

    ``restricted`` may be passed when sending many letters for the same child.
    """
    if kind not in LetterKind.values:
        raise ValidationError(_("Unknown kind of letter."))
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the letter is sent.")})
    if recipient.kind not in RecipientKind.values:
        raise ValidationError(_("Unknown recipient."))
    if not subject.strip() or not body.strip():
        raise ValidationError(_("A letter needs a subject and a text."))
    blocked = recipient.kind != RecipientKind.CHILD and participation.is_restricted(
        child=child,
        person=recipient.person,
        network_member=recipient.network_member,
        restricted=restricted,
    )
    with transaction.atomic():
        letter = Letter.objects.create(
            child=child,
            case=case,
            kind=kind,
            recipient_kind=recipient.kind,
            person=recipient.person,
            network_member=recipient.network_member,
            bisidder=recipient.bisidder,
            recipient_name=recipient.name,
            subject=subject.strip(),
            body=body.strip(),
            channel=channel,
            status=LetterStatus.BLOCKED if blocked else LetterStatus.SENT,
            related_ref=related_ref,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        event_record(
            actor=actor,
            municipality=child.municipality,
            child=child,
            case=case,
            kind="letter.blocked" if blocked else "letter.sent",
            ref=letter.ref,
            data={"letter_kind": kind, "recipient": recipient.name, "about": related_ref},
        )
    return letter
