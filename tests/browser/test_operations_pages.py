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

    # Two tabs: the second one's save, from the older page, gets the conflict page, not a
    # silent overwrite; keeping the saved version changes nothing.
    other_tab = page.context.new_page()
    other_tab.goto(f"{server}/konto/profil/notifikationer/")
    page.locator("main input[name=digest]").uncheck()
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main input[name=digest]")).not_to_be_checked()
    other_tab.locator("main input[name=handover]").uncheck()
    other_tab.locator("main form button[type=submit]").last.click()
    expect(other_tab.get_by_role("heading", level=1)).to_have_text(
        "Nogen har gemt en ændring, mens du redigerede"
    )
    expect(other_tab.locator("main")).not_to_contain_text("logges i dit navn")
    # The other save was the user's own, in the first tab: said so, not by name as a stranger's.
    expect(other_tab.locator(".conflict .form-errors")).to_contain_text("Du har selv gemt")
    check_axe(other_tab, "notifikationer-konflikt")
    other_tab.locator("#conflict-keep").click()
    expect(other_tab.locator("main input[name=digest]")).not_to_be_checked()
    expect(other_tab.locator("main input[name=handover]")).to_be_checked()
    other_tab.close()
    page.goto(f"{server}/konto/profil/notifikationer/")
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
