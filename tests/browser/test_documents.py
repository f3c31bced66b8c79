"""A caseworker uploads a PDF to a case and downloads it again, in Chromium, in Danish; every
page passes axe."""

import re

import weasyprint
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


def test_a_pdf_uploaded_and_downloaded(login, server):
    pdf = weasyprint.HTML(string="<h1>Brev fra skolen</h1><p>Om fravær.</p>").write_pdf()
    page = login("raadgiver")
    case_url = _a_case(page, server)
    expect(page.locator("#documents")).to_be_visible()

    page.locator("#documents").get_by_role("link", name="Upload et dokument").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Upload et dokument")
    check_axe(page, "dokumenter-ny")
    page.get_by_label("Fil").set_input_files(
        files=[{"name": "Brev fra skolen.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_label("Titel").fill("Brev fra skolen")
    page.get_by_role("textbox", name=re.compile(r"^Fra")).fill("Skolen")
    page.get_by_role("button", name="Upload dokumentet").click()

    link = page.get_by_role("link", name="Brev fra skolen")
    expect(link).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ikke virusscannet")
    check_axe(page, "dokumenter-liste")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "Brev fra skolen.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == pdf

    page.goto(case_url)
    expect(page.locator("#documents")).to_contain_text("Brev fra skolen")
    check_axe(page, "dokumenter-sag")
