"""What a letter's confirmed delivery means for the case.

A receipt to a professional reporter that a channel confirmed sent (or the caseworker marked
posted or handed over) *is* the receipt the case's duty asks for (``underretning.receipt_sent``),
so it is recorded on the underretning then, with the delivery's date, unless the caseworker
recorded it already.

A decision letter handed over in person, or shown in Min sag, has reached the party that day:
the 4 weeks to complain start (``decision.notified``). A letter by post reaches the party some
days after it was posted, on a day Stemme does not know, so posting starts nothing: counting from
the posting day would end the complaint period too early. The caseworker records the day it was
received when they learn it (``marking.letter_received_record``), and that starts them."""

from django.utils import timezone

from stemme.cases.models import Decision, Intake
from stemme.letters.models import Channel, Letter, LetterKind

RECEIVED_AT_ONCE = (Channel.BY_HAND, Channel.PORTAL)


def letter_delivered(*, actor, letter: Letter) -> None:
    """Call inside the transaction that set the letter's delivery to sent."""
    if letter.kind == LetterKind.DECISION:
        _decision_received(actor=actor, letter=letter)
        return
    if letter.kind != LetterKind.RECEIPT or not letter.related_ref.startswith("intake:"):
        return
    intake_id = letter.related_ref.split(":", 1)[1]
    intake = Intake.objects.filter(pk=intake_id, receipt_sent_on__isnull=True).first()
    if intake is None:  # recorded by the caseworker before the letter went
        return
    # Imported here: the case steps send letters (participation's voice services), so a
    # module-level import would close a cycle; this is the one way back.
    from stemme.cases.services.steps.intake import intake_send_receipt

    intake_send_receipt(actor=actor, intake=intake, sent_on=timezone.localdate(letter.delivered_at))


def _decision_received(*, actor, letter: Letter) -> None:
    if letter.channel not in RECEIVED_AT_ONCE:
        return
    decision_received(
        actor=actor, letter=letter, received_on=timezone.localdate(letter.delivered_at)
    )


def decision_received(*, actor, letter: Letter, received_on) -> None:
    """The party of a decision letter has it since ``received_on``."""
    if not letter.related_ref.startswith("decision:"):
        return
    decision = Decision.objects.filter(pk=letter.related_ref.split(":", 1)[1]).first()
    if decision is None:
        return
    # Imported here for the same reason as above.
    from stemme.cases.services.steps.decision import decision_notified_record

    decision_notified_record(actor=actor, decision=decision, received_on=received_on)
