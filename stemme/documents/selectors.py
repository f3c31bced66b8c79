"""Reads of the documents app (constant query counts)."""

from dataclasses import dataclass

from stemme.documents.models import Document

ORDERS = {"newest": ("-document_date", "-uploaded_at"), "oldest": ("document_date", "uploaded_at")}


@dataclass(frozen=True)
class CaseDocuments:
    count: int
    latest: list


def documents_for_case(*, case, visibility: str = "", kind: str = "", order: str = "newest"):
    """The case's documents, filtered and sorted by the document's date (1 query per page)."""
    documents = Document.objects.filter(case=case).select_related("uploaded_by")
    if visibility:
        documents = documents.filter(visibility=visibility)
    if kind:
        documents = documents.filter(kind=kind)
    return documents.order_by(*ORDERS.get(order, ORDERS["newest"]))


def document_of_case(*, case, document_id) -> Document | None:
    return Document.objects.filter(case=case, pk=document_id).select_related("case__child").first()


def case_documents(*, case, limit: int = 3) -> CaseDocuments:
    """The case page's panel: how many documents, and the newest (2 queries)."""
    documents = Document.objects.filter(case=case)
    return CaseDocuments(
        count=documents.count(), latest=list(documents.order_by(*ORDERS["newest"])[:limit])
    )
