"""Production settings pass ``manage.py check --deploy`` and send HSTS (issue 6).

The test suite runs on config.settings_test (DEBUG-like conveniences), so these tests start a
separate Python process with config.settings and the environment a production server has.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path) -> dict:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("STEMME_", "DJANGO_"))}
    keep.pop("DATABASE_URL", None)
    keep.pop("TEST_DATABASE_URL", None)
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "STEMME_DEBUG": "0",
        "STEMME_SECRET_KEY": secrets.token_urlsafe(50),
        "STEMME_SECURE_SSL_REDIRECT": "1",
        "STEMME_ALLOWED_HOSTS": "stemme.kommune.example",
        "STEMME_CSRF_TRUSTED_ORIGINS": "https://stemme.kommune.example",
        "STEMME_DATA_DIR": str(tmp_path),
        "STEMME_STATIC_ROOT": str(tmp_path / "static"),
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout


PROBE = """
import json
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="stemme.kommune.example")
plain = client.get("/konto/log-ind/")
probe = client.get("/health/live")
secure = client.get("/health/", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location", "")],
    "probe": probe.status_code,
    "secure": dict(secure.headers),
}))
"""


def test_production_responses_send_hsts_and_redirect_to_https(tmp_path):
    result = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://stemme.kommune.example/konto/log-ind/"]
    # Load balancers probe health over plain HTTP on the private network: no redirect.
    assert seen["probe"] == 200
    headers = seen["secure"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "no-store" in headers["Cache-Control"]
