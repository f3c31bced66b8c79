"""The pages over real HTTP at a municipality's size: gunicorn on loopback, a seeded PostgreSQL
database, the demo users logged in through both steps; req/s, p50/p95 and the ratio to the
"floor" page (bench/floor.py) measured in the same server, page by page.

    .venv/bin/python bench/http_load.py \
        --database-url postgres://postgres@127.0.0.1:5432/stemme_bench \
        [--children 10000] [--reuse] [--seconds 10] [--concurrency 4] [--workers 2] [--threads 4]

The database must have "bench" in its name: it is dropped, created, migrated, seeded with
``--children`` demo children and ANALYZEd — or, with ``--reuse``, used as it is (seeding 100,000
children takes a while; seed once, measure many times). The server runs the production settings
(DEBUG off, JSON request log to a file) with ``ROOT_URLCONF = "bench.floor"`` (bench/settings.py).
Each page gets ``--warmup`` seconds of requests that are not counted, then ``--seconds`` of
closed-loop load from ``--concurrency`` clients: a client sends its next request when the last one
answered, so req/s is what the server sustains. Loopback only; every request has a timeout; the run
is bounded by pages x (warm-up + seconds). Exits 1 if any request was not answered 200.

Latency here is what the client saw on loopback (server time plus a fraction of a millisecond);
the server's own time per request is in the JSON request log (``duration_ms``), summarised too.

Named http_load.py, not the issue's http.py: a script called http.py in bench/ would hide the
standard library's http package from every other script run from this folder.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import concurrent.futures  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from collections import defaultdict  # noqa: E402

from bench.concurrency import (  # noqa: E402
    _free_port,
    _fresh_postgres_database,
    gunicorn_command,
    manage_run,
)
from bench.pages import percentile  # noqa: E402

REQUEST_TIMEOUT = 30  # seconds per request


def _get(url: str, cookie: str) -> tuple[int, float]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - loopback
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def _load(url: str, cookie: str, *, seconds: float, concurrency: int) -> tuple[list, list, float]:
    """Closed-loop load on one URL: (latencies of 200s, other statuses, wall seconds)."""
    stop_at = time.perf_counter() + seconds

    def client():
        ok, failed = [], []
        while time.perf_counter() < stop_at:
            status, elapsed = _get(url, cookie)
            (ok if status == 200 else failed).append(elapsed if status == 200 else status)
        return ok, failed

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = [future.result() for future in [pool.submit(client) for _ in range(concurrency)]]
    wall = time.perf_counter() - started
    return [t for ok, _ in results for t in ok], [s for _, f in results for s in f], wall


def _pages_and_sessions() -> list[tuple[str, str, str, bool]]:
    """(name, path, session cookie, is_floor) for each page, logged in as the demo users."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from stemme.accounts.models import User
    from stemme.accounts.testing import force_login_verified
    from stemme.children.models import Child, PortalAccount
    from stemme.portal.testing import client_log_in

    def cookie_of(who) -> str:
        client = Client()
        if isinstance(who, PortalAccount):
            client_log_in(client, who)
        else:
            force_login_verified(client, who)  # password and authenticator code (issue 6)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"  # the pages as users see them
        return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())

    caseworker = User.objects.get(username="raadgiver")
    leader = User.objects.get(username="leder")
    child = (
        Child.objects.filter(
            cases__assignments__caseworker=caseworker, cases__assignments__ended_on__isnull=True
        )
        .order_by("pk")
        .first()
    )
    case = child.cases.order_by("-opened_on").first()
    team = leader.teams.order_by("pk").first()
    portal_account = PortalAccount.objects.get(login_id="DEM-012")
    staff, boss, portal = cookie_of(caseworker), cookie_of(leader), cookie_of(portal_account)
    return [
        ("Gulv: barnet + adgangslog (raadgiver)", f"/bench/floor/{child.pk}/", staff, True),
        ("Barnets overblik (raadgiver)", f"/boern/{child.pk}/", staff, False),
        ("Sagen (raadgiver)", f"/sager/{case.pk}/", staff, False),
        ("Mine børn (raadgiver)", "/boern/", staff, False),
        ("Arbejdsliste (raadgiver)", "/arbejdsliste/", staff, False),
        ("Min uge (raadgiver)", "/uge/", staff, False),
        ("Arbejdsliste (leder)", "/arbejdsliste/", boss, False),
        ("Teamets børn (leder)", "/boern/", boss, False),
        ("Inddragelse, ét team (leder)", f"/ledelse/inddragelse/?team={team.pk}", boss, False),
        ("Inddragelse, alle teams (leder)", "/ledelse/inddragelse/", boss, False),
        ("Min sag forside (barn 10-14)", "/min-sag/", portal, False),
    ]


def _server_durations(log: Path) -> dict[str, list[float]]:
    """The server's own time per request, by route name, from its JSON request log."""
    durations = defaultdict(list)
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("logger") == "stemme.request" and record.get("status") == 200:
            durations[record.get("route", "")].append(float(record["duration_ms"]))
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL benchmark database")
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true", help="use the seeded database as it is")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per page")
    parser.add_argument("--warmup", type=float, default=2.0, help="uncounted seconds per page")
    parser.add_argument("--concurrency", type=int, default=4, help="clients at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--no-prepare",
        action="store_true",
        help="no prepared statements (STEMME_DB_PREPARE=0), to compare",
    )
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 64 or not 1 <= args.seconds <= 120:
        raise SystemExit("--concurrency must be 1..64 and --seconds 1..120")
    if not 0 <= args.warmup <= 30 or not 1 <= args.workers <= 16 or not 1 <= args.threads <= 64:
        raise SystemExit("--warmup must be 0..30, --workers 1..16 and --threads 1..64")
    if "bench" not in args.database_url.rsplit("/", 1)[-1]:
        raise SystemExit("--database-url must name a database with 'bench' in its name.")

    data_dir = Path(tempfile.mkdtemp(prefix="stemme-http-bench-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("STEMME_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": args.database_url,
        "STEMME_SECRET_KEY": secrets.token_urlsafe(50),
        "STEMME_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "STEMME_SECURE_SSL_REDIRECT": "0",
        "STEMME_DATA_DIR": str(data_dir),
        "STEMME_STATIC_ROOT": str(data_dir / "static"),
        "STEMME_LOG_FORMAT": "json",
        "STEMME_DB_PREPARE": "0" if args.no_prepare else "1",
    }
    env.pop("TEST_DATABASE_URL", None)
    os.environ.clear()
    os.environ.update(env)
    if not args.reuse:
        _fresh_postgres_database(args.database_url)
        manage_run(env, "migrate", "--noinput", "-v", "0")
        started = time.perf_counter()
        manage_run(env, "seed_demo", "--children", str(args.children), "--seed", "1", quiet=True)
        print(f"seeded {args.children} children in {time.perf_counter() - started:.0f} s")
        manage_run(env, "dbshell", "--", "-c", "ANALYZE", quiet=True)
    # Production settings serve the collected, hashed static files (as `make serve` does).
    manage_run(env, "collectstatic", "--noinput", "-v", "0")
    pages = _pages_and_sessions()
    from stemme.children.models import Child

    children = Child.objects.count()

    port = _free_port()
    log = data_dir / "server.log"
    server = subprocess.Popen(  # noqa: S603 - fixed command, loopback only
        gunicorn_command(
            port, workers=args.workers, threads=args.threads, timeout=REQUEST_TIMEOUT * 2
        ),
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    rows, failures = [], 0
    try:
        deadline = time.monotonic() + 60
        while _get(f"{base}/health/live", "")[0] != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The server did not start (log: {log}).")
            time.sleep(0.2)
        for name, path, cookie, is_floor in pages:
            if args.warmup:
                _load(base + path, cookie, seconds=args.warmup, concurrency=args.concurrency)
            ok, failed, wall = _load(
                base + path, cookie, seconds=args.seconds, concurrency=args.concurrency
            )
            failures += len(failed)
            rows.append((name, path, ok, failed, wall, is_floor))
    finally:
        server.terminate()
        server.wait(timeout=20)

    print(
        f"{children} children, PostgreSQL, gunicorn {args.workers}x{args.threads} gthread, "
        f"{args.concurrency} clients, {args.seconds:.0f} s per page (os.cpu_count() = "
        f"{os.cpu_count()}), prepared statements {'off' if args.no_prepare else 'on'}"
    )
    print(f"{'page':<40}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'% floor':>9}{'errors':>8}")
    floor_rate = None
    for name, _path, ok, failed, wall, is_floor in rows:
        rate = len(ok) / wall
        if is_floor:
            floor_rate = rate
        p50 = statistics.median(ok) * 1000 if ok else float("nan")
        p95 = percentile(ok, 0.95) * 1000 if len(ok) > 1 else float("nan")
        share = f"{100 * rate / floor_rate:>8.1f}%" if floor_rate else f"{'':>9}"
        print(f"{name:<40}{rate:>8.1f}{p50:>9.1f}{p95:>9.1f}{share}{len(failed):>8}")
    durations = _server_durations(log)
    if durations:
        print("\nserver time per route (JSON request log, warm-up included):")
        print(f"{'route':<52}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}")
        for route, times in sorted(durations.items()):
            if len(times) > 1:
                print(
                    f"{route[:51]:<52}{len(times):>7}{statistics.median(times):>9.1f}"
                    f"{percentile(times, 0.95):>9.1f}"
                )
    print(f"server log: {log}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
