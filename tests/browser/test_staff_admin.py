"""Staff administration in Chromium: the administrator creates a caseworker, who then logs in
with the initial password, chooses their own, and sets up two-step login with the enrolment
code. Each page is checked with axe-core (and saved as a screenshot)."""

import base64
import re

from playwright.sync_api import expect

from tests.browser.conftest import TOTP_KEYS, check_axe, forget_totp_steps, totp_code

NEW_PASSWORD = "Rugbrød med leverpostej om tirsdagen"  # noqa: S105 - a test password


def test_administrator_creates_a_caseworker_who_logs_in_and_sets_up_two_step_login(
    login, browser, server
):
    admin = login("admin")
    admin.goto(f"{server}/konto/organisation/")
    admin.locator("a[href$='/organisation/medarbejdere/']").first.click()
    expect(admin).to_have_url(re.compile(r"/organisation/medarbejdere/$"))
    expect(admin.locator("#staff-table")).to_be_visible()
    check_axe(admin, "medarbejdere")

    admin.locator("a[href$='/organisation/medarbejdere/ny/']").click()
    check_axe(admin, "medarbejder-ny")
    # Sent empty: every field that failed is named at the top and linked.
    admin.locator("main form button[type=submit]").click()
    expect(admin.locator(".form-errors")).to_be_visible()
    check_axe(admin, "medarbejder-ny-fejl")
    admin.locator("input[name=first_name]").fill("Nanna")
    admin.locator("input[name=last_name]").fill("Nyansat")
    admin.locator("input[name=username]").fill("nanna.nyansat")
    admin.locator("input[name=email]").fill("nanna@example.org")
    admin.locator("input[name=role][value=caseworker]").check()
    admin.locator("input[name=teams]").first.check()
    admin.locator("input[name=job_title]").fill("Socialrådgiver")
    admin.locator("main form button[type=submit]").click()
    expect(admin).to_have_url(re.compile(r"/organisation/medarbejdere/\d+/$"))
    password = admin.locator("#initial-password").inner_text()
    code = admin.locator("#enrolment-code").inner_text()
    check_axe(admin, "medarbejder-oprettet")

    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    page.goto(f"{server}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill("nanna.nyansat")
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    # First a password of their own.
    expect(page).to_have_url(re.compile(r"/konto/sikkerhed/adgangskode/"))
    check_axe(page, "foerste-login-ny-adgangskode")
    page.locator("input[name=old_password]").fill(password)
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    # Then the enrolment code from the administrator, and the authenticator app.
    expect(page).to_have_url(re.compile(r"/konto/totrin/tilmeldingskode/"))
    page.locator("main input[name=code]").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/totrin/opsaet/"))
    key = page.locator("#totp-secret").inner_text()
    TOTP_KEYS["nanna.nyansat"] = base64.b32decode(key.replace(" ", ""))
    forget_totp_steps("nanna.nyansat")
    page.locator("main input[name=code]").fill(totp_code("nanna.nyansat"))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/totrin/gendannelseskoder/"))
    page.locator("main input[name=saved]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/arbejdsliste/$"))
    check_axe(page, "foerste-login-arbejdsliste")
    context.close()

    # The administrator sees the new colleague's two-step login set up, and the history.
    admin.reload()
    expect(admin.locator("#staff-history")).to_be_visible()
    expect(admin.locator("#initial-password")).to_have_count(0)  # shown once
    check_axe(admin, "medarbejder-historik")
    # Deactivating: the confirmation page, then the account is deactivated.
    admin.locator("a[href$='/deaktiver/']").click()
    expect(admin.locator("#children-assigned")).to_be_visible()
    check_axe(admin, "medarbejder-deaktiver")
    admin.locator("input[name=confirm]").check()
    admin.locator("main form button[type=submit]").click()
    expect(admin.locator("form[action$='/genaktiver/']")).to_be_visible()
