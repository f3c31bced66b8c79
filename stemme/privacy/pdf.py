"""The right-of-access export as a readable PDF (fpdf2).

Text is set in DejaVu Sans when the font is installed (Debian: fonts-dejavu-core, which
scripts/system-deps.sh installs): it covers Danish and most scripts a name or a child's own
words can be written in. Without it, the PDF falls back to the PDF core font Helvetica, which
only knows Latin-1: every other character is replaced by "?" instead of failing. Either way,
characters a font has no glyph for (an emoji in a child's message) never stop the export.
"""

import re
import unicodedata
from pathlib import Path

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from stemme.audit import event_kinds
from stemme.privacy.selectors import RightOfAccess

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Control characters break PDF text; keep line breaks and tabs.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Common typography that Latin-1 lacks, for the core-font fallback.
_LATIN1_FRIENDLY = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "*", "€": "EUR"}
)
MAX_VALUE_CHARS = 20_000  # one field; a longer text is cut with a note (the JSON has it all)


class _Document(FPDF):
    def __init__(self, *, title: str, confidential: str):
        super().__init__(format="A4")
        self.title_text = title
        self.confidential = confidential
        self.unicode = self._load_fonts()
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(self.clean(title))
        self.set_creator("Stemme")

    def _load_fonts(self) -> bool:
        paths = {style: FONT_DIR / name for style, name in FONT_FILES.items()}
        if not all(path.is_file() for path in paths.values()):
            return False
        for style, path in paths.items():
            self.add_font("DejaVu", style, str(path))
        return True

    def use(self, size: float, bold: bool = False) -> None:
        family = "DejaVu" if self.unicode else "helvetica"
        self.set_font(family, "B" if bold else "", size)

    def clean(self, text) -> str:
        text = _CONTROL.sub("", unicodedata.normalize("NFC", str(text)))
        if self.unicode:
            return text
        text = text.translate(_LATIN1_FRIENDLY)
        return text.encode("latin-1", "replace").decode("latin-1")

    def header(self):
        self.use(8)
        self.set_text_color(120)
        self.cell(0, 5, self.clean(self.confidential), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.ln(2)

    def footer(self):
        self.set_y(-12)
        self.use(8)
        self.set_text_color(120)
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, self.clean(f"{self.title_text} · {page}"), align="C")
        self.set_text_color(0)

    def text_block(self, text, *, size=10, bold=False, height=5) -> None:
        self.use(size, bold)
        self.multi_cell(0, height, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text, level=1) -> None:
        if self.get_y() > self.h - 50:
            self.add_page()
        self.ln(4 if level == 1 else 2)
        self.text_block(text, size=14 if level == 1 else 11, bold=True, height=7)

    def field(self, label, value) -> None:
        """``label: value`` flowing on one line and wrapping under it."""
        value = str(value)
        if len(value) > MAX_VALUE_CHARS:
            value = value[:MAX_VALUE_CHARS] + " […] " + _("(cut here; the JSON file has it all)")
        self.use(9, True)
        self.write(4.5, self.clean(f"{label}: "))
        self.use(9)
        self.write(4.5, self.clean(value))
        self.ln(5)


def _record(doc: _Document, title: str, record) -> None:
    doc.heading(title, level=2)
    for note in record.review:
        doc.text_block(_("Review: %(note)s") % {"note": note}, size=9, bold=True)
    for label, value in record.labelled:
        if value != "–":  # empty fields are left out here; the JSON file has every field
            doc.field(label, value)


def right_of_access_pdf(export: RightOfAccess, *, made_by: str) -> bytes:
    child = export.child
    title = _("Right of access: %(name)s") % {"name": child.full_name}
    doc = _Document(
        title=title,
        confidential=_(
            "Confidential. For the municipality's review before anything is handed out."
        ),
    )
    doc.alias_nb_pages()
    doc.add_page()
    doc.text_block(title, size=18, bold=True, height=9)
    made = timezone.localtime(export.generated_at)
    doc.text_block(
        _(
            "Made %(when)s by %(who)s. %(records)s records, %(events)s events, "
            "%(rows)s access-log rows."
        )
        % {
            "when": f"{made:%d.%m.%Y %H:%M}",
            "who": made_by,
            "records": export.record_count() + 1,
            "events": len(export.events),
            "rows": len(export.access_log),
        },
        size=9,
    )
    doc.heading(_("Before anything is handed out"))
    for text in export.review:
        doc.text_block(f"• {text}", size=10)

    doc.heading(_("The child"))
    _record(doc, child.full_name, export.child_record)

    if export.persons:
        doc.heading(_("People in the child's records"))
        for record in export.persons:
            name = f"{record.values.get('first_name', '')} {record.values.get('last_name', '')}"
            _record(doc, name, record)

    for section in export.sections:
        doc.heading(f"{section.title} ({len(section.records)})")
        for index, record in enumerate(section.records, start=1):
            _record(doc, f"{capfirst(section.singular)} {index}", record)

    doc.heading(_("What happened (the event log)"))
    if not export.events:
        doc.text_block(_("Nothing."))
    for event in export.events:
        line = f"{_when(event['occurred_at'])} · {event['what']}"
        if event["actor"]:
            line += f" · {event['actor']}"
        doc.text_block(line, size=9, bold=True, height=4.5)
        # In words, as the case's timeline shows it; the raw data is in the JSON file.
        data = event["data"] if isinstance(event["data"], dict) else {}
        if detail := event_kinds.describe(event["kind"], data):
            doc.text_block(detail, size=8, height=4)

    doc.heading(_("Who has looked, as the child's portal shows it"))
    if not export.access_insight:
        doc.text_block(_("Nobody."))
    for line in export.access_insight:
        doc.text_block(
            _("%(day)s · %(who)s (%(unit)s) · %(what)s · %(times)s time(s)")
            % {k: line[k] for k in ("day", "who", "unit", "what", "times")},
            size=9,
        )

    doc.heading(_("The access log, row by row (for the authority's review)"))
    for row in export.access_log:
        text = (
            f"{_when(row['at'])} · {row['user']} ({row['role']}) · {row['action_label']} · "
            f"{row['purpose']}"
        )
        if row["criterion"]:
            text += " · " + _("searched for %(criterion)s") % {"criterion": row["criterion"]}
        doc.text_block(text, size=8, height=4)
    return bytes(doc.output())


def _when(value) -> str:
    """An ISO time from the export as 'dd.mm.yyyy hh:mm' (local time, as exported)."""
    text = str(value or "")
    if len(text) >= 16 and text[4] == "-":
        return f"{text[8:10]}.{text[5:7]}.{text[0:4]} {text[11:16]}"
    return text
