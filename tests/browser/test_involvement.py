"""The involvement toolkit, tried as a new user would (issue 4's "done when").

- A caseworker prepares a meeting with a child; the child's topics from last time appear on the
  next agenda; the summary for the child is written and given after the meeting.
- A safety-restricted child: nothing is sent to the named parent.
- A team leader reassigns a leaving caseworker's children and sees every child's handover status.

Fields are found by name, so the tests do not depend on wording.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import check_axe

NOW = dt.datetime.now(ZoneInfo("Europe/Copenhagen"))
TODAY = NOW.date()


def open_case_of_first_child(page, server) -> tuple[str, str]:
    """(child url, case url) of the first child on "Mine børn" with an open case."""
    page.goto(f"{server}/boern/")
    child_href = page.locator("main table a[href^='/boern/']").first.get_attribute("href")
    page.goto(f"{server}{child_href}")
    case_href = page.locator("main a[href^='/sager/'][href$='/']").first.get_attribute("href")
    case_href = re.match(r"/sager/[0-9a-f-]{36}/", case_href).group(0)
    return f"{server}{child_href}", f"{server}{case_href}"


def submit(page, form_selector: str) -> None:
    page.locator(f"{form_selector} button[type=submit]").last.click()


def plan_meeting(page, case_url: str, purpose: str) -> str:
    page.goto(f"{case_url}moeder/ny/")
    page.select_option("[name='kind']", "follow_up")
    page.fill("[name='purpose_for_child']", purpose)
    # Earlier today, so the meeting can be recorded as held in the test.
    page.fill("[name='starts_at']", f"{TODAY.isoformat()}T00:30")
    page.fill("[name='place']", "Skolens mødelokale")
    page.locator("[name='child_chose_place_time']").check()
    page.fill("[name='child_wants_to_say']", "At jeg gerne vil gå til fodbold igen.")
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/moeder/[0-9a-f-]{36}/$"))
    return page.url


def test_meeting_prepared_with_the_child_topics_carry_over_and_summary(login, server):
    page = login("raadgiver")
    _child_url, case_url = open_case_of_first_child(page, server)

    meeting_url = plan_meeting(page, case_url, "Vi skal tale om, hvordan det går i skolen.")
    check_axe(page, "moede")
    page.fill("form[action$='/punkter/'] [name='item-text']", "Mine venner i klassen")
    page.locator("form[action$='/punkter/'] [name='item-from_child']").check()
    submit(page, "form[action$='/punkter/']")
    expect(page.locator("main")).to_contain_text("Mine venner i klassen")

    # One click: the agenda goes to the child; the agenda task is met.
    submit(page, "form[action$='/send-dagsorden/']")
    page.goto(f"{meeting_url}dagsorden/")
    check_axe(page, "moede-dagsorden-barn")
    expect(page.locator("main")).to_contain_text("Mine venner i klassen")
    expect(page.locator("main")).to_contain_text("Skolens mødelokale")

    # After the meeting: held, summary in words for the child, topics for next time.
    page.goto(meeting_url)
    page.fill("form[action$='/afholdt/'] [name='hold-held_on']", TODAY.isoformat())
    submit(page, "form[action$='/afholdt/']")
    page.fill(
        "[name='summary-summary_for_child']",
        "Vi besluttede, at du får en kontaktperson, fordi du gerne vil have en voksen at tale med.",
    )
    page.locator("[name='summary-child_understood'][value='yes']").check()
    page.fill("[name='summary-next_time_topics']", "Min fodboldtræning\nHvornår jeg ser far")
    submit(page, "form[action$='/opsummering/']")
    page.fill("[name='deliver-delivered_on']", TODAY.isoformat())
    page.select_option("[name='deliver-how']", index=1)
    submit(page, "form[action$='/opsummering/givet/']")
    check_axe(page, "moede-efter")

    page.goto(case_url)
    rules = page.locator("tr[data-rule='moede-opsummering']")
    expect(rules.first).to_have_attribute("data-status", "met")
    expect(page.locator("tr[data-rule='moede-dagsorden']").first).to_have_attribute(
        "data-status", "met"
    )

    # The next meeting's agenda starts with the child's topics from last time.
    next_url = plan_meeting(page, case_url, "Vi følger op på kontaktpersonen.")
    expect(page.locator("main")).to_contain_text("Min fodboldtræning")
    expect(page.locator("main")).to_contain_text("Hvornår jeg ser far")
    page.goto(f"{next_url}dagsorden/")
    expect(page.locator("main")).to_contain_text("Min fodboldtræning")


def test_safety_restriction_sends_nothing_to_the_named_parent(login, server):
    page = login("raadgiver")
    child_url, case_url = open_case_of_first_child(page, server)
    # Letters sent to a parent before the restriction (e.g. the demo's decision letters) stay.
    sent_to_a_person = "tr[data-status='sent'][data-recipient-kind='person']"
    page.goto(f"{child_url}breve/")
    sent_before = page.locator(sent_to_a_person).count()

    page.goto(f"{child_url}sikkerhed/")
    check_axe(page, "sikkerhed")
    parent_box = page.locator("[name='persons']").first
    parent_id = parent_box.get_attribute("value")
    page.locator("[name='kind'][value='parent_abuse']").check()
    page.fill("[name='reason']", "Mistanke om vold fra far.")
    parent_box.check()
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".safety-banner")).to_be_visible()

    # A meeting with the parent on the list: the invitation to the parent is stopped.
    plan_meeting(page, case_url, "Vi skal tale om, hvor du skal bo.")
    form = "form[action$='/deltagere/']"
    page.locator("form[action$='/deltagere/']").locator("xpath=ancestor::details").locator(
        "summary"
    ).click()
    page.select_option(f"{form} [name='participant-kind']", "person")
    page.select_option(f"{form} [name='participant-person']", parent_id)
    page.fill(
        f"{form} [name='participant-role_for_child']",
        "Din far. Han fortæller, hvordan han har det.",
    )
    submit(page, form)
    submit(page, "form[action$='/inviter/']")
    check_axe(page, "moede-spaerret-invitation")

    page.goto(f"{child_url}breve/")
    check_axe(page, "breve")
    blocked = page.locator("tr[data-status='blocked']")
    expect(blocked.first).to_be_visible()
    assert page.locator(sent_to_a_person).count() == sent_before


def test_leader_sees_every_child_of_a_leaving_caseworker(login, server):
    page = login("leder")
    page.goto(f"{server}/fratraedelse/")
    check_axe(page, "fratraedelse")
    page.locator("main a[href^='/fratraedelse/']").first.click()
    expect(page).to_have_url(re.compile(r"/fratraedelse/\d+/$"))
    check_axe(page, "fratraedelse-raadgiver")
    rows = page.locator("tr[data-child]")
    total = rows.count()
    assert total > 0
    # Every child on the caseload has a handover status. The demo's history may already hold a
    # handover from the last 90 days (it depends on today's date), so take a child not yet handed
    # over — those come first.
    waiting = page.locator("tr[data-child][data-handover='none']")
    assert waiting.count() > 0
    assert rows.first.get_attribute("data-handover") == "none"

    first = waiting.first
    child = first.get_attribute("data-child")
    leaving_id = page.url.rstrip("/").rsplit("/", 1)[1]
    options = first.locator("[name='to_caseworker'] option")
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    first.locator("[name='to_caseworker']").select_option(
        next(v for v in values if v and v != leaving_id)
    )
    first.locator("button[type=submit]").click()
    expect(page.locator(f"tr[data-child='{child}'][data-handover='started']")).to_be_visible()
    # The other children are still listed, so no child is forgotten.
    assert page.locator("tr[data-child]").count() >= total
