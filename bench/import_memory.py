"""Peak memory and time of the import (issue 16): the file read as it streams, a batch of
children at a time, against the whole document in memory as before, at two municipality sizes.

    .venv/bin/python bench/import_memory.py [--children 2000 8000] [--batch-size 200]
        [--workdir DIR] [--modes streamed whole]
        [--source-url postgres://…/stemme_bench] [--target-url postgres://…/stemme_bench_import]

For each size, seeds a throwaway SQLite database with the demo (``seed_demo``; kept in
``--workdir`` and reused, the same files as ``export_memory.py``'s) and exports it with
``export_cases`` (kept too), or — with ``--source-url`` — exports an existing database, e.g. the
one ``http_load.py`` seeded. Then each import runs in a process of its own, into an empty
database migrated for it (an SQLite file in the workdir, or the PostgreSQL database
``--target-url``, whose name must contain "bench": it is dropped and created again):

- "streamed": ``cases_import_file``, as ``manage.py import_cases`` does;
- "whole": ``cases_import(payload=payload_parse(bytes))``, the whole document in memory as the
  import did before (refused above 512 MB).

Reports the peak resident memory (``ru_maxrss``), the part above the process after start-up,
the import's time (obligations derived included) and the children imported.
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
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
MODES = ("streamed", "whole")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, nargs="+", default=[2_000, 8_000])
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--workdir", help="Keep the seeded databases and files here.")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--source-url", help="Export this database instead of seeding one.")
    parser.add_argument("--target-url", help="Import into this PostgreSQL database (bench).")
    parser.add_argument("--step", choices=("seed", "export", "migrate", *MODES))
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        _step(args)
        return
    if args.target_url and "bench" not in urlsplit(args.target_url).path:
        sys.exit("--target-url: the database name must contain 'bench' (it is dropped)")

    args.workdir = args.workdir or tempfile.mkdtemp(prefix="stemme-import-bench-")
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"batch size {args.batch_size}; files in {workdir}")
    print(
        f"{'children':>8} {'import':<9} {'peak RSS MB':>11} {'above start MB':>14} "
        f"{'seconds':>8} {'file MB':>8} {'imported':>8}"
    )
    sizes = [None] if args.source_url else args.children
    for children in sizes:
        if args.source_url:
            source, name = args.source_url, "source"
        else:
            database = workdir / f"children-{children}.sqlite3"
            if not database.exists():
                print(_run(args, "seed", f"sqlite:///{database}", children=children)["said"])
            source, name = f"sqlite:///{database}", f"children-{children}"
        exported = workdir / f"{name}.json"
        if not exported.exists():
            print(_run(args, "export", source, file=exported)["said"], flush=True)
        for mode in args.modes:
            target = args.target_url or f"sqlite:///{workdir / 'target.sqlite3'}"
            _empty(target)
            _run(args, "migrate", target)
            result = _run(args, mode, target, file=exported)
            print(
                f"{children or result['imported']:>8} {mode:<9} {result['peak_mb']:>11.0f} "
                f"{result['peak_mb'] - result['start_mb']:>14.0f} {result['seconds']:>8.1f} "
                f"{exported.stat().st_size / 2**20:>8.0f} {result['imported']:>8}",
                flush=True,
            )


def _empty(url: str) -> None:
    """An empty database at ``url``: the SQLite file removed, the PostgreSQL one recreated."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    # psql from PATH, with a database name checked to contain "bench" above.
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", maintenance, "-qc", sql], check=True)  # noqa: S603, S607


def _run(args, step: str, url: str, *, children: int = 0, file: Path | None = None) -> dict:
    command = [sys.executable, __file__, "--step", step, "--database", url]
    command += ["--children", str(children), "--batch-size", str(args.batch_size)]
    command += ["--workdir", args.workdir]
    if file is not None:
        command += ["--file", str(file)]
    # This script itself, with fixed arguments.
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"{step} failed:\n{done.stderr[-5000:]}")
    lines = done.stdout.splitlines()
    last_line = lines[-1] if lines else "{}"
    return json.loads(last_line) if last_line.startswith("{") else {"said": last_line}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _step(args) -> None:
    """One step in a process of its own; an import prints its figures as a JSON line."""
    os.environ["DATABASE_URL"] = args.database
    os.environ.pop("TEST_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    # The documents' files: seeded, exported and imported in the same storage.
    os.environ["STEMME_DATA_DIR"] = args.workdir
    os.environ["STEMME_DOCUMENTS_ROOT"] = str(Path(args.workdir) / "documents")
    sys.path.insert(0, str(ROOT))

    # Here, not at the top: Django reads DATABASE_URL when its settings are first imported.
    import django

    django.setup()

    # After django.setup(): the models can only be imported once the apps are loaded.
    from django.core.management import call_command

    from stemme.interchange.errors import payload_parse
    from stemme.interchange.services import cases_import, cases_import_file

    quiet = open(os.devnull, "w")  # noqa: SIM115
    if args.step == "seed":
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", children=args.children[0], seed=1, stdout=quiet)
        print(f"seeded {args.children[0]} children in {time.perf_counter() - started:.0f} s")
        return
    if args.step == "migrate":
        call_command("migrate", verbosity=0)
        return
    if args.step == "export":
        started = time.perf_counter()
        call_command("export_cases", "--user", "leder", "--output", args.file, stderr=quiet)
        print(f"exported to {args.file} in {time.perf_counter() - started:.0f} s")
        return

    start_mb = _peak_mb()
    started = time.perf_counter()
    path = Path(args.file)
    if args.step == "streamed":
        result = cases_import_file(path=path, batch_size=args.batch_size)
    else:
        result = cases_import(payload=payload_parse(path.read_bytes()))
    figures = {
        "start_mb": start_mb,
        "peak_mb": _peak_mb(),
        "seconds": time.perf_counter() - started,
        "imported": result.counts["children"],
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
