"""Two-step login in Chromium, as a new caseworker meets it: the set-up page with the QR code,
the recovery codes, the code page, and the lockout page. Each is checked with axe-core."""

import base64
import re
import time

from playwright.sync_api import expect

from tests.browser.conftest import (
    DEMO_PASSWORD,
    TOTP_KEYS,
    check_axe,
    forget_totp_steps,
    second_step,
    totp_code,
)


def _password_step(page, server, username, password=DEMO_PASSWORD):
    page.goto(f"{server}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state("networkidle")


def test_first_login_sets_up_the_authenticator_then_asks_for_codes(login, browser, server):
    # An administrator resets raadgiver2's two-step login (if another test set it up) or
    # issues a new enrolment code, so this is their first login with two steps.
    admin = login("admin")
    row = admin.locator("tr", has_text="raadgiver2")
    row.locator("button").click()
    admin.wait_for_load_state("networkidle")
    code = admin.locator("#enrolment-code").inner_text()
    check_axe(admin, "tilmeldingskode-udstedt")

    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    _password_step(page, server, "raadgiver2")
    # The password alone shows no key: first the enrolment code.
    expect(page).to_have_url(re.compile(r"/konto/totrin/tilmeldingskode/"))
    expect(page.locator("#totp-secret")).to_have_count(0)
    check_axe(page, "totrin-tilmeldingskode")
    page.locator("main input[name=code]").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/totrin/opsaet/"))
    expect(page.locator("svg.qr-code")).to_be_visible()
    key = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)
    check_axe(page, "totrin-opsaet")

    TOTP_KEYS["raadgiver2"] = base64.b32decode(key.replace(" ", ""))
    forget_totp_steps("raadgiver2")  # a new key: no step used yet, no clock difference learnt
    page.locator("main input[name=code]").fill(totp_code("raadgiver2"))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/totrin/gendannelseskoder/"))
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    check_axe(page, "gendannelseskoder")
    page.locator("main input[name=saved]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/arbejdsliste/$"))

    # The next login asks for a code; a wrong one is explained, then the right one works.
    page.locator(".user-menu button").click()
    _password_step(page, server, "raadgiver2")
    expect(page).to_have_url(re.compile(r"/konto/totrin/\?"))
    check_axe(page, "totrin-kode")
    page.locator("main input[name=code]").fill("000000")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".field__error")).to_be_visible()
    check_axe(page, "totrin-kode-fejl")
    time.sleep(1.2)  # a wrong code makes the next try wait a second
    second_step(page, "raadgiver2")
    expect(page).to_have_url(re.compile(r"/arbejdsliste/$"))
    context.close()


def test_ten_wrong_passwords_show_the_lockout_page(page, server):
    for _ in range(10):
        _password_step(page, server, "ukendt-bruger", password="forkert-adgangskode")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("alert")).to_contain_text("10")
    check_axe(page, "log-ind-spaerret")
