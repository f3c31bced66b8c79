"""The week view in Chromium: a caseworker's "Min uge" with its meetings, moving one of them,
its calendar file; the team leader's "Teamets uge"."""

import re
from pathlib import Path

import icalendar
from playwright.sync_api import expect

from tests.browser.conftest import check_axe

WEEKS_AHEAD = 8


def _a_week_with_meetings(page):
    """Forward from this week to the first week with a meeting that can be moved."""
    for _ in range(WEEKS_AHEAD):
        if page.locator(".week-item__move").count():
            return
        page.locator(".week-nav a[rel=next]").click()
        page.wait_for_load_state("networkidle")
    raise AssertionError("no planned meeting in the demo's next weeks")


def test_caseworker_week_moves_a_meeting_and_offers_its_calendar_file(login, server):
    page = login("raadgiver")
    page.locator('nav.main-nav a[href="/uge/"]').click()
    expect(page).to_have_url(re.compile(r"/uge/$"))
    # Danish day and month names; today stands out.
    today = page.locator('li[aria-current="date"]')
    expect(today).to_have_count(1)
    expect(today.locator("h2")).to_have_text(
        re.compile(r"^(Mandag|Tirsdag|Onsdag|Torsdag|Fredag|Lørdag|Søndag) \d+\. [a-zæø]+")
    )
    check_axe(page, "min-uge")

    _a_week_with_meetings(page)
    expect(page.locator("ol.week > li")).to_have_count(7)
    check_axe(page, "min-uge-med-moeder")

    item = page.locator(".week-item:has(.week-item__move)").first
    child = item.locator("a.child-name").inner_text()
    with page.expect_download() as info:
        item.locator('a[href$="/kalender.ics"]').click()
    raw = Path(info.value.path()).read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["SUMMARY"]) == "Møde med din rådgiver"
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    for name in child.split():
        assert name not in raw.decode()

    meeting_id = item.get_attribute("id")
    item.locator("summary").click()
    item.locator("input[type=time]").fill("07:35")
    item.locator("form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"/uge/\?uge=\d{4}-W\d{2}$"))
    expect(page.locator(".messages")).to_be_visible()
    moved = page.locator(f"#{meeting_id}")
    expect(moved.locator(".week-item__when")).to_have_text(re.compile(r"^07\.35–"))
    check_axe(page, "min-uge-flyttet")

    # A time that does not exist: the form opens again on the meeting, in Danish.
    moved.locator("summary").click()
    moved.locator("input[type=date]").fill("")
    moved.locator("form button[type=submit]").click()
    expect(page.locator(f"#{meeting_id} .form-errors")).to_contain_text("Feltet skal udfyldes")
    check_axe(page, "min-uge-fejl")


def test_team_leader_sees_the_teams_week(login, server):
    page = login("leder")
    page.goto(f"{server}/uge/")
    _a_week_with_meetings(page)
    expect(page.locator(".week-item .child-name").first).to_be_visible()
    check_axe(page, "teamets-uge")
