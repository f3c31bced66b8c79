"""The youth survey: invitations and strata, answering (skip, stop, go on, send once), the
paper CSV, and the report's figures with their suppression."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from stemme.survey import services
from stemme.survey.models import Answer, Comment, Invitation, Response
from stemme.survey.selectors import report as report_selectors
from stemme.survey.selectors import survey_page
from stemme.survey.testing import answer_and_send, invitation_of, paper_strata, wave_open_for


@pytest.fixture
def wave(world):
    return wave_open_for(world)


def test_a_round_invites_the_children_with_a_min_sag_account_and_takes_coarse_strata(world, wave):
    invitations = {i.child_id: i for i in Invitation.objects.filter(wave=wave)}
    assert set(invitations) == {world.child.pk, world.other_child.pk}
    assert wave.invited == 2
    zenia = invitations[world.child.pk]  # born 2014-03-15: 12 today
    assert zenia.age_band == "12_13"
    assert zenia.team_id == world.team.pk
    assert zenia.measure_type == "none"
    assert zenia.changes == "0"
    assert zenia.contact == "0"
    assert zenia.gender == "other"  # not recorded
    assert invitations[world.other_child.pk].age_band == "14_17"


def test_a_child_without_an_account_or_outside_the_ages_is_not_invited(world):
    from conftest import make_case, make_child

    young = make_child(world.municipality, first_name="Lille", birth=dt.date(2016, 1, 1))
    make_case(young, world.team, world.assigned_caseworker)
    no_account = make_child(world.municipality, first_name="Uden", birth=dt.date(2011, 1, 1))
    make_case(no_account, world.team, world.assigned_caseworker)
    from stemme.portal.testing import active_account

    active_account(world, child=young)
    wave = wave_open_for(world)
    invited = set(Invitation.objects.filter(wave=wave).values_list("child_id", flat=True))
    assert young.pk not in invited
    assert no_account.pk not in invited


def test_a_team_leader_opens_rounds_for_their_own_teams_only(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.wave_open(
            actor=world.leader,
            title="Syd",
            opens_on=today,
            closes_on=today + dt.timedelta(days=7),
            teams=[world.other_team],
        )
    assert "teams" in error.value.message_dict
    wave = wave_open_for(world, actor=world.leader)
    assert list(wave.teams.all()) == [world.team]
    assert set(Invitation.objects.filter(wave=wave).values_list("child_id", flat=True)) == {
        world.child.pk
    }


def test_a_caseworker_cannot_open_a_round(world):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.wave_open(
            actor=world.assigned_caseworker,
            title="x",
            opens_on=today,
            closes_on=today + dt.timedelta(days=7),
        )


def test_bad_dates_are_refused_in_danish_terms(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.wave_open(
            actor=world.administrator,
            title="x",
            opens_on=today - dt.timedelta(days=1),
            closes_on=today - dt.timedelta(days=2),
        )
    assert set(error.value.message_dict) == {"opens_on", "closes_on"}


def test_skip_stop_and_go_on_later_then_send_once(world, wave):
    invitation = invitation_of(wave, world.child)
    services.draft_save(
        child=world.child, invitation_id=invitation.pk, answers={"r1": 5, "r2": None}
    )
    # Later, another page; a skipped question is simply absent.
    services.draft_save(child=world.child, invitation_id=invitation.pk, answers={"i2": 3})
    invitation.refresh_from_db()
    assert invitation.draft == {"r1": 5, "i2": 3}
    services.response_submit(child=world.child, invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.draft == {}
    assert invitation.answered_on == timezone.localdate()
    response = Response.objects.get(wave=wave)
    assert {(a.item.code, a.value) for a in Answer.objects.filter(response=response)} == {
        ("r1", 5),
        ("i2", 3),
    }
    # A double submit is refused, never a second response.
    with pytest.raises(ValidationError):
        services.response_submit(child=world.child, invitation_id=invitation.pk)
    assert Response.objects.filter(wave=wave).count() == 1


def test_the_filters_show_and_clear_the_follow_up_questions(world, wave):
    invitation = invitation_of(wave, world.child)
    assert survey_page(invitation=invitation, key="plan").questions[0].item.code == "h0"
    assert [q.item.code for q in survey_page(invitation=invitation, key="plan").questions] == ["h0"]
    services.draft_save(child=world.child, invitation_id=invitation.pk, answers={"h0": 1})
    invitation.refresh_from_db()
    codes = [q.item.code for q in survey_page(invitation=invitation, key="plan").questions]
    assert codes == ["h0", "h1", "h2", "h3"]
    services.draft_save(child=world.child, invitation_id=invitation.pk, answers={"h1": 4})
    # "No" to H0 afterwards: the plan answers are dropped, not kept as if asked.
    services.draft_save(child=world.child, invitation_id=invitation.pk, answers={"h0": 2})
    invitation.refresh_from_db()
    assert invitation.draft == {"h0": 2}
    services.draft_save(child=world.child, invitation_id=invitation.pk, answers={"f4": 1})
    invitation.refresh_from_db()
    assert "f5" in [
        q.item.code for q in survey_page(invitation=invitation, key="indflydelse").questions
    ]


def test_the_younger_band_reads_the_younger_wording(world, wave):
    young = survey_page(invitation=invitation_of(wave, world.child), key="relation")
    older = survey_page(invitation=invitation_of(wave, world.other_child), key="relation")
    r4_young = next(q for q in young.questions if q.item.code == "r4")
    r4_older = next(q for q in older.questions if q.item.code == "r4")
    assert r4_young.text == r4_young.item.text_younger != r4_older.text


def test_bad_answers_are_refused_and_another_childs_invitation_is_not_reachable(world, wave):
    invitation = invitation_of(wave, world.child)
    with pytest.raises(ValidationError):
        services.draft_save(child=world.child, invitation_id=invitation.pk, answers={"r1": 9})
    with pytest.raises(ValidationError):
        services.draft_save(child=world.child, invitation_id=invitation.pk, answers={"zz": 1})
    with pytest.raises(PermissionDenied):
        services.draft_save(child=world.other_child, invitation_id=invitation.pk, answers={})


def test_a_closed_round_takes_no_answers_and_forgets_the_drafts(world, wave):
    invitation = invitation_of(wave, world.child)
    services.draft_save(child=world.child, invitation_id=invitation.pk, answers={"r1": 2})
    services.wave_close(actor=world.administrator, wave=wave)
    invitation.refresh_from_db()
    assert invitation.draft == {}
    with pytest.raises(ValidationError):
        services.response_submit(child=world.child, invitation_id=invitation.pk)


def test_rounds_past_their_last_day_are_closed_by_the_daily_job(world, wave):
    assert services.waves_close_due(today=wave.closes_on) == 0
    assert services.waves_close_due(today=wave.closes_on + dt.timedelta(days=1)) == 1
    wave.refresh_from_db()
    assert wave.is_closed
    assert services.waves_close_due(today=wave.closes_on + dt.timedelta(days=2)) == 0


def test_the_open_question_is_kept_without_even_the_response(world, wave):
    answer_and_send(world.child, wave, {"r1": 4, "o1": "Flere møder i skolen."})
    assert list(Comment.objects.filter(wave=wave).values_list("text", flat=True)) == [
        "Flere møder i skolen."
    ]
    assert not Answer.objects.filter(item__code="o1").exists()


# --- Paper answers ------------------------------------------------------------------------------


def _csv(rows: list[str]) -> str:
    header = "team;age_band;gender;measure_type;changes;contact;r1;i2;h0;h1;o1"
    return "\n".join([header, *rows]) + "\n"


def test_paper_answers_with_known_marginals_reproduce_them_exactly(world, wave):
    # 40 questionnaires: R1 top-2 for 26 of the 38 with an opinion (2 don't know); I2: 20 fits
    # well/very well, 12 partly, 8 badly; H0 yes for 24 of 40, H1 asked of those 24.
    rows = []
    for number in range(40):
        r1 = (
            5
            if number < 14
            else 4
            if number < 26
            else 3
            if number < 32
            else 1
            if number < 38
            else 0
        )
        i2 = 4 if number < 20 else 3 if number < 32 else 2
        h0 = 1 if number < 24 else 2
        h1 = (5 if number < 12 else 2) if h0 == 1 else ""
        team = "Team Nord" if number % 2 else "Team Syd"
        rows.append(f"{team};14-17;pige;familiepleje;0;4+;{r1};{i2};{h0};{h1};")
    responses = services.paper_csv_parse(wave=wave, text=_csv(rows))
    assert (
        services.paper_responses_record(actor=world.administrator, wave=wave, responses=responses)
        == 40
    )
    wave = services.wave_close(actor=world.administrator, wave=wave)
    report = report_selectors.wave_report(wave=wave)
    rows_by_code = {row.item.code: row for _d, rows in report.items for row in rows}
    r1 = rows_by_code["r1"].share
    assert (r1.count, r1.n) == (26, 38)
    assert [p.percent for p in rows_by_code["r1"].parts] == [65, 15, 15, 5]
    i2 = rows_by_code["i2"]
    assert [p.percent for p in i2.parts] == [50, 30, 20, 0]
    assert (rows_by_code["h0"].share.count, rows_by_code["h0"].share.n) == (24, 40)
    h1 = rows_by_code["h1"].share
    assert (h1.count, h1.n) == (12, 24)  # only those who know what a plan is
    assert report.responses == 40


def test_a_paper_file_with_errors_names_row_and_column_and_records_nothing(world, wave):
    text = _csv(
        [
            "Team Nord;14-17;pige;familiepleje;0;4+;5;4;1;5;",
            "Team Øst;14-17;pige;familiepleje;0;4+;7;4;1;5;",
            "Team Nord;10-11;pige;familiepleje;0;4+;5;4;1;5;",
        ]
    )
    with pytest.raises(ValidationError) as error:
        services.paper_csv_parse(wave=wave, text=text)
    messages = " ".join(error.value.messages)
    assert "Række 3, kolonne team" in messages
    assert "Række 3, kolonne r1" in messages
    assert "Række 4, kolonne age_band" in messages
    assert Response.objects.count() == 0


def test_a_paper_file_with_unknown_columns_is_refused(world, wave):
    with pytest.raises(ValidationError) as error:
        services.paper_csv_parse(wave=wave, text="navn;cpr\nA;1\n")
    assert "Ukendte kolonner: navn, cpr" in " ".join(error.value.messages)


# --- The report -----------------------------------------------------------------------------


def _paper(wave, world, *, team, count, r1=5):
    services.paper_responses_record(
        actor=world.administrator,
        wave=wave,
        responses=[
            services.PaperResponse(
                strata=paper_strata(team),
                answers={"r1": r1, "r2": 4},
            )
            for _ in range(count)
        ],
    )


def test_an_open_round_shows_no_figures(world, wave):
    _paper(wave, world, team=world.team, count=10)
    report = report_selectors.wave_report(wave=wave)
    assert not report.shown
    assert report.items == []


def test_a_team_too_small_is_rolled_up_and_its_complement_is_hidden(world, wave, settings):
    settings.STEMME_SURVEY_MIN_CELL = 5
    _paper(wave, world, team=world.team, count=20)
    _paper(wave, world, team=world.other_team, count=3)
    wave = services.wave_close(actor=world.administrator, wave=wave)
    # Team Syd has 3: too few. Team Nord has 20, but Nord beside the municipality (23) would
    # give Syd's away: Nord is hidden too and rolled up.
    for team in (world.other_team, world.team):
        report = report_selectors.wave_report(wave=wave, team=team)
        assert report.rolled_up
        assert report.team is None
        assert report.responses == 23


def test_the_threshold_can_be_raised_but_never_below_three(world, wave, settings):
    settings.STEMME_SURVEY_MIN_CELL = 1
    assert report_selectors.min_cell() == 3
    settings.STEMME_SURVEY_MIN_CELL = 10
    assert report_selectors.min_cell() == 10


def test_a_share_is_better_or_worse_only_when_its_interval_excludes_the_national_figure(
    world, wave
):
    # R6 nationally 72 %. 30 of 30 fits well: the interval (89-100 %) excludes 72 %: better.
    _paper(wave, world, team=world.team, count=30)
    wave = services.wave_close(actor=world.administrator, wave=wave)
    report = report_selectors.wave_report(wave=wave)
    rows = {row.item.code: row for _d, rows in report.items for row in rows}
    assert rows["r1"].comparison is None  # VIVE gives a band, not one figure
    assert rows["r1"].share.percent == 100
    assert report.dimensions[0][1].mean == pytest.approx((((5 + 4) / 2) - 1) / 4 * 100)


def test_subgroups_hide_small_groups_and_their_complement(world, wave):
    _paper(wave, world, team=world.team, count=12)
    services.paper_responses_record(
        actor=world.administrator,
        wave=wave,
        responses=[
            services.PaperResponse(
                strata=paper_strata(
                    world.team,
                    age_band="12_13",
                    gender="boy",
                    measure_type="institution",
                    changes="2+",
                    contact="0",
                ),
                answers={"r1": 1},
            )
            for _ in range(2)
        ],
    )
    wave = services.wave_close(actor=world.administrator, wave=wave)
    report = report_selectors.wave_report(wave=wave)
    gender = next(t for t in report.subgroups if t.key == "gender")
    # Girls, boys, other: the boys' 2 are hidden; the girls' 12 would give the boys away from the
    # total: hidden too. Other has none.
    assert [(g.responses, g.shown) for g in gender.groups] == [(12, False), (2, False), (0, False)]
    measure = next(t for t in report.subgroups if t.key == "measure_type")
    assert [g.shown for g in measure.groups] == [False, False, False, False]


def test_the_involvement_page_shows_what_the_young_people_experienced_beside_the_records(
    client, world, wave
):
    services.paper_responses_record(
        actor=world.administrator,
        wave=wave,
        responses=[
            services.PaperResponse(
                strata=paper_strata(world.team),
                answers={"i3": 5 if number < 6 else 2},
            )
            for number in range(8)
        ],
    )
    services.wave_close(actor=world.administrator, wave=wave)
    client.force_login(world.leader)
    response = client.get("/ledelse/inddragelse/")
    rows = {indicator.key: share for indicator, share in response.context["indicator_rows"]}
    # I3 ("after a meeting we talk about how it went") beside the summaries delivered.
    summary = rows["meetings_with_summary_delivered"]
    assert (summary.count, summary.n, summary.percent) == (6, 8, 75)
    assert response.context["perceived"].team == world.team
    assert "Oplevet: jeres ungeundersøgelse" in response.content.decode()


# --- The municipality's own questions -----------------------------------------------------------


def _add(world, **overrides):
    data = {
        "dimension": "information",
        "scale": "fits",
        "text_younger": "Jeg får svar, når jeg skriver.",
        "text_older": "Jeg får svar, når jeg skriver til min rådgiver.",
    }
    return services.item_add(actor=world.leader, **{**data, **overrides})


def test_own_questions_make_a_new_version_and_rounds_keep_theirs(world):
    old_round = wave_open_for(world)
    instrument = _add(world)
    assert instrument.version == 1
    assert instrument.municipality == world.municipality
    own = instrument.items.get(code="k1")
    assert not own.locked
    assert own.national_share is None
    # Every VIVE item is there, locked, in the same order; the own one last.
    codes = list(instrument.items.values_list("code", flat=True))
    assert codes[-1] == "k1"
    assert len(codes) == old_round.instrument.items.count() + 1
    new_round = wave_open_for(world)
    assert new_round.instrument == instrument
    assert old_round.instrument.items.filter(code="k1").count() == 0
    second = _add(
        world, dimension="open", scale="open", text_younger="Hvad mere?", text_older="Hvad mere?"
    )
    assert second.version == 2
    assert set(second.items.filter(locked=False).values_list("code", flat=True)) == {"k1", "k2"}


def test_a_vive_question_cannot_be_removed_but_an_own_one_can(world):
    instrument = _add(world)
    with pytest.raises(ValidationError):
        services.item_remove(actor=world.leader, item_id=instrument.items.get(code="i2").pk)
    after = services.item_remove(actor=world.leader, item_id=instrument.items.get(code="k1").pk)
    assert after.version == 2
    assert not after.items.filter(code="k1").exists()
    assert after.items.filter(code="i2", locked=True).exists()
    # An item of another municipality's questionnaire, or an old version's: not reachable.
    with pytest.raises(PermissionDenied):
        services.item_remove(actor=world.leader, item_id=instrument.items.get(code="r1").pk)


def test_own_questions_are_checked(world):
    with pytest.raises(ValidationError) as error:
        _add(world, dimension="relation", scale="open", text_younger="", text_older="x" * 301)
    assert set(error.value.message_dict) == {"scale", "text_younger", "text_older"}
    with pytest.raises(PermissionDenied):
        services.item_add(
            actor=world.assigned_caseworker,
            dimension="relation",
            scale="fits",
            text_younger="a",
            text_older="b",
        )


def test_an_own_question_is_asked_in_its_area_and_reported_without_a_national_figure(world):
    _add(world)
    wave = wave_open_for(world)
    invitation = invitation_of(wave, world.other_child)
    page = survey_page(invitation=invitation, key="information")
    assert "k1" in [question.item.code for question in page.questions]
    services.paper_responses_record(
        actor=world.administrator,
        wave=wave,
        responses=[
            services.PaperResponse(
                strata=paper_strata(world.team),
                answers={"k1": 4},
            )
        ]
        * 5,
    )
    wave = services.wave_close(actor=world.administrator, wave=wave)
    rows = {
        r.item.code: r for _d, rows in report_selectors.wave_report(wave=wave).items for r in rows
    }
    assert rows["k1"].share.percent == 100
    assert rows["k1"].comparison is None


# --- SMS to the young person ----------------------------------------------------------------------


@pytest.fixture
def fake_sms(settings):
    from stemme.notifications.sms import FakeSMS

    settings.STEMME_SMS_ADAPTER = "stemme.notifications.sms.FakeSMS"
    FakeSMS.outbox.clear()
    yield FakeSMS.outbox
    FakeSMS.outbox.clear()


def _number(world, child, number="20304050"):
    from stemme.portal.services.accounts import sms_number_set

    for account in child.portal_accounts.filter(kind="child"):
        sms_number_set(account=account, number=number)


def test_an_sms_on_the_first_day_and_one_reminder_a_week_before_the_end(world, fake_sms):
    from stemme.portal.testing import active_account

    active_account(world, child=world.child)
    active_account(world, child=world.other_child)
    _number(world, world.child, "+45 20 30 40 50")
    wave = wave_open_for(world, days=20)
    invitation = invitation_of(wave, world.child)
    # Opened today: queued at once (the tests' task backend runs it on commit).
    services.invitation_sms_send(invitation_id=invitation.pk, kind="invite")
    assert [(sms.number, sms.text) for sms in fake_sms] == [("20304050", services.SMS_TEXT)]
    assert "spørgeskema" not in services.SMS_TEXT  # content-free
    # Not again; the other child gave no number.
    today = timezone.localdate()
    assert services.survey_sms_due(today=today) == 0
    assert services.invitation_sms_send(invitation_id=invitation.pk, kind="invite") == (
        "already sent"
    )
    # A week before the end: one reminder, then never again.
    last_week = wave.closes_on - dt.timedelta(days=7)
    assert selectors_due(last_week) == [(invitation.pk, "remind")]
    assert (
        services.invitation_sms_send(invitation_id=invitation.pk, kind="remind", today=last_week)
        == "sent"
    )
    assert selectors_due(last_week + dt.timedelta(days=1)) == []
    assert len(fake_sms) == 2


def selectors_due(day):
    from stemme.survey.selectors import invitations_sms_due

    return invitations_sms_due(today=day, remind_days_left=services.REMIND_DAYS_LEFT)


def test_no_sms_after_answering_or_without_a_gateway(world, fake_sms, settings):
    from stemme.portal.testing import active_account

    active_account(world, child=world.child)
    _number(world, world.child)
    wave = wave_open_for(world, days=20)
    invitation = invitation_of(wave, world.child)
    answer_and_send(world.child, wave, {"r1": 4})
    assert services.invitation_sms_send(invitation_id=invitation.pk, kind="invite") == "not due"
    settings.STEMME_SMS_ADAPTER = "stemme.notifications.sms.NoSMS"
    other = invitation_of(wave, world.other_child)
    assert services.invitation_sms_send(invitation_id=other.pk, kind="invite") == "no number"
    assert fake_sms == []


def test_a_danish_mobile_number_or_none(world):
    from stemme.portal.services.accounts import sms_number_set
    from stemme.portal.testing import active_account

    account = active_account(world, child=world.child)
    assert sms_number_set(account=account, number="+45 20 30-40 50").sms_number == "20304050"
    assert sms_number_set(account=account, number="").sms_number == ""
    with pytest.raises(ValidationError) as error:
        sms_number_set(account=account, number="123")
    assert "number" in error.value.message_dict


def test_experienced_figures_are_the_reports_counted_in_the_database(world, wave):
    import random

    rng = random.Random(4)  # noqa: S311 - test data
    responses = []
    for team, count in ((world.team, 9), (world.other_team, 6)):
        for _ in range(count):
            strata = paper_strata(team)
            answers = {"r1": rng.choice((0, 1, 2, 3, 4, 5)), "h0": rng.choice((1, 2))}
            if rng.random() < 0.5:
                answers["p1"] = rng.choice((0, 1, 2))
            responses.append(services.PaperResponse(strata=strata, answers=answers))
    services.paper_responses_record(actor=world.administrator, wave=wave, responses=responses)
    wave = services.wave_close(actor=world.administrator, wave=wave)
    for team in (None, world.team, world.other_team):
        report = report_selectors.wave_report(wave=wave, team=team)
        perceived = report_selectors.perceived_latest(
            municipality_id=world.municipality.pk, team=team
        )
        assert perceived.team == report.team
        for _d, rows in report.items:
            for row in rows:
                got = perceived.shares[row.item.code]
                assert (
                    got.shown,
                    got.count if got.shown else None,
                    got.n if got.shown else None,
                ) == (
                    row.share.shown,
                    row.share.count if row.share.shown else None,
                    row.share.n if row.share.shown else None,
                ), (team, row.item.code)


def test_experienced_figures_skip_a_round_with_too_few_answers(world, wave):
    _paper(wave, world, team=world.team, count=6)
    services.wave_close(actor=world.administrator, wave=wave)
    later = wave_open_for(world)
    _paper(later, world, team=world.team, count=2)
    services.wave_close(actor=world.administrator, wave=later)
    perceived = report_selectors.perceived_latest(municipality_id=world.municipality.pk)
    assert perceived.wave == wave
    assert perceived.shares["r1"].percent == 100


# --- The optional wellbeing core ----------------------------------------------------------------


def test_the_wellbeing_questions_are_asked_only_in_a_round_that_includes_them(world):
    plain = wave_open_for(world)
    invitation = invitation_of(plain, world.child)
    assert survey_page(invitation=invitation, key="trivsel") is None
    with pytest.raises(ValidationError):
        services.draft_save(child=world.child, invitation_id=invitation.pk, answers={"w1": 5})
    with pytest.raises(ValidationError):
        services.paper_csv_parse(
            wave=plain,
            text="team;age_band;gender;measure_type;changes;contact;w1\n;14-17;pige;ingen;0;0;5\n",
        )
    today = timezone.localdate()
    with_core = services.wave_open(
        actor=world.administrator,
        title="Med trivsel",
        opens_on=today,
        closes_on=today + dt.timedelta(days=14),
        with_wellbeing=True,
    )
    invitation = invitation_of(with_core, world.child)
    page = survey_page(invitation=invitation, key="trivsel")
    assert [q.item.code for q in page.questions] == ["w1", "w2", "w3", "w4"]
    services.paper_responses_record(
        actor=world.administrator,
        wave=with_core,
        responses=[services.PaperResponse(strata=paper_strata(world.team), answers={"w1": 4})] * 5,
    )
    with_core = services.wave_close(actor=world.administrator, wave=with_core)
    rows = {
        r.item.code: r
        for _d, rows in report_selectors.wave_report(wave=with_core).items
        for r in rows
    }
    assert rows["w1"].share.percent == 100
    assert rows["w1"].comparison is None  # no national figure
    plain = services.wave_close(actor=world.administrator, wave=plain)
    assert "w1" not in {
        r.item.code for _d, rows in report_selectors.wave_report(wave=plain).items for r in rows
    }
