"""A caseworker writes a journal note on a case, files the child's words, corrects the note and
finds it again, in Chromium, in Danish; every page passes axe."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_axe


def _a_case(page, server) -> str:
    """The first case of the caseworker's first child; returns the case page's URL."""
    page.goto(f"{server}/boern/")
    page.locator("table.data tbody tr a.child-name").first.click()
    hrefs = page.locator("main a[href^='/sager/']").evaluate_all("links => links.map(a => a.href)")
    case_url = next(href for href in hrefs if re.search(r"/sager/[0-9a-f-]{36}/$", href))
    page.goto(case_url)
    return case_url


def test_a_journal_note_written_corrected_and_found(login, server):
    page = login("raadgiver")
    case_url = _a_case(page, server)
    expect(page.get_by_role("heading", name="Journal", exact=True)).to_be_visible()

    page.get_by_role("link", name="Skriv et journalnotat").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nyt journalnotat")
    check_axe(page, "journal-ny")
    page.get_by_label("Slags notat").select_option("conversation")
    page.get_by_label("Emne").fill("Samtale om skolen")
    page.get_by_role("textbox", name="Notatet", exact=True).fill(
        "Vi talte om frikvartererne og om, hvem hun leger med."
    )
    page.get_by_label("Barnet deltog").check()
    page.get_by_label("Barnets egne ord").fill("Jeg leger mest med Sofie.")
    page.get_by_role("button", name="Gem notatet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Samtale om skolen")
    expect(page.locator("blockquote")).to_contain_text("Jeg leger mest med Sofie.")
    check_axe(page, "journal-notat")

    page.get_by_role("link", name="Ret notatet").click()
    page.get_by_label("Hvorfor notatet rettes").fill("Navnet på veninden var forkert")
    page.get_by_role("textbox", name="Notatet", exact=True).fill(
        "Vi talte om frikvartererne og om, hvem hun leger med: Sofia."
    )
    check_axe(page, "journal-ret")
    page.get_by_role("button", name="Gem rettelsen").click()
    expect(page.get_by_text("Navnet på veninden var forkert")).to_be_visible()
    expect(page.locator("[data-version='1']")).to_contain_text("Version 1")
    page.locator("[data-version='1'] summary").click()
    expect(page.locator("[data-version='1']")).to_contain_text("hvem hun leger med.")
    check_axe(page, "journal-versioner")

    page.goto(case_url)
    expect(page.locator("#journal")).to_contain_text("Samtale om skolen")
    check_axe(page, "journal-sag")
    page.locator("#journal").get_by_role("link", name=re.compile(r"^Journalen")).click()
    expect(page.get_by_role("link", name="Samtale om skolen")).to_be_visible()
    page.get_by_label("Slags notat").select_option("internal_assessment")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("link", name="Samtale om skolen")).to_have_count(0)
    check_axe(page, "journal-liste")

    page.goto(f"{server}/sager/journal/soeg/")
    page.get_by_label("Søg i journalnotaterne i dine sager").fill("frikvartererne")
    page.get_by_role("button", name="Søg", exact=True).click()
    expect(page.get_by_role("link", name="Samtale om skolen").first).to_be_visible()
    check_axe(page, "journal-soeg")
