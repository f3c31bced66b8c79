"""What the fuzz tests need besides strategies: the forms of a rendered page, the error messages
on it, and a cheap fingerprint of the whole database to prove a refused post wrote nothing."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.db import connection
from django.utils import translation

# Django's own English messages: on a Danish page they mean a message was not translated (or
# was translated at import time, before a language was active).
ENGLISH_DEFAULTS = [
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "Ensure this value",
    "Ensure that there are no more than",
    "Enter a whole number",
    "Enter a number",
    "Enter a list of values",
    "Null characters are not allowed",
    "is not one of the available choices",
    "couldn’t be interpreted in time zone",
    "No file was submitted",
    "The submitted file is empty",
    "Upload a valid image",
    "The two password fields",
    "This password is too",
    "Your old password was entered incorrectly",
    "is not a valid UUID",
    "Please correct the",
]

# Markup of a form error in Stemme's templates (core/_field.html, the apps' _form_errors.html,
# the portal's _errors.html) and Django's default errorlist.
ERROR_CLASSES = {"field__error", "form-errors", "p-error", "errorlist"}


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    checked: bool = False
    required: bool = False
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class PageForm:
    action: str
    fields: list[FormField] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(f.name for f in self.fields if f.name))

    def choices(self) -> list[str]:
        values = []
        for f in self.fields:
            values += f.options
            if f.kind in ("radio", "checkbox") and f.value:
                values.append(f.value)
        return [v for v in dict.fromkeys(values) if v]

    def filled(self) -> dict:
        """What a user who changes nothing would send, with required blanks filled in."""
        data: dict[str, object] = {}
        for f in self.fields:
            if not f.name or f.kind in ("submit", "button", "reset", "file", "image"):
                continue
            if f.kind == "radio":
                if f.checked:
                    data[f.name] = f.value
                continue
            if f.kind == "checkbox":
                if f.checked:
                    if f.name in data:
                        previous = data[f.name]
                        data[f.name] = (
                            [*previous, f.value]
                            if isinstance(previous, list)
                            else [
                                previous,
                                f.value,
                            ]
                        )
                    else:
                        data[f.name] = f.value or "on"
                continue
            if f.kind == "select":
                chosen = [o for o in f.selected if o]
                if not chosen and (f.required or not f.selected):
                    chosen = [o for o in f.options if o][:1]
                if chosen:
                    data[f.name] = chosen if f.multiple else chosen[0]
                continue
            data[f.name] = f.value or (_sample(f.kind) if f.required else "")
        for f in self.fields:  # a required radio group that nothing checked: its first choice
            if f.kind == "radio" and f.required and f.name not in data:
                data[f.name] = f.value
        return data


def _sample(kind: str) -> str:
    return {
        "date": "2026-02-02",
        "datetime-local": "2026-02-02T10:00",
        "time": "10:00",
        "number": "1",
        "email": "fuzz@example.com",
        "tel": "12345678",
    }.get(kind, "Fuzz")


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.errors: list[str] = []
        self._form: PageForm | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None
        self._option: dict | None = None
        self._error_depth = 0
        self._depth = 0
        self._error_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        self._depth += 1
        if tag in ("input", "br", "img", "meta", "link", "hr", "source"):
            self._depth -= 1  # void elements have no end tag
        classes = set(a.get("class", "").split())
        if classes & ERROR_CLASSES and not self._error_depth:
            self._error_depth = self._depth
            self._error_text = []
        elif self._error_depth and tag in ("p", "li"):
            self._error_text.append("\n")
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = PageForm(action=a.get("action", ""))
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input":
            self._form.fields.append(
                FormField(
                    name=a.get("name", ""),
                    kind=a.get("type", "text").lower(),
                    value=a.get("value", ""),
                    checked="checked" in a,
                    required="required" in a,
                )
            )
        elif tag == "select":
            self._select = FormField(
                name=a.get("name", ""),
                kind="select",
                required="required" in a,
                multiple="multiple" in a,
            )
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
        elif tag == "textarea":
            self._textarea = FormField(
                name=a.get("name", ""), kind="textarea", required="required" in a
            )
            self._form.fields.append(self._textarea)

    def _option_end(self):
        if self._option is not None and self._select is not None:
            value = self._option["value"]
            value = self._option["text"].strip() if value is None else value
            self._select.options.append(value)
            if self._option["selected"]:
                self._select.selected.append(value)
        self._option = None

    def handle_endtag(self, tag):
        if self._error_depth and self._depth == self._error_depth:
            self.errors += [t.strip() for t in "".join(self._error_text).split("\n") if t.strip()]
            self._error_depth = 0
        self._depth -= 1
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option_end()
        elif tag == "select":
            self._option_end()
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._error_depth:
            self._error_text.append(data)
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea.value += data.removeprefix("\n")


def parse_page(html: str) -> tuple[list[PageForm], list[str]]:
    """The page's POST forms, and the texts of its error messages."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms, parser.errors


def english_left(html: str, errors: list[str]) -> list[str]:
    """English on a Danish page: Django's default messages, or an error text that has a Danish
    translation in the catalogue but was shown untranslated."""
    found = [text for text in ENGLISH_DEFAULTS if text in html]
    with translation.override("da"):
        # gettext answers with "\r" made "\n" even when it has no translation.
        texts = [text.replace("\r\n", "\n").replace("\r", "\n") for text in errors]
        found += [text for text in texts if translation.gettext(text) != text]
    return found


# --- The database's fingerprint ----------------------------------------------------------------

# Written by every request that shows a child (page views) or keeps a login: not the post's own.
UNCOUNTED = {"accounts_staffsession", "audit_accesslog"}


def _tables() -> list[tuple[str, bool]]:
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in UNCOUNTED:
            continue
        has_version = any(f.column == "version" for f in meta.concrete_fields)
        tables[meta.db_table] = has_version
    return sorted(tables.items())


_STATE_SQL: list[str] = []
_STATE_NAMES: list[str] = []


def database_state() -> dict[str, int]:
    """Row count of every table (and the sum of ``version`` where there is one), in one query:
    a refused post must leave all of it as it was. Counts catch inserts and deletes; the version
    sums catch an edit that went through although the form was refused."""
    if not _STATE_SQL:
        parts = []
        qn = connection.ops.quote_name
        for table, has_version in _tables():
            # Table names from the models, not from input.
            parts.append(f"(SELECT COUNT(*) FROM {qn(table)})")  # noqa: S608
            _STATE_NAMES.append(table)
            if has_version:
                parts.append(f"(SELECT COALESCE(SUM(version), 0) FROM {qn(table)})")  # noqa: S608
                _STATE_NAMES.append(f"{table}.version")
        _STATE_SQL.append("SELECT " + ", ".join(parts))
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL[0])
        row = cursor.fetchone()
    return dict(zip(_STATE_NAMES, (int(v) for v in row), strict=True))


def changed_tables(before: dict, after: dict) -> dict[str, tuple[int, int]]:
    return {name: (before[name], after[name]) for name in before if before[name] != after[name]}
