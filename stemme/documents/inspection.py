"""The upload check: what a file *is*, judged from its content, never from its name or the
browser's content type.

- The type is sniffed with ``puremagic`` and must agree with the file's extension (a PNG named
  ``.pdf`` is refused).
- Anything that looks like a web page, SVG or script is refused, and so is a file that is two
  things at once (a PDF that is also a zip archive).
- PDF: refused if it holds JavaScript or a launch action (a plain scan of the names
  ``/JavaScript``, ``/JS``, ``/Launch``).
- Pictures (JPEG, PNG) are decoded with Pillow (its decompression-bomb guard on, a pixel limit)
  and re-encoded, so nothing but the pixels is kept: EXIF, GPS positions and comments go.
  HEIC cannot be decoded here and is refused with a hint.
- Office documents (docx, xlsx, odt, ods) are zip archives: refused when encrypted, with odd
  compression, with too many members, when they unpack to too much or compress too well (a zip
  bomb: the members are really unpacked, with a cap, not trusted by their headers), or with
  macros. Old binary Office files (doc, xls) are refused.
"""

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from stemme.documents.models import DocumentKind

PDF, JPEG, PNG, ZIP = "pdf", "jpeg", "png", "zip"

# extension -> (family sniffed from the content, kind, content type stored and served)
ACCEPTED = {
    "pdf": (PDF, DocumentKind.PDF, "application/pdf"),
    "jpg": (JPEG, DocumentKind.IMAGE, "image/jpeg"),
    "jpeg": (JPEG, DocumentKind.IMAGE, "image/jpeg"),
    "png": (PNG, DocumentKind.IMAGE, "image/png"),
    "docx": (
        ZIP,
        DocumentKind.TEXT,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        ZIP,
        DocumentKind.SPREADSHEET,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "odt": (ZIP, DocumentKind.TEXT, "application/vnd.oasis.opendocument.text"),
    "ods": (ZIP, DocumentKind.SPREADSHEET, "application/vnd.oasis.opendocument.spreadsheet"),
}
# The start of a file's content per family (the signature must be at offset 0).
SIGNATURES = {
    PDF: b"%PDF-",
    JPEG: b"\xff\xd8\xff",
    PNG: b"\x89PNG\r\n\x1a\n",
    ZIP: b"PK\x03\x04",
}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
# What a web browser would run or render: refused wherever it shows up at the start.
ACTIVE_MARKERS = (b"<html", b"<!doctype", b"<svg", b"<script", b"<body", b"<iframe")
ACTIVE_TYPES = ("html", "svg", "javascript", "x-sh", "x-php")
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch)(?![A-Za-z0-9])")

ZIP_MAX_MEMBERS = 2000
ZIP_MAX_UNPACKED = 250 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Inspected:
    content: bytes  # what is stored: the upload, or a picture re-encoded
    kind: str
    content_type: str
    extension: str


def _refuse(message: str, code: str):
    return ValidationError({"file": ValidationError(message, code=code)})


def clean_name(name: str) -> str:
    """The original file name as metadata: no folders, no control characters, at most 150
    characters, Unicode NFC."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    if len(name) > 150:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 150 - len(extension) - 1]}.{extension}" if dot else name[:150]
    return name or "dokument"


def _extension(name: str) -> str:
    return clean_name(name).rpartition(".")[2].lower() if "." in (name or "") else ""


def inspect_upload(*, data: bytes, name: str) -> Inspected:
    """Check an upload; return what to store, or raise a ``ValidationError`` on ``file``."""
    limit = settings.STEMME_DOCUMENT_MAX_BYTES
    if not data:
        raise _refuse(_("The file is empty."), "empty")
    if len(data) > limit:
        raise _refuse(
            _("The file is too large. A document may be at most %(limit)s MB.")
            % {"limit": limit // (1024 * 1024)},
            "too_large",
        )
    extension = _extension(name)
    if extension in ("heic", "heif"):
        raise _refuse(
            _("HEIC pictures cannot be received. Save the picture as JPEG and upload it again."),
            "heic",
        )
    if extension not in ACCEPTED:
        raise _refuse(
            _(
                "This type of file cannot be received. Choose a PDF, a picture (JPEG or PNG) or "
                "an office document (docx, xlsx, odt or ods)."
            ),
            "type",
        )
    family, kind, content_type = ACCEPTED[extension]
    sniffed, guesses = _sniff(data)
    if sniffed != ZIP:
        # A zip archive's members are XML by design; its structure is checked below instead.
        _refuse_active(data, guesses)
    if sniffed != family:
        raise _refuse(
            _(
                "The content of the file does not match its name (.%(extension)s). The file "
                "was not received."
            )
            % {"extension": extension},
            "mismatch",
        )
    if family == PDF:
        _check_pdf(data)
    elif family == ZIP:
        _check_office(data, extension)
    else:
        data = _reencode(data, PILLOW_FORMATS[family])
    return Inspected(content=data, kind=kind, content_type=content_type, extension=extension)


def _refuse_active(data: bytes, guesses: list[str]) -> None:
    head = data[:1024].lower()
    active_guess = any(t in guess for guess in guesses for t in ACTIVE_TYPES)
    if active_guess or any(marker in head for marker in ACTIVE_MARKERS):
        raise _refuse(
            _("The file contains a web page or a script and cannot be received."), "active"
        )


def _sniff(data: bytes) -> tuple[str, list[str]]:
    """The family the content starts as (the signature at offset 0, confirmed by puremagic),
    or "", and puremagic's guesses (content types)."""
    try:
        matches = puremagic.magic_string(data[:8192])
    except puremagic.PureError:
        matches = []
    guesses = [(match.mime_type or "").lower() for match in matches]
    at_start = {match.extension.lstrip(".").lower() for match in matches if match.offset == 0}
    for family, signature in SIGNATURES.items():
        if data.startswith(signature) and (
            family in at_start
            or (family == JPEG and at_start & {"jpg", "jpeg", "jfif"})
            or (family == ZIP and at_start & {"zip", "docx", "xlsx", "odt", "ods", "jar"})
        ):
            return family, guesses
    return "", guesses


def _check_pdf(data: bytes) -> None:
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse(
            _("The file is both a PDF and an archive and cannot be received."), "polyglot"
        )
    if PDF_ACTIVE.search(data):
        raise _refuse(
            _("The PDF contains JavaScript or a launch action and cannot be received."),
            "pdf_script",
        )


def _reencode(data: bytes, image_format: str) -> bytes:
    """The picture's pixels only, in the same format: metadata (EXIF, GPS) is not copied."""
    not_a_picture = _refuse(_("The picture cannot be read."), "picture")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                if width * height > settings.STEMME_DOCUMENT_MAX_PIXELS:
                    raise _refuse(
                        _(
                            "The picture has too many pixels (%(width)s × %(height)s). A "
                            "picture may have at most %(limit)s megapixels."
                        )
                        % {
                            "width": width,
                            "height": height,
                            "limit": settings.STEMME_DOCUMENT_MAX_PIXELS // 1_000_000,
                        },
                        "pixels",
                    )
                if probe.format != image_format:
                    raise not_a_picture
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                picture = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _refuse(
                _("The picture has far too many pixels and cannot be received."), "pixels"
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise not_a_picture from exc
    if image_format == "JPEG" and picture.mode not in ("RGB", "L", "CMYK"):
        picture = picture.convert("RGB")
    picture.info = {}
    output = io.BytesIO()
    picture.save(output, format=image_format, **({"quality": 90} if image_format == "JPEG" else {}))
    return output.getvalue()


def _office_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return ""
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].strip()
        return {
            b"application/vnd.oasis.opendocument.text": "odt",
            b"application/vnd.oasis.opendocument.spreadsheet": "ods",
        }.get(mimetype, "")
    return ""


def _check_office(data: bytes, extension: str) -> None:
    odd = _refuse(_("The office document cannot be read or is protected."), "office")
    bomb = _refuse(
        _("The office document unpacks to far too much and cannot be received."), "zip_bomb"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise bomb
            for member in members:
                if member.flag_bits & 0x1 or member.compress_type not in (
                    zipfile.ZIP_STORED,
                    zipfile.ZIP_DEFLATED,
                ):
                    raise odd
                if member.filename.startswith(("/", "\\")) or ".." in member.filename:
                    raise odd
            names = {member.filename for member in members}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise _refuse(_("Office documents with macros cannot be received."), "macros")
            # Unpack for real, with a cap: a member's header may lie about its size.
            unpacked = 0
            budget = min(ZIP_MAX_UNPACKED, max(len(data), 1) * ZIP_MAX_RATIO)
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(ZIP_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > budget:
                            raise bomb
            if _office_kind(archive, names) != extension:
                raise _refuse(
                    _(
                        "The content of the file does not match its name (.%(extension)s). "
                        "The file was not received."
                    )
                    % {"extension": extension},
                    "mismatch",
                )
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as exc:
        raise odd from exc
