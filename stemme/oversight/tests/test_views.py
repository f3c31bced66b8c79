"""The leaders' pages: who gets what, drill-downs within access and logged with their
criterion, the committee pack frozen and exported, and a case review from draw to the
caseworker's worklist."""

import datetime as dt
import io
import random

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import AccessAction, AccessLog, Event
from stemme.cases.models import Stage
from stemme.dashboards.tests.factories import child_with_case, obligation
from stemme.deadlines.models import DeadlineTally, Obligation
from stemme.oversight import services
from stemme.oversight.models import (
    CommitteeSnapshot,
    PackExport,
    Review,
    ReviewAction,
    SampleKind,
    Target,
)
from stemme.oversight.selectors.deadlines import Share

OVERVIEW = reverse("oversight:overview")


@pytest.fixture(autouse=True)
def english(client, settings):
    """The assertions read the English msgids; Danish is the default language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def today():
    return timezone.localdate()


@pytest.fixture(autouse=True)
def only_the_tests_duties(world):
    """The engine derives duties when a case is opened; these tests count only their own (and
    the tallies kept of them go too)."""
    Obligation.objects.all().delete()
    DeadlineTally.objects.all().delete()


def a_case(world, **kwargs):
    case = child_with_case(world, **kwargs)
    Obligation.objects.filter(case=case).delete()
    return case


def overdue_on(case, rule="underretning-24t", days=3):
    return obligation(case, rule, today() - dt.timedelta(days=days), "overdue")


# --- The overview -------------------------------------------------------------------------------


TILES = ("frister", "sagsstamme", "kontinuitet", "forloeb", "udvikling")


def tiles(client, **query) -> str:
    """Every tile of the overview as htmx loads it, for the same scope and period."""
    return "".join(
        client.get(
            reverse("oversight:overview_tile", args=[tile]), query, HTTP_HX_REQUEST="true"
        ).content.decode()
        for tile in TILES
    )


def test_the_tiles_are_the_url_words(world):
    from stemme.oversight.selectors import URL_WORDS
    from stemme.oversight.views import figures

    assert set(figures.TILES) == URL_WORDS["tile"] == set(TILES)


def test_leader_sees_every_section_with_links_to_the_cases(client, world):
    overdue_on(world.case)
    client.force_login(world.leader)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    page = response.content.decode()
    # The sections load after the page, each as its own request.
    for tile in TILES:
        assert reverse("oversight:overview_tile", args=[tile]) in page
    sections = tiles(client)
    for heading in ("Deadlines", "Caseload", "Continuity", "Flow times from a report of concern"):
        assert f">{heading}</h2>" in sections
    drill = reverse("oversight:drill_deadlines", args=["underretning-24t", "overskredet"])
    assert drill in sections
    assert 'role="img"' in sections
    assert "style=" not in sections
    # Counts only: the overview shows no child and logs no child.
    assert "Hemmeligsen" not in page + sections
    assert not AccessLog.objects.filter(user=world.leader, child__isnull=False).exists()


def test_a_tile_without_javascript_is_a_page_of_its_own(client, world):
    client.force_login(world.leader)
    response = client.get(reverse("oversight:overview_tile", args=["forloeb"]))
    page = response.content.decode()
    assert "<html" in page
    assert ">Flow times from a report of concern</h1>" in page
    assert client.get(reverse("oversight:overview_tile", args=["nope"])).status_code == 404


def test_municipality_scope_shows_counts_per_team_and_no_links(client, world):
    overdue_on(world.case)
    client.force_login(world.leader)
    page = client.get(OVERVIEW, {"scope": "kommune"}).content.decode()
    sections = tiles(client, scope="kommune")
    assert "Team Syd" in sections
    assert "Team Nord" in sections
    assert "/ledelse/overblik/frister/" not in page + sections
    assert "counts only" in page


def _department(world, *teams):
    from stemme.accounts.models import Department

    department = Department.objects.create(municipality=world.municipality, name="Myndighed")
    for team in teams:
        team.department = department
        team.save(update_fields=["department"])
    return department


def test_a_department_with_teams_not_the_leaders_is_counts_only(client, world):
    department = _department(world, world.team, world.other_team)
    overdue_on(world.case)
    overdue_on(a_case(world, team=world.other_team))
    client.force_login(world.leader)
    scope = f"afdeling-{department.pk}"
    response = client.get(OVERVIEW, {"scope": scope})
    page = response.content.decode()
    assert "Department Myndighed (counts only)" in page
    assert response.context["total"].overdue == 2
    sections = tiles(client, scope=scope)
    assert "Team Syd" in sections
    assert "Team Nord" in sections
    assert "/ledelse/overblik/frister/" not in page + sections
    # A drill-down asked for the department lists only the leader's own team's cases.
    drilled = client.get(
        reverse("oversight:drill_deadlines", args=["alle", "overskredet"]), {"scope": scope}
    )
    assert drilled.context["page"].paginator.count == 1


def test_a_department_of_only_the_leaders_teams_drills_to_its_cases(client, world):
    department = _department(world, world.team)
    overdue_on(world.case)
    overdue_on(a_case(world, team=world.other_team))
    client.force_login(world.leader)
    scope = f"afdeling-{department.pk}"
    response = client.get(OVERVIEW, {"scope": scope})
    assert "Cases in department Myndighed" in response.content.decode()
    assert response.context["total"].overdue == 1
    sections = tiles(client, scope=scope)
    drill = reverse("oversight:drill_deadlines", args=["underretning-24t", "overskredet"])
    assert f"{drill}?scope={scope}" in sections
    listed = client.get(drill, {"scope": scope})
    assert "Department Myndighed" in listed.content.decode()
    assert listed.context["page"].paginator.count == 1
    search = AccessLog.objects.get(user=world.leader, action=AccessAction.SEARCH)
    assert search.criterion == f"frister:underretning-24t:overskredet:afdeling-{department.pk}"


def test_another_leaders_department_is_not_a_choice(client, world):
    department = _department(world, world.other_team)
    client.force_login(world.leader)
    response = client.get(OVERVIEW, {"scope": f"afdeling-{department.pk}"})
    assert "Choose one of the scopes in the list." in response.content.decode()
    assert response.context["scope"].department is None


def test_the_history_tile_shows_the_nights_counted_per_month(client, world):
    overdue_on(world.case)
    client.force_login(world.leader)
    url = reverse("oversight:overview_tile", args=["udvikling"])
    assert "Nothing counted yet" in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    last_month = today().replace(day=1) - dt.timedelta(1)
    services.team_days_record(day=last_month)
    services.team_days_record()
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="history-chart"' in body
    assert "Counted afterwards" in body  # last month was counted afterwards
    assert "Columns: overdue duties at the end of each month. Most: 1 (" in body
    # The whole municipality's history adds the teams up; a caseworker has none.
    assert "Team" not in body
    client.force_login(world.assigned_caseworker)
    assert (
        reverse("oversight:overview_tile", args=["udvikling"])
        not in client.get(OVERVIEW).content.decode()
    )


def test_caseworker_sees_their_own_caseload_only(client, world):
    overdue_on(world.case)
    other = a_case(world, team=world.other_team)
    overdue_on(other)
    client.force_login(world.assigned_caseworker)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    assert response.context["total"].overdue == 1
    client.force_login(world.other_team_caseworker)
    assert client.get(OVERVIEW).context["total"].overdue == 1


def test_administrator_gets_403(client, world):
    client.force_login(world.administrator)
    assert client.get(OVERVIEW).status_code == 403


def test_a_bad_scope_or_period_falls_back_and_says_so(client, world):
    client.force_login(world.leader)
    response = client.get(OVERVIEW, {"scope": "team-999", "start": "i går"})
    assert response.status_code == 200
    assert "Check the period" in response.content.decode()


def test_overview_query_count_does_not_grow_with_the_cases(client, world):
    client.force_login(world.leader)
    for _ in range(2):
        overdue_on(a_case(world))
    client.get(OVERVIEW)
    tiles(client)
    with CaptureQueriesContext(connection) as few:
        client.get(OVERVIEW)
        tiles(client)
    for _ in range(6):
        case = a_case(world)
        overdue_on(case)
        obligation(case, "bfu-4-maaneder", today() + dt.timedelta(days=3), "open")
    with CaptureQueriesContext(connection) as many:
        client.get(OVERVIEW)
        tiles(client)
    assert len(many) == len(few)


# --- Drill-downs --------------------------------------------------------------------------------


def test_drill_down_lists_only_cases_the_leader_may_see_and_logs_the_criterion(client, world):
    overdue_on(world.case)
    south = a_case(world, team=world.other_team)
    overdue_on(south)
    client.force_login(world.leader)
    url = reverse("oversight:drill_deadlines", args=["alle", "overskredet"])
    page = client.get(url).content.decode()
    assert "Zenia Hemmeligsen" in page
    assert south.child.full_name not in page
    search = AccessLog.objects.get(user=world.leader, action=AccessAction.SEARCH)
    assert search.criterion == "frister:alle:overskredet"
    assert search.result_count == 1
    assert AccessLog.objects.filter(
        user=world.leader, child=world.child, purpose="oversight_drill"
    ).exists()


@pytest.mark.parametrize(
    "args", [["ukendt-regel", "overskredet"], ["alle", "i-morgen"], ["bfu-4-maaneder", "99"]]
)
def test_drill_down_refuses_unknown_rules_and_criteria(client, world, args):
    client.force_login(world.leader)
    assert client.get(reverse("oversight:drill_deadlines", args=args)).status_code == 404


def test_repeated_concern_drill_down(client, world):
    from stemme.dashboards.tests.factories import at
    from stemme.oversight.tests.test_golden import intake

    for back in (10, 40, 70):
        intake(world.case, at(today() - dt.timedelta(days=back)))
    client.force_login(world.leader)
    page = client.get(OVERVIEW).content.decode()
    assert reverse("oversight:drill_concern") in page
    listed = client.get(reverse("oversight:drill_concern")).content.decode()
    assert "Zenia Hemmeligsen" in listed
    assert AccessLog.objects.filter(criterion="gentagne-bekymringer").exists()


def test_definition_page(client, world):
    client.force_login(world.assigned_caseworker)
    page = client.get(reverse("oversight:definition", args=["deadlines-met-on-time"]))
    assert page.status_code == 200
    assert "definition version 1" in page.content.decode()
    assert client.get(reverse("oversight:definition", args=["nope"])).status_code == 404


# --- The committee pack -------------------------------------------------------------------------


def _make_pack(client, world, **extra):
    client.force_login(world.leader)
    data = {
        "title": "Børne- og Ungeudvalget, december",
        "scope": "teams",
        "start": "2026-01-01",
        "end": today().isoformat(),
        "comment": "Vi har fokus på samtalen før afgørelsen.",
        **extra,
    }
    return client.post(reverse("oversight:committee"), data)


def test_committee_pack_is_frozen_and_exported(client, world, settings):
    settings.STEMME_COMMITTEE_MIN_CELL = 3
    for _ in range(3):
        overdue_on(a_case(world))
    response = _make_pack(client, world)
    snapshot = CommitteeSnapshot.objects.get()
    assert response.status_code == 302
    assert snapshot.figures["alerts"]["overdue"] == 3
    assert Event.objects.filter(kind="oversight.snapshot_made").count() == 1
    # Frozen: a new overdue duty does not change the pack.
    overdue_on(world.case)
    page = client.get(reverse("oversight:committee_pack", args=[snapshot.pk])).content.decode()
    assert "Vi har fokus på samtalen" in page
    assert "Counted as of" in page
    assert CommitteeSnapshot.objects.get().figures["alerts"]["overdue"] == 3
    assert ">The children&#x27;s involvement</h2>" in page
    csv = client.get(reverse("oversight:committee_csv", args=[snapshot.pk, "frister"]))
    text = csv.content.decode("utf-8-sig")
    assert "Deadlines per rule" in text
    assert ";" in text
    assert (
        client.get(reverse("oversight:committee_csv", args=[snapshot.pk, "ukendt"])).status_code
        == 404
    )


def test_a_department_gets_a_committee_pack_of_its_own(client, world, settings):
    settings.STEMME_COMMITTEE_MIN_CELL = 1
    department = _department(world, world.team, world.other_team)
    overdue_on(world.case)
    overdue_on(a_case(world, team=world.other_team))
    response = _make_pack(client, world, scope=f"afdeling-{department.pk}")
    assert response.status_code == 302
    snapshot = CommitteeSnapshot.objects.get()
    # Both teams' duties, the department's name on the pack, and no one team's pack.
    assert snapshot.figures["alerts"]["overdue"] == 2
    assert snapshot.figures["scope_label"] == "Department Myndighed"
    assert snapshot.team is None


def test_committee_pack_suppresses_small_numbers(client, world, settings):
    settings.STEMME_COMMITTEE_MIN_CELL = 5
    overdue_on(world.case)
    _make_pack(client, world)
    snapshot = CommitteeSnapshot.objects.get()
    assert snapshot.figures["alerts"]["overdue"] == "suppressed"
    page = client.get(reverse("oversight:committee_pack", args=[snapshot.pk])).content.decode()
    assert "fewer than 5" in page
    assert "Hemmeligsen" not in page
    assert "Tildelt" not in page


def test_committee_csv_escapes_formulas(client, world):
    world.team.name = '=HYPERLINK("http://x")'
    world.team.save()
    overdue_on(world.case)
    _make_pack(client, world, scope="kommune")
    snapshot = CommitteeSnapshot.objects.get()
    text = client.get(
        reverse("oversight:committee_csv", args=[snapshot.pk, "sagsstamme"])
    ).content.decode("utf-8-sig")
    assert "\n=HYPERLINK" not in text
    assert ";=HYPERLINK" not in text


def test_committee_pack_double_submit_makes_one_pack(client, world):
    from stemme.core.idempotency import FIELD, new_token

    token = new_token()
    _make_pack(client, world, **{FIELD: token})
    _make_pack(client, world, **{FIELD: token})
    assert CommitteeSnapshot.objects.count() == 1


def test_committee_pack_refuses_a_missing_title_in_danish_terms(client, world):
    response = _make_pack(client, world, title="")
    assert response.status_code == 200
    assert "Give the pack a title." in response.content.decode()
    assert not CommitteeSnapshot.objects.exists()


def test_another_teams_pack_is_404(client, world):
    client.force_login(world.other_leader)
    client.post(
        reverse("oversight:committee"),
        {"title": "Syd", "scope": "teams", "start": "2026-01-01", "end": today().isoformat()},
    )
    snapshot = CommitteeSnapshot.objects.get()
    assert snapshot.team == world.other_team  # one team: the pack is that team's
    # A pack for a chosen team is that team's; the whole municipality's is everyone's.
    CommitteeSnapshot.objects.update(team=world.other_team)
    client.force_login(world.leader)
    assert client.get(reverse("oversight:committee_pack", args=[snapshot.pk])).status_code == 404


def test_targets_are_saved_and_validated(client, world):
    client.force_login(world.administrator)
    url = reverse("oversight:targets")
    data = {}
    for key, green, amber in (
        ("deadlines-met-on-time", 90, 75),
        ("handovers-told", 90, 75),
        ("caseworker-changes-24m", 40, 60),
        ("review-findings", 85, 70),
    ):
        data[f"{key}-green_from"] = green
        data[f"{key}-amber_from"] = amber
    assert client.post(url, data).status_code == 302
    assert Target.objects.count() == 4
    data["deadlines-met-on-time-amber_from"] = 95
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Amber must start at or below green." in response.content.decode()
    assert Target.objects.get(indicator="deadlines-met-on-time").amber_from == 75
    client.force_login(world.assigned_caseworker)
    assert client.get(url).status_code == 403


# --- Case reviews -------------------------------------------------------------------------------


def test_review_from_draw_to_the_caseworkers_worklist(client, world):
    client.force_login(world.leader)
    month = today().replace(day=1)
    response = client.post(
        reverse("oversight:reviews"),
        {"month": month.isoformat(), "kind": SampleKind.RANDOM, "theme": ""},
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.case == world.case
    assert review.caseworker == world.assigned_caseworker
    url = reverse("oversight:review", args=[review.pk])
    form = client.get(url).context["form"]
    data = {"version": review.version, "summary": "Godt arbejde med samtalerne."}
    for name in form.fields:
        if name.startswith("answer_"):
            data[name] = "yes"
    data["answer_r5"] = "no"
    data["note_r5"] = "Barnets egne ord mangler i afgørelsen."
    data["action_0_text"] = "Skriv barnets egne ord ind i vurderingen."
    data["action_0_item"] = "r5"
    data["action_0_due"] = (today() + dt.timedelta(days=14)).isoformat()
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert review.status == "done"
    assert review.answers.get(item="r5").answer == "no"
    action = ReviewAction.objects.get()
    assert action.owner == world.assigned_caseworker
    # The caseworker sees it on the worklist and reads the review.
    client.force_login(world.assigned_caseworker)
    worklist = client.get(reverse("deadlines:worklist")).content.decode()
    assert "From case reviews" in worklist
    assert "Skriv barnets egne ord" in worklist
    read = client.get(url)
    assert read.status_code == 200
    assert read.context["form"] is None
    assert "Barnets egne ord mangler" in read.content.decode()
    assert client.post(url, data).status_code == 403
    done = client.post(reverse("oversight:review_action_done", args=[action.pk]))
    assert done.status_code == 302
    assert ReviewAction.objects.get().done_at is not None
    assert "From case reviews" not in client.get(reverse("deadlines:worklist")).content.decode()
    # Another caseworker cannot read it.
    client.force_login(world.same_team_caseworker)
    assert client.get(url).status_code == 404


def test_a_stale_review_save_keeps_what_was_typed(client, world):
    review = services.sample_draw(
        actor=world.leader, month=today(), kind=SampleKind.RANDOM, rng=random.Random(1)
    )[0]
    client.force_login(world.leader)
    url = reverse("oversight:review", args=[review.pk])
    form = client.get(url).context["form"]
    data = {"version": review.version, "summary": "Min første version."}
    for name in form.fields:
        if name.startswith("answer_"):
            data[name] = "partly"
    assert client.post(url, data).status_code == 302
    data["summary"] = "Skrevet i en gammel fane."
    response = client.post(url, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Min første version." in page
    assert "Skrevet i en gammel fane." in page
    assert Review.objects.get().summary == "Min første version."


def test_review_needs_every_answer_and_a_due_date(client, world):
    review = services.sample_draw(actor=world.leader, month=today(), kind=SampleKind.RANDOM)[0]
    client.force_login(world.leader)
    url = reverse("oversight:review", args=[review.pk])
    response = client.post(
        url, {"version": review.version, "action_0_text": "Gør noget", "action_0_due": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Answer the question" in page
    assert "Give the action a due date." in page
    assert Review.objects.get().status == "planned"


def test_targeted_sample_draws_cases_with_overdue_duties_once_a_month(client, world):
    calm = a_case(world)
    Obligation.objects.filter(case=calm).delete()
    overdue_on(world.case)
    drawn = services.sample_draw(actor=world.leader, month=today(), kind=SampleKind.OVERDUE)
    assert [review.case for review in drawn] == [world.case]
    assert services.sample_draw(actor=world.leader, month=today(), kind=SampleKind.OVERDUE) == []


def test_stratified_sample_draws_one_case_per_stage(world):
    case = a_case(world)
    from stemme.cases.models import Case

    Case.objects.filter(pk=case.pk).update(stage=Stage.BFU)
    drawn = services.sample_draw(actor=world.leader, month=today(), kind=SampleKind.STRATIFIED)
    assert sorted(review.case.stage for review in drawn) == sorted([Stage.BFU, world.case.stage])


def test_second_review_and_calibration(client, world):
    review = services.sample_draw(actor=world.leader, month=today(), kind=SampleKind.RANDOM)[0]
    client.force_login(world.leader)
    response = client.post(
        reverse("oversight:review_second", args=[review.pk]), {"reviewer": world.other_leader.pk}
    )
    assert response.status_code == 302
    second = Review.objects.get(first=review)
    assert second.reviewer == world.other_leader
    answers = {"l1": ("yes", ""), "r1": ("no", "")}
    services.review_record(
        actor=world.leader, review=review, version=1, answers=answers, summary="", actions=[]
    )
    services.review_record(
        actor=world.other_leader,
        review=second,
        version=1,
        answers={"l1": ("yes", ""), "r1": ("yes", "")},
        summary="",
        actions=[],
    )
    page = client.get(reverse("oversight:reviews")).content.decode()
    assert "the same answer to 50 % of the items" in page


def test_findings_per_team_per_theme_and_period(client, world):
    world.leader.teams.add(world.other_team)
    themed = services.sample_draw(
        actor=world.leader, month=today(), kind=SampleKind.RANDOM, theme="Barnets stemme"
    )
    routine = services.sample_draw(
        actor=world.leader,
        month=today().replace(day=1) - dt.timedelta(1),
        kind=SampleKind.RANDOM,
    )
    assert {r.case.team for r in themed} == {world.team, world.other_team}
    for review in themed:
        north = review.case.team == world.team
        answers = {"l1": ("yes" if north else "no", ""), "r1": ("yes", "")}
        services.review_record(
            actor=world.leader, review=review, version=1, answers=answers, summary="", actions=[]
        )
    for review in routine:
        services.review_record(
            actor=world.leader,
            review=review,
            version=1,
            answers={"l1": ("no", ""), "r1": ("no", "")},
            summary="",
            actions=[],
        )
    client.force_login(world.leader)
    url = reverse("oversight:reviews")
    everything = client.get(url).context
    assert [(t.name, t.reviews, t.met) for t in everything["team_findings"]] == [
        ("Team Nord", 2, Share(2, 4)),
        ("Team Syd", 2, Share(1, 4)),
    ]
    period = {"start": (today() - dt.timedelta(30)).isoformat(), "end": today().isoformat()}
    response = client.get(url, {**period, "tema": "Barnets stemme"})
    page = response.content.decode()
    assert "Only the reviews of the theme “Barnets stemme”." in page
    assert [(f.key, f.met) for f in response.context["findings"]] == [
        ("l1", Share(1, 2)),
        ("r1", Share(2, 2)),
    ]
    south = client.get(url, {**period, "team": world.other_team.pk}).context
    assert [t.name for t in south["team_findings"]] == ["Team Syd"]
    wrong = client.get(url, {**period, "tema": "Ukendt"})
    assert "Choose one of the themes in the list." in wrong.content.decode()


def test_reviews_page_is_for_leaders(client, world):
    client.force_login(world.assigned_caseworker)
    assert client.get(reverse("oversight:reviews")).status_code == 403


def test_committee_pdf_is_made_by_the_worker_downloaded_once_logged_and_expires(
    client, world, django_capture_on_commit_callbacks
):
    overdue_on(world.case)
    _make_pack(client, world)
    snapshot = CommitteeSnapshot.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("oversight:committee_pdf", args=[snapshot.pk]))
    export = PackExport.objects.get()
    assert response.url == reverse("oversight:committee_export", args=[export.pk])
    assert (export.status, export.progress) == ("done", 100)
    page = client.get(response.url).content.decode()
    assert "The PDF is ready." in page
    assert "hx-trigger" not in page  # finished: no more polling
    # Asked again (a double click): the same file.
    client.post(reverse("oversight:committee_pdf", args=[snapshot.pk]))
    assert PackExport.objects.count() == 1
    download = client.post(reverse("oversight:committee_download", args=[export.pk]))
    assert download["Content-Type"] == "application/pdf"
    pdf = pikepdf.open(io.BytesIO(download.content))
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert "/StructTreeRoot" in pdf.Root
    assert str(pdf.Root.Lang) == "da"
    assert PackExport.objects.get().downloads == 1
    assert Event.objects.filter(kind="oversight.pack_downloaded").count() == 1
    # Another leader has no way to it.
    client.force_login(world.other_leader)
    assert client.get(response.url).status_code == 404
    assert client.post(reverse("oversight:committee_download", args=[export.pk])).status_code == 404
    # Expired: refused, and the page offers to make it again.
    client.force_login(world.leader)
    PackExport.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    refused = client.post(reverse("oversight:committee_download", args=[export.pk]))
    assert refused.status_code == 302
    page = client.get(response.url).content.decode()
    assert "The file has expired." in page
    assert Event.objects.filter(kind="oversight.pack_downloaded").count() == 1


def test_the_export_page_polls_while_the_pdf_is_made(client, world):
    _make_pack(client, world)
    snapshot = CommitteeSnapshot.objects.get()
    export = services.pack_export_request(actor=world.leader, snapshot=snapshot)
    page = client.get(reverse("oversight:committee_export", args=[export.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "waiting to be made" in page


def test_a_second_reviewer_on_another_team_reaches_the_case_until_the_review_is_saved(
    client, world
):
    from stemme.access.selectors import cases_visible_to

    review = services.sample_draw(actor=world.leader, month=today(), kind=SampleKind.RANDOM)[0]
    assert not cases_visible_to(world.other_leader).filter(pk=review.case_id).exists()
    second = services.second_review_request(
        actor=world.leader, review=review, reviewer=world.other_leader
    )
    assert cases_visible_to(world.other_leader).filter(pk=review.case_id).exists()
    client.force_login(world.other_leader)
    assert client.get(reverse("cases:detail", args=[review.case_id])).status_code == 200
    services.review_record(
        actor=world.other_leader, review=second, version=1, answers={}, summary="", actions=[]
    )
    assert not cases_visible_to(world.other_leader).filter(pk=review.case_id).exists()
    assert client.get(reverse("cases:detail", args=[review.case_id])).status_code == 404


def test_the_nightly_command_counts_tonight_and_past_month_ends_once(world):
    from django.core.management import call_command

    from stemme.accounts.models import Team
    from stemme.oversight.models import TeamDay

    out = io.StringIO()
    call_command("oversight_nightly", months=2, stdout=out)
    teams = Team.objects.count()
    assert out.getvalue().strip() == f"{3 * teams} team day(s) counted."
    assert TeamDay.objects.filter(reconstructed=True).count() == 2 * teams
    assert set(TeamDay.objects.filter(reconstructed=False).values_list("day", flat=True)) == {
        today()
    }
    # Again the same night: everything counted again, no row twice.
    call_command("oversight_nightly", months=2, stdout=io.StringIO())
    assert TeamDay.objects.count() == 3 * teams
