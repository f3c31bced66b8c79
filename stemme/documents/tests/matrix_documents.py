"""Access-matrix entries for the documents' pages (collected by stemme/access/tests)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from stemme.access.testing import Entry, child_page

CASE = {"case_id": "case.pk"}
DOCUMENT = {"case_id": "case.pk", "document_id": "document.pk"}
# A small, plain PDF (no script): enough for the upload check.
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _document(world):
    from stemme.documents import services

    document = services.document_upload(
        actor=world.assigned_caseworker,
        case=world.case,
        upload=SimpleUploadedFile("brev fra skolen.pdf", PDF, content_type="application/pdf"),
        title="Brev fra skolen",
        description="Om fravær",
        document_date=timezone.localdate(),
        sender="Skolen",
    )
    return {"document": document}


ENTRIES = {
    "documents:list": [
        child_page(kwargs=CASE, setup=_document),
        child_page(kwargs=CASE, data={"visibility": "case_team", "kind": "pdf", "orden": "oldest"}),
    ],
    # The upload's POST (a file) is fuzzed from stemme/core/tests/fuzz_targets.py (EXTRA).
    "documents:upload": [child_page(kwargs=CASE)],
    # A download is a file, not a page; the access log records it (purpose document_download).
    "documents:download": [
        Entry(
            kwargs=DOCUMENT,
            setup=_document,
            status={
                "anonymous": 302,
                "other_municipality_caseworker": 404,
                "other_team_caseworker": 404,
                "assigned_caseworker": 200,
                "team_leader": 200,
                "administrator": 403,
            },
            logs_access=True,
        )
    ],
}
