"""The Danish catalogue is complete: every UI string extracted, translated, and compiled.

Runs makemessages on a copy of the source tree (makemessages writes next to the sources, so the
working tree is never touched) and checks the result with msgfmt from Debian's gettext, which
`make test` installs.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale" / "da" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _msgfmt_statistics(po: Path) -> str:
    result = subprocess.run(  # noqa: S603 - fixed command
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr


def test_every_ui_string_is_in_the_danish_catalogue_and_translated(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("stemme", "config", "locale"):
        shutil.copytree(BASE / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(BASE / "manage.py", project / "manage.py")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "STEMME_DATA_DIR": str(tmp_path / "data"),
    }
    subprocess.run(  # noqa: S603 - fixed command
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "da",
            "--no-location",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=project,
        env=env,
        check=True,
    )
    stats = _msgfmt_statistics(project / "locale" / "da" / "LC_MESSAGES" / "django.po")
    assert "untranslated" not in stats, f"Translate the new strings in {PO}: {stats}"
    assert "fuzzy" not in stats, f"Review the fuzzy strings in {PO}: {stats}"


def test_compiled_catalogue_is_up_to_date(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(PO)], check=True)  # noqa: S603,S607
    assert fresh.read_bytes() == MO.read_bytes(), "Run `make messages` and commit django.mo"
