"""Hypothesis strategies for hostile input, shared by the form and import fuzz tests.

A form post is the valid data of a form (an access-matrix entry's ``data``, or what the rendered
form holds) with each field kept, dropped, replaced by a hostile value or repeated as a list, plus
a few fields the form never asked for. An import is a valid document mutated the same way at one
or more of its JSON paths. The hostile values are the classic ones: empty and blank text, very
long text, NUL bytes (PostgreSQL refuses them in text), control characters, right-to-left marks,
emoji and combining characters, markup and SQL, numbers at and beyond the 32- and 64-bit limits,
impossible and extreme dates and times, and ids of the wrong kind or of another child.
"""

import copy
import os
import uuid

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Examples per form and per import mutation; CI keeps it small (the suite must stay fast), a
# local hunt raises it: STEMME_FUZZ_EXAMPLES=200 pytest stemme/core/tests/test_fuzz_forms.py,
# and STEMME_FUZZ_RANDOM=1 draws new examples instead of the fixed sequence.
MAX_EXAMPLES = int(os.environ.get("STEMME_FUZZ_EXAMPLES", "6"))

FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    # The same examples on every run: CI is stable, a failure reproduces.
    derandomize=os.environ.get("STEMME_FUZZ_RANDOM") != "1",
    database=None,  # derandomized runs need no example database (and write no .hypothesis/)
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    print_blob=True,
)

NUL = "\x00"
LONG = "x" * 10_001
LONG_UNICODE = "Æø" * 6_000

TEXTS = [
    "",
    " ",
    " \t\r\n ",
    NUL,
    f"før{NUL}efter",
    "\x01\x02\x07\x08\x0b\x0c\x1b\x7f",
    "\u200b\u200e\u200f\u202e",  # zero width, LTR/RTL marks, right-to-left override
    "\u202eevil.exe\u202c",
    "مرحبا بالعالم",
    "שלום",
    "😀👨‍👩‍👧‍👦🏳️‍🌈",
    "e\u0301\u0302\u0303\u0304" * 20,  # combining characters piled up
    "\ufeffBOM",
    "\uffff\ufffe",
    "Ω" * 300,
    LONG,
    LONG_UNICODE,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR 1=1 --",
    "'; DROP TABLE children_child; --",
    "{{ 7|add:7 }}{% debug %}",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "${jndi:ldap://example.invalid/a}",
    "\\",
    "on",
    "true",
    "None",
    "null",
    "__all__",
]
NUMBERS = [
    "-1",
    "0",
    "-0",
    "1.5",
    "1,5",
    "2147483647",
    str(2**31),
    str(-(2**31) - 1),
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    str(2**64),
    "9" * 40,
    "1" * 5_000,  # longer than Python's int() digit limit
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "0x10",
    "١٢٣",  # Arabic-Indic digits: int() accepts them
    "1_000",
]
DATES = [
    "2026-02-30",
    "2026-02-29",
    "2028-02-29",
    "2026-13-01",
    "2026-00-10",
    "0000-01-01",
    "0001-01-01",
    "1900-01-01",
    "9999-12-31",
    "31.12.2026",
    "31/12/2026",
    "12/31/2026",
    "2026-1-1",
    "20260101",
    "2026-02-01T25:61",
    "25:61",
    "24:00",
    "2026-02-01T10:00",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2026-03-29T02:30",  # does not exist in Copenhagen (summer time starts)
    "2026-10-25T02:30",  # happens twice in Copenhagen (summer time ends)
    "2026-02-01T10:00:00+14:00",
    "+002026-02-01",
]
IDS = [
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "not-a-uuid",
    "6f1c0d7e2b7a4c559a390d6c1d2e3f40",
    "{6f1c0d7e-2b7a-4c55-9a39-0d6c1d2e3f40}",
    str(uuid.UUID(int=7)),
]
HOSTILE = TEXTS + NUMBERS + DATES + IDS

# Field names a form never asks for: mass assignment, ids, the session's own keys.
EXTRA_NAMES = [
    "id",
    "pk",
    "child",
    "child_id",
    "case",
    "municipality",
    "actor",
    "role",
    "is_staff",
    "is_superuser",
    "version",
    "expected_version",
    "action",
    "next",
    "csrfmiddlewaretoken",
    "",
    NUL,
]

# Text Hypothesis makes up itself: any character a browser can send (no lone surrogates).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


def hostile_values(extra: list[str] = ()) -> st.SearchStrategy[str]:
    """One hostile value; ``extra`` adds the target's own (other children's ids, choices)."""
    return st.one_of(st.sampled_from(HOSTILE + list(extra)), any_text)


KEEP, DROP, REPLACE, REPEAT, APPEND = "keep", "drop", "replace", "repeat", "append"
# Keeping a field is likelier, so most posts get past the first field and reach the service.
_OPERATIONS = [KEEP] * 4 + [DROP, REPLACE, REPLACE, REPEAT, APPEND]


def field_change(extra: list[str] = (), values=None) -> st.SearchStrategy[tuple]:
    values = values if values is not None else hostile_values(extra)
    return st.sampled_from(_OPERATIONS).flatmap(
        lambda op: st.tuples(
            st.just(op),
            st.lists(values, min_size=2, max_size=3) if op == REPEAT else values,
        )
    )


def form_changes(
    names: list[str], extra: list[str] = (), values: dict | None = None
) -> st.SearchStrategy[dict]:
    """What to do with each field of the form, and which fields to add; ``values`` gives a
    field its own strategy (a file field gets files)."""
    values = values or {}
    return st.fixed_dictionaries(
        {
            "fields": st.fixed_dictionaries(
                {name: field_change(extra, values.get(name)) for name in names}
            ),
            "added": st.dictionaries(
                st.one_of(st.sampled_from(EXTRA_NAMES), any_text),
                hostile_values(extra),
                max_size=2,
            ),
        }
    )


def apply_changes(valid: dict, changes: dict) -> dict:
    """The post: ``valid`` with ``changes`` (from ``form_changes``) applied."""
    data = {name: copy.copy(value) for name, value in valid.items()}
    for name, (op, value) in changes["fields"].items():
        current = data.get(name, "")
        if op == DROP:
            data.pop(name, None)
        elif op in (REPLACE, REPEAT):
            data[name] = value
        elif op == APPEND:
            first = current[0] if isinstance(current, list) and current else current
            data[name] = f"{first}{value}"
    for name, value in changes["added"].items():
        data.setdefault(name, value)
    return data


def every_field(valid: dict, names: list[str], value_for) -> dict:
    """A deterministic change of every field: ``value_for(name, valid value) -> new or None``
    (None keeps the field). For @example-style regressions that Hypothesis always runs."""
    fields = {}
    for name in names:
        new = value_for(name, valid.get(name, ""))
        fields[name] = (KEEP, "") if new is None else (REPLACE, new)
    return {"fields": fields, "added": {}}


# --- JSON (the import) -------------------------------------------------------------------------

JSON_INTEGERS = [0, -1, 1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**30]
JSON_HOSTILE = [
    None,
    True,
    False,
    *JSON_INTEGERS,
    1.5,
    1e308,
    -0.0,
    [],
    {},
    [None],
    {"": None},
]


def json_values(extra: list = ()) -> st.SearchStrategy:
    """A hostile JSON value: any of the hostile strings, numbers of every size, other types."""
    return st.one_of(
        st.sampled_from(HOSTILE + JSON_HOSTILE + list(extra)),
        any_text,
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
    )


# --- Uploaded files (the staff photo) ----------------------------------------------------------


def _picture(image_format: str, size=(4, 4)) -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(output, format=image_format)
    return output.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    import struct
    import zlib

    png = bytearray(_picture("PNG", (1, 1)))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(png[24:29])
    png[12:29] = header
    png[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(png)


def uploads() -> list[tuple[str, bytes, str]]:
    """(file name, content, content type) of a good photo and of bad ones."""
    jpeg = _picture("JPEG")
    return [
        ("photo.jpg", jpeg, "image/jpeg"),
        ("photo.png", _picture("PNG"), "image/png"),
        ("empty.jpg", b"", "image/jpeg"),
        ("text.jpg", b"not a picture at all", "image/jpeg"),
        ("truncated.jpg", jpeg[:60], "image/jpeg"),
        ("photo.gif", _picture("GIF"), "image/gif"),
        ("photo.bmp", _picture("BMP"), "image/bmp"),
        (
            "photo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "image/svg+xml",
        ),
        ("bomb.png", _png_claiming(40_000, 40_000), "image/png"),
        ("wide.png", _png_claiming(2**31 - 1, 1), "image/png"),
        ("big.jpg", jpeg + b"\x00" * (2 * 1024 * 1024), "image/jpeg"),
        ("photo\x00.jpg", jpeg, "image/jpeg"),
        ("../../../etc/passwd.jpg", jpeg, "image/jpeg"),
        ("Æ" * 300 + ".jpg", jpeg, "image/jpeg"),
        ("photo.jpg", jpeg, "text/html"),
    ]
