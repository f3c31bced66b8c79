"""Sending letters about a child: the one place that enforces the safety restriction."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stemme.audit.services import event_record
from stemme.letters.models import (
    Channel,
    Delivery,
    Letter,
    LetterKind,
    LetterStatus,
    RecipientKind,
)
from stemme.letters.services.channels import adapter_for
from stemme.letters.services.delivered import letter_delivered
from stemme.participation.selectors.safety import is_restricted


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


def _check_recipient_belongs(*, child, case, recipient: Recipient) -> None:
    """A letter about one child never goes to another child's network or bisidder."""
    if case is not None and case.child_id != child.pk:
        raise ValidationError(_("The case belongs to another child."))
    if recipient.person is not None and recipient.person.municipality_id != child.municipality_id:
        raise ValidationError(_("The recipient belongs to another municipality."))
    if recipient.network_member is not None and recipient.network_member.child_id != child.pk:
        raise ValidationError(_("The recipient is in another child's network."))
    if recipient.bisidder is not None and recipient.bisidder.child_id != child.pk:
        raise ValidationError(_("The recipient is another child's bisidder."))


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
    """Send (record) a letter and hand it to its channel. A recipient named by a safety
    restriction gets nothing: the letter is kept as *blocked*, so the caseworker sees that it
    was stopped and why.

    Checked: the recipient's registered person, the network member (and the registered
    person behind it) and, for a recipient given only by name, the name. A letter to the child
    always goes. ``restricted`` (``participation.selectors.safety.restricted_people``) may be
    passed when sending many letters for the same child.

    The letter counts as *sent* only when the channel confirms it (``channels.py``); until then
    it is *ready to send*. The ``letter.sent`` event records that the letter was released past
    the safety check (its kind and data are unchanged).
    """
    if kind not in LetterKind.values:
        raise ValidationError(_("Unknown kind of letter."))
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the letter is sent.")})
    if recipient.kind not in RecipientKind.values:
        raise ValidationError(_("Unknown recipient."))
    if not subject.strip() or not body.strip():
        raise ValidationError(_("A letter needs a subject and a text."))
    if not recipient.name.strip():
        raise ValidationError(_("Say who the letter is for."))
    _check_recipient_belongs(child=child, case=case, recipient=recipient)
    blocked = recipient.kind != RecipientKind.CHILD and is_restricted(
        child=child,
        person=recipient.person,
        network_member=recipient.network_member,
        restricted=restricted,
        name=recipient.name,
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
        if not blocked:
            confirmation = adapter_for(channel).deliver(letter)
            if confirmation is not None:
                letter.delivery = Delivery.SENT
                letter.delivered_at = confirmation.at
                letter.delivery_ref = confirmation.ref
                letter.save(update_fields=["delivery", "delivered_at", "delivery_ref"])
        event_record(
            actor=actor,
            municipality=child.municipality,
            child=child,
            case=case,
            kind="letter.blocked" if blocked else "letter.sent",
            ref=letter.ref,
            data={
                "letter_kind": kind,
                "recipient": recipient.name,
                "recipient_kind": recipient.kind,
                "channel": channel,
                "about": related_ref,
            },
        )
        if letter.delivery == Delivery.SENT:
            letter_delivered(actor=actor, letter=letter)
    return letter
