"""Hostile input to the import (issue 6, item 6): a clear Danish error, nothing written, no crash.

The valid document is an export of the interchange tests' ``history`` (so it keeps up with the
format), moved to a new municipality with new ids and usernames so that it imports into the same
database. Hypothesis then changes it at one to three places — drops a key or a list item, puts a
hostile value (wrong type, NUL, 64-bit overflow, impossible date, unknown id …) in its place,
repeats a list item (duplicate ids), points a reference at an unknown or wrong id, adds an
unknown field — and imports it through the service and through ``manage.py import_cases``:

1. the import either succeeds or raises ``ImportErrors`` (the command: ``CommandError``), never
   another exception;
2. a refused import wrote nothing (every table's row count and ``version`` sum unchanged);
3. every message names where and what, in Danish: it differs from the same import's English
   message, and holds none of Django's English defaults.

Every example runs in a savepoint that is rolled back.
"""

import copy
import json
import re
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation
from hypothesis import event, example, given
from hypothesis import strategies as st

from stemme.core.tests import fuzz_strategies as fs
from stemme.core.tests.fuzz_support import ENGLISH_DEFAULTS, changed_tables, database_state
from stemme.interchange.services import ImportErrors, cases_import

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Django's model validation in English (full_clean runs inside the import).
ENGLISH = [
    *ENGLISH_DEFAULTS,
    "This field cannot be blank",
    "This field cannot be null",
    "is not a valid choice",
    "Ensure this value has",
    "has an invalid date format",
    "has an invalid format",
    "value must be either True or False",
    "value must be an integer",
]


# --- Mutations -----------------------------------------------------------------------------------


def paths(value, prefix=()) -> list[tuple]:
    """Every place in the document: each dict value and list item (the root excluded)."""
    found = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        found.append((*prefix, key))
        if isinstance(item, dict | list) and item:
            found += paths(item, (*prefix, key))
    return found


def _at(document, path):
    for part in path:
        document = document[part]
    return document


DROP, REPLACE, SAME_TYPE, REPEAT, WRAP, ADD = "drop", "replace", "same", "repeat", "wrap", "add"


def mutations(document: dict) -> st.SearchStrategy[list]:
    """One to three changes: (operation, place, value). A value of the same JSON type as the
    one it replaces gets past the schema more often, to the importer's own checks."""
    places = paths(document)
    text = json.dumps(document)
    ids = sorted(set(UUID.findall(text)))[:50]
    refs = sorted(set(re.findall(r'"([a-z_]+:[0-9a-f-]{36}(?:#[a-z_]+)?)"', text)))[:20]
    extra = [*ids, *refs, str(uuid.uuid4()), "fz_nobody", f"case:{uuid.UUID(int=1)}"]
    values = st.fixed_dictionaries(
        {
            "any": fs.json_values(extra),
            "str": fs.hostile_values(extra),
            "int": st.one_of(st.sampled_from(fs.JSON_INTEGERS), st.integers()),
            "float": st.floats(allow_nan=False),
        }
    )
    one = st.tuples(
        st.sampled_from([DROP, REPLACE, SAME_TYPE, SAME_TYPE, SAME_TYPE, REPEAT, WRAP, ADD]),
        st.sampled_from(places),
        values,
    )
    return st.lists(one, min_size=1, max_size=3)


def _value(op: str, values, current):
    if not (isinstance(values, dict) and set(values) == {"any", "str", "int", "float"}):
        return values  # a fixed example gives the value itself
    if op == SAME_TYPE and not isinstance(current, bool):
        for kind, python in (("str", str), ("int", int), ("float", float)):
            if isinstance(current, python):
                return values[kind]
    return values["any"]


def mutate(document: dict, changes: list) -> dict:
    changed = copy.deepcopy(document)
    for op, path, values in changes:
        try:
            parent, key = _at(changed, path[:-1]), path[-1]
            if isinstance(parent, dict) and key not in parent and op in (REPLACE, SAME_TYPE):
                parent[key] = None  # a field the record does not have yet
            current = parent[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
        value = _value(op, values, current)
        if op == DROP:
            del parent[key]
        elif op in (REPLACE, SAME_TYPE):
            parent[key] = copy.deepcopy(value)
        elif op == REPEAT and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(current))  # the same record twice: duplicate ids
        elif op == REPEAT and isinstance(current, list) and current:
            current.append(copy.deepcopy(current[0]))
        elif op == WRAP:
            parent[key] = [current]
        elif op == ADD and isinstance(current, dict):
            current["fuzz_unknown_field"] = copy.deepcopy(value)
        else:
            parent[key] = copy.deepcopy(value)
    return changed


# --- Properties ----------------------------------------------------------------------------------


def _import(payload) -> tuple[list | None, dict]:
    """Import in a savepoint that is rolled back: (the issues or None, the changed tables)."""
    with transaction.atomic():
        before = database_state()
        try:
            cases_import(payload=payload)
        except ImportErrors as exc:
            issues = exc.issues
        else:
            issues = None
        changed = changed_tables(before, database_state())
        transaction.set_rollback(True)
    return issues, changed


def check_import(payload) -> None:
    with translation.override("da"):
        issues, changed = _import(payload)
    event("imported" if issues is None else f"refused: {issues[0].code}")
    if issues is None:
        return  # a change the format allows: imported
    assert issues, "ImportErrors without a message"
    assert not changed, f"a refused import wrote {changed}"
    with translation.override("en"):
        english, _changed = _import(payload)
    assert english is not None
    assert len(english) == len(issues)
    for danish, in_english in zip(issues, english, strict=True):
        text = str(danish)
        assert danish.path == in_english.path
        assert not [e for e in ENGLISH if e in text], f"English in a Danish message: {text}"
        if danish.code == "event_data":
            continue  # the typed events' checks (deadlines/events, pure Python) speak Danish
        assert danish.message != in_english.message, f"not translated: {text}"


def _event_path(document: dict, kind: str) -> tuple:
    for path in paths(document):
        if path[-2:-1] == ("events",) and _at(document, path).get("kind") == kind:
            return path
    raise AssertionError(f"the history has no {kind} event")


def _fixed(document: dict) -> list[list]:
    """Changes every run tries: the classic crashes of an import."""
    child, case = ["children", 0], ["children", 0, "cases", 0]
    nul, big, day = "før\x00efter", 2**63, "9999-12-31"
    # The details of a decision's event, which the deadline engine reads.
    data = (*_event_path(document, "decision.made"), "data")
    return [
        [(REPLACE, (*data, "explanation_due_on"), " ")],
        [(REPLACE, (*data, "explanation_due_on"), "9999-12-31")],
        [(REPLACE, (*data, "parallel_investigation_ends_on"), 20260101)],
        [(REPLACE, (*data, "siblings_under_15"), 5)],
        [(REPLACE, (*child, "first_name"), nul)],
        [(REPLACE, (*child, "cpr"), "3102140000")],  # 31 February
        [(REPLACE, (*child, "birth_date"), "2014-02-30")],
        [(REPLACE, (*case, "opened_on"), day)],
        [(REPLACE, (*case, "opened_on"), "0001-01-01")],
        [(REPLACE, (*case, "awareness_date"), "0001-01-01")],
        [(REPLACE, (*case, "version"), big)],
        [(REPLACE, (*case, "id"), "not-a-uuid")],
        [(REPEAT, ("children", 0), None)],  # the same child twice: duplicate ids and CPR
        [(REPEAT, (*case, "events", 0), None)],
        [(REPLACE, (*case, "events", 0, "occurred_at"), "9999-12-31T23:59:59+00:00")],
        [(REPLACE, (*case, "events", 0, "occurred_at"), "0001-01-01T00:00:00+14:00")],
        [(REPLACE, (*case, "events", 0, "ref"), f"decision:{uuid.UUID(int=5)}")],
        [(REPLACE, (*case, "team"), "Intet team")],
        [(REPLACE, ("staff", 0, "username"), nul)],
        [(REPLACE, ("version",), 2**64)],
        [(REPLACE, ("version",), 1.5)],
        [(REPLACE, ("municipality", "code"), "")],
        [(DROP, ("children", 0, "cases", 0, "team"), None)],
        [(REPLACE, ("children",), {})],
    ]


@pytest.mark.django_db
def test_the_valid_document_imports(valid_document):
    with translation.override("da"):
        issues, changed = _import(valid_document)
    assert issues is None, [str(i) for i in issues]
    assert changed.get("children_child", (0, 0))[1] > changed.get("children_child", (0, 0))[0]


@pytest.mark.django_db
def test_hostile_documents_are_refused_whole_in_danish(valid_document):
    @fs.FUZZ_SETTINGS
    @given(changes=mutations(valid_document))
    def fuzz(changes):
        check_import(mutate(valid_document, changes))

    for changes in _fixed(valid_document):
        fuzz = example(changes=changes)(fuzz)
    fuzz()


@pytest.mark.django_db
def test_hostile_values_anywhere(valid_document):
    """One hostile value at every kind of place: each leaf's path gets a value of the wrong
    kind, with many more examples than the mutation test (schema errors are cheap)."""
    places = paths(valid_document)

    @fs.FUZZ_SETTINGS
    @given(place=st.sampled_from(places), value=fs.json_values())
    def fuzz(place, value):
        check_import(mutate(valid_document, [(REPLACE, place, value)]))

    fuzz()


# --- The command ---------------------------------------------------------------------------------

FILES = [
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe{}",
    b"{",
    b"[]",
    b"null",
    b'{"format": "stemme-cases", "version": NaN}',
    b'{"version": 1e999}',
    b'{"version": ' + b"9" * 5000 + b"}",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a": "\\u0000"}',
    b'{"a": "\\ud800"}',
    b'"\x00"',
    '{"municipality": {"name": "Æ\u202e"}}'.encode(),
]


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(FILES)))
def test_the_command_refuses_broken_files_in_danish(tmp_path, index):
    path = tmp_path / "hostile.json"
    path.write_bytes(FILES[index])
    _command_refuses(path)


@pytest.mark.django_db
def test_the_command_refuses_a_hostile_document(tmp_path, valid_document):
    @fs.FUZZ_SETTINGS
    @given(changes=mutations(valid_document))
    def fuzz(changes):
        path = tmp_path / "hostile.json"
        path.write_text(json.dumps(mutate(valid_document, changes), ensure_ascii=False))
        _command_refuses(path, may_succeed=True)

    fuzz()


@pytest.mark.django_db
def test_the_command_refuses_what_is_not_a_file(tmp_path):
    _command_refuses(tmp_path)  # a directory
    _command_refuses(tmp_path / "missing.json")


def _command_refuses(path, may_succeed=False) -> None:
    err = StringIO()
    with transaction.atomic():
        before = database_state()
        failure = _command_error(path, stderr=err)
        changed = changed_tables(before, database_state())
        english = _command_error(path, "--language", "en") if failure else ""
        transaction.set_rollback(True)
    if not failure:
        assert may_succeed, "a broken file was imported"
        return
    message = f"{failure}\n{err.getvalue()}"
    assert not changed, "a refused import wrote"
    assert not [e for e in ENGLISH if e in message], message
    assert english != failure, f"not in Danish: {failure}"


def _command_error(path, *args, stderr=None) -> str:
    """The command's error message ("" when it imported the file)."""
    try:
        call_command(
            "import_cases", str(path), *args, stdout=StringIO(), stderr=stderr or StringIO()
        )
    except CommandError as exc:
        return str(exc)
    return ""
