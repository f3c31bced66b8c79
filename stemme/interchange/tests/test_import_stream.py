"""The import of a file as it streams (``cases_import_file``): read in chunks, a child at a
time, written a batch of children at a time — and still the same answer as the whole document
in memory, everything or nothing.

The chunk and batch sizes are set far below the real ones here, so that every boundary falls
inside a value, a name, a number or a multi-byte character somewhere.
"""

import copy
import json
import os
import uuid

import pytest
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stemme.accounts.models import Municipality, Team, User
from stemme.audit.models import Event
from stemme.cases.models import Case, Milestone
from stemme.children.models import Child
from stemme.interchange import reader, services
from stemme.interchange.errors import ImportErrors, payload_parse
from stemme.interchange.services import cases_import, cases_import_file
from stemme.interchange.tests.payloads import CASE_ID, CHILD_ID, OTHER_CHILD_ID, valid_payload

TABLES = [Municipality, Team, User, Child, Case, Milestone, Event]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def three_children() -> dict:
    """Two children as in ``payloads.VALID`` and a third; the first child's case records a
    decision about its sibling, the second child, which comes later in the file."""
    payload = valid_payload()
    payload["version"] = 2
    payload["children"][0]["cases"][0]["records"]["milestones"] = [
        {
            "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "kind": "sibling_bfu_decided",
            "happened_on": "2026-02-02",
            "sibling": OTHER_CHILD_ID,
        }
    ]
    payload["children"].append(
        {
            "id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
            "cpr": "2008104321",
            "first_name": "Ærlig",
            "last_name": "Øberg",
        }
    )
    return payload


def write(path, payload, *, indent=2) -> os.PathLike:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=indent), encoding="utf-8")
    return path


def errors_of(call) -> list[str]:
    with pytest.raises(ImportErrors) as failure:
        call()
    return failure.value.errors


@pytest.fixture(autouse=True)
def _english():
    """The messages as their msgids (the Danish comes from the catalogue)."""
    with translation.override("en"):
        yield


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 7 bytes: boundaries inside names, numbers and the letters æ, ø and å."""
    monkeypatch.setattr(reader, "CHUNK_BYTES", 7)


# --- The same answer as the whole document ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("batch_size", [1, 2, 200])
def test_a_file_imports_as_the_document_does(tmp_path, small_chunks, batch_size):
    payload = three_children()
    path = write(tmp_path / "fil.json", payload)
    before = row_counts()
    expected = cases_import(payload=copy.deepcopy(payload), dry_run=True).counts
    assert row_counts() == before

    result = cases_import_file(path=path, batch_size=batch_size)

    assert result.counts == expected
    assert result.counts["children"] == 3
    assert result.municipality_created
    children = set(Child.objects.filter(municipality=result.municipality).values_list("pk"))
    assert {str(pk) for (pk,) in children} == {child["id"] for child in payload["children"]}
    # The first child's milestone names its sibling, written in the batch after it.
    milestone = Milestone.objects.get(case_id=CASE_ID)
    assert str(milestone.sibling_id) == OTHER_CHILD_ID
    assert Child.objects.get(pk=OTHER_CHILD_ID).first_name == "Anton"


@pytest.mark.django_db
def test_a_dry_run_of_a_file_writes_nothing(tmp_path):
    path = write(tmp_path / "fil.json", three_children())
    before = row_counts()
    result = cases_import_file(path=path, dry_run=True, batch_size=1)
    assert result.dry_run
    assert result.counts["children"] == 3
    assert row_counts() == before


# --- Everything or nothing, also when the error is in the last batch ----------------------------


@pytest.mark.django_db
def test_an_error_in_the_last_child_leaves_nothing_of_the_first(tmp_path):
    payload = three_children()
    payload["children"][2]["cases"] = copy.deepcopy(payload["children"][0]["cases"])
    case = payload["children"][2]["cases"][0]
    case["id"] = str(uuid.uuid4())
    case["team"] = "Team Vest"  # not in the file
    case["records"] = {}
    case["events"] = []
    path = write(tmp_path / "fil.json", payload)
    before = row_counts()

    errors = errors_of(lambda: cases_import_file(path=path, batch_size=1))

    assert errors == [
        "children[2].cases[0].team: the team «Team Vest» is neither in the file's teams nor in "
        "the municipality"
    ]
    # The municipality, its team and staff and the first two children were written a batch
    # at a time before the third was read; the transaction took them all back.
    assert row_counts() == before
    assert not Municipality.objects.filter(code="777").exists()


@pytest.mark.django_db
def test_a_schema_error_in_the_last_child_is_all_that_is_said_and_nothing_is_written(tmp_path):
    payload = three_children()
    payload["children"][0]["cases"][0]["team"] = "Team Vest"  # an error the rules would find
    payload["children"][2]["gender"] = "unknown"  # breaks the schema
    path = write(tmp_path / "fil.json", payload)
    before = row_counts()

    errors = errors_of(lambda: cases_import_file(path=path, batch_size=1))

    # As for the whole document: the schema first, and the rules only for a file that keeps it.
    assert errors == errors_of(lambda: cases_import(payload=payload))
    assert len(errors) == 1
    assert errors[0].startswith("children[2].gender: invalid value")
    assert row_counts() == before


@pytest.mark.django_db
def test_what_spans_the_children_is_checked_across_batches(tmp_path):
    payload = three_children()
    third = payload["children"][2]
    third["id"] = CHILD_ID  # the first child's id
    third["cpr"] = payload["children"][1]["cpr"]  # the second child's CPR number
    payload["children"][0]["cases"][0]["records"]["milestones"][0]["sibling"] = str(
        uuid.uuid4()
    )  # a sibling neither in the file nor in the municipality
    path = write(tmp_path / "fil.json", payload)
    before = row_counts()

    whole = errors_of(lambda: cases_import(payload=copy.deepcopy(payload)))
    one_by_one = errors_of(lambda: cases_import_file(path=path, batch_size=1))

    assert one_by_one == whole
    codes = sorted(error.split(": ", 1)[0] for error in whole)
    assert codes == [
        "children[0].cases[0].records.milestones[0].sibling",
        "children[2].cpr",
        "children[2].id",
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_a_child_already_in_the_database_is_refused_in_any_batch(tmp_path):
    payload = three_children()
    cases_import(payload=copy.deepcopy(payload))
    again = copy.deepcopy(payload)
    again["children"] = again["children"][1:]  # the second child (now first) exists
    path = write(tmp_path / "fil.json", again)
    before = row_counts()
    errors = errors_of(lambda: cases_import_file(path=path, batch_size=1))
    assert errors[0].startswith(f"children[0].id: a child with id {OTHER_CHILD_ID} already")
    assert row_counts() == before


@pytest.mark.django_db
def test_a_file_changed_during_the_import_is_not_imported(tmp_path, monkeypatch):
    path = write(tmp_path / "fil.json", three_children())
    before = row_counts()
    children_import = services.Importer.children_import

    def and_the_file_changes(importer, batch):
        children_import(importer, batch)
        with path.open("a", encoding="utf-8") as file:
            file.write("\n")
        os.utime(path, ns=(0, 0))

    monkeypatch.setattr(services.Importer, "children_import", and_the_file_changes)
    errors = errors_of(lambda: cases_import_file(path=path, batch_size=1))
    assert errors == [
        "the file: The file changed while it was being imported; nothing was imported."
    ]
    assert row_counts() == before


# --- Memory: one value at a time ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_larger_than_the_limit_of_one_value_imports(tmp_path, monkeypatch):
    """The limit is on the largest value (a child), not on the file: memory holds one batch."""
    payload = three_children()
    for day in range(1, 29):
        payload["children"].append(
            {
                "id": str(uuid.uuid4()),
                "cpr": f"{day:02d}0611{day % 10}234",
                "first_name": f"Barn {day}",
                "last_name": "Importsen",
            }
        )
    path = write(tmp_path / "fil.json", payload)
    monkeypatch.setattr(reader, "CHUNK_BYTES", 64)
    monkeypatch.setattr(reader, "MAX_VALUE_CHARS", 3_000)
    assert max(len(json.dumps(child, indent=2)) for child in payload["children"]) < 2_500
    assert path.stat().st_size > 2 * reader.MAX_VALUE_CHARS
    assert cases_import_file(path=path, batch_size=1).counts["children"] == 31


@pytest.mark.django_db
def test_a_child_larger_than_the_limit_is_refused_with_a_message(tmp_path, monkeypatch):
    payload = three_children()
    monkeypatch.setattr(reader, "MAX_VALUE_CHARS", 3 * 1024 * 1024)
    monkeypatch.setattr(reader, "CHUNK_BYTES", 100)
    payload["children"][1]["relations"] = [
        {"first_name": "Mona", "last_name": "x" * 100_000, "relation": "mother"}
    ] * 40
    path = write(tmp_path / "fil.json", payload)
    errors = errors_of(lambda: cases_import_file(path=path))
    assert errors == [
        "children[1]: is more than 3 MB of JSON; one child (or another field of the file) can be "
        "at most that large"
    ]


# --- The reader: the same messages as the whole file's parse ---------------------------------


def _read(path):
    """The file's document and problems as the streaming import reads them, or its errors."""
    try:
        document = services._file_document(path)
    except ImportErrors as exc:
        return ("errors", exc.errors)
    return ("document", document.header, list(document.children()), document.problems)


def _parse(raw: bytes):
    """The same from the whole file in memory, as the import did before it streamed."""
    try:
        document = services._payload_document(payload_parse(raw))
    except ImportErrors as exc:
        return ("errors", exc.errors)
    return ("document", document.header, list(document.children()), document.problems)


SMALL_DOCUMENT = json.dumps(
    {
        "format": "stemme-cases",
        "version": 1,
        "children": [
            {"id": "æ", "n": [1.5, -20, True, None], "x": {"å": "ø"}},
            {"id": "b", "cpr": "0103144123"},
        ],
        "municipality": {"name": "Århus", "code": "751"},
    },
    ensure_ascii=False,
    indent=1,
)
EDITS = st.sampled_from(list('{}[],:" \n0a-.æ\\') + ["", "\x00", "\x01", "tru", "1e999"])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "[]",
        "[1, 2]",
        '"tekst"',
        "{}",
        '{"children": []}',
        '{"children": [], "children": [{"id": 1}]}',
        '{"a": {"b": 1, "b": 2}, "children": [{"c": 1, "c": 2}]}',
        '{"a": 1,}',
        '{"a" 1}',
        '{"a": 1 "b": 2}',
        '{"children": [1 2]}',
        '{"children": [1,]}',
        '{"children": [{"a": 1}]',
        '{"a": 1} x',
        '{"a": 1}\n\n  }',
        '{"a": "ab\ncd"}',
        '{"a": 123456789012345678901234567890}',
        '{"a": 1' + "0" * 5000 + "}",
        '{"a": NaN, "children": [Infinity]}',
        '{"a": "\\ud800", "children": ["\\u0000"]}',
        "\ufeff" + '{"a": 1}',
        '{"children": ' + "[" * 50 + "]" * 50 + "}",
        '{"children": ' + "[" * 5000 + "]" * 5000 + "}",
    ],
)
def test_the_reader_says_what_the_whole_parse_says(tmp_path, small_chunks, text):
    path = tmp_path / "fil.json"
    path.write_text(text, encoding="utf-8")
    assert _read(path) == _parse(text.encode("utf-8"))


def test_the_reader_names_the_byte_that_is_not_utf8(tmp_path, small_chunks):
    raw = '{"children": [{"navn": "Søren"}], "x": "'.encode() + b"\xff" + b'"}'
    path = tmp_path / "fil.json"
    path.write_bytes(raw)
    assert _read(path) == _parse(raw)
    assert _read(path)[1] == [f"the file: The file is not valid UTF-8 (byte {raw.index(255) + 1})."]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(0, len(SMALL_DOCUMENT)), cut=st.integers(0, 2), edit=EDITS)
@example(position=len(SMALL_DOCUMENT) // 2, cut=0, edit="}")
def test_a_broken_file_gets_the_whole_parse_s_message(tmp_path, small_chunks, position, cut, edit):
    """One edit anywhere in a small document: the streamed read says what the whole parse
    says — the same message with the same line and column, the same problems, or the same
    document."""
    text = SMALL_DOCUMENT[:position] + edit + SMALL_DOCUMENT[position + cut :]
    path = tmp_path / "fil.json"
    raw = text.encode("utf-8", "surrogatepass")
    path.write_bytes(raw)
    assert _read(path) == _parse(raw)
