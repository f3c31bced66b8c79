"""Issue 16's staff pages in Chromium, in Danish, under axe: a caseworker turns off the daily
overview of duties on the notification settings (and it stays off), and the administrator opens
the list of background tasks that failed."""

from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, check_axe, second_step


def test_notification_settings_and_failed_tasks(login, server, browser):
    page = login("raadgiver")
    page.goto(f"{server}/konto/profil/notifikationer/")
    check_axe(page, "notifikationer")
    digest = page.locator("main input[name=digest]")
    expect(digest).to_be_checked()
    digest.uncheck()
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main input[name=digest]")).not_to_be_checked()
    check_axe(page, "notifikationer-gemt")
    page.locator("main input[name=digest]").check()  # as it was, for the other tests
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main input[name=digest]")).to_be_checked()

    context = browser.new_context(locale="da-DK")
    admin = context.new_page()
    admin.goto(f"{server}/konto/log-ind/")
    admin.get_by_label("Brugernavn").fill("admin")
    admin.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    admin.get_by_role("button", name="Log ind").click()
    second_step(admin, "admin")
    admin.goto(f"{server}/konto/organisation/baggrundsopgaver/")
    expect(admin.get_by_role("heading", level=1)).to_be_visible()
    check_axe(admin, "baggrundsopgaver")
    context.close()
