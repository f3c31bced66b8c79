"""Nothing a caseworker types is lost (issue 12, section 2), in Chromium.

A caseworker writes a BFU conclusion; the page warns before the idle logout ("Bliv logget ind"
keeps the session); the session then ends while she writes on; she presses Gem, logs in again
with both steps and finds her text in the form.

This module runs its own server with an idle limit of one minute (the shared one has the real
30 minutes), so the test waits about two minutes in real time.
"""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import conftest
from tests.browser.conftest import ROOT, check_axe

IDLE_MINUTES = 1
BFU_CASE: dict[str, str] = {}  # the server fixture finds raadgiver's case with a BFU under way

FIND_BFU = """
from stemme.accounts.models import User
from stemme.cases.forms import running_investigation
from stemme.cases.models import Case

worker = User.objects.get(username="raadgiver")
cases = Case.objects.filter(
    assignments__caseworker=worker, assignments__ended_on__isnull=True
).distinct()
print(next(str(case.pk) for case in cases if running_investigation(case) is not None))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Stemme with demo data and a one-minute idle limit; yields its base URL and the id of a
    case of raadgiver's with a BFU under way."""
    # This server's authenticator keys are its own: the shared server's are put back after.
    saved = (dict(conftest.TOTP_KEYS), dict(conftest._TOTP_LAST), dict(conftest._TOTP_DRIFT))
    for name in list(conftest.TOTP_KEYS):
        conftest.TOTP_KEYS.pop(name)
        conftest.forget_totp_steps(name)
    data_dir = tmp_path_factory.mktemp("stemme-keep-work")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "STEMME_DATA_DIR": str(data_dir),
        # The demo's documents: seeded by one process, served by another.
        "STEMME_DOCUMENTS_ROOT": str(data_dir / "documents"),
        "STEMME_SESSION_IDLE_MINUTES": str(IDLE_MINUTES),
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
    found = subprocess.run(
        [*manage, "shell", "-c", FIND_BFU],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    case_id = found.stdout.strip().splitlines()[-1]
    port = conftest._free_port()
    # To a file, not an unread pipe (a full pipe would stop the server: conftest.server).
    log = Path(env["STEMME_DATA_DIR"]) / "keep-work-server.log"
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
    BFU_CASE["id"] = case_id
    yield base
    process.terminate()
    process.wait(timeout=10)
    for store, old in zip(
        (conftest.TOTP_KEYS, conftest._TOTP_LAST, conftest._TOTP_DRIFT), saved, strict=True
    ):
        store.clear()
        store.update(old)


def test_a_bfu_conclusion_survives_the_idle_logout(page, login, server):
    bfu = f"{server}/sager/{BFU_CASE['id']}/trin/afslut-undersoegelse/"
    login("raadgiver")
    page.goto(bfu)
    conclusion = page.locator("[name='conclusion']")
    first_part = "Zenia trives i skolen, men hjemme er der brug for støtte efter § 32."
    conclusion.fill(first_part)
    # The autosave: a moment after the typing stops, the draft is kept on the server.
    expect(page.locator(".draft-status")).to_be_visible(timeout=10_000)
    assert "Kladden er gemt kl." in page.locator(".draft-status").inner_text()

    # Two minutes before the idle limit (here: half of the one minute) the warning comes.
    warning = page.get_by_role("alertdialog", name=re.compile("Du bliver logget ud om"))
    expect(warning).to_be_visible(timeout=45_000)
    check_axe(page, "idle-warning")
    warning.get_by_role("button", name="Bliv logget ind").click()
    expect(warning).to_be_hidden()

    # She thinks for longer than the idle limit: the session ends, and the page says so.
    ended = page.get_by_role("alertdialog", name="Du er blevet logget ud")
    expect(ended).to_be_visible(timeout=90_000)
    time.sleep(2)  # the server's clock counts whole seconds
    ended.get_by_role("button", name="Luk").click()
    whole_text = f"{first_part} Konklusion: familiebehandling i seks måneder."
    conclusion.fill(whole_text)
    page.locator("main form button[type=submit]").first.click()  # Gem, before any autosave

    # The save was not thrown away: log in again (both steps) ...
    expect(page).to_have_url(re.compile(r"/konto/log-ind/\?next="))
    page.get_by_label("Brugernavn").fill("raadgiver")
    page.get_by_label("Adgangskode").fill(conftest.DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    conftest.second_step(page, "raadgiver")
    # ... and she is back on the same form with the text she had written.
    expect(page).to_have_url(bfu)
    expect(page.locator("[name='conclusion']")).to_have_value(whole_text)
    expect(
        page.get_by_text("Du blev logget ud. Det, du havde skrevet, er sat ind igen")
    ).to_be_visible()
    check_axe(page, "bfu-restored-after-logout")

    # Writing on keeps a draft on the server: opening the form again brings it back.
    with_more = f"{whole_text} Mor er enig."
    page.locator("[name='conclusion']").fill(with_more)
    expect(page.locator(".draft-status")).to_be_visible(timeout=10_000)
    page.goto(bfu)
    expect(page.locator("[name='conclusion']")).to_have_value(with_more)
    expect(page.get_by_text("Din kladde fra")).to_be_visible()
