"""Many users at once on the demo server: errors and latency under concurrent load (issue 13).

    .venv/bin/python bench/concurrency.py [--clients 50] [--requests 4] [--children 40]
        [--server runserver|gunicorn] [--workers 2] [--database-url postgres://…/stemme_bench]

Starts Stemme like ``make run`` (DEBUG on, SQLite in a throwaway data folder: migrate, seed_demo,
runserver on a free port on 127.0.0.1 only) or under gunicorn (``--server gunicorn``: gthread
workers), on SQLite or — with ``--database-url`` — on a PostgreSQL database that is dropped and
created afresh (so never point it at a real one), logs the demo caseworkers in (a session each, made
directly, as the tests' ``force_login`` does), then fires ``--clients`` concurrent clients from a
thread pool; each makes ``--requests`` GETs, alternating a child page and the worklist, and every
tenth client also makes a POST child search (a write: its access-log rows). Every request has a
timeout; the load is bounded (clients x requests) and stays on loopback. Prints the errors and the
latency percentiles per kind of request. Exits 1 if any request failed.
"""

import argparse
import concurrent.futures
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUEST_TIMEOUT = 60  # seconds per request
MAX_CLIENTS = 500


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PATHS: dict[str, str] = {}


def _sessions(count: int) -> list[tuple[str, list[str]]]:
    """(session cookie header, child page paths) for each of ``count`` clients, round-robin over the
    demo's caseworkers and team leaders."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from stemme.access.selectors import children_visible_to
    from stemme.accounts.models import Role, User
    from stemme.accounts.testing import force_login_verified

    users = list(
        User.objects.filter(role__in=[Role.CASEWORKER, Role.TEAM_LEADER], is_active=True).order_by(
            "username"
        )
    )
    per_user = []
    for user in users:
        children = list(children_visible_to(user).values_list("pk", flat=True)[:10])
        if not children:
            continue
        client = Client()
        force_login_verified(client, user)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        per_user.append((cookie, [reverse("children:detail", args=[pk]) for pk in children]))
    PATHS["worklist"] = reverse("deadlines:worklist")
    PATHS["search"] = reverse("children:search")
    if not per_user:
        raise SystemExit("The demo data has no caseworker with children.")
    return [per_user[i % len(per_user)] for i in range(count)]


def _client(base: str, number: int, session: str, child_paths: list[str], requests: int):
    """One user: GETs alternating child page and worklist, and (every tenth) a POST search."""
    cookies = {"session": session}
    opener = urllib.request.build_opener()
    results = []

    def timed(kind, request):
        if isinstance(request, str):
            request = urllib.request.Request(request)  # noqa: S310 - http://127.0.0.1 only
        request.add_header("Cookie", "; ".join(cookies.values()))
        started = time.monotonic()
        try:
            with opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                body = response.read()
                status = response.status
                for header in response.headers.get_all("Set-Cookie") or []:
                    if header.startswith("csrftoken="):
                        cookies["csrf"] = header.split(";", 1)[0]
        except urllib.error.HTTPError as error:
            body, status = error.read(), error.code
        except OSError as error:
            body, status = str(error).encode(), 0
        results.append((kind, status, time.monotonic() - started))
        return status, body

    for i in range(requests):
        if i % 2 == 0:
            timed("GET child page", f"{base}{child_paths[(number + i) % len(child_paths)]}")
        else:
            timed("GET worklist", f"{base}{PATHS['worklist']}")
    if number % 10 == 0:
        status, body = timed("GET search form", f"{base}{PATHS['search']}")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status == 200 and token:
            data = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token.group(1).decode(), "q": "an"}
            ).encode()
            url = f"{base}{PATHS['search']}"  # http://127.0.0.1 only
            timed("POST search", urllib.request.Request(url, data=data))  # noqa: S310
    return results


def _fresh_postgres_database(url: str) -> None:
    """Drop and create the database ``url`` names (a benchmark database, never a real one)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]*bench[a-z0-9_]*", name):
        raise SystemExit("--database-url must name a database with 'bench' in its name.")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage_run(env: dict, *args: str, quiet: bool = False) -> None:
    """``manage.py *args`` in a process of its own with ``env`` (also bench/http_load.py)."""
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def gunicorn_command(port: int, *, workers: int, threads: int, timeout: int) -> list[str]:
    """gunicorn with gthread workers on 127.0.0.1 only (also bench/http_load.py)."""
    return [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--timeout",
        str(timeout),
    ]


def _server_command(args, manage: list[str], port: int) -> list[str]:
    if args.server == "runserver":
        return [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"]
    return gunicorn_command(
        port, workers=args.workers, threads=args.threads, timeout=REQUEST_TIMEOUT
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=4, help="GETs per client")
    parser.add_argument("--children", type=int, default=40, help="demo children to seed")
    parser.add_argument("--server", choices=["runserver", "gunicorn"], default="runserver")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--database-url", help="a PostgreSQL benchmark database (recreated)")
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS or not 1 <= args.requests <= 20:
        raise SystemExit(f"--clients must be 1..{MAX_CLIENTS} and --requests 1..20")
    if not 1 <= args.workers <= 16 or not 1 <= args.threads <= 64:
        raise SystemExit("--workers must be 1..16 and --threads 1..64")

    data_dir = Path(tempfile.mkdtemp(prefix="stemme-concurrency-"))
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "STEMME_DEBUG": "1",
        "STEMME_DATA_DIR": str(data_dir),
    }
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        _fresh_postgres_database(args.database_url)
        env["DATABASE_URL"] = args.database_url
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    manage = [sys.executable, str(ROOT / "manage.py")]
    manage_run(env, "migrate", "--noinput", "-v", "0")
    manage_run(env, "seed_demo", "--children", str(args.children), "--seed", "3", quiet=True)
    sessions = _sessions(args.clients)

    port = _free_port()
    server_log = data_dir / "server.log"
    server = subprocess.Popen(  # noqa: S603 - fixed command
        _server_command(args, manage, port),
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=server_log.open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health/", timeout=2):  # noqa: S310
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("The server did not start.") from None
                time.sleep(0.2)

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.clients) as pool:
            futures = [
                pool.submit(_client, base, n, cookie, paths, args.requests)
                for n, (cookie, paths) in enumerate(sessions)
            ]
            results = [row for future in futures for row in future.result()]
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=10)

    by_kind = defaultdict(list)
    errors = Counter()
    for kind, status, seconds in results:
        by_kind[kind].append(seconds)
        if status != 200:
            errors[(kind, status)] += 1
    database = "PostgreSQL" if args.database_url else "SQLite"
    server_name = "runserver"
    if args.server == "gunicorn":
        server_name = f"gunicorn {args.workers}x{args.threads} gthread"
    print(
        f"{args.clients} concurrent clients, {len(results)} requests in {wall:.1f} s "
        f"({server_name}, {database})"
    )
    print(f"{'request':<18}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, times in sorted(by_kind.items()):
        cuts = (
            statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
        )
        print(
            f"{kind:<18}{len(times):>6}{cuts[49] * 1000:>9.0f}{cuts[94] * 1000:>9.0f}"
            f"{cuts[98] * 1000:>9.0f}{max(times) * 1000:>9.0f}"
        )
    print(f"errors: {sum(errors.values())} (server log: {server_log})")
    for (kind, status), count in sorted(errors.items()):
        print(f"  {kind}: HTTP {status or 'no answer'} x {count}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
