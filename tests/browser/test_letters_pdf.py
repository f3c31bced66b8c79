"""Letters that are honest (issue 15 item 5), in Chromium, in Danish: a caseworker makes the
decision letters from a case, sees them as ready to send, opens the print view and downloads
the PDF (tagged PDF/UA); the letter pages pass axe."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pikepdf
from playwright.sync_api import expect

from tests.browser.conftest import check_axe


def _case_with_a_decision(page, server) -> str:
    """The first case (of the caseworker's first children) with a "make the decision letters"
    button; returns its URL."""
    page.goto(f"{server}/boern/")
    children = page.locator("table.data tbody tr a.child-name").evaluate_all(
        "links => links.map(a => a.href)"
    )
    for child_url in children[:15]:
        page.goto(child_url)
        hrefs = page.locator("main a[href^='/sager/']").evaluate_all(
            "links => links.map(a => a.href)"
        )
        for case_url in dict.fromkeys(h for h in hrefs if re.search(r"/sager/[0-9a-f-]{36}/$", h)):
            page.goto(case_url)
            if page.get_by_role("button", name="Lav afgørelsesbreve").count():
                return case_url
    raise AssertionError("no case with a decision among the first children")


def test_decision_letters_print_view_and_pdf(login, server):
    page = login("raadgiver")
    _case_with_a_decision(page, server)
    page.get_by_role("button", name="Lav afgørelsesbreve").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Breve om")
    # A custody holder's letter: always a party's, so always with the complaint guidance (the
    # child's has it only from 10 in the case types of § 3, which depends on the demo's day).
    rows = page.locator("tr[data-status][data-recipient-kind='person']").filter(
        has_text="Afgørelsesbrev"
    )
    expect(rows.first).to_contain_text("Klar til afsendelse")
    check_axe(page, "breve-liste")

    rows.first.get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("Klagevejledning")
    expect(page.locator("main")).to_contain_text("Klar til afsendelse")
    check_axe(page, "brev-detalje")

    page.get_by_role("link", name="Udskriftsvisning").click()
    expect(page.get_by_role("heading", level=2, name="Klagevejledning")).to_be_visible()
    check_axe(page, "brev-udskrift")
    page.go_back()

    with page.expect_download() as info:
        page.get_by_role("link", name="Hent som PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        pdf = pikepdf.open(io.BytesIO(handle.read()))
    assert bool(pdf.Root.MarkInfo.Marked)
    assert "/StructTreeRoot" in pdf.Root
    assert str(pdf.Root.Lang) == "da"

    # Printed, then posted: only then "Sendt med post".
    page.get_by_role("button", name="Markér som udskrevet").click()
    expect(page.locator("main")).to_contain_text("Udskrevet")
    page.get_by_role("button", name="Markér som sendt med post").click()
    expect(page.locator("main")).to_contain_text("Sendt med post")
    check_axe(page, "brev-sendt")

    # Posted: the day the party had it starts the 4 weeks to complain, so the page asks for it.
    today = dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()
    expect(page.get_by_role("heading", name="Hvornår fik parten brevet?")).to_be_visible()
    page.get_by_label("Modtaget den").fill((today + dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Registrér dagen").click()
    expect(page.locator(".form-errors")).to_contain_text("fremtiden")
    check_axe(page, "brev-modtaget-fejl")
    page.get_by_label("Modtaget den").fill(today.isoformat())
    page.get_by_role("button", name="Registrér dagen").click()
    expect(page.locator("dl.facts")).to_contain_text("Modtaget den")
    expect(page.get_by_role("heading", name="Hvornår fik parten brevet?")).to_have_count(0)
    check_axe(page, "brev-modtaget")
