"""Time the pages a municipality uses most, at its size: server time, queries, and the ratio to
the "floor" page (bench/floor.py) measured in the same run.

    .venv/bin/python bench/pages.py [--children 10000] [--repeat 40] [--warmup 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stemme_bench .venv/bin/python bench/pages.py
    DATABASE_URL=… .venv/bin/python bench/pages.py --reuse --only Flise   # a seeded demo again

Seeds a throwaway database (a temporary SQLite file unless DATABASE_URL is given; a PostgreSQL
database named there is dropped, recreated and ANALYZEd after seeding), then requests each page
in this process through Django's test client as the demo users (no HTTP, no server: server time
only; bench/concurrency.py and bench/http_load.py measure over real HTTP). Each page gets
``--warmup`` requests first that are not counted (cold caches, first template compilation), then
``--repeat`` timed ones; p50 and p95 are interpolated percentiles of those, not the slowest run.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(timings: list[float], share: float) -> float:
    """The interpolated percentile (``share`` 0..1) of at least two timings."""
    ordered = sorted(timings)
    position = (len(ordered) - 1) * share
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the demo already seeded in DATABASE_URL (migrated, not dropped or seeded)",
    )
    parser.add_argument("--only", default="", help="only the pages whose name holds this text")
    args = parser.parse_args()
    if args.repeat < 2:
        parser.error("--repeat must be at least 2")

    if not os.environ.get("DATABASE_URL"):
        workdir = Path(tempfile.mkdtemp(prefix="stemme-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    elif not args.reuse:
        _recreate_postgres(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    os.environ.setdefault("STEMME_ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from stemme.accounts.models import User
    from stemme.accounts.testing import force_login_verified
    from stemme.children.models import Child, PortalAccount
    from stemme.oversight.models import CommitteeSnapshot
    from stemme.portal.testing import client_log_in

    settings.ROOT_URLCONF = "bench.floor"
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not args.reuse:
        call_command("seed_demo", children=args.children, seed=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(
            f"{connection.vendor}: seeded {args.children} children in "
            f"{time.perf_counter() - started:.1f} s"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    caseworker = User.objects.get(username="raadgiver")
    leader = User.objects.get(username="leder")
    child = Child.objects.filter(
        cases__assignments__caseworker=caseworker, cases__assignments__ended_on__isnull=True
    ).first()
    case = child.cases.order_by("-opened_on").first()
    team = leader.teams.order_by("pk").first()
    portal_account = PortalAccount.objects.get(login_id="DEM-012")
    snapshot = CommitteeSnapshot.objects.filter(made_by=leader).first()
    floor = ("Gulv: barnet + adgangslog (raadgiver)", caseworker, f"/bench/floor/{child.pk}/", {})
    pages = [
        floor,
        ("Mine børn (raadgiver)", caseworker, "/boern/", {}),
        ("Barnets overblik (raadgiver)", caseworker, f"/boern/{child.pk}/", {}),
        ("Sagen (raadgiver)", caseworker, f"/sager/{case.pk}/", {}),
        ("Arbejdsliste (raadgiver)", caseworker, "/arbejdsliste/", {}),
        ("Min uge (raadgiver)", caseworker, "/uge/", {}),
        ("Teamets børn (leder)", leader, "/boern/", {}),
        ("Teamets børn side 3 (leder)", leader, "/boern/", {"side": "3"}),
        ("Arbejdsliste (leder)", leader, "/arbejdsliste/", {}),
        ("Inddragelse, ét team (leder)", leader, "/ledelse/inddragelse/", {"team": team.pk}),
        ("Inddragelse, alle teams (leder)", leader, "/ledelse/inddragelse/", {}),
        ("Ledelsesoverblik (leder)", leader, "/ledelse/overblik/", {}),
        ("Ledelsesoverblik, kommunen (leder)", leader, "/ledelse/overblik/", {"scope": "kommune"}),
        ("Mine tal (raadgiver)", caseworker, "/ledelse/overblik/", {}),
        ("Overskredne frister (leder)", leader, "/ledelse/overblik/frister/alle/overskredet/", {}),
        ("Gentagne bekymringer (leder)", leader, "/ledelse/overblik/gentagne-bekymringer/", {}),
        ("Ledelsestilsyn (leder)", leader, "/ledelse/tilsyn/", {}),
        ("Udvalgspakke (leder)", leader, f"/ledelse/udvalg/{snapshot.pk}/", {}),
        ("Min sag forside (barn 10-14)", portal_account, "/min-sag/", {}),
    ]
    # The overview's tiles (each its own request), for the team, the department and the
    # municipality (counts only: the deadlines from the tallies).
    department = team.department
    for label, query in (
        ("team", {}),
        ("afdeling", {"scope": f"afdeling-{department.pk}"} if department else None),
        ("kommunen", {"scope": "kommune"}),
    ):
        if query is None:
            continue
        if label == "afdeling":
            pages.append(
                ("Ledelsesoverblik, afdelingen (leder)", leader, "/ledelse/overblik/", query)
            )
        for tile in ("frister", "sagsstamme", "kontinuitet", "forloeb", "udvikling"):
            pages.append(
                (f"Flise {tile}, {label} (leder)", leader, f"/ledelse/overblik/del/{tile}/", query)
            )
    pages = [floor] + [page for page in pages[1:] if args.only in page[0]]
    print(f"{'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'× floor':>8} {'queries':>8}")
    floor_p50 = None
    for name, who, url, data in pages:
        client = Client()
        if isinstance(who, PortalAccount):
            client_log_in(client, who)
        else:
            force_login_verified(client, who)  # password and authenticator code (issue 6)
        timings = []
        for attempt in range(args.warmup + args.repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url, data)
                elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                print(f"{name:<40} HTTP {response.status_code} at {url} — skipped")
                break
            if attempt >= args.warmup:
                timings.append(elapsed)
        else:
            p50 = statistics.median(timings)
            floor_p50 = floor_p50 or p50
            print(
                f"{name:<40} {p50:>8.1f} {percentile(timings, 0.95):>8.1f} "
                f"{p50 / floor_p50:>8.1f} {len(queries.captured_queries):>8}"
            )


def _recreate_postgres(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or None,
        user=config["USER"],
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


if __name__ == "__main__":
    main()
