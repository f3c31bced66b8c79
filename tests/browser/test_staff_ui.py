"""A caseworker, a team leader and an administrator use Stemme in Chromium, in Danish."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, check_axe, second_step


def test_login_page_is_danish_and_accessible(page, server):
    page.goto(f"{server}/konto/log-ind/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind i Stemme")
    check_axe(page, "login")


def test_danish_even_when_browser_prefers_english(browser, server):
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US"})
    page = context.new_page()
    page.goto(f"{server}/konto/log-ind/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind i Stemme")
    context.close()


def test_wrong_password_shows_danish_error(page, server):
    page.goto(f"{server}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill("raadgiver")
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_contain_text("Brugernavn eller adgangskode er forkert")
    check_axe(page, "login-error")


def test_caseworker_sees_own_children_and_opens_one(login, server):
    page = login("raadgiver")
    expect(page).to_have_url(re.compile(r"/arbejdsliste/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Min arbejdsliste")
    page.get_by_role("link", name="Mine børn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine børn")
    rows = page.locator("table.data tbody tr")
    expect(rows.first).to_be_visible()
    check_axe(page, "mine-boern")

    first_child = rows.first.locator("a.child-name")
    name = first_child.inner_text()
    first_child.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="Tidslinje")).to_be_visible()
    expect(page.locator("ol.timeline li").first).to_be_visible()
    # The CPR number is masked until shown on purpose.
    expect(page.locator("#cpr .cpr")).to_have_text(re.compile(r"^\d{6}-\*{4}$"))
    check_axe(page, "barn-overblik")

    page.get_by_role("button", name="Vis fuldt CPR-nummer").click()
    expect(page.locator("#cpr .cpr")).to_have_text(re.compile(r"^\d{6}-\d{4}$"))


def test_search_by_name_with_htmx_and_keyboard(login, server):
    page = login("raadgiver")
    page.goto(f"{server}/boern/")
    name = page.locator("table.data tbody tr a.child-name").first.inner_text()
    page.goto(f"{server}/boern/soeg/")
    field = page.get_by_label("Navn eller CPR-nummer")
    field.fill(name.split()[0])
    field.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(r"fundet"))).to_be_visible()
    expect(page.locator("#search table.data")).to_contain_text(name)
    check_axe(page, "soeg")


def test_search_with_too_short_text_explains(login, server):
    page = login("raadgiver")
    page.goto(f"{server}/boern/soeg/")
    page.get_by_label("Navn eller CPR-nummer").fill("a")
    page.get_by_role("button", name="Søg", exact=True).click()
    expect(page.locator(".field__error")).to_have_text("Skriv mindst 2 tegn.")
    check_axe(page, "soeg-fejl")


def test_other_team_caseworker_gets_404_for_a_child_url(login, server, browser):
    page = login("raadgiver")
    page.goto(f"{server}/boern/")
    href = page.locator("table.data tbody tr a.child-name").last.get_attribute("href")
    other = browser.new_context(locale="da-DK")
    other_page = other.new_page()
    other_page.goto(f"{server}/konto/log-ind/")
    other_page.get_by_label("Brugernavn").fill("raadgiver2")
    other_page.get_by_label("Adgangskode").fill("stemme-demo")
    other_page.get_by_role("button", name="Log ind").click()
    second_step(other_page, "raadgiver2")
    response = other_page.goto(f"{server}{href}")
    assert response.status == 404
    expect(other_page.get_by_role("heading", level=1)).to_have_text("Vi kunne ikke finde siden")
    check_axe(other_page, "404")
    other.close()


def test_leader_sees_team_and_caseload(login, server):
    page = login("leder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teamets arbejdsliste")
    check_axe(page, "teamets-arbejdsliste")
    page.get_by_role("link", name="Teamets børn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teamets børn")
    expect(page.get_by_role("heading", name="Sagsstamme pr. rådgiver")).to_be_visible()
    check_axe(page, "teamets-boern")
    page.locator("select[name=caseworker]").select_option(index=1)
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teamets børn")


def test_administrator_sees_organisation_only(login, server):
    page = login("admin")
    expect(page).to_have_url(re.compile(r"/konto/organisation/$"))
    expect(page.get_by_role("heading", name="Medarbejdere")).to_be_visible()
    check_axe(page, "organisation")
    response = page.goto(f"{server}/boern/")
    assert response.status == 403
    check_axe(page, "403")


def test_keyboard_skip_link_reaches_main(login, server):
    page = login("raadgiver")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til indhold")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_phone_width_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(locale="da-DK", viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill("raadgiver")
    page.get_by_label("Adgangskode").fill("stemme-demo")
    page.get_by_role("button", name="Log ind").click()
    second_step(page, "raadgiver")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "mine-boern-375.png"), full_page=True)
    context.close()
    assert overflow is False


def test_administrator_changes_a_deadline_rule(login, server):
    page = login("admin")
    page.get_by_role("link", name="Fristregler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fristregler")
    check_axe(page, "fristregler")
    row = page.locator("tr[data-rule='kvittering-6-hverdage']")
    row.locator("summary").click()
    row.get_by_label("Varighed").fill("4")
    row.get_by_label("Begrundelse").fill("Kommunens servicemål er 4 hverdage.")
    row.get_by_role("button", name="Gem").click()
    expect(page.locator(".message")).to_contain_text("Reglen er gemt. Fristerne genberegnes.")
    expect(page.locator("tr[data-rule='kvittering-6-hverdage']")).to_contain_text("4 hverdage")
    # The recompute is the worker's; this server's task backend runs it at the commit, so it is
    # done before the page shows (the notice while it runs: deadlines/tests).
    expect(page.locator("#recompute-pending")).to_have_count(0)
