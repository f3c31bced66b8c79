"""The youth survey tried as a new user would (issue 17's "done when").

The team leader opens a round for their team; DEM-016 (a young person of 15-17) answers on a
375 px phone with the keyboard only: chooses who answers, answers the first page, skips two
questions, saves and stops; later goes on and sends. The leader sees the finished round of the
demo (tables, intervals, "Too few answers"), reads what the municipality will do, and closes the
new round, whose single answer is never shown. Every page is checked with axe.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from stemme.demo.plan import DEMO_PORTAL_PIN
from tests.browser.conftest import check_axe

TODAY = dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()
PHONE = {"width": 375, "height": 812}
FOCUSED = "s => document.activeElement && document.activeElement.matches(s)"
ON_VALUE = "([n, v]) => document.activeElement.name === n && document.activeElement.value === v"


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector`` (the keyboard's way there)."""
    for _ in range(limit):
        if page.evaluate(FOCUSED, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def _choose(page, name: str, value: str) -> None:
    """Reach the radio group ``name`` with Tab, then pick ``value`` with the arrow keys."""
    _tab_to(page, f"input[name='{name}']")
    for _ in range(8):
        if page.evaluate(ON_VALUE, [name, value]):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name='{name}'][value='{value}']")).to_be_checked()


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_a_leader_opens_a_round_and_a_young_person_answers_on_a_phone(login, server, browser):
    leader = login("leder")
    # A question of the municipality's own, beside VIVE's locked ones.
    leader.goto(f"{server}/ledelse/ungeundersoegelse/spoergsmaal/")
    leader.select_option("[name='dimension']", "information")
    leader.select_option("[name='scale']", "fits")
    leader.fill("[name='text_younger']", "Jeg får svar, når jeg skriver.")
    leader.fill("[name='text_older']", "Jeg får svar, når jeg skriver til min rådgiver.")
    leader.locator("main form[method=post]:has([name='text_older']) button").click()
    expect(leader.locator("main table")).to_contain_text("K1")
    check_axe(leader, "ungeundersoegelse-spoergsmaal")
    leader.goto(f"{server}/ledelse/ungeundersoegelse/")
    check_axe(leader, "ungeundersoegelse-runder")
    leader.fill("[name='title']", "Ungeundersøgelsen vinter")
    leader.fill("[name='opens_on']", TODAY.isoformat())
    leader.fill("[name='closes_on']", (TODAY + dt.timedelta(days=21)).isoformat())
    leader.locator("main form[method=post] button[type=submit]").click()
    expect(leader).to_have_url(re.compile(r"/ledelse/ungeundersoegelse/[0-9a-f-]{36}/$"))
    new_round = leader.url
    check_axe(leader, "ungeundersoegelse-aaben-runde")

    context = browser.new_context(locale="da-DK", viewport=PHONE)
    phone = context.new_page()
    phone.goto(f"{server}/min-sag/log-ind/")
    phone.fill("[name='login_id']", "DEM-016")
    phone.fill("[name='secret']", DEMO_PORTAL_PIN)
    phone.locator("main button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/min-sag/$"))
    # The invitation is on the front page.
    phone.locator("main a[href='/min-sag/spoergeskema/']").first.click()
    expect(phone.locator("main")).to_contain_text("fortrolige")
    expect(phone.locator("main a[href='/min-sag/fortael/']")).to_be_visible()
    check_axe(phone, "min-sag-spoergeskema-start")
    _no_sideways_scroll(phone)

    # Keyboard only from here: who answers, then the first page.
    _choose(phone, "answered_with", "alone")
    _tab_to(phone, "main form button[type=submit]")
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/min-sag/spoergeskema/relation/$"))
    check_axe(phone, "min-sag-spoergeskema-side")
    _no_sideways_scroll(phone)
    _choose(phone, "r0", "1")
    _choose(phone, "r1", "4")
    # R2 and R3 skipped.
    _choose(phone, "r4", "5")
    _tab_to(phone, "button[value='stop']")
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/min-sag/spoergeskema/\?gemt=1$"))
    expect(phone.locator("[role=status]")).to_contain_text("3")

    # Later: back from the front page, on through the pages to the end.
    phone.goto(f"{server}/min-sag/")
    phone.locator("main a[href='/min-sag/spoergeskema/']").first.click()
    _tab_to(phone, "main form button[type=submit]")
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/min-sag/spoergeskema/relation/$"))
    expect(phone.locator("input[name='r1'][value='4']")).to_be_checked()
    _tab_to(phone, "button[value='next']")
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/min-sag/spoergeskema/kontakt/$"))
    _choose(phone, "c1", "2")
    for key in ("information", "indflydelse", "rettigheder", "plan", "dine-ord"):
        _tab_to(phone, "button[value='next']")
        phone.keyboard.press("Enter")
        expect(phone).to_have_url(re.compile(rf"/min-sag/spoergeskema/{key}/$"))
        if key == "information":
            # The municipality's own question is asked with VIVE's.
            expect(phone.locator("main")).to_contain_text("Jeg får svar, når jeg skriver til")
    check_axe(phone, "min-sag-spoergeskema-sidste-side")
    phone.locator("textarea[name='o1']").fill("Mere tid til at snakke.")
    _tab_to(phone, "button[value='send']")
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/min-sag/spoergeskema/$"))
    expect(phone.locator("main")).to_contain_text("Tak for dine svar")
    check_axe(phone, "min-sag-spoergeskema-tak")
    context.close()

    # The demo's finished round: the VIVE-style tables with intervals and suppression.
    leader.goto(f"{server}/ledelse/ungeundersoegelse/")
    # The newest finished round: the second row (the new round is first).
    expect(leader.locator("main table tbody tr").first).to_contain_text("vinter")
    leader.locator("main table tbody tr").nth(1).locator("a").click()
    main = leader.locator("main")
    expect(main).to_contain_text("95 %")
    expect(main).to_contain_text("Landsplan (VIVE 2020)")
    expect(main).to_contain_text("I sagde – vi gør")
    check_axe(leader, "ungeundersoegelse-rapport")

    # The new round, closed: one answer, so no figure at all.
    leader.goto(new_round)
    leader.locator("form[action$='/luk/'] button").click()
    expect(leader.locator("main")).to_contain_text("For få svar")
    expect(leader.locator("main")).not_to_contain_text("Mere tid til at snakke")

    # Experienced beside recorded on the leaders' involvement page.
    leader.goto(f"{server}/ledelse/inddragelse/")
    expect(leader.locator("main")).to_contain_text("Oplevet: jeres ungeundersøgelse")
    expect(leader.locator("main")).to_contain_text("Børnenes smileys efter møderne")
    check_axe(leader, "ledelse-inddragelse")
