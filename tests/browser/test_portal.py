"""Min sag in a real browser on a phone: the caseworker prints an activation letter, the child
activates the account with a PIN and sees their caseworker and the quick-exit button."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_axe


def test_child_activates_min_sag_on_a_phone(login, server, browser):
    page = login("raadgiver")
    page.goto(f"{server}/boern/")
    child_href = page.locator("main table a[href^='/boern/']").first.get_attribute("href")
    page.goto(f"{server}{child_href}min-sag-adgang/")
    check_axe(page, "min-sag-adgang")
    page.locator("main form button[type=submit]").first.click()
    letter = page.locator("main").inner_text()
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", letter).group(0)
    # The issued code is on the child's timeline, which must still render.
    assert page.goto(f"{server}{child_href}").status == 200

    context = browser.new_context(locale="da-DK", viewport={"width": 375, "height": 800})
    phone = context.new_page()
    phone.goto(f"{server}/min-sag/aktiver/")
    check_axe(phone, "min-sag-aktiver")
    phone.fill("[name='code']", code)
    phone.fill("[name='secret']", "582931")
    phone.fill("[name='secret_again']", "582931")
    phone.locator("main button[type=submit]").first.click()
    expect(phone).to_have_url(re.compile(r"/min-sag/$"))
    expect(phone.locator("[data-quick-exit] button")).to_be_visible()
    expect(phone.locator("a[href='tel:116111']")).to_be_visible()
    check_axe(phone, "min-sag-forside")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()
