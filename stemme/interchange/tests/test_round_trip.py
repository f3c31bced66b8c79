"""Export → import into an empty database → export gives the same bytes, and the same deadlines.

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


def manage(tmp_path, *args) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "STEMME_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
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
    assert ("forklaring-afgoerelse", "decision") in met

    manage(tmp_path, "migrate", "--noinput", "-v", "0")
    imported = manage(tmp_path, "import_cases", str(first))
    assert "Importeret til Testby Kommune (901, oprettet)" in imported.stdout
    second = tmp_path / "second.json"
    manage(tmp_path, "export_cases", "--user", "leder", "--output", str(second))

    assert second.read_bytes() == first.read_bytes()
    after = json.loads(manage(tmp_path, "shell", "--no-imports", "-c", OBLIGATIONS_SCRIPT).stdout)
    assert after == original
