"""Reads about letters: what was sent about a child, and what the safety restriction stopped."""

from stemme.letters.models import Letter


def letters_for_child(*, child, related_ref: str | None = None):
    letters = Letter.objects.filter(child=child).select_related("created_by")
    if related_ref is not None:
        letters = letters.filter(related_ref=related_ref)
    return letters.order_by("-created_at")
