"""Reads for "my documents": the case documents the caseworker chose to show the account's
holder, nothing else.

A child's account sees the documents marked for the child; a parent's account those marked for
the parents. Documents waiting for their virus scan or found infected are not offered (they
cannot be downloaded), and documents on the case team's side never leave it.
"""

from django.db.models import QuerySet

from stemme.children.models import PortalAccount
from stemme.documents.models import Document, ScanState, Visibility

_OFFERED_SCAN_STATES = (ScanState.NOT_SCANNED, ScanState.CLEAN)


def documents_for_account(*, account: PortalAccount) -> QuerySet[Document]:
    visibility = Visibility.PARENTS if account.is_parent else Visibility.CHILD
    return (
        Document.objects.filter(
            case__child_id=account.child_id,
            visibility=visibility,
            scan_state__in=_OFFERED_SCAN_STATES,
        )
        .only("pk", "title", "description", "document_date", "kind", "size", "extension")
        .order_by("-document_date", "-uploaded_at", "-pk")
    )


def document_for_account(*, account: PortalAccount, document_id) -> Document | None:
    """One document shown to the holder, or None (the view answers 404) for any other id."""
    return (
        Document.objects.filter(
            pk=document_id,
            case__child_id=account.child_id,
            visibility=Visibility.PARENTS if account.is_parent else Visibility.CHILD,
            scan_state__in=_OFFERED_SCAN_STATES,
        )
        .select_related("case")
        .first()
    )
