"""Browser tests: Debian's Chromium via Playwright, against a real Stemme server process.

The server runs in its own process on a fresh SQLite database loaded with demo data, exactly as
`make run` does — not Django's live_server, whose flush between tests would have to delete
rows from the append-only logs. Every test here is marked ``browser``.
"""

import base64
import hashlib
import hmac
import json
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "stemme-demo"
DEMO_ENROLMENT_CODE = "demo-kode-2026"  # stemme.demo.plan.DEMO_ENROLMENT_CODE


def pytest_collection_modifyitems(items):
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Migrate, seed and start Stemme; yield its base URL."""
    data_dir = tmp_path_factory.mktemp("stemme-data")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "STEMME_DATA_DIR": str(data_dir),
        # The demo's documents: seeded by one process, served by another.
        "STEMME_DOCUMENTS_ROOT": str(data_dir / "documents"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "seed_demo", "--children", "80", "--seed", "3"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    port = _free_port()
    # The server's log to a file, not a pipe: nobody reads a pipe while the tests run, and a
    # full one (a JSON line per request) would stop the server mid-request.
    log = data_dir / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed command
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK", "viewport": {"width": 1280, "height": 900}}


# Two-step login (issue 6): each demo user's authenticator key, read from the set-up page at
# the user's first login in this server's life, and the last code step used and the clock
# difference the server has learnt (django-otp accepts each 30-second step once, and one step
# either way of its own clock shifted by that difference).
TOTP_KEYS: dict[str, bytes] = {}
_TOTP_LAST: dict[str, int] = {}
_TOTP_DRIFT: dict[str, int] = {}


def totp_code(username: str) -> str:
    """The next code the user's authenticator app would show that the server still accepts."""
    step = 30
    if time.time() % step > step - 1.5:  # too close to the next step: the server may be past it
        time.sleep(step - time.time() % step + 0.1)
    now = int(time.time() // step)
    drift = _TOTP_DRIFT.get(username, 0)
    counter = max(now + drift, _TOTP_LAST.get(username, -1) + 1)
    while counter > now + drift + 1:  # used up for now: wait for the clock
        time.sleep(step - time.time() % step + 0.1)
        now = int(time.time() // step)
    _TOTP_LAST[username], _TOTP_DRIFT[username] = counter, counter - now
    digest = hmac.new(TOTP_KEYS[username], struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def forget_totp_steps(username: str) -> None:
    """A new authenticator key: no code step used yet, no clock difference learnt."""
    _TOTP_LAST.pop(username, None)
    _TOTP_DRIFT.pop(username, None)


# Enrolment codes for setting up the authenticator (pentest issue 13): the demo's published
# one, unless a test had an administrator issue a new one (read from the organisation page).
ENROLMENT_CODES: dict[str, str] = {}


def second_step(page, username: str):
    """After the password: set up the authenticator (first login, with the enrolment code) or
    write its code. The fields are found by name, not by label, so this works in any
    language."""
    page.wait_for_load_state("networkidle")
    if "/konto/totrin/tilmeldingskode/" in page.url:
        page.locator("main input[name=code]").fill(
            ENROLMENT_CODES.pop(username, DEMO_ENROLMENT_CODE)
        )
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("networkidle")
    if "/konto/totrin/opsaet/" in page.url:
        key = page.locator("#totp-secret").inner_text().replace(" ", "")
        TOTP_KEYS[username] = base64.b32decode(key)
        forget_totp_steps(username)
        page.locator("main input[name=code]").fill(totp_code(username))
        page.locator("main form button[type=submit]").click()
        page.locator("main input[name=saved]").check()
        page.locator("main form button[type=submit]").click()
    elif "/konto/totrin/" in page.url:
        page.locator("main input[name=code]").fill(totp_code(username))
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    return page


@pytest.fixture
def login(page, server):
    """Log in through the real forms (password, then the authenticator code); returns a
    function taking a demo username."""

    def _login(username: str):
        page.goto(f"{server}/konto/log-ind/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        return second_step(page, username)

    return _login


def assert_no_csp_violations(page) -> None:
    """Fail if the browser refused anything under the Content-Security-Policy (issue 6): it
    logs each refused inline script, style or eval as a console error."""
    refused = [
        message.text
        for message in page.console_messages(filter="all")
        if "Content Security Policy" in message.text
    ]
    assert not refused, f"CSP violations on {page.url}: {refused}"


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Every test's default page ends without a CSP violation (pages of tests' own contexts
    are checked in check_axe)."""
    # Taken at setup, so this teardown runs while the page is still open.
    page = request.getfixturevalue("page") if "page" in request.fixturenames else None
    yield
    if page is not None:
        assert_no_csp_violations(page)


def check_axe(page, name: str) -> None:
    """Run axe-core (WCAG 2.1 A/AA) on the page; fail on serious or critical violations.

    Also saves a full-page screenshot to screenshots/<name>.png for people to look at, and
    fails on any CSP violation so far on the page.
    """
    assert_no_csp_violations(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    # Evaluated through the DevTools protocol: an injected <script> would be refused by the CSP.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations']
        })"""
    )
    blocking = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    summary = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
    ]
    assert not blocking, f"axe violations on {name}: {json.dumps(summary, indent=1)}"
