"""Issue 14, item 4: one app shape. Every app has the same layer names (``models``,
``services``, ``selectors``, ``forms``, ``views``, ``urls`` …); a layer that outgrows one file
becomes a package of that name with topic modules (``services/mfa.py``, ``views/goals.py``),
never a sibling file (``services_mfa.py``, ``views_goals.py``, ``staff_urls.py``). Modules that are
not layers are the app's own concepts and are listed here, so a new one is a decision, not an
accident (docs/architecture.md, "One app shape")."""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LAYERS = {"models", "services", "selectors", "forms", "views", "urls"}
FRAMEWORK = {"apps", "admin", "migrations", "management", "templates", "templatetags", "static"}
SHARED = {"tests", "testing", "navigation", "middleware"}
# Each app's modules that are neither a layer nor framework: its own concepts.
CONCEPTS = {
    "access": {"fields"},
    "accounts": {"backends", "lockout", "passwords", "sessions"},
    "audit": {"append_only", "database_roles", "event_kinds", "shipping"},
    "cases": set(),
    "children": {"cpr", "cpr_lookup"},
    "continuity": set(),
    "core": {"backup", "bulk", "conflicts", "context_processors", "idempotency", "pdf"},
    "dashboards": set(),
    "deadlines": {"calendar", "engine", "events", "facts", "labels", "rules", "tasks"},
    "demo": {"oversight", "plan", "portal", "survey"},
    "documents": {"attachment", "inspection", "scanning", "storage"},
    "drafts": {"web"},
    "interchange": {"errors", "fields", "importer", "reader", "schema"},
    "journal": set(),
    "letters": set(),
    "meetings": set(),
    "notifications": {"sms", "tasks"},
    "oversight": {"catalogue", "charts", "checklist", "csv_export", "tasks"},
    "operations": {"health", "tasks"},
    "participation": set(),
    "portal": {"readability", "session"},
    "privacy": {"pdf", "retention"},
    "survey": {"csv_export", "disclosure", "instrument", "scales", "tasks"},
}
# A layer split across sibling files instead of a package.
SPLIT_LAYER = re.compile(r"^(\w+_)?(models|services|selectors|forms|views|urls)(_\w+)?$")


def _modules(app: Path) -> set[str]:
    return {
        path.stem
        for path in app.iterdir()
        if path.name != "__init__.py"
        and path.name != "__pycache__"
        and (path.suffix == ".py" or path.is_dir())
    }


def test_every_app_has_the_one_shape():
    apps = sorted(p for p in ROOT.iterdir() if (p / "apps.py").exists())
    assert {app.name for app in apps} == set(CONCEPTS), "a new app: list its concepts here"
    wrong = {}
    for app in apps:
        modules = _modules(app)
        split = {m for m in modules if SPLIT_LAYER.match(m) and m not in LAYERS}
        unknown = modules - LAYERS - FRAMEWORK - SHARED - CONCEPTS[app.name] - split
        if split or unknown:
            wrong[app.name] = sorted(split | unknown)
    assert wrong == {}


def test_a_layer_package_has_no_layer_named_files_inside():
    """``services/steps/`` and ``views/registry.py`` yes; ``views/views_x.py`` no."""
    nested = [
        str(path.relative_to(ROOT))
        for layer in LAYERS
        for path in ROOT.glob(f"*/{layer}/*.py")
        if SPLIT_LAYER.match(path.stem) and path.stem != "__init__"
    ]
    assert nested == []


def test_one_file_named_steps():
    assert [str(p.relative_to(ROOT)) for p in ROOT.rglob("steps.py")] == []


def _layout_report():
    """scripts/layout_report.py, the measurements of docs/architecture.md, loaded as a module."""
    spec = importlib.util.spec_from_file_location(
        "layout_report", ROOT.parent / "scripts" / "layout_report.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_imports_inside_functions_say_why():
    """Imports at the top of the module; one inside a function (a cycle, Django's app registry)
    has a comment saying why, on its line or just above it."""
    report = _layout_report()
    sources = report._sources()
    unexplained = []
    for module, (path, tree) in sources.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for _target, at_top, lineno in report._imports(
            module, tree, set(sources), path.name == "__init__.py"
        ):
            if not at_top and not report._explained(lines, lineno):
                unexplained.append(f"{path.relative_to(ROOT.parent)}:{lineno}")
    assert sorted(set(unexplained)) == []


def test_no_file_cycles():
    report = _layout_report()
    sources = report._sources()
    graph = {}
    for module, (path, tree) in sources.items():
        graph[module] = {
            target
            for target, at_top, _line in report._imports(
                module, tree, set(sources), path.name == "__init__.py"
            )
            if at_top
        }
    assert report._cycles(graph) == []
