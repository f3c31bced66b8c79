"""Leadership oversight tried as a new user would (issue 18's "done when").

The demo team's leader sees deadlines, caseload, continuity, flow times and involvement with
charts, drills from "overdue" to the cases, makes the committee pack (the page, the PDF and a
CSV), draws this month's sample, reviews a case of "raadgiver" with the checklist, and the
finding appears on raadgiver's worklist, who reads the review and marks the action done. Every
page is checked with axe and for CSP violations.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, check_axe, second_step

TODAY = dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()


def _name_of(page) -> str:
    """The logged-in user's full name, from the page header (without the role under it)."""
    return page.locator(".user-menu__name").evaluate("e => e.firstChild.textContent").strip()


def _tiles_loaded(page) -> None:
    """The overview's sections load after the page (htmx): wait until every one has come."""
    expect(page.locator("main [aria-busy=true]")).to_have_count(0)


def _log_in_other(browser, server, username):
    page = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    second_step(page, username)
    return page


def test_a_leader_follows_the_figures_makes_the_pack_and_reviews_a_case(login, server, browser):
    caseworker = _log_in_other(browser, server, "raadgiver")
    caseworker_name = _name_of(caseworker)
    caseworker.goto(f"{server}/ledelse/overblik/")
    expect(caseworker.locator("h1")).to_have_text("Mine tal")
    _tiles_loaded(caseworker)
    check_axe(caseworker, "ledelse-mine-tal")

    leader = login("leder")
    leader.goto(f"{server}/ledelse/overblik/")
    main = leader.locator("main")
    for heading in ("Frister", "Sagsstamme", "Kontinuitet", "Forløbstider fra en underretning"):
        expect(main.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    _tiles_loaded(leader)
    expect(main.locator("svg[role=img]").first).to_be_visible()
    check_axe(leader, "ledelse-overblik")
    # The whole municipality: counts per team, no links to cases.
    leader.select_option("[name='scope']", "kommune")
    leader.locator("main form[method=get] button").click()
    _tiles_loaded(leader)
    expect(main).to_contain_text("Pr. team")
    expect(main.locator("a[href*='/ledelse/overblik/frister/']")).to_have_count(0)
    check_axe(leader, "ledelse-overblik-kommunen")
    # The department: the leader's team and another, so counts only, with its months.
    leader.select_option("[name='scope']", label="Afdeling Myndighed, børn og unge")
    leader.locator("main form[method=get] button").click()
    _tiles_loaded(leader)
    expect(main).to_contain_text("har teams, der ikke er dine")
    expect(main.get_by_role("heading", name="Måned for måned", exact=True)).to_be_visible()
    expect(main.locator("#history-chart")).to_be_visible()
    expect(main.locator("a[href*='/ledelse/overblik/frister/']")).to_have_count(0)
    check_axe(leader, "ledelse-overblik-afdelingen")
    # From "overdue" to the cases.
    leader.goto(f"{server}/ledelse/overblik/")
    leader.locator("main .stat a[href*='/overskredet/']").click()
    expect(leader).to_have_url(re.compile(r"/ledelse/overblik/frister/alle/overskredet/"))
    expect(main.locator("tbody tr").first).to_be_visible()
    check_axe(leader, "ledelse-overskredne-frister")
    leader.goto(f"{server}/ledelse/overblik/gentagne-bekymringer/")
    expect(main.locator("tbody tr")).not_to_have_count(0)
    check_axe(leader, "ledelse-gentagne-bekymringer")
    leader.goto(f"{server}/ledelse/tal/deadlines-met-on-time/")
    expect(main).to_contain_text("definitionsversion 1")
    check_axe(leader, "ledelse-saadan-beregnes-tallet")

    # The committee pack: made, frozen, as a page, a PDF and a CSV.
    leader.goto(f"{server}/ledelse/udvalg/")
    check_axe(leader, "udvalgspakke-liste")
    leader.fill("[name='title']", "Børne- og Ungeudvalget, januar")
    leader.fill("[name='comment']", "Vi følger fristen for den børnefaglige undersøgelse tæt.")
    leader.locator("main form[method=post] button[type=submit]").click()
    expect(leader).to_have_url(re.compile(r"/ledelse/udvalg/[0-9a-f-]{36}/$"))
    expect(main).to_contain_text("Opgjort pr.")
    expect(main).to_contain_text("Vi følger fristen")
    check_axe(leader, "udvalgspakke")
    pack_url = leader.url
    csv_link = main.locator("a[href*='/csv/frister/']")
    csv = leader.request.get(server + csv_link.get_attribute("href"))
    text = csv.body().decode("utf-8-sig")
    assert "Frister pr. regel" in text
    assert "Pligt;Lovgrundlag" in text
    # The PDF: made by the worker (at once in the tests), then downloaded.
    leader.goto(pack_url)
    leader.locator("main form[action$='/pdf/'] button").click()
    expect(leader).to_have_url(re.compile(r"/ledelse/udvalg/eksport/[0-9a-f-]{36}/$"))
    expect(leader.locator("main [role=status]")).to_contain_text("klar")
    check_axe(leader, "udvalgspakke-pdf")
    with leader.expect_download() as download:
        leader.locator("main form[action$='/hent/'] button").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    leader.goto(f"{server}/ledelse/udvalg/maal/")
    check_axe(leader, "udvalgspakke-maal")

    # This month's sample, and a review of raadgiver's case.
    leader.goto(f"{server}/ledelse/tilsyn/")
    leader.select_option("[name='kind']", "random")
    leader.locator("main form[method=post] button[type=submit]").click()
    expect(main.locator(".message, [role=status]").first).to_contain_text("udtrukket")
    check_axe(leader, "ledelsestilsyn")
    row = main.locator("tbody tr", has_text=caseworker_name).filter(
        has=leader.locator(".tag", has_text="Skal gennemgås")
    )
    row.first.locator("a").first.click()
    expect(leader).to_have_url(re.compile(r"/ledelse/tilsyn/[0-9a-f-]{36}/$"))
    review_url = leader.url
    check_axe(leader, "ledelsestilsyn-tjekliste")
    for radio in leader.locator("main input[type=radio][value=yes]").all():
        radio.check()
    leader.locator("main input[name='answer_r5'][value=no]").check()
    leader.fill("[name='note_r5']", "Barnets egne ord mangler i vurderingen.")
    leader.fill("[name='summary']", "En grundig sag. Barnets egne ord skal med.")
    leader.fill("[name='action_0_text']", "Skriv barnets egne ord ind i vurderingen.")
    leader.select_option("[name='action_0_item']", "r5")
    leader.fill("[name='action_0_due']", (TODAY + dt.timedelta(days=14)).isoformat())
    leader.locator("main form[method=post] button[type=submit]").first.click()
    expect(main.locator("text=Skriv barnets egne ord ind i vurderingen.")).to_be_visible()

    # The finding is on raadgiver's worklist; raadgiver reads the review and marks it done.
    caseworker.goto(f"{server}/arbejdsliste/")
    panel = caseworker.locator("main section", has_text="Fra ledelsestilsyn")
    expect(panel).to_contain_text("Skriv barnets egne ord ind i vurderingen.")
    check_axe(caseworker, "arbejdsliste-med-ledelsestilsyn")
    caseworker.goto(review_url)
    expect(caseworker.locator("main")).to_contain_text("Barnets egne ord mangler i vurderingen.")
    expect(caseworker.locator("main input[type=radio]")).to_have_count(0)
    check_axe(caseworker, "ledelsestilsyn-laest-af-raadgiver")
    caseworker.locator("main form[action*='/udfoert/'] button").first.click()
    expect(caseworker).to_have_url(re.compile(r"/arbejdsliste/"))
    expect(caseworker.locator("main")).not_to_contain_text(
        "Skriv barnets egne ord ind i vurderingen."
    )
