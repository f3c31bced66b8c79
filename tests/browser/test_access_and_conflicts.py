"""Deputies, emergency access and the conflict page, used in Chromium as staff would (issue 6)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import check_axe, second_step


def _log_in_other(browser, server, username):
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    page.goto(f"{server}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("stemme-demo")
    page.get_by_role("button", name="Log ind").click()
    second_step(page, username)
    return context, page


def test_leader_appoints_a_deputy(login, server):
    page = login("leder")
    page.goto(f"{server}/adgang/stedfortraedere/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_axe(page, "stedfortraedere")

    away = page.get_by_label("Rådgiver, der er fraværende")
    deputy = page.get_by_label("Stedfortræder", exact=True)
    # The demo team has several caseworkers; take the first two offered.
    away.select_option(index=1)
    deputy.select_option(index=2)
    today = dt.datetime.now(tz=ZoneInfo("Europe/Copenhagen")).date()
    page.get_by_label("Fra", exact=True).fill(today.isoformat())
    page.get_by_label("Til og med").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Begrundelse").fill("Ferie i to uger")
    page.get_by_role("button", name="Udpeg stedfortræder").click()
    expect(page.locator(".message").first).to_contain_text("er stedfortræder for")
    check_axe(page, "stedfortraedere-udpeget")


def test_emergency_access_needs_a_reason_and_the_leader_reviews_it(login, server, browser):
    page = login("raadgiver")
    page.goto(f"{server}/boern/")
    page.locator("table.data tbody tr a.child-name").first.click()
    page.get_by_role("button", name="Vis fuldt CPR-nummer").click()
    expect(page.locator("#cpr .cpr")).to_have_text(re.compile(r"^\d{6}-\d{4}$"))
    cpr = page.locator("#cpr .cpr").inner_text()
    child_url = page.url

    context, other = _log_in_other(browser, server, "raadgiver2")
    assert other.goto(child_url).status == 404
    other.goto(f"{server}/boern/soeg/")
    other.get_by_role("link", name=re.compile("nødadgang")).click()
    expect(other.get_by_role("heading", level=1)).to_be_visible()
    check_axe(other, "noedadgang")

    # Too short a reason and no confirmation: refused, in Danish, nothing granted.
    other.get_by_label("Barnets CPR-nummer").fill(cpr)
    other.get_by_label("Hvorfor har du brug for adgang nu?").fill("Akut")
    other.get_by_role("button", name="Åbn barnets side").click()
    expect(other.locator(".field__error").first).to_be_visible()
    check_axe(other, "noedadgang-fejl")

    other.get_by_label("Hvorfor har du brug for adgang nu?").fill(
        "Barnet har ringet til vagttelefonen og er bange for at tage hjem i aften."
    )
    other.get_by_label(re.compile("Jeg forstår, at adgangen bliver logget")).check()
    other.get_by_role("button", name="Åbn barnets side").click()
    expect(other).to_have_url(child_url)
    expect(other.get_by_text(re.compile("nødadgang", re.IGNORECASE)).first).to_be_visible()
    check_axe(other, "barn-noedadgang")
    context.close()

    leader_context, leader = _log_in_other(browser, server, "leder")
    leader.goto(f"{server}/adgang/noedadgang/oversigt/")
    expect(leader.locator("main")).to_contain_text("bange for at tage hjem")
    check_axe(leader, "noedadgang-oversigt")
    leader_context.close()


def test_two_tabs_editing_the_profile_get_the_conflict_page(login, server):
    first = login("raadgiver")
    first.goto(f"{server}/konto/profil/")
    second = first.context.new_page()
    second.goto(f"{server}/konto/profil/")

    first.get_by_label("Telefon").fill("11 22 33 44")
    first.get_by_role("button", name="Gem").click()
    second.get_by_label("Telefon").fill("55 66 77 88")
    second.get_by_role("button", name="Gem").click()

    expect(second.get_by_role("heading", level=1)).to_have_text(
        "Nogen har gemt en ændring, mens du redigerede"
    )
    table = second.locator("main table")
    expect(table).to_contain_text("11 22 33 44")
    expect(table).to_contain_text("55 66 77 88")
    check_axe(second, "konflikt")

    second.get_by_role("link", name="Behold den gemte version").click()
    expect(second.get_by_label("Telefon")).to_have_value("11 22 33 44")
