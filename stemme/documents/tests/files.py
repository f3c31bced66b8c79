"""Real files for the tests, built in the test (no fixtures on disk)."""

import io
import zipfile

from PIL import Image

PLAIN_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def real_pdf(text: str = "Brev fra skolen") -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f"<h1>{text}</h1><p>Om fravær.</p>").write_pdf()


def picture_with_gps(image_format: str = "JPEG") -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Kamera A/S"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (55.0, 40.0, 30.0)
    gps[3] = "E"
    gps[4] = (12.0, 34.0, 56.0)
    output = io.BytesIO()
    image.save(output, format=image_format, exif=exif)
    return output.getvalue()


def docx(members: dict | None = None) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        for name, content in (members or {}).items():
            archive.writestr(name, content)
    return output.getvalue()


def odt() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return output.getvalue()


def zip_bomb() -> bytes:
    """A "docx" whose one member unpacks from about 100 kB to 100 MB of zeros."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(100):
                member.write(block)
    return output.getvalue()


def huge_png() -> bytes:
    """A PNG claiming 30 000 × 30 000 pixels (the header only is read before refusing)."""
    import struct
    import zlib

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )


def png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 100, 0)).save(output, format="PNG")
    return output.getvalue()
