"""What is wrong with a file, said clearly, with the JSON path of the bad value.

Every problem is an ``ImportIssue``: the path (``children[3].cases[0].events[2].occurred_at``),
the message in the active language (English msgids, Danish in the catalogue; the commands
speak Danish) and a short code. ``ImportErrors`` carries all of them at once.

Before the schema is checked, ``payload_problems`` walks the whole document once for values no
database can store or no sane file holds: NUL characters, unpaired surrogates, NaN, numbers
beyond 64 bits, texts of hundreds of thousands of characters, absurd nesting, Python objects
that are not JSON. A fuzzer, a broken export script and a hostile file all get a clear answer
instead of a crash halfway through the transaction.
"""

import json
import math
from dataclasses import dataclass

import jsonschema
from django.utils.translation import gettext as _

from stemme.interchange.fields import (
    CPR_PATTERN,
    DATE_PATTERN,
    DATETIME_PATTERN,
    KEY_PATTERN,
    MUNICIPALITY_CODE_PATTERN,
    READABLE_VERSIONS,
    SHA256_PATTERN,
    STORED_NAME_PATTERN,
    TIME_OF_DAY_PATTERN,
    UUID_PATTERN,
)

# Limits that no real file reaches, so that an absurd one is refused with a message.
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
MAX_DATA_CHARS = 100_000
MAX_DEPTH = 40
MAX_INTEGER = 2**63 - 1


@dataclass(frozen=True)
class ImportIssue:
    """One problem: where it is (a JSON path; ``""`` is the whole file) and what is wrong."""

    path: str
    message: str
    code: str = "invalid"

    def __str__(self) -> str:
        where = self.path or _("the file")  # outside the f-string, or makemessages misses it
        return f"{where}: {self.message}"


class ImportErrors(Exception):
    """The file cannot be imported; ``issues`` lists every problem found, ``errors`` the same
    as lines of text (``path: message``)."""

    def __init__(self, issues: list):
        self.issues = [
            issue if isinstance(issue, ImportIssue) else ImportIssue("", str(issue))
            for issue in issues
        ]
        self.errors = [str(issue) for issue in self.issues]
        super().__init__(
            _("%(count)s errors: %(first)s")
            % {"count": len(self.errors), "first": "; ".join(self.errors[:3])}
        )


def path_text(parts) -> str:
    """``["children", 3, "cases", 0]`` → ``children[3].cases[0]``; the root is ``""``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


# --- Reading the bytes ---------------------------------------------------------------------------


def json_problem(message: str) -> str:
    known = {
        "Expecting ',' delimiter": _("a comma is missing"),
        "Expecting ':' delimiter": _("a colon is missing"),
        "Expecting value": _("a value is missing"),
        "Expecting property name enclosed in double quotes": _(
            "a field name in double quotes is missing (or there is one comma too many)"
        ),
        "Unterminated string starting at": _("a text is missing its closing quotation mark"),
        "Extra data": _("there is more after the end of the JSON document"),
        "Invalid control character at": _("invalid control character in a text"),
        "Invalid \\escape": _("invalid escape sequence with \\"),
    }
    return known.get(message, message)


def payload_parse(raw: bytes | str, *, max_bytes: int = MAX_FILE_BYTES) -> dict:
    """Parse the file's bytes as JSON; a syntax error names the line and column."""
    if len(raw) > max_bytes:
        raise ImportErrors([file_too_large(len(raw), max_bytes)])
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportErrors(
                [
                    ImportIssue(
                        "",
                        _("The file is not valid UTF-8 (byte %(position)s).")
                        % {"position": exc.start + 1},
                        "encoding",
                    )
                ]
            ) from exc
    duplicated: list = []
    try:
        payload = json.loads(raw, object_pairs_hook=object_hook(duplicated))
    except json.JSONDecodeError as exc:
        message = _("Invalid JSON in line %(line)s, column %(column)s: %(problem)s.") % {
            "line": exc.lineno,
            "column": exc.colno,
            "problem": json_problem(exc.msg),
        }
        raise ImportErrors([ImportIssue("", message, "json")]) from exc
    except RecursionError as exc:
        message = _("The JSON is nested too deeply (more than %(limit)s levels).") % {
            "limit": MAX_DEPTH
        }
        raise ImportErrors([ImportIssue("", message, "too_deep")]) from exc
    except ValueError as exc:  # an integer of thousands of digits
        raise ImportErrors(
            [ImportIssue("", _("A number in the file is too large."), "number")]
        ) from exc
    if duplicated:
        raise ImportErrors(duplicate_key_issues(payload))
    return payload


class _DuplicatedKeys(dict):
    """An object in which a field name occurs more than once (the last value is kept, as
    json.loads does, but the file is refused); ``duplicates`` are the repeated names."""

    duplicates: list


def object_hook(duplicated: list):
    """json.loads' object_pairs_hook: Python keeps the last of two equal field names silently,
    so a file could say two things about one value; mark such objects so the file is refused."""

    def hook(pairs):
        data = dict(pairs)
        if len(data) == len(pairs):
            return data
        seen: set = set()
        repeated = []
        for name, _value in pairs:
            if name in seen and name not in repeated:
                repeated.append(name)
            seen.add(name)
        marked = _DuplicatedKeys(data)
        marked.duplicates = repeated
        duplicated.append(marked)
        return marked

    return hook


def duplicate_key_issues(payload, prefix=()) -> list[ImportIssue]:
    """Every repeated field name with its JSON path, in document order (walked without
    recursion: the nesting may be as deep as the parser allows). ``prefix``: the path of
    ``payload`` in the document."""
    issues = []
    stack = [(payload, list(prefix))]
    while stack:
        value, parts = stack.pop()
        if isinstance(value, dict):
            for name in getattr(value, "duplicates", ()):
                issues.append(repeated_field_issue(parts, name))
            children = [(item, [*parts, key]) for key, item in value.items()]
        elif isinstance(value, list):
            children = [(item, [*parts, index]) for index, item in enumerate(value)]
        else:
            continue
        stack.extend(reversed(children))
    return issues


def repeated_field_issue(parts, name: str) -> ImportIssue:
    """The field ``name`` occurs twice in the object at ``parts``."""
    return ImportIssue(
        path_text([*parts, name]),
        _(
            "the field “%(name)s” occurs more than once in the same object; "
            "each field may occur only once"
        )
        % {"name": name},
        "duplicate_key",
    )


def file_too_large(size: int, limit: int) -> ImportIssue:
    megabytes = 1024 * 1024
    return ImportIssue(
        "",
        _(
            "The file is %(size)s MB; at most %(limit)s MB can be imported at once. Split it "
            "into several files."
        )
        % {"size": math.ceil(size / megabytes), "limit": limit // megabytes},
        "too_large",
    )


# --- Values no database stores ------------------------------------------------------------


def _text_problem(value: str) -> tuple[str, str] | None:
    if len(value) > MAX_TEXT_CHARS:
        return (
            _("is %(length)s characters long; at most %(limit)s are allowed")
            % {"length": len(value), "limit": MAX_TEXT_CHARS},
            "too_long",
        )
    if "\x00" in value:
        return _("contains a NUL character (\\u0000), which cannot be stored"), "nul"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return (
            _("contains an unpaired surrogate (\\ud800-\\udfff), which is not valid text"),
            "surrogate",
        )
    return None


def payload_problems(payload, prefix=()) -> list[ImportIssue]:
    """Every value of the document that cannot be stored, whatever the schema says.

    Walks the document once without recursion (so depth cannot crash it). ``prefix``: the path
    of ``payload`` in the document (a child read on its own), which also counts to its depth."""
    issues: list[ImportIssue] = []
    stack = [(payload, tuple(prefix), len(prefix))]
    while stack:
        value, parts, depth = stack.pop()
        if depth > MAX_DEPTH:
            issues.append(
                ImportIssue(
                    path_text(parts),
                    _("is nested too deeply (more than %(limit)s levels)") % {"limit": MAX_DEPTH},
                    "too_deep",
                )
            )
            continue
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, str):
            problem = _text_problem(value)
            if problem:
                issues.append(ImportIssue(path_text(parts), *problem))
        elif isinstance(value, int):
            if abs(value) > MAX_INTEGER:
                issues.append(ImportIssue(path_text(parts), _("the number is too large"), "number"))
        elif isinstance(value, float):
            if not math.isfinite(value):
                issues.append(
                    ImportIssue(
                        path_text(parts), _("NaN and infinite numbers are not allowed"), "number"
                    )
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    issues.append(
                        ImportIssue(path_text(parts), _("a field name must be a text"), "key")
                    )
                    continue
                problem = _text_problem(key)
                if problem:
                    issues.append(ImportIssue(path_text((*parts, key)), *problem))
                    continue
                stack.append((item, (*parts, key), depth + 1))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                stack.append((item, (*parts, index), depth + 1))
        else:
            issues.append(
                ImportIssue(
                    path_text(parts),
                    _("is not a JSON value (%(type)s)") % {"type": type(value).__name__},
                    "type",
                )
            )
    issues.sort(key=lambda issue: _path_key(issue.path))
    return issues


def issues_sorted(issues: list[ImportIssue]) -> list[ImportIssue]:
    """Problems found part by part, in the order ``payload_problems`` gives for a whole file."""
    return sorted(issues, key=lambda issue: _path_key(issue.path))


def data_problem(data) -> str | None:
    """An event's free ``data`` must stay small (it is shown on the timeline)."""
    size = len(json.dumps(data, ensure_ascii=False))
    if size > MAX_DATA_CHARS:
        return _("the details are %(size)s characters as JSON; at most %(limit)s") % {
            "size": size,
            "limit": MAX_DATA_CHARS,
        }
    return None


# --- The schema, in words ------------------------------------------------------------------------


def _type_names() -> dict:
    return {
        "string": _("a text"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "boolean": _("true or false"),
        "object": _("an object ({…})"),
        "array": _("a list ([…])"),
        "null": "null",
    }


def _pattern_messages() -> dict:
    return {
        DATE_PATTERN: _("must be a date as YYYY-MM-DD, e.g. 2026-03-01"),
        DATETIME_PATTERN: _("must be a time with a time zone, e.g. 2026-03-01T09:30:00+01:00"),
        UUID_PATTERN: _("must be a UUID, e.g. 0b7d5c1e-3f2a-4c6b-9d8e-1a2b3c4d5e6f"),
        CPR_PATTERN: _("must be a CPR number of 10 digits without a dash, e.g. 0102031234"),
        MUNICIPALITY_CODE_PATTERN: _("must be a municipality code of three digits, e.g. 101"),
        KEY_PATTERN: _(
            "must be a key of letters, digits, '_', '.' or '-' (at most 40 characters), e.g. p1"
        ),
        TIME_OF_DAY_PATTERN: _("must be a time of day as HH:MM or HH:MM:SS, e.g. 09:30"),
        STORED_NAME_PATTERN: _(
            "must be the name the documents storage gave the file: two hex digits, '/' and 32 "
            "hex digits, e.g. 3f/3f2a4c6b9d8e1a2b3c4d5e6f0b7d5c1e"
        ),
        SHA256_PATTERN: _("must be a SHA-256 checksum of 64 lowercase hex digits"),
    }


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _either(names: list[str]) -> str:
    text = names[0]
    for name in names[1:]:
        text = _("%(first)s or %(second)s") % {"first": text, "second": name}
    return text


def _schema_messages(error: jsonschema.ValidationError) -> list[tuple[list, str, str]]:
    """One or more (path, message, code) for a jsonschema error."""
    path = list(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        return [
            (path + [name], _("the field is missing"), "required")
            for name in expected
            if name not in value
        ]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            (path + [name], _("unknown field (see docs/import-format.md)"), "unknown_field")
            for name in value
            if name not in known
        ]
    if kind == "type":
        names = [expected] if isinstance(expected, str) else expected
        wanted = _either([_type_names()[name] for name in names])
        message = _("must be %(expected)s, not %(actual)s") % {
            "expected": wanted,
            "actual": _type_names()[_json_type(value)],
        }
        return [(path, message, "type")]
    if kind == "enum":
        allowed = ", ".join(json.dumps(item, ensure_ascii=False) for item in expected)
        message = _("invalid value %(value)s; allowed values: %(allowed)s") % {
            "value": json.dumps(value, ensure_ascii=False),
            "allowed": allowed,
        }
        return [(path, message, "choice")]
    if kind == "const":
        if path == ["version"]:
            message = _(
                "the file has format version %(version)s; this version of Stemme reads "
                "versions %(readable)s"
            ) % {
                "version": json.dumps(value, ensure_ascii=False),
                "readable": ", ".join(str(v) for v in READABLE_VERSIONS),
            }
            return [(path, message, "version")]
        message = _("must be %(expected)s") % {"expected": json.dumps(expected, ensure_ascii=False)}
        return [(path, message, "const")]
    if kind == "pattern":
        message = _pattern_messages().get(expected) or (
            _("does not have the required form %(pattern)s") % {"pattern": expected}
        )
        return [(path, message, "format")]
    if kind == "maxLength":
        message = _("must be at most %(limit)s characters (is %(length)s)") % {
            "limit": expected,
            "length": len(value),
        }
        return [(path, message, "too_long")]
    if kind == "minLength":
        if expected == 1:
            return [(path, _("must not be empty"), "empty")]
        return [
            (path, _("must be at least %(limit)s characters") % {"limit": expected}, "too_short")
        ]
    if kind == "minimum":
        return [(path, _("must be at least %(limit)s") % {"limit": expected}, "too_small")]
    if kind == "maximum":
        return [(path, _("must be at most %(limit)s") % {"limit": expected}, "too_large")]
    if kind == "uniqueItems":
        return [(path, _("contains the same value more than once"), "duplicate")]
    return [(path, error.message, kind)]  # pragma: no cover - a keyword the schema does not use


def _path_key(path: str) -> tuple:
    return (path,)


def _parts_key(parts) -> tuple:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in parts)


def schema_found(payload, validator, prefix=()) -> list[tuple[list, str, str]]:
    """The schema's errors in ``payload`` (at ``prefix`` in the document) as (path parts,
    message, code); ``schema_sorted`` makes them issues."""
    found = []
    for error in validator.iter_errors(payload):
        for parts, message, code in _schema_messages(error):
            found.append(([*prefix, *parts], message, code))
    return found


def child_validator(schema: dict):
    """A validator of one child of the document ``schema`` describes (its ``$defs`` kept)."""
    child = {
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        **schema["properties"]["children"]["items"],
    }
    return jsonschema.Draft202012Validator(child)


def schema_issues(payload, schema: dict) -> list[ImportIssue]:
    validator = jsonschema.Draft202012Validator(schema)
    return schema_sorted(schema_found(payload, validator))


def schema_sorted(found: list[tuple[list, str, str]]) -> list[ImportIssue]:
    """Schema errors in document order, each said once."""
    found.sort(key=lambda item: (_parts_key(item[0]), item[1]))
    issues, seen = [], set()
    for parts, message, code in found:
        issue = ImportIssue(path_text(parts), message, code)
        if str(issue) not in seen:
            seen.add(str(issue))
            issues.append(issue)
    return issues
