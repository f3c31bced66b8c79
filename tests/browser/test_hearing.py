"""A caseworker sends a hearing of the parties (partshøring), records an answer and sees the
hearing in the decision form, in Chromium. Fields are found by name, so the test does not
depend on wording."""

import datetime as dt
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import check_axe

TODAY = dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()


def _a_case_with_custody(page, server) -> str:
    """The URL of a case page of a demo child with someone with custody."""
    page.goto(f"{server}/boern/")
    links = page.locator("table.data tbody tr a.child-name")
    hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 12))]
    for href in hrefs:
        page.goto(f"{server}{href}")
        case = page.locator("main a[href^='/sager/']:not([href*='ny-henvendelse'])").first
        if case.count() == 0:
            continue
        page.goto(f"{server}{case.get_attribute('href')}")
        case_url = page.url
        page.goto(f"{case_url.rstrip('/')}/partshoering/")
        if page.locator("#hearing-parties-heading + p + ul li").count() > 0:
            return case_url
    raise AssertionError("no demo case with a custody holder among the first children")


def test_caseworker_sends_a_hearing_and_records_an_answer(login, server):
    page = login("raadgiver")
    case_url = _a_case_with_custody(page, server)
    check_axe(page, "partshoering")

    page.locator("select[name=paragraph]").select_option("32")
    page.locator("textarea[name=basis]").fill("Vi lægger vægt på skolens bekymring.")
    page.locator("input[name=answer_due_on]").fill(TODAY.isoformat())
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".form-errors")).to_be_visible()
    check_axe(page, "partshoering-fejl")

    due = TODAY + dt.timedelta(days=14)
    page.locator("input[name=answer_due_on]").fill(due.isoformat())
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#hearing-answers-heading")).to_be_visible()
    check_axe(page, "partshoering-sendt")

    page.locator("textarea[name$='-answer']").first.fill("Vi er ikke enige.")
    page.locator("form[action$='/svar/'] button[type=submit]").first.click()
    expect(page.locator("main table")).to_contain_text("Vi er ikke enige.")
    check_axe(page, "partshoering-svar")

    page.goto(f"{case_url.rstrip('/')}/trin/afgoerelse/")
    expect(page.locator("#hearing-panel")).to_contain_text("Vi er ikke enige.")
    page.locator("#hearing-panel").scroll_into_view_if_needed()
    check_axe(page, "afgoerelse-med-partshoering")
