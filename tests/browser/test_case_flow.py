"""A caseworker takes a new child from a report to a closed case in Chromium.

At each step the case page must show exactly the obligations the law gives, and the worklist
must carry the pending ones. Fields are found by name, so the test does not depend on wording.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import check_axe

TODAY = dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()


def obligations(page) -> dict:
    """rule id -> status shown on the case page."""
    rows = page.locator("tr[data-rule]")
    return {
        rows.nth(i).get_attribute("data-rule"): rows.nth(i).get_attribute("data-status")
        for i in range(rows.count())
    }


def child_id(page, case_url: str) -> str:
    """The child's id, from the breadcrumb on the case page."""
    page.goto(case_url)
    href = page.locator("nav.small a[href^='/boern/']").first.get_attribute("href")
    return href.strip("/").split("/")[1]


def record(page, slug: str, fields: dict, *, axe_name: str | None = None) -> None:
    """Open a step from the case page, fill it and save; back on the case page."""
    page.locator(f"a[href$='/trin/{slug}/']").first.click()
    if axe_name:
        check_axe(page, axe_name)
    fill(page, fields)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("tr[data-rule]").first).to_be_visible()


def fill(page, fields: dict) -> None:
    for name, value in fields.items():
        field = page.locator(f"[name='{name}']")
        kind = field.first.get_attribute("type")
        tag = field.first.evaluate("e => e.tagName")
        if kind == "radio" and value == "first":
            field.first.check()  # the report, decision or measure: the first one offered
        elif kind == "radio" or (kind == "checkbox" and isinstance(value, str)):
            page.locator(f"[name='{name}'][value='{value}']").check()
        elif kind == "checkbox":
            field.set_checked(bool(value))
        elif tag == "SELECT":
            if value == "first":  # the first real choice (a single one is chosen already)
                values = field.locator("option").evaluate_all("os => os.map(o => o.value)")
                field.select_option(next(v for v in values if v))
            else:
                field.select_option(value)
        else:
            field.fill(str(value))


def test_from_report_to_closure(login, server):
    page = login("raadgiver")
    case_url_pattern = re.compile(r"/sager/[0-9a-f-]{36}/$")

    # S0: a report about a child the team does not know yet (12 years old: a party from 10).
    page.goto(f"{server}/sager/ny-henvendelse/")
    check_axe(page, "ny-underretning")
    page.fill("[name='child-cpr']", "150614-7351")
    page.fill("[name='child-first_name']", "Flora")
    page.fill("[name='child-last_name']", "Forløbsen")
    page.select_option("[name='kind']", "underretning")
    page.select_option("[name='reporter_type']", "professional")
    page.fill("[name='reporter_name']", "Stemmeby Skole, klasselærer")
    page.fill("[name='content']", "Flora har meget fravær og virker trist.")
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(case_url_pattern)
    shown = obligations(page)
    assert set(shown) == {
        "underretning-24t",
        "kvittering-6-hverdage",
        "samtale-underretning",
        "rettigheder",
    }
    # Party status (barnets lov § 3) comes with the first decision in a § 3 case type.
    assert "partsstatus-10" not in shown
    # 24 clock hours from now ends tomorrow unless it is just after midnight; 6 working days later.
    assert shown["underretning-24t"] in ("today", "week", "later")
    assert shown["kvittering-6-hverdage"] in ("week", "later")
    assert shown["samtale-underretning"] in ("week", "later")
    check_axe(page, "sag")
    case_url = page.url

    # The worklist carries the new duties.
    page.goto(f"{server}/arbejdsliste/")
    expect(page.locator("tr[data-rule='underretning-24t']", has_text="Flora")).to_be_visible()
    expect(page.locator("tr[data-rule='samtale-underretning']", has_text="Flora")).to_be_visible()
    check_axe(page, "arbejdsliste")
    page.goto(case_url)

    record(
        page,
        "hastevurdering",
        {
            "intake": "first",
            "is_acute": "no",
            "assessment": "Ikke akut; samtale med Flora i morgen.",
        },
        axe_name="hastevurdering",
    )
    assert obligations(page)["underretning-24t"] == "met"

    record(page, "kvittering", {"intake": "first"})
    # The conversation about the report, with Flora's own words.
    record(
        page,
        "samtale",
        {
            "setting": "På skolen, i et stille rum",
            "child_alone": True,
            "summary": "Vi talte om skolen og om hjemme.",
            "child_words": "Jeg kan ikke sove, og så gider jeg ikke i skole.",
        },
        axe_name="samtale",
    )
    assert obligations(page)["samtale-underretning"] == "met"
    # Rights explained in an age-adapted letter: also tells Flora she is a party (from 10).
    page.goto(f"{server}/boern/{child_id(page, case_url)}/rettigheder/")
    check_axe(page, "rettigheder")
    page.locator("form[action$='/rettigheder/brev/'] button[type=submit]").click()
    page.goto(case_url)
    assert set(obligations(page).values()) == {"met"}

    # S2 → S4: the screening starts a BFU, the 4-month clock and a conversation task.
    record(
        page,
        "screening",
        {
            "information_weighted": "Skolens underretning og samtalen",
            "assessment": "Der skal laves en børnefaglig undersøgelse.",
            "outcome": "bfu",
        },
        axe_name="screening",
    )
    assert obligations(page)["bfu-4-maaneder"] in ("later", "week")
    assert obligations(page)["samtale-undersoegelse"] in ("later", "week")
    record(page, "samtale", {"summary": "Flora tegnede sin familie.", "methods": "drawing"})
    assert obligations(page)["samtale-undersoegelse"] == "met"
    record(
        page,
        "afslut-undersoegelse",
        {
            "child_development": "Flora trives dårligt i skolen.",
            "parents_capacity": "Mor er alene og presset.",
            "family_and_network": "Mormor er en vigtig voksen.",
            "child_view": "Jeg vil gerne have det bedre i skolen.",
            "conclusion": "Behov for støtte efter § 32.",
        },
    )
    assert obligations(page)["bfu-4-maaneder"] == "met"

    # S5: a § 32 decision against Flora's wish cannot be saved without an explanation to her.
    decision = {
        "paragraph": "32",
        "legal_basis": "barnets lov § 32, stk. 1, nr. 3",
        "purpose": "At Flora kommer i skole og har det godt.",
        "expected_duration": "6 måneder",
        "plan_decided": "yes",
        "child_words": "Jeg vil ikke have en familiebehandler hjem.",
        "child_view_weighing": "Floras ønske vejer tungt, men hendes fravær gør støtte nødvendig.",
        "child_wish": "against",
        "reasoning": "Undersøgelsen viser behov for støtte i hjemmet.",
    }
    page.locator("a[href$='/trin/afgoerelse/']").click()
    fill(page, decision)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("[name='explanation_for_child']")).to_be_visible()
    expect(page.locator(".field__error").first).to_be_visible()
    check_axe(page, "afgoerelse-forklaring-mangler")
    fill(
        page,
        {
            "explanation_for_child": "Vi har besluttet, at en voksen kommer hjem til jer, "
            "fordi du mangler meget i skolen. Du må gerne sige, hvad du synes om det.",
            "explanation_how": "Samtale på skolen",
            "explanation_due_on": (TODAY + dt.timedelta(days=3)).isoformat(),
        },
    )
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("tr[data-rule]").first).to_be_visible()
    shown = obligations(page)
    assert shown["plan-3-maaneder"] in ("later", "week")
    assert shown["forklaring-afgoerelse"] in ("week", "later")
    # Flora is 12: a party from the § 32 decision; telling her earlier in the case meets it.
    assert shown["partsstatus-10"] in ("today", "met")
    record(page, "forklaring", {"decision": "first", "how": "Samtale på skolen"})
    assert obligations(page)["forklaring-afgoerelse"] == "met"
    record(page, "indsats", {"decision": "first", "description": "Familiebehandling"})
    assert obligations(page)["opfoelgning-foerste"] in ("later", "week")
    record(
        page, "plan", {"kind": "barnets_plan", "summary": "Floras mål: Jeg vil i skole hver dag."}
    )
    assert obligations(page)["plan-3-maaneder"] == "met"
    record(
        page,
        "opstartsmoede",
        {
            "concern_and_change": "Fravær; vi vil se Flora i skole.",
            "first_follow_up_on": (TODAY + dt.timedelta(days=60)).isoformat(),
        },
    )
    # Before the follow-up: a conversation with Flora alone.
    assert obligations(page)["samtale-foer-opfoelgning"] == "later"
    page.locator("a[href$='/trin/samtale/']").first.click()
    page.locator("[name='about_ref'][value$='#next']").check()
    fill(page, {"child_alone": True, "summary": "Flora fortalte om sin uge."})
    page.locator("main form button[type=submit]").last.click()
    assert obligations(page)["samtale-foer-opfoelgning"] == "met"
    record(
        page,
        "opfoelgning",
        {"talked_with_child_alone": True, "assessment": "Det går godt.", "outcome": "close"},
    )
    assert obligations(page)["opfoelgning-foerste"] == "met"

    # S11–S12: closure.
    record(
        page,
        "luk-sag",
        {
            "purpose_achieved": "Flora går i skole igen.",
            "if_worry_returns": "Ring til Børne- og Ungerådgivningen.",
        },
    )
    assert "open" not in obligations(page).values()
    expect(page.locator(".page-header .tag")).to_have_class(re.compile("tag--closed"))
    page.goto(f"{server}/arbejdsliste/")
    expect(page.locator("tr", has_text="Flora Forløbsen")).to_have_count(0)


def test_guard_against_placement_without_plan_shows_danish_error(login, server):
    page = login("raadgiver")
    page.goto(f"{server}/sager/ny-henvendelse/")
    page.fill("[name='child-cpr']", "020312-7359")
    page.fill("[name='child-first_name']", "Gustav")
    page.fill("[name='child-last_name']", "Vagtsen")
    page.select_option("[name='kind']", "henvendelse")
    page.fill("[name='content']", "Far beder om hjælp.")
    page.locator("main form button[type=submit]").last.click()
    page.locator("a[href$='/trin/afgoerelse/']").click()
    page.select_option("[name='paragraph']", "47")
    page.fill("[name='legal_basis']", "barnets lov § 47")
    page.fill("[name='purpose']", "Tryghed")
    page.fill("[name='expected_duration']", "1 år")
    page.fill("[name='child_words']", "Jeg vil ikke flytte.")
    page.fill("[name='child_view_weighing']", "Gustavs ønske er vejet mod hans sikkerhed.")
    page.locator("[name='child_wish'][value='against']").check()
    page.fill("[name='reasoning']", "Begrundelse")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".field__error").first).to_contain_text("§ 91, stk. 2")
    check_axe(page, "afgoerelse-fejl")
