"""Time the demo generator: plan, write and obligations, separately, into a fresh SQLite file.

    .venv/bin/python bench/seed_demo.py [--children 10000] [--seed 1]

Uses a temporary database (never data/stemme.sqlite3), migrates it, and removes it afterwards.
The target: 10,000 children (about 700,000 rows: step records, the child's voice and ~41 events
per child) planned and written well under 60 s on a 2-core machine, and their obligations derived
by the deadline engine (what ``seed_demo`` does next) in a few seconds more.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="stemme-bench-"))
    database = workdir / "bench.sqlite3"
    # Before Django reads its settings: a throwaway database, development settings.
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("STEMME_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from stemme.accounts.models import Municipality
    from stemme.deadlines.services import obligations_recompute_all
    from stemme.demo.plan import DEMO_MUNICIPALITY_NAME, build_demo_plan
    from stemme.demo.services import _demo_password_hash, demo_write

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        # Hash outside the timed write so the figure is about the database work (about 0.5 s).
        _demo_password_hash()
        hashed = time.perf_counter()
        plan = build_demo_plan(children=args.children, seed=args.seed, today=dt.date.today())  # noqa: DTZ011
        planned = time.perf_counter()
        counts = demo_write(plan)
        written = time.perf_counter()
        obligations = obligations_recompute_all(
            municipality=Municipality.objects.get(name=DEMO_MUNICIPALITY_NAME)
        )
        derived = time.perf_counter()
        connection.close()

        rows = sum(counts.values())
        print(f"children:       {args.children} (seed {args.seed})")
        print(f"migrate:        {migrated - started:6.2f} s")
        print(f"password hash:  {hashed - migrated:6.2f} s (once per process)")
        print(f"plan build:     {planned - hashed:6.2f} s")
        print(
            f"write:          {written - planned:6.2f} s ({rows / (written - planned):,.0f} rows/s)"
        )
        print(f"plan + write:   {written - hashed:6.2f} s")
        print(f"obligations:    {derived - written:6.2f} s ({obligations:,} rows)")
        print(f"rows written:   {rows:,}")
        for name, count in counts.items():
            print(f"  {name:<19} {count:>9,}")
        print(f"events/child:   {counts['events'] / args.children:.1f}")
        size = sum(path.stat().st_size for path in workdir.iterdir())
        print(f"database size:  {size / 1_000_000:.1f} MB")
    finally:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()


if __name__ == "__main__":
    main()
