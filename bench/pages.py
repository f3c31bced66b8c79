"""Time the staff pages on a large municipality: server time and SQL queries per page.

    .venv/bin/python bench/pages.py [--children 10000] [--repeat 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stemme_bench .venv/bin/python bench/pages.py

Seeds a throwaway database (a temporary SQLite file unless DATABASE_URL is given; a PostgreSQL
database named there is dropped and recreated), then requests each page through Django's test
client as the demo users and prints the median and 95th-percentile time and the query count.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        workdir = Path(tempfile.mkdtemp(prefix="stemme-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        _recreate_postgres(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    os.environ.setdefault("STEMME_ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from stemme.accounts.models import User
    from stemme.accounts.testing import force_login_verified
    from stemme.children.models import Child

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", children=args.children, seed=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(
        f"{connection.vendor}: seeded {args.children} children in "
        f"{time.perf_counter() - started:.1f} s"
    )

    caseworker = User.objects.get(username="raadgiver")
    leader = User.objects.get(username="leder")
    child = Child.objects.filter(
        cases__assignments__caseworker=caseworker, cases__assignments__ended_on__isnull=True
    ).first()
    pages = [
        ("Mine børn (raadgiver)", caseworker, "get", "/boern/", {}),
        ("Teamets børn (leder)", leader, "get", "/boern/", {}),
        ("Teamets børn side 3 (leder)", leader, "get", "/boern/", {"side": "3"}),
        ("Barnets overblik (raadgiver)", caseworker, "get", f"/boern/{child.pk}/", {}),
        ("Søg navn 'Ma' (leder)", leader, "post", "/boern/soeg/", {"q": "Ma"}),
        ("Søg CPR (raadgiver)", caseworker, "post", "/boern/soeg/", {"q": child.cpr}),
    ]
    print(f"{'page':<32} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, user, method, url, data in pages:
        client = Client()
        force_login_verified(client, user)  # password and authenticator code (issue 6)
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = getattr(client, method)(url, data)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(
            f"{name:<32} {statistics.median(timings):>10.1f} {p95:>8.1f} "
            f"{len(queries.captured_queries):>8}"
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
