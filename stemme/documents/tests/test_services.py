"""Uploads with real files: what is accepted (and how it is stored), what is refused (with a
Danish message and nothing stored), and the virus scan's states with the fake scanner."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from stemme.audit.models import Event
from stemme.documents import services
from stemme.documents.models import Document, DocumentKind, ScanState
from stemme.documents.scanning import FakeScanner
from stemme.documents.storage import document_storage
from stemme.documents.tests import files
from stemme.documents.tests.conftest import stored_files

pytestmark = pytest.mark.django_db
FAKE = "stemme.documents.scanning.FakeScanner"


def upload(world, name, content, **values):
    return services.document_upload(
        actor=world.assigned_caseworker,
        case=world.case,
        upload=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        title=values.pop("title", "Brev fra skolen"),
        document_date=values.pop("document_date", timezone.localdate()),
        sender=values.pop("sender", "Skolen"),
        **values,
    )


def stored_bytes(document) -> bytes:
    with document_storage().open(document.stored_name, "rb") as handle:
        return handle.read()


def test_a_real_pdf_is_stored_under_a_random_name_outside_the_repository(world, documents_root):
    pdf = files.real_pdf()
    document = upload(world, "../../Brev\x00 fra skolen.pdf", pdf, description="Om fravær")
    assert document.kind == DocumentKind.PDF
    assert document.content_type == "application/pdf"
    assert document.original_name == "Brev fra skolen.pdf"
    assert document.download_name == "Brev fra skolen.pdf"
    assert document.scan_state == ScanState.NOT_SCANNED
    assert document.downloadable
    assert "Brev" not in document.stored_name
    assert "pdf" not in document.stored_name
    [path] = stored_files(documents_root)
    assert path.read_bytes() == pdf
    event = Event.objects.get(kind="documents.uploaded")
    assert event.case == world.case
    assert event.data["document"] == str(document.pk)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_a_picture_is_re_encoded_without_exif_and_gps(world, image_format):
    original = files.picture_with_gps(image_format)
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)  # the test picture has a GPS position
    extension = "jpg" if image_format == "JPEG" else "png"
    document = upload(world, f"tegning.{extension}", original)
    assert document.kind == DocumentKind.IMAGE
    with Image.open(io.BytesIO(stored_bytes(document))) as after:
        assert after.format == image_format
        assert after.size == (40, 30)
        assert not after.getexif()
        assert "exif" not in after.info
    assert b"Kamera" not in stored_bytes(document)


def test_office_documents_are_accepted(world):
    assert upload(world, "notat.docx", files.docx()).kind == DocumentKind.TEXT
    assert upload(world, "notat.odt", files.odt()).kind == DocumentKind.TEXT


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("tom.pdf", lambda: b"", "empty"),
        ("billede.pdf", files.png, "mismatch"),
        ("side.pdf", lambda: b"<!DOCTYPE html><html><script>alert(1)</script></html>", "active"),
        ("tegning.svg", lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "type"),
        ("tegning.png", lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "active"),
        ("billede.heic", lambda: b"\0\0\0\x18ftypheic", "heic"),
        (
            "script.pdf",
            lambda: files.PLAIN_PDF + b"<< /S /JavaScript /JS (app.alert(1)) >>",
            "pdf_script",
        ),
        ("polyglot.pdf", lambda: files.PLAIN_PDF + files.docx(), "polyglot"),
        ("bombe.docx", files.zip_bomb, "zip_bomb"),
        ("makro.docx", lambda: files.docx({"word/vbaProject.bin": b"\0" * 10}), "macros"),
        ("regneark.xlsx", files.docx, "mismatch"),
        ("enorm.png", files.huge_png, "pixels"),
        ("brev.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "type"),
        ("ingenting.pdf", lambda: b"just some text", "mismatch"),
        ("program.exe", lambda: b"MZ\x90\0", "type"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_is_stored(
    world, documents_root, name, content, code
):
    with pytest.raises(ValidationError) as refused:
        upload(world, name, content())
    [error] = refused.value.error_dict["file"]
    assert error.code == code
    assert error.messages[0]
    assert not Document.objects.exists()
    assert not Event.objects.filter(kind__startswith="documents.").exists()
    assert stored_files(documents_root) == []


def test_a_too_large_file_is_refused_before_it_is_read(world, settings, documents_root):
    settings.STEMME_DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        upload(world, "stor.pdf", files.PLAIN_PDF + b"\0" * 2000)
    assert refused.value.error_dict["file"][0].code == "too_large"
    assert stored_files(documents_root) == []


def test_a_title_is_required(world):
    with pytest.raises(ValidationError) as refused:
        upload(world, "brev.pdf", files.PLAIN_PDF, title="  ")
    assert "title" in refused.value.error_dict


# --- Virus scan ------------------------------------------------------------------------------


def test_with_a_scanner_a_clean_document_is_scanned_at_upload(world, settings):
    settings.STEMME_DOCUMENT_SCANNER = FAKE
    document = upload(world, "brev.pdf", files.PLAIN_PDF)
    assert document.scan_state == ScanState.CLEAN
    assert document.downloadable
    assert Event.objects.filter(kind="documents.scanned", ref=document.ref).exists()


def test_an_infected_document_is_blocked_for_good(world, settings):
    settings.STEMME_DOCUMENT_SCANNER = FAKE
    document = upload(world, "brev.pdf", files.PLAIN_PDF + b"% EICAR-TEST\n")
    assert document.scan_state == ScanState.INFECTED
    assert not document.downloadable
    assert document.scan_detail == "Eicar-Signature"
    event = Event.objects.get(kind="documents.infected")
    assert event.data["found"] == "Eicar-Signature"
    with pytest.raises(ValidationError):
        services.document_download(actor=world.assigned_caseworker, document=document)
    # Scanning again changes nothing.
    assert services.document_scan(document=document, scanner=FakeScanner()).scan_state == (
        ScanState.INFECTED
    )


def test_a_scanner_that_is_down_leaves_the_document_waiting(world, settings, monkeypatch):
    settings.STEMME_DOCUMENT_SCANNER = FAKE
    monkeypatch.setattr(FakeScanner, "down", True)
    document = upload(world, "brev.pdf", files.PLAIN_PDF)
    assert document.scan_state == ScanState.PENDING
    assert not document.downloadable
    with pytest.raises(ValidationError):
        services.document_download(actor=world.assigned_caseworker, document=document)
    monkeypatch.setattr(FakeScanner, "down", False)
    document = services.document_scan(document=document)  # e.g. by a worker later
    assert document.scan_state == ScanState.CLEAN
    assert services.document_download(actor=world.assigned_caseworker, document=document).read()


def test_a_picture_over_the_pixel_limit_is_refused(world, settings, documents_root):
    settings.STEMME_DOCUMENT_MAX_PIXELS = 100
    with pytest.raises(ValidationError) as refused:
        upload(world, "tegning.png", files.picture_with_gps("PNG"))
    assert refused.value.error_dict["file"][0].code == "pixels"
    assert stored_files(documents_root) == []
