"""Export → import into an empty database → export gives the same bytes, and the same deadlines.

The history holds every kind of record the format carries (see conftest.py); after the import
the child's safety restriction still stops a letter to the father it names.

The test database already holds the data, so the "empty database" is a separate SQLite file that
a separate process migrates, imports into and exports from, through the real commands.
"""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from stemme.deadlines.models import Obligation
from stemme.deadlines.services import obligations_recompute_all
from stemme.interchange.services import schema_errors

OBLIGATIONS_SCRIPT = (
    "import json;"
    "from stemme.deadlines.models import Obligation;"
    "print(json.dumps(sorted([str(o.case_id), o.rule_id, o.trigger_ref, o.due_at.isoformat(),"
    " o.status, o.met_by_ref, o.waived_reason] for o in Obligation.objects.all())))"
)


# After the import: the safety restriction still stops a letter to the father it names.
SAFETY_SCRIPT = (
    "from stemme.children.models import Child;"
    "from stemme.letters import services as letters;"
    "child = Child.objects.get(first_name='Zenia');"
    "father = child.relations.get(person__first_name='Frank').person;"
    "print(letters.letter_send(actor=None, child=child, recipient=letters.Recipient("
    "kind='person', name=father.full_name, person=father), kind='other', subject='Om Zenia',"
    " body='Et brev', channel='letter').status)"
)


def obligation_rows(queryset) -> list:
    return sorted(
        [
            str(o.case_id),
            o.rule_id,
            o.trigger_ref,
            o.due_at.isoformat(),
            o.status,
            o.met_by_ref,
            o.waived_reason,
        ]
        for o in queryset
    )


def manage(tmp_path, *args, env=None) -> subprocess.CompletedProcess:
    """``manage.py`` of a second installation (an empty SQLite database in ``tmp_path``);
    ``env`` adds to or overrides its environment."""
    environment = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}
    environment |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "STEMME_DATA_DIR": str(tmp_path),
        **(env or {}),
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.django_db
def test_export_import_export_is_identical_and_gives_the_same_obligations(history, tmp_path):
    first = tmp_path / "first.json"
    call_command("export_cases", "--user", "leder", "--output", str(first), stderr=StringIO())
    document = json.loads(first.read_text(encoding="utf-8"))
    assert schema_errors(document) == []
    assert len(document["children"]) == 3
    obligations_recompute_all(municipality=history.municipality)
    original = obligation_rows(Obligation.objects.filter(child__municipality=history.municipality))
    assert any(row[4] == "waived" for row in original)
    # The child's voice travels too: the conversation meets its task after the import as well.
    met = {(row[1], row[5].split(":")[0]) for row in original if row[4] == "met"}
    assert {
        ("samtale-indsats", "conversation"),
        ("samtale-foer-opfoelgning", "conversation"),
    } <= met
    # The history's decision follows Zenia's wish in part: its own explanation task.
    assert ("forklaring-afgoerelse-delvis", "decision") in met
    # So do the records around the case (format version 2), every kind of them.
    zenia = next(c for c in document["children"] if c["first_name"] == "Zenia")
    case = zenia["cases"][0]
    for key in ("network", "bisiddere", "safety_restrictions", "participation_profiles"):
        assert zenia[key], key
    for key in ("stories", "statements", "letters"):
        assert zenia[key], key
    for key in ("meetings", "handovers", "plan_goals", "letters", "portal_messages"):
        assert case[key], key
    statuses = {meeting["status"] for meeting in case["meetings"]}
    assert statuses == {"planned", "held", "cancelled"}
    relations = {r["first_name"]: r for r in zenia["relations"]}
    assert relations["Ida"]["birth_date"]
    assert relations["Bent"]["ended_on"]
    assert relations["Bent"]["end_reason"] == "Flyttet fra mor"
    assert relations["Bent"]["cpr"] == "0101801234"
    held = next(m for m in case["meetings"] if m["status"] == "held")
    assert held["feedback"]
    assert held["wishes"]
    assert held["next_time_topics"]
    assert {p["kind"] for p in held["participants"]} == {
        "child",
        "caseworker",
        "person",
        "network",
        "bisidder",
        "professional",
    }
    assert any(item["topic"] for m in case["meetings"] for item in m["agenda_items"])
    assert any(goal["ratings"] for goal in case["plan_goals"])
    assert {letter["status"] for letter in case["letters"]} == {"sent", "blocked"}
    assert any(message["answer"] for message in case["portal_messages"])
    assert {"meeting", "handover", "goal"} <= {e["ref"].split(":")[0] for e in case["events"]}

    manage(tmp_path, "migrate", "--noinput", "-v", "0")
    # A child per batch: what one child points to in another (siblings) is written a batch
    # later or earlier, and the bytes are still the same.
    imported = manage(tmp_path, "import_cases", str(first), "--batch-size", "1", "--language", "en")
    assert "Imported into Testby Kommune (901, created)" in imported.stdout
    second = tmp_path / "second.json"
    manage(tmp_path, "export_cases", "--user", "leder", "--output", str(second))

    assert second.read_bytes() == first.read_bytes()
    after = json.loads(manage(tmp_path, "shell", "--no-imports", "-c", OBLIGATIONS_SCRIPT).stdout)
    assert after == original
    status = manage(tmp_path, "shell", "--no-imports", "-c", SAFETY_SCRIPT).stdout.strip()
    assert status == "blocked"
