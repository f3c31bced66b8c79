"""The architecture contracts in ``.importlinter`` hold, and they bite: the same check on a copy
of the code with a forbidden import added fails and names the contract."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(  # noqa: S603 - our own tool on our own files
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / ".importlinter")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_code_keeps_every_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def copy_of_the_code(tmp_path) -> Path:
    shutil.copytree(
        ROOT / "stemme",
        tmp_path / "stemme",
        ignore=shutil.ignore_patterns("templates", "static", "__pycache__", "*.html", "*.js"),
    )
    return tmp_path


def _add_import(path: Path, line: str) -> None:
    path.write_text(line + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        (
            "deadlines/engine/derive.py",
            "import django.db  # noqa",
            "The deadline engine is pure Python",
        ),
        ("deadlines/rules.py", "from stemme.cases import models  # noqa", "pure Python"),
        (
            "meetings/services/__init__.py",
            "from stemme.cases.services import steps  # noqa",
            "Case writes go through the case-write unit",
        ),
        (
            "core/views.py",
            "from stemme.portal import models  # noqa",
            "core imports no app but audit",
        ),
        (
            "audit/event_kinds.py",
            "from stemme.cases import models  # noqa",
            "audit imports nothing above accounts",
        ),
        (
            "cases/services/steps/intake.py",
            "from stemme.cases.services.steps import closure  # noqa",
            "do not import each other in a cycle",
        ),
    ],
)
def test_a_forbidden_import_breaks_its_contract(copy_of_the_code, module, line, contract):
    if "closure" in line:  # a cycle needs the other direction too
        _add_import(
            copy_of_the_code / "stemme/cases/services/steps/closure.py",
            "from stemme.cases.services.steps import intake  # noqa",
        )
    _add_import(copy_of_the_code / "stemme" / module, line)
    result = _lint(copy_of_the_code)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout
    assert "BROKEN" in result.stdout
