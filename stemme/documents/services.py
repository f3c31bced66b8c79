"""Writes of the documents app: upload (checked, stored under a random name, scanned when a
scanner is configured), the virus scan (``document_scan``, callable later by a worker) and
opening a file to download (a read: the view's access log records it). Keyword-only; each
write with its event in one transaction."""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.audit.services import event_record
from stemme.documents import inspection, scanning
from stemme.documents.models import Document, ScanState, Visibility
from stemme.documents.storage import document_storage

logger = logging.getLogger(__name__)


def _read(upload, limit: int) -> bytes:
    """The upload's bytes, or a refusal when it is larger than ``limit`` (read no further)."""
    if upload.size is not None and upload.size > limit:
        return b"\0" * (limit + 1)  # refused by the size check, not read
    upload.seek(0)
    return upload.read(limit + 1)


def _event(*, actor, document, kind: str, data: dict | None = None):
    case = document.case
    event_record(
        actor=actor,
        municipality=case.child.municipality,
        child=case.child,
        case=case,
        kind=kind,
        ref=document.ref,
        data={"document": str(document.pk), **(data or {})},
    )


def document_upload(
    *,
    actor,
    case,
    upload,
    title: str,
    document_date,
    description: str = "",
    sender: str = "",
    visibility: str = Visibility.CASE_TEAM,
) -> Document:
    """Check the file (stemme/documents/inspection.py), store it under a random name and record
    it; with a scanner configured, scan it now (it waits for the scan until it is clean)."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see the document.")})
    data = _read(upload, settings.STEMME_DOCUMENT_MAX_BYTES)
    inspected = inspection.inspect_upload(data=data, name=upload.name or "")
    scanner = scanning.scanner()
    storage = document_storage()
    key = uuid.uuid4().hex
    stored = storage.save(f"{key[:2]}/{key}", ContentFile(inspected.content))
    try:
        with transaction.atomic():
            document = Document.objects.create(
                case=case,
                title=title[:200],
                description=(description or "").strip(),
                document_date=document_date,
                sender=(sender or "").strip()[:200],
                visibility=visibility,
                kind=inspected.kind,
                content_type=inspected.content_type,
                extension=inspected.extension,
                size=len(inspected.content),
                sha256=hashlib.sha256(inspected.content).hexdigest(),
                original_name=inspection.clean_name(upload.name or ""),
                stored_name=stored,
                scan_state=ScanState.PENDING if scanner.configured else ScanState.NOT_SCANNED,
                uploaded_by=actor,
            )
            _event(
                actor=actor,
                document=document,
                kind="documents.uploaded",
                data={"kind": document.kind, "size": document.size},
            )
    except BaseException:
        storage.delete(stored)
        raise
    if scanner.configured:
        document = document_scan(document=document, scanner=scanner)
    return document


def document_scan(*, document: Document, scanner=None) -> Document:
    """Scan a document that waits for its scan: clean makes it downloadable; infected blocks it
    for good and records ``documents.infected``. An unavailable scanner leaves it waiting."""
    scanner = scanner or scanning.scanner()
    if document.scan_state != ScanState.PENDING or not scanner.configured:
        return document
    with document_storage().open(document.stored_name, "rb") as handle:
        data = handle.read()
    try:
        verdict = scanner.scan(data)
    except scanning.ScannerUnavailable as exc:
        logger.warning("document %s not scanned: %s", document.pk, exc)
        return document
    with transaction.atomic():
        document = (
            Document.objects.select_for_update().select_related("case__child").get(pk=document.pk)
        )
        if document.scan_state != ScanState.PENDING:
            return document
        document.scan_state = ScanState.CLEAN if verdict.clean else ScanState.INFECTED
        document.scan_detail = verdict.detail
        document.scanned_at = timezone.now()
        document.save(update_fields=["scan_state", "scan_detail", "scanned_at"])
        _event(
            actor=None,
            document=document,
            kind="documents.scanned" if verdict.clean else "documents.infected",
            data={} if verdict.clean else {"found": verdict.detail},
        )
    return document


def document_download(*, actor, document: Document):
    """The stored file, opened for reading. Refused while the document waits for its scan or is
    infected. A download is a read: the view's access-log row (purpose ``document_download``)
    records it, not an event (events are changes)."""
    if not document.downloadable:
        raise ValidationError(
            _("The document is waiting for its virus scan and cannot be downloaded yet.")
            if document.scan_state == ScanState.PENDING
            else _("The document is infected with a virus and cannot be downloaded.")
        )
    try:
        return document_storage().open(document.stored_name, "rb")
    except FileNotFoundError as error:  # the storage lost it (a restore without the files)
        logger.error("Document %s: its file is missing from the documents storage", document.pk)
        raise ValidationError(
            _("The document's file is missing. Ask your administrator to restore it.")
        ) from error
