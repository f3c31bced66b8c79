"""Reading a child's message as part of another act (answering it, taking its alarm)."""

from stemme.participation.models import PortalMessage


def read_by_the_way(locked: PortalMessage, *, actor, now) -> list[str]:
    """Whoever answers (or takes the alarm of) an unread message has read it: set the reading on
    the locked row and return the fields to save with the rest (none when already read)."""
    if locked.read_at is not None:
        return []
    locked.read_at = now
    locked.read_by = actor
    return ["read_at", "read_by"]
