"""Writes about letters. ``letter_send`` (sending.py) is the one place that enforces the
safety restriction; channels.py says how a letter reaches its recipient and when it counts as
sent; making.py makes the decision letters and the receipt from their templates."""

from stemme.letters.services.making import decision_letters_make, receipt_letter_make
from stemme.letters.services.marking import (
    letter_mark,
    letter_received_record,
    receipt_may_be_recorded,
)
from stemme.letters.services.sending import Recipient, letter_send

__all__ = [
    "Recipient",
    "decision_letters_make",
    "letter_mark",
    "letter_received_record",
    "letter_send",
    "receipt_letter_make",
    "receipt_may_be_recorded",
]
