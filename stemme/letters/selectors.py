"""Reads about letters: what was sent about a child, and what the safety restriction stopped."""

from django.db.models import Count, Q

from stemme.letters.models import Letter, LetterStatus


def letters_for_child(*, child, related_ref: str | None = None):
    """The child's letters, newest first, with who wrote them and the case (one query)."""
    letters = Letter.objects.filter(child=child).select_related(
        "created_by", "case", "person", "network_member", "bisidder"
    )
    if related_ref is not None:
        letters = letters.filter(related_ref=related_ref)
    return letters.order_by("-created_at", "-pk")


def letter_counts(*, child) -> dict:
    """{"total": n, "sent": n, "blocked": n} for the child (one query)."""
    counts = Letter.objects.filter(child=child).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=LetterStatus.SENT)),
        blocked=Count("pk", filter=Q(status=LetterStatus.BLOCKED)),
    )
    return counts
