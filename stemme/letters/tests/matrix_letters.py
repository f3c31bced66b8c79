"""Access-matrix entries for the letters pages (collected by stemme/access/tests)."""

import datetime as dt
from dataclasses import replace

from django.utils import timezone

from stemme.access.testing import REPORTER_NAME, child_page
from stemme.letters.services import Recipient, letter_send

LETTER = {"child_id": "child.pk", "letter_id": "letter.pk"}


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


def _decision(world):
    # Made directly: the letters only read a made decision (the decision service's guards are
    # the cases app's to test).
    from stemme.cases.models import Decision  # matrix setups import lazily (collected early)
    from stemme.children.services import person_link_to_child

    person_link_to_child(
        actor=None,
        child=world.child,
        first_name="Mona",
        last_name="Forælder",
        relation="mother",
        has_custody=True,
    )
    decision = Decision.objects.create(
        case=world.case,
        paragraph="32",
        legal_basis="barnets lov § 32, stk. 1, nr. 3",
        decided_on=timezone.localdate() - dt.timedelta(days=1),
        purpose="Mere ro i hverdagen",
        expected_duration="6 måneder",
        reasoning="Familien har brug for støtte.",
    )
    return {"decision": decision}


def _posted_decision_letter(world):
    from types import SimpleNamespace  # matrix setups import lazily (collected early)

    from stemme.letters.services import decision_letters_make, letter_mark

    decision = _decision(world)["decision"]
    letters = decision_letters_make(actor=world.assigned_caseworker, decision=decision)
    # Not one the safety restriction stopped (a world with a restricted parent has one).
    letter = next(letter for letter in letters if letter.status != "blocked")
    letter = letter_mark(actor=world.assigned_caseworker, letter=letter, step="posted")
    # The day it was received: the day it was sent, known only when the setup runs.
    return {"letter": letter, "sent": SimpleNamespace(on=timezone.localdate().isoformat())}


def _intake(world):
    from stemme.cases.services.steps.intake import intake_register  # see _decision

    intake = intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        received_at=timezone.now() - dt.timedelta(hours=2),
        content="Barnet kommer ofte sultent i skole.",
        reporter_type="professional",
        reporter_name=REPORTER_NAME,
    )
    return {"intake": intake}


ENTRIES = {
    "letters:list": [child_page(setup=_letter)],
    "letters:detail": [child_page(kwargs=LETTER, setup=_letter)],
    "letters:print": [child_page(kwargs=LETTER, setup=_letter)],
    # The PDF's text is compressed, so the matrix cannot see the child's name in it;
    # test_letters_pdf.py reads it.
    "letters:pdf": [replace(child_page(kwargs=LETTER, setup=_letter), shows_child=False)],
    "letters:mark": [
        child_page(
            method="post", kwargs=LETTER, data={"step": "printed"}, writes=True, setup=_letter
        )
    ],
    "letters:received": [
        child_page(
            method="post",
            kwargs=LETTER,
            data={"received_on": "sent.on"},
            writes=True,
            setup=_posted_decision_letter,
        )
    ],
    "letters:decision_make": [
        child_page(
            method="post",
            kwargs={"child_id": "child.pk", "decision_id": "decision.pk"},
            writes=True,
            setup=_decision,
        )
    ],
    "letters:receipt_make": [
        child_page(
            method="post",
            kwargs={"child_id": "child.pk", "intake_id": "intake.pk"},
            writes=True,
            setup=_intake,
        )
    ],
}
