"""The right-of-access export as a tagged PDF (PDF/UA-1), made by WeasyPrint from the template
``privacy/right_of_access_pdf.html`` (stemme.core.pdf), as the letters are.

The PDF has a structure a screen reader can follow: a title, the language, headings for every
part and record, and real tables (each field's label a row header, the logs' columns with
column headers). Text is set in DejaVu Sans (fonts-dejavu-core, which scripts/system-deps.sh
installs), which covers Danish and most scripts a name or a child's own words are written in; a
character no installed font has (an emoji in a child's message) is drawn as an empty box and
never stops the export. Control characters are taken out before the text reaches the HTML.
"""

import re
import unicodedata

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.audit import event_kinds
from stemme.core.pdf import pdf_ua_from_html
from stemme.privacy.selectors import Record, RightOfAccess

# Control characters mean nothing on paper and some are not allowed in HTML; keep line breaks
# and tabs.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_VALUE_CHARS = 20_000  # one field; a longer text is cut with a note (the JSON has it all)
EMPTY = "–"  # how the export shows an empty field; left out here (the JSON has every field)


def clean(text) -> str:
    """``text`` as it can be printed: composed (NFC), without control characters."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", str(text)))


def _value(value) -> str:
    value = clean(value)
    if len(value) > MAX_VALUE_CHARS:
        value = value[:MAX_VALUE_CHARS] + " […] " + _("(cut here; the JSON file has it all)")
    return value


def _record(title: str, record: Record) -> dict:
    return {
        "title": clean(title),
        "review": [clean(note) for note in record.review],
        "fields": [
            (clean(label), _value(value)) for label, value in record.labelled if value != EMPTY
        ],
    }


def _when(value) -> str:
    """An ISO time from the export as 'dd.mm.yyyy hh:mm' (local time, as exported)."""
    text = str(value or "")
    if len(text) >= 16 and text[4] == "-":
        return f"{text[8:10]}.{text[5:7]}.{text[0:4]} {text[11:16]}"
    return text


def _day(value) -> str:
    """An ISO date as 'dd.mm.yyyy'."""
    text = str(value or "")
    if len(text) >= 10 and text[4] == "-":
        return f"{text[8:10]}.{text[5:7]}.{text[0:4]}"
    return text


def _role(code: str) -> str:
    if code in Role.values:
        return str(Role(code).label)
    if code.startswith("my_case"):
        return _("My case")
    return code


def _events(export: RightOfAccess) -> list[dict]:
    rows = []
    for event in export.events:
        # In words, as the case's timeline shows it; the raw data is in the JSON file.
        data = event["data"] if isinstance(event["data"], dict) else {}
        rows.append(
            {
                "when": _when(event["occurred_at"]),
                "what": clean(event["what"]),
                "actor": clean(event["actor"] or ""),
                "detail": _value(event_kinds.describe(event["kind"], data) or ""),
            }
        )
    return rows


def _access_log(export: RightOfAccess) -> list[dict]:
    return [
        {
            "when": _when(row["at"]),
            "user": clean(row["user"]),
            "role": _role(row["role"]),
            "action": clean(row["action_label"]),
            "purpose": clean(row["purpose"]),
            "criterion": clean(row["criterion"] or ""),
        }
        for row in export.access_log
    ]


def right_of_access_html(export: RightOfAccess, *, made_by: str) -> str:
    """The document as HTML (the PDF is made from it)."""
    child = export.child
    made = timezone.localtime(export.generated_at)
    persons = [
        _record(f"{p.values.get('first_name', '')} {p.values.get('last_name', '')}", p)
        for p in export.persons
    ]
    sections = [
        {
            "heading": f"{clean(section.title)} ({len(section.records)})",
            "records": [
                _record(f"{capfirst(section.singular)} {index}", record)
                for index, record in enumerate(section.records, start=1)
            ],
        }
        for section in export.sections
    ]
    context = {
        "language": get_language() or "da",
        "title": clean(_("Right of access: %(name)s") % {"name": child.full_name}),
        "municipality": clean(child.municipality.name),
        "created": made.isoformat(timespec="seconds"),
        "made": clean(
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
            }
        ),
        "review": [clean(text) for text in export.review],
        "child": _record(child.full_name, export.child_record),
        "persons": persons,
        "sections": sections,
        "events": _events(export),
        "insight": [
            {
                "day": _day(line["day"]),
                **{key: clean(line[key]) for key in ("who", "unit", "what")},
                "times": line["times"],
            }
            for line in export.access_insight
        ],
        "access_log": _access_log(export),
    }
    return render_to_string("privacy/right_of_access_pdf.html", context)


def right_of_access_pdf(export: RightOfAccess, *, made_by: str) -> bytes:
    # The HTML refers to nothing outside itself (its CSS is inline): no base URL.
    return pdf_ua_from_html(right_of_access_html(export, made_by=made_by), base_url=None)
