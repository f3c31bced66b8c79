"""Time the deadline engine over a whole municipality: derive and store every obligation.

    .venv/bin/python bench/deadlines.py [--children 10000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stemme_bench .venv/bin/python bench/deadlines.py

Seeds a throwaway database with the demo municipality, then times
``obligations_recompute_all`` (read events → derive → write obligations) and, separately, the
pure engine over the same facts.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=10_000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        workdir = Path(tempfile.mkdtemp(prefix="stemme-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        from pages import _recreate_postgres

        _recreate_postgres(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from stemme.accounts.models import Municipality
    from stemme.audit.models import Event
    from stemme.cases.models import Case
    from stemme.deadlines.engine import derive_obligations
    from stemme.deadlines.models import Obligation
    from stemme.deadlines.services import (
        FACT_KINDS,
        case_facts,
        obligations_recompute_all,
        rule_config_for,
    )

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", children=args.children, seed=1, stdout=devnull)
    municipality = Municipality.objects.get()

    started = time.perf_counter()
    written = obligations_recompute_all(municipality=municipality)
    total = time.perf_counter() - started

    cases = list(Case.objects.select_related("child"))
    events: dict = {}
    for event in Event.objects.filter(kind__in=FACT_KINDS).order_by("occurred_at", "pk"):
        events.setdefault(event.case_id, []).append(event)
    facts = [case_facts(case=case, events=events.get(case.pk, ())) for case in cases]
    config = rule_config_for(municipality)
    now = timezone.now()
    started = time.perf_counter()
    derived = sum(len(derive_obligations(f, as_of=now, config=config)) for f in facts)
    engine = time.perf_counter() - started

    statuses = Counter(Obligation.objects.values_list("status", flat=True))
    print(f"{connection.vendor}: {len(cases)} cases, {sum(map(len, events.values()))} fact events")
    print(f"recompute all (read + derive + write): {total:.2f} s, {written} obligations")
    print(
        f"pure engine only: {engine:.2f} s for {derived} obligations "
        f"({engine / len(cases) * 1e6:.0f} µs per case)"
    )
    print("statuses:", dict(sorted(statuses.items())))


if __name__ == "__main__":
    main()
