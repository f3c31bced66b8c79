"""The caseworker records what happened to a letter that waits for them: printed, posted, or
handed over in person. Only the steps the letter's channel has (``channels.py``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.audit.services import event_record
from stemme.letters.models import Delivery, Letter, LetterStatus
from stemme.letters.services.channels import adapter_for
from stemme.letters.services.delivered import letter_delivered

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
