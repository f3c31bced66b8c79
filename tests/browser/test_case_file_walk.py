"""A new caseworker's walk through one case file, in Chromium, in Danish, only through the UI.

A report about a child the team does not know (12 years old, mother and father with joint
custody, a sister of 9); a journal note with the child's words; a school report uploaded and
downloaded; the parents heard before a decision they oppose; the decision letters as PDFs; a
placement for neglect that makes the sister due a child-welfare investigation (§ 21, stk. 2);
a meeting in the week view and its calendar file; and the administrator's new colleague who
logs in for the first time. Every new page passes axe (and leaves a screenshot).
"""

import base64
import datetime as dt
import random
import re
import sqlite3
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import weasyprint
from playwright.sync_api import expect

from tests.browser.conftest import (
    DEMO_PASSWORD,
    TOTP_KEYS,
    check_axe,
    forget_totp_steps,
    second_step,
    totp_code,
)
from tests.browser.test_staff_admin import NEW_PASSWORD

TODAY = dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()
CASE_URL = re.compile(r"/sager/[0-9a-f-]{36}/$")


def _years_ago(years: int, days: int) -> dt.date:
    """A birth date ``years`` old today, ``days`` past the birthday."""
    day = TODAY - dt.timedelta(days=days)
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return (day - dt.timedelta(days=1)).replace(year=day.year - years)


def _cpr(birth_date: dt.date) -> str:
    """A CPR number for a child born this century (7th digit 4; no modulus-11 check)."""
    return f"{birth_date:%d%m%y}-4{random.randint(0, 999):03d}"  # noqa: S311 - not secret


def _database(tmp_path_factory) -> Path:
    """The server's SQLite database (conftest's ``server`` fixture, one per session)."""
    (found,) = tmp_path_factory.getbasetemp().glob("stemme-data[0-9]*/stemme.sqlite3")
    return found


def _rows(database: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        return connection.execute(sql, params).fetchall()


def _case_page(page):
    """From anywhere under the case: the case page, through the breadcrumb."""
    page.get_by_role("navigation", name="Brødkrummesti").get_by_role("link", name="Sag").click()
    expect(page).to_have_url(CASE_URL)


def _worklist_duty(page, duty: str, child_name: str):
    """The caseworker's worklist filtered to one duty: that duty's row for the child."""
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Min arbejdsliste"
    ).click()
    page.get_by_label("Pligt").select_option(label=duty)
    page.get_by_role("button", name="Vis", exact=True).click()
    row = page.locator("tr[data-rule]", has_text=child_name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(duty)
    return row


def test_a_new_caseworkers_walk_through_a_case_file(login, browser, server, tmp_path_factory):
    page = login("raadgiver")
    first, last = "Malou", f"Vandring{random.randint(100, 999)}"  # noqa: S311 - a name
    child_name = f"{first} {last}"

    # 1. The report, about a child new to the municipality, with both parents (joint custody).
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Mine børn").click()
    page.get_by_role("link", name="Ny underretning eller henvendelse om et barn").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Registrér underretning")
    check_axe(page, "walk-ny-underretning")
    child = page.get_by_role("group", name="Barnet")
    child.get_by_label("CPR-nummer").fill(_cpr(_years_ago(12, 40)))
    child.get_by_label("Fornavn").fill(first)
    child.get_by_label("Efternavn").fill(last)
    page.get_by_label("Type").select_option(label="Underretning")
    page.get_by_label("Underretter (valgfrit)").select_option(label="Fagperson (§ 133)")
    page.get_by_label("Underretters navn og organisation (valgfrit)").fill("Stemmeby Skole")
    page.get_by_label("Underretningens indhold").fill(
        "Malou kommer ofte sulten i skole og er ikke blevet hentet flere dage i træk."
    )
    page.locator("summary", has_text="Forældre").click()
    for number, relation, parent in ((1, "Mor", "Mette"), (2, "Far", "Martin")):
        group = page.get_by_role("group", name=f"Forælder {number}")
        group.get_by_label("Relation til barnet").select_option(label=relation)
        group.get_by_label("Fornavn").fill(parent)
        group.get_by_label("Efternavn").fill(last)
        group.get_by_label("Har forældremyndighed").check()
    page.get_by_role("button", name="Registrér").click()
    expect(page).to_have_url(CASE_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sagen om {child_name}")
    check_axe(page, "walk-sag")
    case_url = page.url

    # The sister (9) in the household, on the people page.
    page.get_by_role("navigation", name="Brødkrummesti").get_by_role(
        "link", name=child_name
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(child_name)
    check_axe(page, "walk-barn")
    child_url = page.url
    child_id = child_url.rstrip("/").rsplit("/", 1)[1]
    page.get_by_role("link", name="Personer omkring barnet").first.click()
    expect(page.locator("main")).to_contain_text(f"Fælles forældremyndighed: Martin {last}")
    check_axe(page, "walk-personer")
    page.get_by_role("link", name="Tilføj søskende").click()
    check_axe(page, "walk-soeskende-ny")
    page.get_by_label("Fornavn").fill("Sofie")
    page.get_by_label("Efternavn").fill(last)
    page.get_by_label(re.compile("^Fødselsdato")).fill(_years_ago(9, 100).isoformat())
    page.get_by_role("button", name="Gem").click()
    siblings = page.get_by_role("region", name="Søskende og andre børn i husstanden")
    expect(siblings).to_contain_text(f"Sofie {last}")

    # 2. A journal note with the child's words, filed as her statement.
    page.goto(case_url)
    page.get_by_role("link", name="Skriv et journalnotat").first.click()
    check_axe(page, "walk-journal-ny")
    page.get_by_label("Slags notat").select_option("conversation")
    page.get_by_label("Emne").fill("Samtale med Malou på skolen")
    page.get_by_role("textbox", name="Notatet", exact=True).fill(
        "Malou fortalte om morgenerne derhjemme og om sin lillesøster."
    )
    page.get_by_label("Barnet deltog").check()
    words = "Der er aldrig mad om morgenen, så jeg giver Sofie min madpakke."
    page.get_by_label("Barnets egne ord").fill(words)
    page.get_by_role("button", name="Gem notatet").click()
    expect(page.locator("blockquote")).to_contain_text(words)
    check_axe(page, "walk-journal-notat")
    _case_page(page)
    expect(page.get_by_role("region", name="Barnets stemme")).to_contain_text(words)

    # 3. The school's report: uploaded, then downloaded as an attachment, and logged.
    report = weasyprint.HTML(
        string="<h1>Skoleudtalelse</h1><p>Malou er ofte sulten og træt.</p>"
    ).write_pdf()
    page.get_by_role("region", name="Dokumenter").get_by_role(
        "link", name="Upload et dokument"
    ).click()
    check_axe(page, "walk-dokument-ny")
    page.get_by_label("Fil").set_input_files(
        files=[{"name": "Skoleudtalelse.pdf", "mimeType": "application/pdf", "buffer": report}]
    )
    page.get_by_label("Titel").fill("Skoleudtalelse")
    page.get_by_role("textbox", name=re.compile(r"^Fra")).fill("Stemmeby Skole")
    page.get_by_role("button", name="Upload dokumentet").click()
    link = page.get_by_role("link", name="Skoleudtalelse")
    expect(link).to_be_visible()
    check_axe(page, "walk-dokumenter")
    with (
        page.expect_response(lambda r: r.url.endswith("/hent/")) as sent,
        page.expect_download() as info,
    ):
        link.click()
    assert sent.value.status == 200
    assert sent.value.headers["content-disposition"].startswith("attachment")
    assert info.value.suggested_filename == "Skoleudtalelse.pdf"
    assert Path(info.value.path()).read_bytes() == report
    database = _database(tmp_path_factory)
    logged = _rows(
        database,
        "SELECT count(*) FROM audit_accesslog a JOIN accounts_user u ON u.id = a.user_id "
        "WHERE a.child_id = ? AND a.purpose = 'document_download' AND u.username = ?",
        child_id.replace("-", ""),
        "raadgiver",
    )
    assert logged == [(1,)]

    # 4. The parents are heard before a decision they oppose; the deadline is on the worklist.
    page.goto(case_url)
    page.get_by_role("link", name="Partshøring").click()
    hearing = page.get_by_role("region", name="Hvem høres")
    expect(hearing).to_contain_text(f"Mette {last}")
    expect(hearing).to_contain_text(f"Martin {last}")
    check_axe(page, "walk-partshoering")
    page.get_by_label("Den påtænkte afgørelse").select_option(label="§ 32 Støttende indsats")
    page.get_by_label("Det, vi påtænker at afgøre, og det, vi lægger vægt på").fill(
        "Vi påtænker at give familiebehandling i hjemmet, fordi Malou ofte kommer sulten i "
        "skole. Vi lægger vægt på skolens udtalelse og på det, Malou selv har fortalt."
    )
    due = TODAY + dt.timedelta(days=14)
    page.get_by_label("Svarfrist").fill(due.isoformat())
    page.get_by_role("button", name="Send partshøringen").click()
    expect(page.get_by_role("region", name="Parterne og deres svar")).to_be_visible()
    check_axe(page, "walk-partshoering-sendt")
    hearing_url = page.url

    duty = _worklist_duty(page, "Følg op på partshøringen (svarfrist)", child_name)
    expect(duty).to_be_visible()
    expect(duty).to_contain_text(f"{due.day}. ")
    check_axe(page, "walk-arbejdsliste")

    # The parties answer: the parents do not agree; Malou (12, a party too) does.
    page.goto(hearing_url)
    for party, answer in (
        (f"Mette {last}", "Vi er ikke enige. Vi klarer det selv."),
        (f"Martin {last}", "Vi er ikke enige. Vi klarer det selv."),
        (child_name, "Jeg vil gerne have, at der kommer en voksen og hjælper."),
    ):
        region = page.get_by_role("region", name=f"Registrér svaret fra {party}")
        region.get_by_label("Partens svar").fill(answer)
        region.get_by_role("button", name="Registrér svaret").click()
        expect(page.get_by_role("region", name=f"Registrér svaret fra {party}")).to_have_count(0)
    expect(page.get_by_role("region", name="Parterne og deres svar")).to_contain_text(
        "Vi er ikke enige"
    )
    check_axe(page, "walk-partshoering-svar")

    # 5. The decision against the parents' wish, then the letters as PDFs.
    page.get_by_role("link", name="Gå til afgørelsen").click()
    expect(page.get_by_role("group", name="Partshøring")).to_contain_text("Vi er ikke enige")
    check_axe(page, "walk-afgoerelse")
    page.get_by_label("Indsats", exact=True).select_option(label="§ 32 Støttende indsats")
    page.get_by_label("Formål", exact=True).fill("At Malou får morgenmad og bliver hentet.")
    page.get_by_label("Forventet varighed", exact=True).fill("6 måneder")
    page.get_by_role("group", name=re.compile("barnets plan")).get_by_label("Nej").check()
    page.get_by_label("Begrundelse", exact=True).fill("Skolens udtalelse og Malous egne ord.")
    page.get_by_label(re.compile(re.escape(words))).check()
    page.get_by_label("Hvordan barnets synspunkter er vægtet").fill(
        "Malou vil gerne have hjælp derhjemme; det vejer tungt."
    )
    page.get_by_label("Afgørelsen følger barnets ønske").check()
    page.get_by_label("Afgørelsen går imod parternes ønske").check()
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page).to_have_url(CASE_URL)
    page.get_by_role("button", name="Lav afgørelsesbreve").first.click()
    rows = page.locator("tr[data-status]")
    expect(rows.filter(has_text=f"Mette {last}")).to_have_count(1)
    expect(rows.filter(has_text=f"Martin {last}")).to_have_count(1)
    expect(rows.filter(has_text=child_name)).to_have_count(1)
    check_axe(page, "walk-breve")
    letters_url = page.url
    pdfs = {}
    for recipient in (f"Mette {last}", f"Martin {last}", child_name):
        page.goto(letters_url)
        rows.filter(has_text=recipient).get_by_role("link").first.click()
        if not pdfs:
            check_axe(page, "walk-brev")
        with page.expect_download() as info:
            page.get_by_role("link", name="Hent som PDF").click()
        pdfs[recipient] = Path(info.value.path()).read_bytes()
    for recipient, pdf in pdfs.items():
        assert pdf.startswith(b"%PDF"), recipient
    rendered = tmp_path_factory.mktemp("walk-letters")
    (rendered / "barn.pdf").write_bytes(pdfs[child_name])
    subprocess.run(  # noqa: S603 - fixed command
        ["pdftoppm", "-png", "-r", "50", str(rendered / "barn.pdf"), str(rendered / "barn")],
        check=True,
    )
    pngs = sorted(rendered.glob("barn*.png"))
    assert pngs
    assert pngs[0].read_bytes().startswith(b"\x89PNG")

    # 6. A placement for neglect: the sister (under 15, in the household) is due a BFU.
    page.goto(case_url)
    page.get_by_role("link", name="Afgørelse", exact=True).click()
    page.get_by_label("Indsats", exact=True).select_option(label="§ 46 Anbringelse med samtykke")
    page.get_by_label("Formål", exact=True).fill("At Malou er tryg og får omsorg.")
    page.get_by_label("Forventet varighed", exact=True).fill("1 år")
    page.get_by_label("Anbringelse på grund af omsorgssvigt eller overgreb").check()
    page.get_by_label(re.compile("^Begrundelse for foreløbig eller akut anbringelse")).fill(
        "Malou blev ikke hentet i går, og der er ingen mad i hjemmet."
    )
    page.get_by_label("Begrundelse", exact=True).fill("Forældrene kan ikke passe på Malou nu.")
    page.get_by_label(re.compile(re.escape(words))).check()
    page.get_by_label("Hvordan barnets synspunkter er vægtet").fill(
        "Malou vil helst bo hjemme, men hun skal have mad og omsorg."
    )
    page.get_by_label("Afgørelsen følger delvist barnets ønske").check()
    page.get_by_label("Forklaring til barnet i enkle ord").fill(
        "Du skal bo hos en plejefamilie et stykke tid, fordi der ikke er mad nok derhjemme."
    )
    page.get_by_label("Hvordan det skal forklares").fill("Samtale på skolen")
    page.get_by_label("Forklares for barnet senest").fill(
        (TODAY + dt.timedelta(days=2)).isoformat()
    )
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page).to_have_url(CASE_URL)
    sibling_duty = page.locator("tr[data-rule='soeskende-bfu-21']")
    expect(sibling_duty).to_have_count(1)  # one sibling under 15 in the household
    expect(sibling_duty).to_contain_text("§ 21, stk. 2")
    expect(sibling_duty).to_have_attribute("data-status", re.compile("today|week|later"))
    check_axe(page, "walk-sag-anbringelse")
    duty = _worklist_duty(page, "Tag stilling til undersøgelse af søskende", child_name)
    expect(duty).to_have_attribute("data-rule", "soeskende-bfu-21")

    # 7. A meeting with Malou: in the week view, and its calendar file.
    page.goto(case_url)
    page.get_by_role("link", name="Planlæg et møde").click()
    check_axe(page, "walk-moede-ny")
    page.get_by_label("Type", exact=True).select_option(label="Opfølgningsmøde")
    page.get_by_label("Hvad mødet handler om, i ord til barnet").fill(
        "Vi skal snakke om, hvordan du har det hos plejefamilien."
    )
    page.get_by_label("Sted", exact=True).fill("Skolen, det lille mødelokale")
    page.get_by_role("button", name="Planlæg mødet").click()
    expect(page).to_have_url(re.compile(r"/moeder/[0-9a-f-]{36}/$"))
    check_axe(page, "walk-moede")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Min uge").click()
    expect(page).to_have_url(re.compile(r"/uge/$"))
    invitation = page.get_by_role("link", name=re.compile("kalenderinvitation", re.IGNORECASE))
    meeting = page.locator(".week-item", has_text=child_name).filter(has=invitation)
    if not meeting.count():  # tomorrow is in next week
        page.locator(".week-nav a[rel=next]").click()
    expect(meeting).to_have_count(1)
    check_axe(page, "walk-uge")
    with page.expect_download() as info:
        meeting.get_by_role("link", name=re.compile("kalenderinvitation", re.IGNORECASE)).click()
    calendar = icalendar.Calendar.from_ical(Path(info.value.path()).read_bytes())
    again = icalendar.Calendar.from_ical(calendar.to_ical())
    (event,) = calendar.walk("VEVENT")
    (event_again,) = again.walk("VEVENT")
    for name in ("UID", "DTSTART", "SEQUENCE"):
        assert event_again.decoded(name) == event.decoded(name), name
        assert event_again[name].to_ical() == event[name].to_ical(), name
    assert child_name not in calendar.to_ical().decode()

    # 8. The administrator's new colleague logs in, chooses a password, sets up two steps.
    admin = browser.new_context(locale="da-DK").new_page()
    _log_in(admin, server, "admin")
    expect(admin).to_have_url(re.compile(r"/konto/organisation/$"))
    check_axe(admin, "walk-organisation")
    admin.get_by_role("link", name=re.compile("^Alle medarbejdere")).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Medarbejdere")
    check_axe(admin, "walk-medarbejdere")
    admin.get_by_role("link", name="Ny medarbejder").click()
    check_axe(admin, "walk-medarbejder-ny")
    username = f"walk.{random.randint(1000, 9999)}"  # noqa: S311 - a name
    admin.get_by_label("Fornavn").fill("Nikolaj")
    admin.get_by_label("Efternavn").fill("Nyansat")
    admin.get_by_label("Brugernavn").fill(username)
    admin.get_by_label("E-mail (valgfrit)").fill(f"{username}@example.org")
    admin.get_by_role("group", name="Rolle").get_by_label("Rådgiver").check()
    admin.get_by_role("group", name="Teams").get_by_label("Team Nord").check()
    admin.get_by_label("Stillingsbetegnelse (valgfrit)").fill("Socialrådgiver")
    admin.get_by_role("button", name="Opret kontoen").click()
    password = admin.locator("#initial-password").inner_text()
    code = admin.locator("#enrolment-code").inner_text()
    check_axe(admin, "walk-medarbejder-oprettet")
    admin.context.close()

    colleague = browser.new_context(locale="da-DK").new_page()
    colleague.goto(f"{server}/konto/log-ind/")
    colleague.get_by_label("Brugernavn").fill(username)
    colleague.get_by_label("Adgangskode").fill(password)
    colleague.get_by_role("button", name="Log ind").click()
    expect(colleague).to_have_url(re.compile(r"/konto/sikkerhed/adgangskode/"))
    check_axe(colleague, "walk-ny-adgangskode")
    colleague.get_by_label("Startadgangskode fra din administrator").fill(password)
    colleague.get_by_label("Ny adgangskode", exact=True).fill(NEW_PASSWORD)
    colleague.get_by_label("Bekræftelse af ny adgangskode").fill(NEW_PASSWORD)
    colleague.get_by_role("button", name="Skift adgangskode").click()
    expect(colleague).to_have_url(re.compile(r"/konto/totrin/tilmeldingskode/"))
    check_axe(colleague, "walk-tilmeldingskode")
    colleague.get_by_role("textbox", name="Tilmeldingskode").fill(code)
    colleague.get_by_role("button", name="Fortsæt").click()
    expect(colleague).to_have_url(re.compile(r"/konto/totrin/opsaet/"))
    expect(colleague.locator("svg.qr-code")).to_be_visible()
    check_axe(colleague, "walk-totrin-opsaet")
    key = colleague.locator("#totp-secret").inner_text().replace(" ", "")
    TOTP_KEYS[username] = base64.b32decode(key)
    forget_totp_steps(username)
    colleague.locator("main input[name=code]").fill(totp_code(username))
    colleague.locator("main form button[type=submit]").click()
    expect(colleague).to_have_url(re.compile(r"/konto/totrin/gendannelseskoder/"))
    expect(colleague.locator("#recovery-codes li")).to_have_count(10)
    check_axe(colleague, "walk-gendannelseskoder")
    colleague.locator("main input[name=saved]").check()
    colleague.locator("main form button[type=submit]").click()
    expect(colleague).to_have_url(re.compile(r"/arbejdsliste/$"))
    check_axe(colleague, "walk-kollega-arbejdsliste")
    colleague.context.close()


def _log_in(page, server, username):
    page.goto(f"{server}/konto/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    second_step(page, username)
