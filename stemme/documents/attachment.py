"""How a stored document leaves Stemme over HTTP, for the staff and for Min sag alike: as an
attachment (never shown inline, so a hostile file cannot run in our origin), with the content type
the upload check found, never cached, and sandboxed should a browser open it anyway."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from stemme.documents.models import Document

SANDBOX_CSP = (
    "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'; sandbox"
)


def attachment_response(*, document: Document, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.download_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response
