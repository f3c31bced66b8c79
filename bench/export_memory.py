"""Peak memory and time of the municipality export (issue 16): streamed a batch of children at
a time, against the whole document in memory as before, at two municipality sizes.

    .venv/bin/python bench/export_memory.py [--children 2000 8000] [--batch-size 500]
        [--workdir DIR] [--tracemalloc]

For each size, seeds a throwaway SQLite database with the demo (``seed_demo``; kept in
``--workdir`` and reused when it is already there), then runs each export in a process of its
own, so each peak is that export's alone:

- "streamed": ``cases_export_stream`` to a file, as ``manage.py export_cases --output`` does;
- "whole": ``export_text(cases_export(...))`` with every child in one batch — every row read at
  once, the whole document, then its whole text, as the export did before issue 16 — written
  to a file.

Reports the process's peak resident memory (``ru_maxrss``), the part of it above the process
after start-up (Django, the models, the first query), the time of the export alone and the
file's size. ``--tracemalloc`` adds the peak of Python's own allocations during the export
(slower: the allocations are traced).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ("streamed", "whole")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, nargs="+", default=[2_000, 8_000])
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--workdir", help="Keep the seeded databases here (default: a temp dir).")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--step", choices=("seed", *MODES), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        _step(args)
        return

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="stemme-export-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"batch size {args.batch_size}; databases in {workdir}")
    header = (
        f"{'children':>8} {'export':<9} {'peak RSS MB':>11} {'above start MB':>14} "
        f"{'seconds':>8} {'file MB':>8}"
    )
    if args.tracemalloc:
        header += f" {'traced peak MB':>14}"
    print(header)
    for children in args.children:
        database = workdir / f"children-{children}.sqlite3"
        if not database.exists():
            print(_run(args, "seed", database, children=children)["said"], flush=True)
        for mode in MODES:
            result = _run(args, mode, database, children=children)
            line = (
                f"{children:>8} {mode:<9} {result['peak_mb']:>11.0f} "
                f"{result['peak_mb'] - result['start_mb']:>14.0f} {result['seconds']:>8.1f} "
                f"{result['file_mb']:>8.0f}"
            )
            if args.tracemalloc:
                line += f" {result['traced_mb']:>14.0f}"
            print(line, flush=True)


def _run(args, step: str, database: Path, *, children: int) -> dict:
    command = [
        sys.executable,
        __file__,
        "--step",
        step,
        "--database",
        str(database),
        "--children",
        str(children),
        "--batch-size",
        str(args.batch_size),
    ]
    if args.tracemalloc:
        command.append("--tracemalloc")
    # This script itself, with fixed arguments.
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"{step} failed:\n{done.stderr}")
    last_line = done.stdout.splitlines()[-1]
    return {"said": last_line} if step == "seed" else json.loads(last_line)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _step(args) -> None:
    """One step in a process of its own: seed the database, or run one export and print its
    figures as a JSON line."""
    os.environ["DATABASE_URL"] = f"sqlite:///{args.database}"
    os.environ.pop("TEST_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    sys.path.insert(0, str(ROOT))

    # Here, not at the top: Django reads DATABASE_URL when its settings are first imported.
    import django

    django.setup()

    # After django.setup(): the models can only be imported once the apps are loaded.
    from django.core.management import call_command

    from stemme.accounts.models import User
    from stemme.interchange.selectors import export as export_selectors
    from stemme.interchange.services import cases_export, cases_export_stream, export_text

    if args.step == "seed":
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", children=args.children[0], seed=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"seeded {args.children[0]} children in {time.perf_counter() - started:.0f} s")
        return

    leader = User.objects.select_related("municipality").get(username="leder")
    municipality = leader.municipality
    start_mb = _peak_mb()
    output = Path(args.database).with_suffix(f".{args.step}.json")
    if args.tracemalloc:
        import tracemalloc  # only when asked: tracing slows every allocation down

        tracemalloc.start()
    started = time.perf_counter()
    if args.step == "streamed":
        with output.open("w", encoding="utf-8") as file:
            cases_export_stream(
                municipality=municipality, user=leader, out=file, batch_size=args.batch_size
            )
    else:
        # Every child in one batch: every row read at once, as before issue 16.
        export_selectors.BATCH_SIZE = 10**9
        text = export_text(cases_export(municipality=municipality, user=leader))
        output.write_text(text, encoding="utf-8")
    seconds = time.perf_counter() - started
    traced_mb = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
    figures = {
        "start_mb": start_mb,
        "peak_mb": _peak_mb(),
        "seconds": seconds,
        "file_mb": output.stat().st_size / 2**20,
        "traced_mb": traced_mb,
    }
    output.unlink()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
