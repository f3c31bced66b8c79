"""How the code is laid out, in figures: the measurements of issue 14 (docs/architecture.md,
"Layout in figures"), reproducible by anyone.

    python scripts/layout_report.py [--top 10]

Reads every ``stemme/**/*.py`` outside migrations and tests with ``ast`` (nothing is imported
or run) and prints:

- import cycles between files (module-level imports only; an import inside a function is
  listed apart, since it is how a cycle is usually hidden);
- pairs of apps that import each other (at any level);
- imports inside functions, per file;
- copies of the case-write helpers (``_event``, ``_locked``, ``_recompute``, ``_not_future``);
- ``except EditConflict`` and ``except ValidationError`` in views;
- the longest files and functions.
"""

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "stemme"
WRITE_HELPERS = ("_event", "_locked", "_recompute", "_not_future")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, tuple[Path, ast.Module]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).parts
        if "migrations" in relative or "tests" in relative:
            continue
        found[_module_name(path)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def _resolve(target: str, known: set[str]) -> str | None:
    """The known module an import names (``a.b.c`` may be module ``a.b`` with a name ``c``)."""
    while target:
        if target in known:
            return target
        target = target.rpartition(".")[0]
    return None


def _imports(module: str, tree: ast.Module, known: set[str], is_package: bool):
    """(target module, at module level?) for every import of a stemme module."""
    base = module if is_package else module.rpartition(".")[0]
    function_lines = {
        node.lineno
        for func in ast.walk(tree)
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(func)
        if isinstance(node, ast.Import | ast.ImportFrom)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            prefix = node.module or ""
            if node.level:
                anchor = base
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                prefix = f"{anchor}.{prefix}" if prefix else anchor
            names = [f"{prefix}.{alias.name}" for alias in node.names] or [prefix]
        else:
            continue
        for name in names:
            if not name.startswith("stemme"):
                continue
            target = _resolve(name, known)
            if target and target != module:
                yield target, node.lineno not in function_lines, node.lineno


def _explained(lines: list[str], lineno: int) -> bool:
    """An import inside a function says why in a comment: on its line, or in the comment lines
    (or the other imports of the same block) just above it."""
    index = lineno - 1
    if "#" in lines[index]:
        return True
    index -= 1
    while index >= 0:
        line = lines[index].strip()
        if line.startswith("#"):
            return True
        if line and not (line.startswith(("from ", "import ")) or line.endswith(("(", ",", ")"))):
            return False
        if "#" in line:
            return True
        index -= 1
    return False


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def _app(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10, help="how many long files/functions")
    args = parser.parse_args()

    sources = _sources()
    known = set(sources)
    top_level: dict[str, set[str]] = defaultdict(set)
    app_edges: set[tuple[str, str]] = set()
    hidden: dict[str, int] = defaultdict(int)
    unexplained: list[str] = []
    for module, (path, tree) in sources.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        seen_lines = set()
        for target, at_top, lineno in _imports(module, tree, known, path.name == "__init__.py"):
            if at_top:
                top_level[module].add(target)
            else:
                hidden[module] += 1
                if lineno not in seen_lines and not _explained(lines, lineno):
                    unexplained.append(f"{path.relative_to(ROOT)}:{lineno}")
                seen_lines.add(lineno)
            if _app(module) != _app(target):
                app_edges.add((_app(module), _app(target)))

    cycles = _cycles(top_level)
    print(f"file-level import cycles: {len(cycles)}")
    for cycle in cycles:
        print("  " + " <-> ".join(cycle))
    pairs = sorted({tuple(sorted(e)) for e in app_edges if (e[1], e[0]) in app_edges})
    print(f"pairs of apps that import each other: {len(pairs)}")
    for first, second in pairs:
        print(f"  {first} <-> {second}")
    print(f"imports inside functions: {sum(hidden.values())} in {len(hidden)} files")
    for module, count in sorted(hidden.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {count:3}  {module}")
    print(f"imports inside functions without a comment saying why: {len(unexplained)}")
    for where in unexplained[: args.top]:
        print(f"  {where}")

    copies = defaultdict(list)
    for module, (_path, tree) in sources.items():
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in WRITE_HELPERS:
                copies[node.name].append(module)
    print("copies of the case-write helpers (cases/services/unit.py has the one public set):")
    for name in WRITE_HELPERS:
        print(f"  {name}: {len(copies[name])}  {', '.join(copies[name])}")

    conflicts = validations = 0
    for module, (_path, tree) in sources.items():
        if ".views" not in module and not module.endswith("views"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                text = ast.unparse(node.type)
                conflicts += "EditConflict" in text
                validations += "ValidationError" in text
    print(f"in views: except EditConflict {conflicts}, except ValidationError {validations}")

    files = sorted(
        (
            (len(path.read_text(encoding="utf-8").splitlines()), module)
            for module, (path, _) in sources.items()
        ),
        reverse=True,
    )
    print(f"longest files (lines; over 600: {sum(1 for n, _ in files if n > 600)}):")
    for lines, module in files[: args.top]:
        print(f"  {lines:5}  {module}")
    functions = sorted(
        (
            (node.end_lineno - node.lineno + 1, f"{module}.{node.name}")
            for module, (_path, tree) in sources.items()
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ),
        reverse=True,
    )
    print("longest functions (lines):")
    for lines, name in functions[: args.top]:
        print(f"  {lines:5}  {name}")


if __name__ == "__main__":
    main()
