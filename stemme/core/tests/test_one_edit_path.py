"""Issue 14, item 3: one edit path. Every form that edits a versioned record inherits
``VersionedForm`` (one hidden field, ``version``), and no view catches ``EditConflict`` itself:
``core.conflicts.edit_save`` does, in one place."""

import ast
import importlib
from pathlib import Path

from django import forms

from stemme.core.forms import VersionedForm

ROOT = Path(__file__).resolve().parents[2]


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _import_every_forms_module() -> None:
    for path in ROOT.rglob("forms*.py"):
        if "tests" in path.parts:
            continue
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        importlib.import_module(module)


def test_every_versioned_form_inherits_versioned_form():
    _import_every_forms_module()
    ours = [
        form
        for form in set(_all_subclasses(forms.BaseForm))
        if form.__module__.startswith("stemme.") and ".tests." not in form.__module__
    ]
    versioned = [form for form in ours if "version" in form.base_fields]
    assert len(versioned) >= 15
    assert [f.__qualname__ for f in versioned if not issubclass(f, VersionedForm)] == []
    assert [f.__qualname__ for f in ours if "expected_version" in f.base_fields] == []


def test_no_view_catches_edit_conflicts_itself():
    catching = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "views" not in path.name and path.parent.name != "views":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            handler = isinstance(node, ast.ExceptHandler) and node.type is not None
            if handler and "EditConflict" in ast.unparse(node.type):
                catching.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert catching == []
