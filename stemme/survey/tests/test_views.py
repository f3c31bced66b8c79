"""The leaders' pages and the child's pages of the youth survey, through HTTP."""

import datetime as dt
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from stemme.portal.testing import client_log_in
from stemme.survey import services
from stemme.survey.models import Comment, Invitation, Response, Wave
from stemme.survey.testing import invitation_of, paper_strata, wave_open_for

BASE = "/ledelse/ungeundersoegelse/"


def test_a_leader_opens_a_round_once_however_often_the_form_is_sent(client, world):
    from stemme.portal.testing import active_account

    active_account(world, child=world.child)
    client.force_login(world.leader)
    page = client.get(BASE).content.decode()
    token = page.split('name="submission_token" value="')[1].split('"')[0]
    today = timezone.localdate()
    data = {
        "title": "Vinter",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=14)).isoformat(),
        "min_age": "12",
        "max_age": "17",
        "submission_token": token,
    }
    first = client.post(BASE, data)
    second = client.post(BASE, data)
    assert first.status_code == 302
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Wave.objects.count() == 1
    assert Invitation.objects.get().child == world.child


def test_bad_dates_are_shown_on_the_form_and_nothing_is_made(client, world):
    client.force_login(world.leader)
    response = client.post(
        BASE,
        {"title": "x", "opens_on": "2020-01-01", "closes_on": "2019-01-01", "min_age": "12",
         "max_age": "17"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Wave.objects.exists()


def test_the_rounds_are_listed_newest_first(client, world):
    today = timezone.localdate()
    for days in (30, 0, 10):
        services.wave_open(
            actor=world.administrator,
            title=f"R{days}",
            opens_on=today + dt.timedelta(days=days),
            closes_on=today + dt.timedelta(days=days + 7),
        )
    client.force_login(world.administrator)
    rows = client.get(BASE).context["rows"]
    assert [row.wave.title for row in rows] == ["R30", "R10", "R0"]


def test_paper_answers_by_upload_and_a_csv_safe_for_spreadsheets(client, world):
    wave = wave_open_for(world)
    client.force_login(world.administrator)
    lines = ["team;age_band;gender;measure_type;changes;contact;r1;o1"]
    lines += [f"Team Nord;14-17;pige;familiepleje;0;4+;{4 + n % 2};" for n in range(6)]
    lines.append('Team Nord;14-17;pige;familiepleje;0;4+;5;=HYPERLINK("http://x")')
    upload = SimpleUploadedFile("papir.csv", "\n".join(lines).encode(), content_type="text/csv")
    response = client.post(f"{BASE}{wave.pk}/papir/", {"file": upload})
    assert response.status_code == 302
    assert Response.objects.filter(wave=wave).count() == 7
    client.post(f"{BASE}{wave.pk}/luk/")
    csv_text = client.get(f"{BASE}{wave.pk}/tal.csv").content.decode()
    assert "R1" in csv_text
    assert Comment.objects.get().text.startswith("=HYPERLINK")
    # The comment is not in the CSV at all (free text is not exported), and nothing starts
    # with a formula.
    assert all(
        not cell.startswith(("=", "+", "@")) for cell in csv_text.replace("\n", ";").split(";")
    )


def test_a_bad_upload_lists_every_problem_and_records_nothing(client, world):
    wave = wave_open_for(world)
    client.force_login(world.administrator)
    upload = SimpleUploadedFile(
        "papir.csv", b"team;age_band;gender;measure_type;changes;contact;r1\n;9;x;y;0;0;8\n"
    )
    response = client.post(f"{BASE}{wave.pk}/papir/", {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Række 2, kolonne age_band" in body
    assert "Række 2, kolonne r1" in body
    assert not Response.objects.exists()


def test_the_report_command_gives_the_same_suppressed_figures(world):
    wave = wave_open_for(world)
    services.paper_responses_record(
        actor=world.administrator,
        wave=wave,
        responses=[services.PaperResponse(strata=paper_strata(world.team), answers={"r1": 5})] * 6,
    )
    wave = services.wave_close(actor=world.administrator, wave=wave)
    out = io.StringIO()
    call_command("survey_report", wave=str(wave.pk), format="json", stdout=out)
    document = json.loads(out.getvalue())
    r1 = next(item for item in document["items"] if item["code"] == "r1")
    assert r1["share"] == {"shown": True, "n": 6, "percent": 100, "low_percent": 61,
                           "high_percent": 100}  # fmt: skip
    r2 = next(item for item in document["items"] if item["code"] == "r2")
    assert r2["share"] == {"shown": False}


def test_a_child_answers_in_min_sag_and_a_parent_has_no_survey(client, world):
    from stemme.portal.testing import active_account, parent_person

    wave = wave_open_for(world)
    account = world.child.portal_accounts.get(kind="child")
    client_log_in(client, account)
    assert client.get("/min-sag/").context["survey"].wave == wave
    response = client.post("/min-sag/spoergeskema/", {"answered_with": "adult"})
    assert response["Location"] == "/min-sag/spoergeskema/relation/"
    response = client.post("/min-sag/spoergeskema/relation/", {"r1": "5", "go": "next"})
    assert response["Location"] == "/min-sag/spoergeskema/kontakt/"
    # An answer that is not on the scale: the page again, nothing saved.
    response = client.post("/min-sag/spoergeskema/kontakt/", {"c1": "9", "go": "next"})
    assert response.status_code == 400
    response = client.post("/min-sag/spoergeskema/dine-ord/", {"o1": "Tak", "go": "send"})
    assert response["Location"] == "/min-sag/spoergeskema/"
    assert invitation_of(wave, world.child).answered_on is not None
    response_row = Response.objects.get()
    assert response_row.answered_with == "adult"
    # Sent: the front page no longer invites, and the pages lead back to the thanks.
    assert client.get("/min-sag/").context["survey"] is None
    assert client.get("/min-sag/spoergeskema/relation/")["Location"] == "/min-sag/spoergeskema/"

    parent = active_account(world, person=parent_person(world))
    client_log_in(client, parent)
    assert client.get("/min-sag/spoergeskema/").status_code == 404


def test_the_report_as_a_tagged_pdf_for_the_committee(client, world):
    import pikepdf

    wave = wave_open_for(world)
    services.paper_responses_record(
        actor=world.administrator,
        wave=wave,
        responses=[
            services.PaperResponse(
                strata=paper_strata(world.team), answers={"r1": 5, "o1": "Hemmeligt"}
            )
        ]
        * 6,
    )
    services.wave_close(actor=world.administrator, wave=wave)
    client.force_login(world.leader)
    response = client.get(f"{BASE}{wave.pk}/rapport.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pikepdf.open(io.BytesIO(response.content))
    assert "/StructTreeRoot" in pdf.Root
    assert str(pdf.Root.Lang) == "da"
    with pdf.open_metadata() as meta:
        assert meta.get("dc:title").startswith("Ungeundersøgelsen 2026")
    assert b"Hemmeligt" not in response.content


def test_the_items_read_within_min_sags_targets():
    from stemme.portal import readability
    from stemme.survey.instrument import ITEMS

    assert readability.lix([item.younger for item in ITEMS]) < readability.TARGETS["10_14"]
    assert readability.lix([item.older for item in ITEMS]) < readability.TARGETS["15_plus"]


def test_the_children_who_were_asked_see_what_the_municipality_will_do_on_min_sags_front_page(
    client, world
):
    wave = wave_open_for(world)
    wave = services.wave_close(actor=world.administrator, wave=wave)
    services.action_record(
        actor=world.leader,
        wave=wave,
        finding="Under halvdelen ved, hvad der skal tales om.",
        action="Dagsordenen sendes i Min sag to dage før.",
        text_for_children="Du får dagsordenen i Min sag to dage før et møde.",
    )
    client_log_in(client, world.child.portal_accounts.get(kind="child"))
    home = client.get("/min-sag/")
    assert [a.text_for_children for a in home.context["survey_actions"]] == [
        "Du får dagsordenen i Min sag to dage før et møde."
    ]
    assert "Du får dagsordenen i Min sag to dage før et møde." in home.content.decode()
