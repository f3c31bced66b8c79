"""A child in danger is never routine (issue 12's "done when"), tried as people would.

DEM-012 (a 12-year-old) writes a worry and ticks "it is urgent": 112 and BørneTelefonen come
first. Within one page load the caseworker and the team leader see the alarm in red on the
worklist and on every page; the leader turns the message into an underretning with one click,
which starts the 24-hour duty and takes the alarm off everyone's pages. Quick exit, then Back,
shows no portal.
"""

import re

from playwright.sync_api import expect

from stemme.demo.plan import DEMO_PORTAL_PIN
from tests.browser.conftest import DEMO_PASSWORD, check_axe, second_step

PHONE = {"width": 375, "height": 812}
WORRY = "Jeg er bange for at komme hjem i dag. Far er meget vred og har slået min bror."
RED = "rgb(164, 38, 44)"  # --c-danger


def _staff_login(page, server, username):
    page.goto(f"{server}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    return second_step(page, username)


def _alarm_is_red(page) -> None:
    banner = page.locator(".alarm-banner")
    expect(banner).to_be_visible()
    assert banner.evaluate("el => getComputedStyle(el).borderTopColor") == RED


def test_an_urgent_worry_reaches_the_caseworker_and_leader_at_once(login, server, browser):
    context = browser.new_context(locale="da-DK", viewport=PHONE)
    # The machine has no network: "Quick exit" lands on a stand-in for the news site.
    context.route(
        re.compile(r"https://www\.dr\.dk/.*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>DR</p>"),
    )
    phone = context.new_page()
    phone.goto(f"{server}/min-sag/log-ind/")
    phone.fill("[name='login_id']", "DEM-012")
    phone.fill("[name='secret']", DEMO_PORTAL_PIN)
    phone.locator("main button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/min-sag/$"))

    # Every way of writing offers "it is urgent"; ticking it shows the help numbers at once.
    phone.goto(f"{server}/min-sag/fortael/?vej=free_text")
    phone.fill("[name='text']", WORRY)
    expect(phone.locator(".pm-urgent__help")).to_be_hidden()
    phone.locator("[name='urgent']").check()
    expect(phone.locator(".pm-urgent__help a[href='tel:112']")).to_be_visible()
    check_axe(phone, "alarm-01-min-sag-haster")
    phone.locator("main form button[type=submit]").click()

    # Sent: 112 and 116 111 first, then when an adult honestly reads it.
    expect(phone).to_have_url(re.compile(r"/min-sag/beskeder/"))
    first_link = phone.locator("main a:not(.p-back)").first
    expect(first_link).to_have_attribute("href", "tel:112")
    expect(phone.locator("main .pm-urgent-sent")).to_contain_text("markeret som haster")
    expect(phone.locator("main .pm-urgent-sent a[href='tel:116111']")).to_be_visible()
    # When an adult reads it depends on the hour the test runs: in the duty's opening hours
    # "today, before …"; outside them when it opens, and 112 or 116 111 until then.
    expect(phone.locator("main .pm-urgent-sent")).to_contain_text(
        re.compile(r"En voksen læser den|Vi kan ikke love")
    )
    check_axe(phone, "alarm-02-min-sag-sendt")

    # The caseworker: red on the worklist and on every page, within one page load.
    staff = login("raadgiver")
    staff.goto(f"{server}/arbejdsliste/")
    _alarm_is_red(staff)
    expect(staff.locator(".main-nav a.is-alarm")).to_be_visible()
    check_axe(staff, "alarm-03-raadgiver-arbejdsliste")
    staff.goto(f"{server}/boern/")
    _alarm_is_red(staff)
    staff.goto(f"{server}/beskeder/")
    first_row = staff.locator("main table tbody tr").first
    expect(first_row).to_have_class(re.compile("is-alarm"))
    expect(first_row).to_contain_text("Haster")

    # The team leader too, in another browser.
    leader_context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    leader = _staff_login(leader_context.new_page(), server, "leder")
    leader.goto(f"{server}/arbejdsliste/")
    _alarm_is_red(leader)
    leader.goto(f"{server}/beskeder/team/")
    expect(leader.locator("main table tbody tr").first).to_have_class(re.compile("is-alarm"))
    check_axe(leader, "alarm-04-leder-vagtindbakke")

    # One click turns it into an underretning with its 24-hour duty.
    leader.locator(".alarm-banner a").first.click()
    expect(leader.locator("main .alarm-box")).to_contain_text("haster")
    expect(leader.locator("main")).to_contain_text("far er meget vred", ignore_case=True)
    check_axe(leader, "alarm-05-leder-besked")
    leader.locator("form:has(input[name='action'][value='report']) button[type=submit]").click()
    expect(leader).to_have_url(re.compile(r"/sager/[0-9a-f-]{36}/$"))
    expect(leader.locator("main")).to_contain_text("24 timer")
    expect(leader.locator("main")).to_contain_text("Barnet selv")
    check_axe(leader, "alarm-06-leder-sag-med-underretning")

    # Registering took the alarm: gone from the caseworker's pages at the next load.
    staff.goto(f"{server}/arbejdsliste/")
    expect(staff.locator(".alarm-banner")).to_have_count(0)
    leader_context.close()

    # Quick exit, then Back: no portal, and the next visit needs the PIN.
    phone.goto(f"{server}/min-sag/")
    expect(phone.locator("main")).to_contain_text("Hej")
    phone.locator("[data-quick-exit] button").click()
    expect(phone).to_have_url(re.compile(r"dr\.dk"))
    phone.go_back()
    expect(phone).to_have_url(re.compile(r"/min-sag/log-ind/"))
    expect(phone.locator("main")).not_to_contain_text("Hej")
    phone.goto(f"{server}/min-sag/")
    expect(phone).to_have_url(re.compile(r"/min-sag/log-ind/"))
    context.close()
