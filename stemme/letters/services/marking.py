"""The caseworker records what happened to a letter that waits for them: printed, posted, or
handed over in person. Only the steps the letter's channel has (``channels.py``). And, for a
decision letter sent by post, the day the party received it: the 4 weeks to complain run from
that day, which Stemme cannot know by itself (``delivered.py``)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.audit.models import Event
from stemme.audit.services import event_record
from stemme.letters.models import Delivery, Letter, LetterKind, LetterStatus
from stemme.letters.services.channels import adapter_for
from stemme.letters.services.delivered import RECEIVED_AT_ONCE, decision_received, letter_delivered

MARKS = ("printed", "posted", "handed")


def letter_mark(*, actor, letter: Letter, step: str) -> Letter:
    """Record that the letter was printed, posted or handed over. Posting and handing over
    make it *sent*, with the time and the caseworker's name as the reference."""
    if step not in MARKS or step not in adapter_for(letter.channel).caseworker_marks:
        raise ValidationError(_("This letter cannot be marked like that."))
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.status == LetterStatus.BLOCKED:
            raise ValidationError(_("The letter was stopped by the safety restriction."))
        if letter.delivery == Delivery.SENT:
            raise ValidationError(_("The letter has already been sent."))
        if step == "printed" and letter.delivery == Delivery.PRINTED:
            raise ValidationError(_("The letter has already been marked as printed."))
        now = timezone.now()
        if step == "printed":
            letter.delivery = Delivery.PRINTED
        else:
            letter.delivery = Delivery.SENT
            letter.delivered_at = now
            name = actor.get_full_name() if actor is not None else ""
            letter.delivery_ref = f"{step}:{name}"[:120]
        letter.save(update_fields=["delivery", "delivered_at", "delivery_ref"])
        event_record(
            actor=actor,
            municipality=letter.child.municipality,
            child=letter.child,
            case=letter.case,
            kind=f"letter.{step}",
            ref=letter.ref,
            data={"letter_kind": letter.kind, "channel": letter.channel},
        )
        if letter.delivery == Delivery.SENT:
            letter_delivered(actor=actor, letter=letter)
    return letter


RECEIVED = "letter.received"


def receipt_may_be_recorded(letter: Letter) -> bool:
    """A decision letter that went by post (or another channel that cannot tell when the party
    had it): the caseworker records the day it was received."""
    return (
        letter.kind == LetterKind.DECISION
        and letter.related_ref.startswith("decision:")
        and letter.status != LetterStatus.BLOCKED
        and letter.delivery == Delivery.SENT
        and letter.channel not in RECEIVED_AT_ONCE
    )


def letter_received_record(*, actor, letter: Letter, received_on: dt.date) -> Letter:
    """Record the day the party received a decision letter sent by post (they said so on the
    phone, a receipt came back …). The first party's day starts the 4 weeks to complain
    (``decision.notified``, once per decision); each letter keeps its own day. Once per letter:
    a second recording is refused, so a double submit changes nothing."""
    if received_on is None:
        raise ValidationError({"received_on": _("Enter the day the letter was received.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        letter = Letter.objects.select_for_update().select_related("child").get(pk=letter.pk)
        if not receipt_may_be_recorded(letter):
            raise ValidationError(
                _("Only a decision letter that has been sent by post can be marked as received.")
            )
        if received_on < timezone.localdate(letter.delivered_at):
            raise ValidationError(
                {"received_on": _("The letter cannot have been received before it was sent.")}
            )
        if Event.objects.filter(ref=letter.ref, kind=RECEIVED).exists():
            raise ValidationError(_("The day the letter was received has already been recorded."))
        event_record(
            actor=actor,
            municipality=letter.child.municipality,
            child=letter.child,
            case=letter.case,
            kind=RECEIVED,
            ref=letter.ref,
            data={"letter_kind": letter.kind, "received_on": received_on.isoformat()},
            occurred_at=timezone.make_aware(dt.datetime.combine(received_on, dt.time(12))),
        )
        decision_received(actor=actor, letter=letter, received_on=received_on)
    return letter
