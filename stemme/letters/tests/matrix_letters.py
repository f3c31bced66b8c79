"""Access-matrix entries for the letters pages (collected by stemme/access/tests)."""

from stemme.access.testing import child_page
from stemme.letters.services import Recipient, letter_send


def _letter(world):
    letter = letter_send(
        actor=world.assigned_caseworker,
        child=world.child,
        recipient=Recipient.child(world.child),
        kind="other",
        subject="Hej fra din rådgiver",
        body="Vi ses på torsdag.",
        channel="letter",
        case=world.case,
    )
    return {"letter": letter}


ENTRIES = {
    "letters:list": [child_page(setup=_letter)],
    "letters:detail": [
        child_page(kwargs={"child_id": "child.pk", "letter_id": "letter.pk"}, setup=_letter)
    ],
}
