"""Documents on a case (sagens dokumenter): a letter from the school, a doctor's statement, a
photo of a drawing. The bytes live in their own storage (``STORAGES["documents"]``, outside the
web root, under a random name); the row holds what the caseworker said about the document and
what the upload check found (the content type is the one sniffed from the content, never the
browser's). The original file name is kept only as metadata.

``visibility`` says who the document may be shown to: Min sag offers a document marked for the
child to the child's account and one marked for the parents to the parents' accounts.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.cases.models import Case


class Visibility(models.TextChoices):
    CASE_TEAM = "case_team", _("The case team only")
    CHILD = "child", _("The case team and the child")
    PARENTS = "parents", _("The case team and the parents")


class DocumentKind(models.TextChoices):
    PDF = "pdf", _("PDF document")
    IMAGE = "image", _("Picture")
    TEXT = "text", _("Text document")
    SPREADSHEET = "spreadsheet", _("Spreadsheet")


class ScanState(models.TextChoices):
    NOT_SCANNED = "not_scanned", _("Not virus scanned")
    PENDING = "pending", _("Waiting for virus scan")
    CLEAN = "clean", _("Virus scanned")
    INFECTED = "infected", _("Infected: blocked")


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="documents", verbose_name=_("case")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    document_date = models.DateField(_("date of the document"))
    sender = models.CharField(_("from"), max_length=200, blank=True)
    visibility = models.CharField(
        _("who may see it"), max_length=20, choices=Visibility.choices, default=Visibility.CASE_TEAM
    )
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    content_type = models.CharField(_("content type"), max_length=120)
    extension = models.CharField(_("file extension"), max_length=10)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    original_name = models.CharField(_("original file name"), max_length=200)
    # The name in the documents storage: random, says nothing about the document.
    stored_name = models.CharField(_("stored as"), max_length=100, unique=True)
    scan_state = models.CharField(
        _("virus scan"), max_length=20, choices=ScanState.choices, default=ScanState.NOT_SCANNED
    )
    scan_detail = models.CharField(_("virus scan result"), max_length=200, blank=True)
    scanned_at = models.DateTimeField(_("virus scanned"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-document_date", "-uploaded_at"]
        indexes = [models.Index(fields=["case", "document_date"], name="documents_case_day")]

    def __str__(self) -> str:
        return self.title

    @property
    def ref(self) -> str:
        return f"document:{self.pk}"

    @property
    def downloadable(self) -> bool:
        """Not blocked by the virus scan: scanned clean, or no scanner configured."""
        return self.scan_state in (ScanState.NOT_SCANNED, ScanState.CLEAN)

    @property
    def download_name(self) -> str:
        """The file name offered on download: the original name's stem (already sanitised)
        with the extension that matches the content."""
        stem = self.original_name.rsplit(".", 1)[0] if "." in self.original_name else ""
        return f"{stem or 'dokument'}.{self.extension}"
