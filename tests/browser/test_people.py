"""A caseworker registers, changes and ends the people around a child, in Chromium."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, check_axe


def _first_child_people(page, server):
    page.goto(f"{server}/boern/")
    page.locator("table.data tbody tr a.child-name").first.click()
    page.get_by_role("link", name="Personer omkring barnet").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personer omkring barnet")


def test_caseworker_registers_changes_and_ends_people_around_a_child(login, server):
    page = login("raadgiver")
    _first_child_people(page, server)
    check_axe(page, "personer-omkring-barnet")

    page.get_by_role("link", name="Tilføj person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilføj en person omkring barnet")
    check_axe(page, "person-tilfoej")
    page.get_by_label("Relation til barnet").select_option("other_adult")
    page.get_by_label("Fornavn").fill("Birthe")
    page.get_by_label("Efternavn").fill("Naboersen")
    page.get_by_label("CPR-nummer").fill("12")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".form-errors")).to_contain_text("Et CPR-nummer har 10 cifre")
    check_axe(page, "person-tilfoej-fejl")
    page.get_by_label("CPR-nummer").fill("")
    page.get_by_label("Telefon").fill("12345678")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personer omkring barnet")
    expect(page.locator("main")).to_contain_text("Birthe Naboersen")

    page.get_by_role("link", name="Tilføj søskende").click()
    page.get_by_label("Fornavn").fill("Lille")
    page.get_by_label("Efternavn").fill("Søster")
    page.get_by_label("Fødselsdato").fill("2019-04-02")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("Lille Søster")

    page.get_by_role("link", name=re.compile(r"^Ret Birthe Naboersen")).click()
    check_axe(page, "person-ret")
    page.get_by_label("Adresse").fill("Skolevej 3, 9000 Aalborg")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("Skolevej 3, 9000 Aalborg")

    page.get_by_role("link", name=re.compile(r"^Afslut relation Birthe Naboersen")).click()
    check_axe(page, "person-afslut")
    page.get_by_label("Hvorfor relationen ophørte").fill("Flyttet fra kommunen")
    page.get_by_role("button", name="Afslut relationen").click()
    earlier = page.locator("section", has=page.get_by_role("heading", name="Tidligere"))
    expect(earlier).to_contain_text("Birthe Naboersen")
    expect(earlier).to_contain_text("Flyttet fra kommunen")
    check_axe(page, "personer-omkring-barnet-tidligere")


def test_the_people_page_at_phone_width(browser, server, login):
    page = login("raadgiver")
    _first_child_people(page, server)
    page.set_viewport_size({"width": 390, "height": 844})
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "personer-omkring-barnet-mobil.png"), full_page=True)
    check_axe(page, "personer-omkring-barnet-mobil")


def test_a_new_report_can_name_the_parents(login, server):
    page = login("raadgiver")
    page.goto(f"{server}/sager/ny-henvendelse/")
    expect(page.locator("summary", has_text="Forældre")).to_be_visible()
    page.locator("summary", has_text="Forældre").click()
    check_axe(page, "anmeldelse-nyt-barn-foraeldre")
