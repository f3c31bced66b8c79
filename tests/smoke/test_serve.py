"""Smoke test of `make serve` (issue 16): scripts/serve.sh starts gunicorn with production
settings on a free loopback port against PostgreSQL; /health/live and the login page answer 200
and the request log is JSON; then gunicorn is stopped. It runs in the PostgreSQL phase of
`make test` (it needs TEST_DATABASE_URL) and uses that phase's migrated test database.

The worker's half: `manage.py worker` with the RQ backend on Redis beside gunicorn; /health/ready
answers 200 while it beats and 503 once it stops.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
LIVE = "/health/live"
LOGIN = "/konto/log-ind/"
START_SECONDS = 25

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL (TEST_DATABASE_URL)"
    ),
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    """The test database pytest-django made and migrated, as a URL for another process."""
    conf = connection.settings_dict
    password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
    user = f"{conf['USER']}{password}@" if conf.get("USER") else ""
    return f"postgres://{user}{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{conf['NAME']}"


def _production_env(tmp_path: Path, port: int) -> dict:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("STEMME_", "DJANGO_"))}
    keep.pop("TEST_DATABASE_URL", None)
    return {
        **keep,
        "DATABASE_URL": _database_url(),
        "STEMME_SECRET_KEY": secrets.token_urlsafe(50),
        "STEMME_ALLOWED_HOSTS": "127.0.0.1",
        "STEMME_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "STEMME_DATA_DIR": str(tmp_path / "data"),
        "STEMME_STATIC_ROOT": str(tmp_path / "static"),
        "STEMME_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(  # noqa: S603 - fixed command
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _get(port: int, path: str) -> tuple[int, str]:
    # As the reverse proxy sends it: TLS ended at the proxy, the scheme in X-Forwarded-Proto.
    request = urllib.request.Request(  # noqa: S310 - loopback URL
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _wait_until_up(process: subprocess.Popen, port: int, log: Path) -> int:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make serve stopped (exit {process.returncode}):\n{log.read_text()}")
        try:
            status, _body = _get(port, LIVE)
            return status
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {START_SECONDS} s:\n{log.read_text()}")


def test_make_serve_answers_under_gunicorn_with_production_settings(db, tmp_path):
    port = _free_port()
    log = tmp_path / "serve.log"
    server = _start(["scripts/serve.sh"], _production_env(tmp_path, port), log)
    try:
        assert _wait_until_up(server, port, log) == 200
        status, body = _get(port, LOGIN)
        assert status == 200
        assert 'name="username"' in body
    finally:
        _stop(server)
    # Every line the process wrote — manage.py's checks, gunicorn's own, the app's — is JSON.
    lines = [json.loads(text) for text in log.read_text().splitlines() if text.strip()]
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    requests = [line for line in lines if line.get("logger") == "stemme.request"]
    assert {line["route"] for line in requests} >= {"konto/log-ind/"}
    assert all(line["request_id"] and line["duration_ms"] >= 0 for line in requests)
    assert server.returncode is not None


@pytest.mark.parametrize("missing", ["DATABASE_URL", "STEMME_SECRET_KEY"])
def test_make_serve_refuses_without_its_production_settings(tmp_path, missing):
    env = _production_env(tmp_path, _free_port())
    env.pop(missing)
    result = subprocess.run(  # noqa: S603 - fixed command
        ["scripts/serve.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 1
    assert f"needs: {missing}" in result.stderr


READY = "/health/ready"


def _wait_for(port: int, path: str, status: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if _get(port, path)[0] == status:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_worker_beside_gunicorn_on_redis_and_ready_follows_it(db, tmp_path):
    """gunicorn and `manage.py worker` with the RQ backend on this machine's Redis: ready (200)
    while the worker beats, not ready (503) once it stops."""
    port = _free_port()
    env = {
        **_production_env(tmp_path, port),
        "STEMME_TASKS_BACKEND": "rq",
        "STEMME_REDIS_URL": os.environ.get("STEMME_REDIS_URL", "redis://127.0.0.1:6379/0"),
        # A worker that is killed never removes its heartbeat: readiness must see it go stale.
        "STEMME_WORKER_HEARTBEAT_SECONDS": "2",
        "STEMME_WORKER_STALE_SECONDS": "6",
    }
    server = _start(["scripts/serve.sh"], env, tmp_path / "serve.log")
    worker = _start(
        [str(ROOT / ".venv/bin/python"), "manage.py", "worker"], env, tmp_path / "worker.log"
    )
    try:
        assert _wait_until_up(server, port, tmp_path / "serve.log") == 200
        ready = _wait_for(port, READY, 200, START_SECONDS)
        assert ready, (tmp_path / "worker.log").read_text()
        os.killpg(worker.pid, signal.SIGKILL)  # as the OOM killer would
        worker.wait(timeout=10)
        assert _wait_for(port, READY, 503, START_SECONDS)
    finally:
        _stop(worker)
        _stop(server)
