"""Reads about letters: what was sent about a child, and what the safety restriction stopped."""

import datetime as dt
import re

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from stemme.audit.models import Event
from stemme.letters.models import Delivery, Letter, LetterKind, LetterStatus
from stemme.letters.services.channels import adapter_for


def letters_for_child(*, child, related_ref: str | None = None):
    """The child's letters, newest first, with who wrote them and the case (one query)."""
    letters = Letter.objects.filter(child=child).select_related(
        "created_by", "case__child", "person", "network_member", "bisidder"
    )
    if related_ref is not None:
        letters = letters.filter(related_ref=related_ref)
    return letters.order_by("-created_at", "-pk")


# The letters a case step is made into once (letters/services/making.py refuses a second time).
MADE_ONCE_KINDS = (LetterKind.DECISION, LetterKind.DECISION_CHILD, LetterKind.RECEIPT)


def made_letter_refs(*, case) -> set[str]:
    """The refs of the case's decisions and reports whose letters are made (one query)."""
    return set(
        Letter.objects.filter(case=case, kind__in=MADE_ONCE_KINDS)
        .values_list("related_ref", flat=True)
        .distinct()
    )


def letter_counts(*, child) -> dict:
    """{"total": n, "sent": n, "blocked": n} for the child (one query)."""
    counts = Letter.objects.filter(child=child).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=LetterStatus.SENT)),
        blocked=Count("pk", filter=Q(status=LetterStatus.BLOCKED)),
    )
    return counts


def marks_for(letter) -> list[tuple[str, str]]:
    """What the caseworker may record about the letter now: (step, button text)."""
    if letter.status == LetterStatus.BLOCKED or letter.delivery == Delivery.SENT:
        return []
    labels = {
        "printed": _("Mark as printed"),
        "posted": _("Mark as sent by post"),
        "handed": _("Mark as handed over"),
    }
    steps = adapter_for(letter.channel).caseworker_marks
    if letter.delivery == Delivery.PRINTED:
        steps = tuple(step for step in steps if step != "printed")
    return [(step, labels[step]) for step in steps]


def delivery_reference(letter) -> str:
    """The channel's reference in words: a caseworker's mark is stored as "<step>:<name>"
    (``marking.letter_mark``), which is no text for a page."""
    step, _sep, name = letter.delivery_ref.partition(":")
    marked = {
        "posted": _("Recorded as posted by %(name)s"),
        "handed": _("Recorded as handed over by %(name)s"),
    }
    if step in marked and name:
        return marked[step] % {"name": name}
    return letter.delivery_ref


def received_on_for(letter) -> dt.date | None:
    """The day the caseworker recorded that the party received the letter, or None (one
    query)."""
    row = Event.objects.filter(ref=letter.ref, kind="letter.received").values("data").first()
    return dt.date.fromisoformat(row["data"]["received_on"]) if row else None


_BLOCK_BREAK = re.compile(r"\n\s*\n")
_CLOSINGS = ("hilsen",)


def letter_blocks(body: str) -> list[dict]:
    """The letter's text as sections for the print view and the PDF, so headings are tagged
    as headings: a block of lines whose first line is short and ends without punctuation
    starts with that line as its heading ("Klagevejledning", "Hvad vi har besluttet")."""
    blocks = []
    for block in _BLOCK_BREAK.split(body.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        heading = ""
        first = lines[0] if lines else ""
        if (
            (
                len(lines) > 1
                and len(first) <= 60
                and not first.endswith((".", ":", "!", ",", "?", '"'))
                and not any(word in first.lower() for word in _CLOSINGS)
            )
            or len(lines) > 1
            and first.endswith("?")
            and len(first) <= 60
        ):
            heading, lines = first, lines[1:]
        if lines or heading:
            blocks.append({"heading": heading, "lines": lines})
    return blocks
