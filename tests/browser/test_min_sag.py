"""Min sag tried as a new user would, on a 375 px phone (issue 5's "done when").

A 12-year-old (the demo's DEM-012 child) gets a new activation letter from the caseworker,
activates the account, sees the next meeting, adds a topic, gives feedback after the meeting
and tells the caseworker a worry; the caseworker sees it in the case. Every portal page is
screenshotted and checked with axe, and the feedback is given with the keyboard only.

Fields are found by name and links by address, so the test does not depend on wording.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import check_axe

TODAY = dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()
PHONE = {"width": 375, "height": 812}
PIN = "731904"


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _check(page, name: str) -> None:
    check_axe(page, name)
    _no_sideways_scroll(page)


def test_a_child_uses_min_sag_on_a_phone_and_the_caseworker_sees_it(login, server, browser):
    staff = login("raadgiver")
    # The demo child on Min sag has written to the caseworker; the inbox leads to the child.
    staff.goto(f"{server}/beskeder/")
    check_axe(staff, "beskeder-fra-boern")
    child_href = staff.locator("main a[href^='/boern/']").first.get_attribute("href")
    child_url = f"{server}{child_href}"
    staff.goto(f"{child_url}min-sag-adgang/")
    staff.locator("main form:has(input[name='who'][value='child']) button[type=submit]").click()
    letter = staff.locator("main").inner_text()
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", letter).group(0)

    context = browser.new_context(locale="da-DK", viewport=PHONE)
    phone = context.new_page()
    phone.goto(f"{server}/min-sag/aktiver/")
    phone.fill("[name='code']", code)
    phone.fill("[name='secret']", PIN)
    phone.fill("[name='secret_again']", PIN)
    phone.locator("main button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/min-sag/$"))
    _check(phone, "min-sag-12-forside")

    # The next meeting is on the front page; the child opens it and adds a topic.
    expect(phone.locator("main")).to_contain_text("Ungdomsklubben")
    phone.locator("main a[href^='/min-sag/moeder/']").first.click()
    expect(phone).to_have_url(re.compile(r"/min-sag/moeder/[0-9a-f-]{36}/$"))
    meeting_path = re.search(r"/min-sag/moeder/([0-9a-f-]{36})/", phone.url).group(1)
    _check(phone, "min-sag-12-moede")
    phone.fill("form:has(input[name='action'][value='topic']) [name='topic-text']", "Min nye skole")
    phone.locator("form:has(input[name='action'][value='topic']) button[type=submit]").click()
    expect(phone.locator("main")).to_contain_text("Min nye skole")
    phone.fill(
        "form:has(input[name='action'][value='place_time']) [name='place-words']",
        "Gerne efter skole, i klubben",
    )
    phone.locator("form:has(input[name='action'][value='place_time']) button[type=submit]").click()
    expect(phone.locator("main")).to_contain_text("Gerne efter skole")

    # The caseworker sees the topic and the wish, and records the meeting as held.
    staff.goto(f"{server}/moeder/{meeting_path}/")
    expect(staff.locator("main")).to_contain_text("Min nye skole")
    expect(staff.locator("main")).to_contain_text("Gerne efter skole, i klubben")
    staff.fill("form[action$='/afholdt/'] [name='hold-held_on']", TODAY.isoformat())
    staff.locator("form[action$='/afholdt/'] button[type=submit]").last.click()

    # After the meeting: feedback with the keyboard only (a face, "did they listen", send).
    phone.goto(f"{server}/min-sag/moeder/")
    _check(phone, "min-sag-12-moeder")
    phone.locator(f"main a[href='/min-sag/moeder/{meeting_path}/hvordan-var-det/']").click()
    _check(phone, "min-sag-12-feedback")
    phone.locator("input[name='smiley']").first.focus()
    for _ in range(3):  # from "very bad" to "good"
        phone.keyboard.press("ArrowRight")
    phone.keyboard.press("Tab")  # into "did the adults listen?"
    phone.keyboard.press("Space")
    phone.locator("main button[type=submit]").focus()
    phone.keyboard.press("Enter")
    phone.wait_for_load_state("networkidle")
    staff.goto(f"{server}/moeder/{meeting_path}/")
    expect(staff.locator("main use[href$='#face-4']")).to_have_count(1)  # "good"

    # The child tells a worry with "three houses".
    phone.goto(f"{server}/min-sag/")
    phone.locator("main a[href='/min-sag/fortael/']").click()
    _check(phone, "min-sag-12-fortael")
    phone.locator("main a[href*='vej=three_houses']").click()
    _check(phone, "min-sag-12-tre-huse")
    phone.fill("[name='worries']", "Jeg er bange for at skifte skole.")
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/min-sag/beskeder/"))
    _check(phone, "min-sag-12-beskeder")

    # The caseworker sees it in the case, filed as the child's own words.
    staff.goto(child_url)
    expect(staff.locator("main")).to_contain_text("Jeg er bange for at skifte skole.")
    case_href = staff.locator("main a[href^='/sager/']").first.get_attribute("href")
    case_url = f"{server}{re.match(r'/sager/[0-9a-f-]{36}/', case_href).group(0)}"
    staff.goto(case_url)
    expect(staff.locator("main")).to_contain_text("Jeg er bange for at skifte skole.")
    # The plan's goals (the demo child has two) and the form for a third, then the
    # right-of-access page, which lists the child's words too.
    expect(staff.locator("main")).to_contain_text("Jeg vil gå til fodbold hver uge")
    check_axe(staff, "sag-plan-maal")
    staff.goto(f"{case_url}plan/maal/ny/")
    check_axe(staff, "plan-maal-ny")
    staff.goto(f"{child_url}aktindsigt/")
    check_axe(staff, "aktindsigt")

    # Every other portal page, on the phone, for the screenshots and axe.
    for path, name in (
        ("raadgivere/", "raadgivere"),
        ("hvad-nu/", "hvad-nu"),
        ("plan/", "plan"),
        ("afgoerelser/", "afgoerelser"),
        ("rettigheder/", "rettigheder"),
        ("breve/", "breve"),
        ("dokumenter/", "dokumenter"),
        ("hvem-har-kigget/", "hvem-har-kigget"),
        ("fortael/?vej=mood", "humoer"),
    ):
        assert phone.goto(f"{server}/min-sag/{path}").status == 200, path
        _check(phone, f"min-sag-12-{name}")

    # A document the caseworker shared with the child downloads as a file (the demo has some).
    phone.goto(f"{server}/min-sag/dokumenter/")
    document = phone.locator("main a[href^='/min-sag/dokumenter/']").first
    expect(document).to_be_visible()
    with phone.expect_download() as info:
        document.click()
    with open(info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    context.close()


def test_the_youngest_and_oldest_children_and_a_keyboard_only_login(server, browser):
    """The demo's under-10 and 15+ children log in with the keyboard only."""
    context = browser.new_context(locale="da-DK", viewport=PHONE)
    phone = context.new_page()
    for login_id, band in (("DEM-008", "under-10"), ("DEM-016", "15-plus")):
        phone.goto(f"{server}/min-sag/log-ind/")
        phone.locator("[name='login_id']").focus()
        phone.keyboard.type(login_id)
        phone.keyboard.press("Tab")
        phone.keyboard.type("246810")
        phone.keyboard.press("Enter")
        expect(phone).to_have_url(re.compile(r"/min-sag/$"))
        _check(phone, f"min-sag-{band}-forside")
        for path in ("rettigheder/", "hvad-nu/"):
            phone.goto(f"{server}/min-sag/{path}")
            _check(phone, f"min-sag-{band}-{path.strip('/')}")
        phone.goto(f"{server}/min-sag/")
        phone.locator("form[action='/min-sag/log-ud/'] button").click()
        expect(phone).to_have_url(re.compile(r"/min-sag/log-ind/\?logget-ud=1$"))
    context.close()
