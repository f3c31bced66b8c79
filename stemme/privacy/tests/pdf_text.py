"""The text of a PDF WeasyPrint made, read with pikepdf (no text extractor is a dependency):
each font's ToUnicode map turns the shown glyph codes back into characters."""

import io
import re

import pikepdf

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _unicode_map(font) -> tuple[dict[bytes, str], int]:
    """{code: text} from the font's ToUnicode CMap, and the code length in bytes."""
    mapping: dict[bytes, str] = {}
    width = 1
    if "/ToUnicode" not in font:
        return mapping, width
    cmap = font.ToUnicode.read_bytes()
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        pairs = _HEX.findall(block)
        for code, text in zip(pairs[::2], pairs[1::2], strict=True):
            mapping[bytes.fromhex(code.decode())] = bytes.fromhex(text.decode()).decode("utf-16-be")
            width = len(code) // 2
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, first in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            width = len(start) // 2
            base = int(first, 16)
            for offset in range(int(start, 16), int(end, 16) + 1):
                code = offset.to_bytes(width, "big")
                mapping[code] = chr(base + offset - int(start, 16))
    return mapping, width


def _decode(data: bytes, mapping: dict[bytes, str], width: int) -> str:
    return "".join(mapping.get(data[i : i + width], "\ufffd") for i in range(0, len(data), width))


def _stream_text(stream_owner, resources) -> list[str]:
    fonts = {}
    if "/Font" in resources:
        fonts = {name: _unicode_map(font) for name, font in resources.Font.items()}
    pieces, current = [], ({}, 1)
    for operands, operator in pikepdf.parse_content_stream(stream_owner):
        name = str(operator)
        if name == "Tf":
            current = fonts.get(str(operands[0]), ({}, 1))
        elif name == "Tj":
            pieces.append(_decode(bytes(operands[0]), *current))
        elif name == "TJ":
            pieces.append(
                "".join(
                    _decode(bytes(item), *current)
                    for item in operands[0]
                    if isinstance(item, pikepdf.String)
                )
            )
        elif name == "Do" and "/XObject" in resources:
            xobject = resources.XObject.get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                pieces += _stream_text(xobject, xobject.get("/Resources", resources))
    return pieces


def pdf_text(content: bytes) -> str:
    """Every shown text of the PDF, one text run a line, page after page."""
    pdf = pikepdf.open(io.BytesIO(content))
    lines = []
    for page in pdf.pages:
        lines += _stream_text(page, page.Resources)
    return "\n".join(lines)
