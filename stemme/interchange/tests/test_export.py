"""export_cases: one municipality, deterministic bytes, no secrets, and every export logged."""

import hashlib
import json
import os
import stat
from io import StringIO

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from stemme.audit.models import AccessAction, AccessLog
from stemme.interchange.schema import SCHEMA_PATH, SCHEMA_V1_PATH, schema_text
from stemme.interchange.services import cases_export, export_text, schema_errors


def export(*args) -> str:
    out = StringIO()
    call_command("export_cases", *args, "--language", "en", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_export_is_valid_deterministic_and_holds_only_the_municipality(history):
    text = export("--user", "leder")

    assert text == export("--user", "leder")
    assert text.endswith("}\n")
    document = json.loads(text)
    assert schema_errors(document) == []
    assert text == export_text(document)
    names = [(c["last_name"], c["first_name"]) for c in document["children"]]
    assert names == sorted(names)
    assert {c["cpr"] for c in document["children"]} == {
        history.child.cpr,
        history.other_child.cpr,
        *(c["cpr"] for c in document["children"] if c["first_name"] == "Bo"),
    }
    assert "fremmed" not in {s["username"] for s in document["staff"]}
    assert "Andenby" not in text
    # The case's own history: records and events with stable refs.
    zenia = next(c for c in document["children"] if c["first_name"] == "Zenia")
    case = zenia["cases"][0]
    assert [len(case["records"][key]) for key in ("intakes", "decisions", "measures")] == [1, 1, 1]
    refs = {event["ref"] for event in case["events"]}
    assert f"decision:{case['records']['decisions'][0]['id']}" in refs
    times = [event["occurred_at"] for event in case["events"]]
    assert times[0] <= times[-1]
    assert {e["kind"] for e in zenia["events"]} >= {"child.created", "person.linked"}
    assert not {e["kind"] for e in zenia["events"]} & {"decision.made", "meeting.planned"}
    assert [e["kind"] for e in document["events"]] == ["rule_override.changed"]


@pytest.mark.django_db
def test_export_holds_no_passwords_access_logs_or_system_times(history):
    text = export("--user", "leder")

    for secret in ("password", "pbkdf2", "md5$", "recorded_at", "created_at", "export_cases"):
        assert secret not in text


@pytest.mark.django_db
def test_export_logs_one_access_per_child_for_the_responsible_user(history):
    before = AccessLog.objects.count()

    document = cases_export(municipality=history.municipality, user=history.leader)

    logs = AccessLog.objects.order_by("pk")[before:]
    assert len(logs) == len(document["children"]) == 3
    assert {log.action for log in logs} == {AccessAction.EXPORT}
    assert {log.purpose for log in logs} == {"export_cases"}
    assert {log.user for log in logs} == {history.leader}
    assert {str(log.child_id) for log in logs} == {c["id"] for c in document["children"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give --user"),
        (("--user", "ingen"), "does not exist"),
        (("--user", "tildelt"), "only a team leader"),
        (("--user", "admin"), "only a team leader"),
        (("--user", "fremmed", "--municipality", "901"), "does not belong to Testby Kommune"),
        (("--user", "leder", "--municipality", "555"), "No municipality with the"),
    ],
)
def test_export_needs_a_leader_of_the_municipality(world, args, message):
    before = AccessLog.objects.count()

    with pytest.raises(CommandError, match=message):
        export(*args)

    assert AccessLog.objects.count() == before


@pytest.mark.django_db
def test_export_to_a_file_readable_by_its_owner_only(world, tmp_path):
    path = tmp_path / "out.json"
    stale = tmp_path / "stale.json"
    stale.write_text("old", encoding="utf-8")
    stale.chmod(0o644)
    old_umask = os.umask(0o022)
    try:
        for target in (path, stale):
            call_command(
                "export_cases",
                "--user",
                "leder",
                "--output",
                str(target),
                "--language",
                "en",
                stderr=StringIO(),
            )
    finally:
        os.umask(old_umask)

    for target in (path, stale):
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert target.read_text(encoding="utf-8") == export("--user", "leder")


@pytest.mark.django_db
def test_an_administrator_cannot_export_childrens_data_in_danish(world):
    before = AccessLog.objects.count()
    with pytest.raises(CommandError) as failure:
        call_command("export_cases", "--user", "admin", stdout=StringIO(), stderr=StringIO())
    assert "kun en faglig leder" in str(failure.value)
    assert AccessLog.objects.count() == before


def test_the_version_1_schema_stays_as_it_was_published():
    """Version-1 files are validated against version 1's schema: it never changes."""
    text = SCHEMA_V1_PATH.read_bytes()
    assert hashlib.sha256(text).hexdigest() == (
        "b04e2d56f951122c34f685ec454e1590a013b6cb1498b82cc1b9eedcb3e0342c"
    )
    assert json.loads(text)["properties"]["version"] == {"const": 1}


def test_the_published_schema_matches_the_models():
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text("utf-8")))
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "Regenerate it: manage.py export_cases --schema --output docs/import-format.schema.json"
    )


@pytest.mark.django_db
def test_export_holds_the_childs_voice_with_its_events(history):
    document = json.loads(export("--user", "leder"))
    zenia = next(c for c in document["children"] if c["first_name"] == "Zenia")
    case = zenia["cases"][0]
    records = case["records"]
    decision = records["decisions"][0]
    assert decision["child_wish"] == "partly"
    assert decision["explanation_due_on"] == "2026-04-27"
    assert decision["explanation_delivered_on"] == "2026-04-23"
    assert decision["explanation_delivered_how"] == "Samtale på skolen"
    held, omitted = sorted(records["conversations"], key=lambda c: c["happened_on"])
    assert held["held"] is True
    assert held["methods"] == ["talk", "drawing"]
    assert held["about_ref"] == f"measure:{records['measures'][0]['id']}"
    assert omitted["held"] is False
    assert omitted["omission_reason"] == "child_declined"
    assert omitted["about_ref"] == f"startup:{records['startup_meetings'][0]['id']}#next"
    # The child is implied by the case: statements and rights information do not repeat it.
    assert {s["informs_ref"] for s in records["statements"]} >= {
        f"decision:{decision['id']}",
        held["about_ref"],
    }
    assert all("child" not in s and "case" not in s for s in records["statements"])
    assert [r["topics"] for r in records["rights_information"]] == [
        ["involvement", "complaint"],
        ["file_access"],
    ]
    refs = {event["ref"] for event in case["events"]}
    assert f"conversation:{held['id']}" in refs
    assert f"conversation:{omitted['id']}" in refs
    assert f"decision:{decision['id']}#explanation" in refs
    assert f"case:{case['id']}#start" in refs
    assert f"rights:{records['rights_information'][0]['id']}" in refs


@pytest.mark.django_db
def test_an_export_that_would_lose_a_link_stops_and_logs_nothing(world):
    """A letter about Zenia to a person who is not related to her (letter_send only checks the
    municipality) has no key in her file: the export refuses rather than drop the link."""
    from stemme.children.services import person_link_to_child
    from stemme.letters import services as letters

    stranger = person_link_to_child(
        actor=None,
        child=world.other_child,
        first_name="Sten",
        last_name="Fremmed",
        relation="other",
    ).person
    letters.letter_send(
        actor=None,
        child=world.child,
        recipient=letters.Recipient(kind="person", name="Sten Fremmed", person=stranger),
        kind="other",
        subject="Om Zenia",
        body="…",
        channel="letter",
    )
    before = AccessLog.objects.count()

    with pytest.raises(CommandError, match="The export was stopped, nothing was exported"):
        export("--user", "leder")

    assert AccessLog.objects.count() == before
