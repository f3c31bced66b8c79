"""Reads for "my letters": letters actually sent to the account's holder, nothing else.

A child's account sees the letters addressed to the child; a parent's account the letters
addressed to that parent (the registered person) about this child. Blocked letters (stopped by
a safety restriction) were never sent, and letters to anyone else are not the holder's to read.
"""

from django.db.models import QuerySet

from stemme.children.models import PortalAccount
from stemme.letters.models import Letter, LetterStatus, RecipientKind


def letters_for_account(*, account: PortalAccount) -> QuerySet[Letter]:
    letters = Letter.objects.filter(child_id=account.child_id, status=LetterStatus.SENT)
    if account.is_parent:
        letters = letters.filter(recipient_kind=RecipientKind.PERSON, person_id=account.person_id)
    else:
        letters = letters.filter(recipient_kind=RecipientKind.CHILD)
    return letters.order_by("-created_at", "-pk")


def letter_list(*, account: PortalAccount) -> QuerySet[Letter]:
    """Newest first, without the texts (the list shows subject and date)."""
    return letters_for_account(account=account).only("pk", "subject", "kind", "created_at")


def letter_for_account(*, account: PortalAccount, letter_id) -> Letter | None:
    """One letter sent to the holder, or None (the view answers 404) for any other id."""
    return letters_for_account(account=account).filter(pk=letter_id).first()
