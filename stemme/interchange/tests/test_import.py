"""import_cases: every error is found before anything is written, named by record and field.

The file here is format version 1 (``payloads.VALID``): the import still reads it. Messages are
asserted in English (``--language en``, the msgids); the Danish comes from the catalogue.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from stemme.accounts.models import Municipality, Role, Team, User
from stemme.audit.models import Event
from stemme.cases.models import Case, CaseworkerAssignment, Intake
from stemme.children.models import Child, ChildRelation, Person
from stemme.deadlines.models import Obligation
from stemme.interchange.services import ImportErrors, cases_import
from stemme.interchange.tests.payloads import (
    CASE_ID,
    CHILD_ID,
    INTAKE_ID,
    valid_payload,
    write_json,
)

TABLES = [
    Municipality,
    Team,
    User,
    User.teams.through,
    Child,
    Person,
    ChildRelation,
    Case,
    CaseworkerAssignment,
    Intake,
    Event,
    Obligation,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def run_import(path, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_cases", str(path), "--language", "en", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failed_import(path) -> tuple[str, str]:
    """Run an import that must fail; return (the CommandError, the listed errors)."""
    before = row_counts()
    err = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_cases", str(path), "--language", "en", stdout=StringIO(), stderr=err)
    assert row_counts() == before, "a failed import must write nothing"
    return str(failure.value), err.getvalue()


def first_case(payload) -> dict:
    return payload["children"][0]["cases"][0]


# --- A valid file ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_valid_file_is_imported_with_obligations_and_unusable_passwords(tmp_path):
    out, _err = run_import(write_json(tmp_path / "ok.json", valid_payload()))

    assert "Imported into Importby Kommune (777, created)" in out
    municipality = Municipality.objects.get(code="777")
    child = Child.objects.get(pk=CHILD_ID)
    assert child.municipality == municipality
    assert child.birth_date == dt.date(2014, 3, 1)
    # No birth date in the file: it comes from the CPR number.
    assert Child.objects.get(cpr="1507125234").birth_date == dt.date(2012, 7, 15)
    assert child.relations.get().person.first_name == "Mona"
    case = Case.objects.get(pk=CASE_ID)
    assert case.team.name == "Team Øst"
    assert case.assignments.get().caseworker.username == "imp_cw"
    intake = Intake.objects.get(pk=INTAKE_ID)
    assert intake.recorded_by.username == "imp_cw"
    received = Event.objects.get(kind="underretning.received", case=case)
    assert received.ref == f"intake:{INTAKE_ID}"
    assert received.occurred_at == intake.received_at
    assert Event.objects.get(kind="child.created", child=child).case is None
    # The deadline engine ran on the imported events: the 24-hour urgency assessment is due.
    assert Obligation.objects.filter(case=case, rule_id="underretning-24t").exists()
    ida = User.objects.get(username="imp_cw")
    assert not ida.has_usable_password()
    assert ida.role == Role.CASEWORKER
    assert list(ida.teams.values_list("name", flat=True)) == ["Team Øst"]
    assert User.objects.get(username="imp_leader").role == Role.TEAM_LEADER


@pytest.mark.django_db
def test_importing_the_same_file_twice_fails_and_writes_nothing(tmp_path):
    path = write_json(tmp_path / "ok.json", valid_payload())
    run_import(path)

    message, errors = failed_import(path)

    assert "Nothing was imported" in message
    assert f"children[0].id: a child with id {CHILD_ID} already exists in the database" in errors
    assert "children[0].cpr: a child with the CPR number 010314-**** already exists" in errors
    assert f"children[0].cases[0].id: a case with id {CASE_ID} already exists" in errors
    assert "children[0].cases[0].records.intakes[0].id:" in errors


@pytest.mark.django_db
def test_dry_run_validates_and_writes_nothing(tmp_path):
    before = row_counts()

    out, _err = run_import(write_json(tmp_path / "ok.json", valid_payload()), "--dry-run")

    assert "Dry run" in out
    assert "children: 2" in out
    assert row_counts() == before


@pytest.mark.django_db
def test_children_are_added_to_an_existing_municipality(world, tmp_path):
    payload = valid_payload()
    payload["municipality"] = {"name": "Testby Kommune", "code": "901"}
    payload["teams"] = [{"name": "Team Nord"}]
    payload["staff"] = [{"username": "tildelt", "role": "caseworker"}]
    payload["events"] = [
        {"kind": "rule_override.changed", "occurred_at": "2026-01-01T08:00:00+01:00"}
    ]
    case = first_case(payload)
    case["team"] = "Team Nord"
    case["assignments"][0]["caseworker"] = "tildelt"
    case["records"]["intakes"][0]["recorded_by"] = "leder"  # staff of the municipality
    for event in case["events"] + payload["children"][0]["events"]:
        event["actor"] = "tildelt"
    teams_before = Team.objects.count()

    out, _err = run_import(write_json(tmp_path / "more.json", payload))

    assert "already existed" in out
    assert "1 staff members already existed" in out
    assert "municipality events in the file were not imported" in out
    assert Child.objects.get(pk=CHILD_ID).municipality == world.municipality
    assert Case.objects.get(pk=CASE_ID).team == world.team
    assert Team.objects.count() == teams_before
    assert not Event.objects.filter(kind="rule_override.changed").exists()


# --- Invalid files -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_bad_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "format": "stemme-cases"\n  "version": 1\n}', encoding="utf-8")

    message, errors = failed_import(path)

    assert "Invalid JSON in line 3, column 3: a comma is missing" in errors
    assert "1 errors" in message


def _break_occurred_at(p):
    first_case(p)["events"][0]["occurred_at"] = "2026-02-01T09:00:00"


def _break_cpr(p):
    p["children"][0]["cpr"] = "3102144123"


def _break_birth_date(p):
    p["children"][0]["birth_date"] = "2014-03-02"


def _duplicate_cpr(p):
    p["children"][1]["cpr"] = p["children"][0]["cpr"]


def _unknown_team(p):
    first_case(p)["team"] = "Team Vest"


def _unknown_username(p):
    first_case(p)["assignments"][0]["caseworker"] = "ukendt"


def _unknown_event_kind(p):
    first_case(p)["events"][1]["kind"] = "case.exploded"


def _ended_before_started(p):
    first_case(p)["assignments"][0]["ended_on"] = "2026-01-31"


def _two_current_primaries(p):
    first_case(p)["assignments"].append(
        {"caseworker": "imp_leader", "role": "primary", "started_on": "2026-02-02"}
    )


def _unknown_enum(p):
    first_case(p)["stage"] = "limbo"


def _missing_field(p):
    del p["children"][0]["first_name"]


def _unknown_field(p):
    p["children"][0]["nickname"] = "Elle"


def _impossible_date(p):
    first_case(p)["opened_on"] = "2026-02-30"


def _ref_to_missing_record(p):
    first_case(p)["events"][0]["ref"] = "decision:0b7d5c1e-3f2a-4c6b-9d8e-000000000000"


def _part_of_missing_record(p):
    first_case(p)["events"][0]["ref"] = "decision:0b7d5c1e-3f2a-4c6b-9d8e-000000000000#explanation"


def _start_of_another_case(p):
    first_case(p)["events"][0]["ref"] = "case:0b7d5c1e-3f2a-4c6b-9d8e-000000000000#start"


def _conversation_without_record(p):
    first_case(p)["events"][0]["ref"] = "conversation:0b7d5c1e-3f2a-4c6b-9d8e-000000000000"


def _conversation_with_unknown_method(p):
    first_case(p)["records"]["conversations"] = [
        {
            "id": "4c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
            "happened_on": "2026-03-01",
            "methods": ["telepathy"],
        }
    ]


def _bad_email(p):
    p["staff"][0]["email"] = "ikke-en-adresse"


def _future_version(p):
    p["version"] = 4


def _date_out_of_range(p):
    first_case(p)["opened_on"] = "0001-01-01"


def _version_2_list_in_version_1(p):
    first_case(p)["meetings"] = []


def _duplicate_id(p):
    p["children"][1]["id"] = p["children"][0]["id"]


def _username_elsewhere(p):
    p["staff"][1]["username"] = "fremmed"  # a caseworker of Andenby Kommune in the world


def _code_taken(p):
    p["municipality"]["code"] = "901"  # Testby Kommune in the world


def _unknown_rule(p):
    p["municipality"]["rule_overrides"] = [
        {"rule_id": "frist-x", "duration": 3, "reason": "Test", "changed_by": "imp_leader"}
    ]


def _measure_without_decision(p):
    first_case(p)["records"]["measures"] = [
        {
            "id": "2c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
            "decision": "3c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
            "description": "Familiebehandling",
            "started_on": "2026-03-01",
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("breaker", "expected"),
    [
        (
            _break_occurred_at,
            "children[0].cases[0].events[0].occurred_at: must be a time with a time zone, "
            "e.g. 2026-03-01T09:30:00+01:00",
        ),
        (_break_cpr, "children[0].cpr: the first six digits must be a real date"),
        (
            _break_birth_date,
            "children[0].birth_date: the date of birth 2014-03-02 does not match the CPR "
            "number, which gives 2014-03-01",
        ),
        (
            _duplicate_cpr,
            "children[1].cpr: the CPR number 010314-**** appears for more than one child",
        ),
        (
            _unknown_team,
            "children[0].cases[0].team: the team «Team Vest» is neither in the file's teams nor "
            "in the municipality",
        ),
        (
            _unknown_username,
            "children[0].cases[0].assignments[0].caseworker: the username «ukendt» is neither "
            "in the file's staff list nor among the municipality's staff",
        ),
        (
            _unknown_event_kind,
            "children[0].cases[0].events[1].kind: unknown event kind «case.exploded»",
        ),
        (
            _ended_before_started,
            "children[0].cases[0].assignments[0].ended_on: an assignment cannot end "
            "(2026-01-31) before it began (2026-02-01)",
        ),
        (
            _two_current_primaries,
            "children[0].cases[0].assignments[1].ended_on: the case already has a current",
        ),
        (_unknown_enum, 'children[0].cases[0].stage: invalid value "limbo"; allowed values:'),
        (_missing_field, "children[0].first_name: the field is missing"),
        (_unknown_field, "children[0].nickname: unknown field"),
        (_impossible_date, "children[0].cases[0].opened_on: is not a valid date"),
        (
            _date_out_of_range,
            "children[0].cases[0].opened_on: must be a date between the years 1850 and 2199",
        ),
        (
            _ref_to_missing_record,
            "children[0].cases[0].events[0].ref: refers to decision:",
        ),
        (
            _part_of_missing_record,
            "children[0].cases[0].events[0].ref: refers to decision:",
        ),
        (_start_of_another_case, "children[0].cases[0].events[0].ref: case:0b7d5c1e"),
        (
            _conversation_without_record,
            "children[0].cases[0].events[0].ref: refers to conversation:",
        ),
        (
            _conversation_with_unknown_method,
            'children[0].cases[0].records.conversations[0].methods[0]: invalid value "telepathy"',
        ),
        (_bad_email, "staff[0].email: Enter a valid email address"),
        (_future_version, "version: the file has format version 4; this version of Stemme reads"),
        (
            _duplicate_id,
            "children[1].id: id 6f1c0d7e-2b7a-4c55-9a39-0d6c1d2e3f40 appears more than once",
        ),
        (
            _username_elsewhere,
            "staff[1].username: the username «fremmed» already exists and does not belong to "
            "Importby",
        ),
        (
            _code_taken,
            "municipality.name: municipality code 901 already exists with the name «Testby",
        ),
        (
            _unknown_rule,
            "municipality.rule_overrides[0].rule_id: unknown deadline rule «frist-x»",
        ),
        (
            _measure_without_decision,
            "children[0].cases[0].records.measures[0].decision: decision "
            "3c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f is not among the case's records.decisions",
        ),
        (
            _version_2_list_in_version_1,
            "children[0].cases[0].meetings: unknown field",
        ),
    ],
)
def test_invalid_files_name_the_record_and_write_nothing(world, tmp_path, breaker, expected):
    payload = valid_payload()
    breaker(payload)

    message, errors = failed_import(write_json(tmp_path / "bad.json", payload))

    assert expected in errors
    assert errors.count(expected.split(":")[0] + ":") == 1, "one message per problem"
    assert "Nothing was imported" in message
    assert not Municipality.objects.filter(code="777").exists()


@pytest.mark.django_db
def test_every_error_is_reported_at_once(tmp_path):
    payload = valid_payload()
    for breaker in (_break_cpr, _unknown_team, _unknown_username, _unknown_event_kind):
        breaker(payload)

    with translation.override("en"), pytest.raises(ImportErrors) as failure:
        cases_import(payload=payload)

    assert len(failure.value.errors) == 4
    # Structured too: the JSON path of each bad value, the message and a code.
    assert [(i.path, i.code) for i in failure.value.issues] == [
        ("children[0].cpr", "cpr"),
        ("children[0].cases[0].team", "unknown_team"),
        ("children[0].cases[0].assignments[0].caseworker", "unknown_user"),
        ("children[0].cases[0].events[1].kind", "unknown_kind"),
    ]


@pytest.mark.django_db
def test_a_long_error_list_is_capped(tmp_path):
    payload = valid_payload()
    payload["children"][1]["events"] = [
        {"kind": "nope", "occurred_at": "2026-02-01T09:00:00+01:00"} for _ in range(60)
    ]

    message, errors = failed_import(write_json(tmp_path / "many.json", payload))

    assert "60 errors" in message
    assert "… and 10 more errors." in errors
    assert errors.count("unknown event kind") == 50


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_cases", str(tmp_path / "findes-ikke.json"), "--language", "en")
