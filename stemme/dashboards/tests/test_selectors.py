"""Every indicator on crafted data: what counts, what does not, and the edges."""

import datetime as dt

import pytest

from conftest import make_case
from stemme.cases import models as cases
from stemme.cases.models import AssignmentRole
from stemme.cases.services import case as case_services
from stemme.dashboards import selectors
from stemme.dashboards.selectors import Baseline, Indicator, Period
from stemme.dashboards.tests.factories import (
    at,
    child_with_case,
    close,
    conversation,
    decision,
    follow_up,
    meeting,
    milestone,
    obligation,
    rights,
)
from stemme.deadlines.models import Obligation
from stemme.meetings.models import AgendaItem, MeetingStatus
from stemme.participation.models import ChildStatement

PERIOD = Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
IN = dt.date(2026, 3, 2)  # a day in the period
BEFORE = dt.date(2025, 12, 31)  # the day before it
AFTER = dt.date(2026, 7, 1)  # the day after it


@pytest.fixture
def north(world):
    """The scope of north's team leader: the world's case, and the cases the test adds."""
    return selectors.scope_for(world.leader)


def counts(indicator: Indicator) -> tuple[int, int]:
    return indicator.numerator, indicator.denominator


# --- The result type ----------------------------------------------------------------------------


def test_share_is_none_without_a_denominator_and_a_fraction_otherwise():
    empty = Indicator(key="k", label="l", note="n", numerator=0, denominator=0, period=PERIOD)
    assert empty.share is None
    assert empty.percent is None
    assert empty.compared_with_baseline is None
    some = Indicator(key="k", label="l", note="n", numerator=1, denominator=3, period=PERIOD)
    assert some.share == pytest.approx(1 / 3)
    assert some.percent == 33


def test_comparison_with_the_survey_respects_the_direction():
    baseline = Baseline(0.42, "42 %", "000 I3")
    higher = Indicator("k", "l", "n", 90, 100, PERIOD, baseline=baseline)
    assert higher.compared_with_baseline == "better"
    assert (higher.low_percent, higher.high_percent) == (83, 94)
    lower_is_better = Indicator("k", "l", "n", 90, 100, PERIOD, baseline, higher_is_better=False)
    assert lower_is_better.compared_with_baseline == "worse"
    same = Indicator("k", "l", "n", 42, 100, PERIOD, baseline=baseline)
    assert same.compared_with_baseline == "same"
    # 6 of 8 is 75 %, far above 42 %, but its interval (41-93 %) includes 42 %: maybe chance.
    few = Indicator("k", "l", "n", 6, 8, PERIOD, baseline=baseline)
    assert few.compared_with_baseline == "same"
    assert few.survey_item == "i3"
    band = Indicator("k", "l", "n", 1, 2, PERIOD, baseline=Baseline(None, "60-75 %", "R1"))
    assert band.compared_with_baseline is None


def test_period_last_months_ends_today_and_covers_twelve_months():
    period = Period.last_months(12, today=dt.date(2026, 11, 24))
    assert period == Period(dt.date(2025, 11, 25), dt.date(2026, 11, 24))
    leap = Period.last_months(12, today=dt.date(2025, 2, 28))
    assert leap.start == dt.date(2024, 2, 29)


@pytest.mark.parametrize("indicator", selectors.INDICATORS, ids=lambda f: f.__name__)
def test_every_indicator_on_an_empty_scope_has_no_share(world, indicator):
    result = indicator(scope=cases.Case.objects.none(), period=PERIOD)
    assert (result.numerator, result.denominator, result.share) == (0, 0, None)
    assert result.key == indicator.__name__
    assert result.label
    assert result.note


@pytest.mark.parametrize("indicator", selectors.INDICATORS, ids=lambda f: f.__name__)
def test_every_indicator_runs_a_fixed_number_of_queries(
    world, north, indicator, django_assert_num_queries
):
    """One query each; the caseworker changes two (the children, then the changes grouped by
    child: counted per child in one query, it cost ~250 ms for a team at 10,000 children)."""
    child_with_case(world)
    expected = 2 if indicator is selectors.caseworker_changes_per_child_24m else 1
    with django_assert_num_queries(expected):
        indicator(scope=north, period=PERIOD)


# --- Scope --------------------------------------------------------------------------------------


def test_scope_for_a_leader_is_their_teams_cases(world):
    south_case = child_with_case(world, team=world.other_team)
    north_case = child_with_case(world)
    assert set(selectors.scope_for(world.leader)) == {world.case, north_case}
    assert set(selectors.scope_for(world.other_leader)) == {south_case, *south_cases(world)}
    world.leader.teams.add(world.other_team)
    assert south_case in selectors.scope_for(world.leader)
    assert set(selectors.scope_for(world.leader, team=world.team)) == {world.case, north_case}


def south_cases(world):
    return list(cases.Case.objects.filter(child=world.other_child))


def test_scope_for_a_caseworker_is_their_own_children_even_when_they_see_the_team(world):
    colleague_case = child_with_case(world)
    case_services.caseworker_assign(
        actor=None,
        case=colleague_case,
        caseworker=world.same_team_caseworker,
        started_on=dt.date(2025, 6, 1),
    )
    world.municipality.caseworkers_see_team_children = True
    world.municipality.save()
    assert set(selectors.scope_for(world.assigned_caseworker)) == {world.case}
    assert set(selectors.scope_for(world.same_team_caseworker)) == {colleague_case}


def test_scope_for_an_administrator_is_empty(world):
    assert not selectors.scope_for(world.administrator).exists()


def test_a_caseworker_who_is_primary_and_was_secondary_counts_once(world):
    case_services.caseworker_assign(
        actor=None,
        case=world.case,
        caseworker=world.same_team_caseworker,
        role=AssignmentRole.SECONDARY,
        started_on=dt.date(2026, 1, 5),
    )
    scope = selectors.scope_for(world.assigned_caseworker)
    assert scope.count() == 1


# --- Meetings -----------------------------------------------------------------------------------


@pytest.fixture
def meetings(world):
    """Held meetings in the period on north: a (all good), b (late agenda), c (nothing).

    Not counted: a meeting before the period, a planned and a cancelled one, one on south.
    """
    case = world.case
    a = meeting(
        case,
        IN,
        agenda_sent_at=at(IN - dt.timedelta(days=3)),
        summary_delivered_on=IN + dt.timedelta(days=2),
        child_understood="yes",
    )
    AgendaItem.objects.create(meeting=a, text="Min fodboldtræning", from_child=True)
    b = meeting(
        case,
        IN + dt.timedelta(days=7),
        agenda_sent_at=at(IN + dt.timedelta(days=7), hour=11),  # after the meeting began
        child_understood="yes",  # but no summary delivered: not in that denominator
    )
    AgendaItem.objects.create(meeting=b, text="Status fra skolen", from_child=False)
    c = meeting(
        case, PERIOD.end, summary_delivered_on=AFTER, child_understood="partly"
    )  # held on the last day of the period; summary after it still counts
    old = meeting(
        case,
        BEFORE,
        agenda_sent_at=at(BEFORE - dt.timedelta(days=3)),
        summary_delivered_on=BEFORE,
    )
    AgendaItem.objects.create(meeting=old, text="Ferie", from_child=True)
    meeting(case, IN, status=MeetingStatus.PLANNED, agenda_sent_at=at(IN - dt.timedelta(days=3)))
    meeting(case, IN, status=MeetingStatus.CANCELLED, agenda_sent_at=at(BEFORE))
    south = child_with_case(world, team=world.other_team)
    other = meeting(
        south, IN, agenda_sent_at=at(BEFORE), summary_delivered_on=IN, child_understood="yes"
    )
    AgendaItem.objects.create(meeting=other, text="Mit værelse", from_child=True)
    return a, b, c


def test_meetings_with_agenda_sent_before(north, meetings):
    result = selectors.meetings_with_agenda_sent_before(scope=north, period=PERIOD)
    assert counts(result) == (1, 3)
    assert result.baseline.share == 0.53


def test_meetings_with_summary_delivered(north, meetings):
    result = selectors.meetings_with_summary_delivered(scope=north, period=PERIOD)
    assert counts(result) == (2, 3)
    assert result.baseline.share == 0.42


def test_meetings_with_child_agenda_items(north, meetings):
    a, _b, _c = meetings
    AgendaItem.objects.create(meeting=a, text="Endnu et punkt", from_child=True)  # still 1 meeting
    result = selectors.meetings_with_child_agenda_items(scope=north, period=PERIOD)
    assert counts(result) == (1, 3)


def test_meetings_child_understood_among_delivered_summaries(north, meetings):
    result = selectors.meetings_child_understood(scope=north, period=PERIOD)
    assert counts(result) == (1, 2)  # a: yes; c: partly; b has no summary


# --- Decisions ----------------------------------------------------------------------------------


def statement(decision_row, words="Jeg vil gerne blive boende."):
    return ChildStatement.objects.create(
        child=decision_row.case.child,
        case=decision_row.case,
        words=words,
        mode="direct",
        stated_on=decision_row.decided_on,
        informs_ref=decision_row.ref,
    )


def test_decisions_with_child_view_and_with_exception(world, north):
    case = world.case
    decision(case, IN, child_view="Jeg vil bo hjemme.")
    linked = decision(case, IN)
    statement(linked)
    decision(case, IN, child_view_exception="Barnet er 2 år.")
    excepted_but_heard = decision(case, IN, child_view_exception="Forsøgt.")
    statement(excepted_but_heard)
    decision(case, IN)  # nothing recorded
    old = decision(case, BEFORE)
    statement(old)  # a statement for another decision does not count for ``nothing``
    ChildStatement.objects.create(
        child=case.child, words="Om noget andet", mode="direct", stated_on=IN, informs_ref=""
    )
    south = child_with_case(world, team=world.other_team)
    decision(south, IN, child_view="Syd")

    with_view = selectors.decisions_with_child_view(scope=north, period=PERIOD)
    assert counts(with_view) == (3, 5)  # in_words, linked, excepted_but_heard
    exception = selectors.decisions_with_exception(scope=north, period=PERIOD)
    assert counts(exception) == (1, 5)  # excepted only
    assert exception.higher_is_better is False


def test_a_statement_about_a_decision_of_another_child_does_not_count(world, north):
    mine = decision(world.case, IN)
    stranger = child_with_case(world)
    ChildStatement.objects.create(
        child=stranger.child, words="Hej", mode="direct", stated_on=IN, informs_ref=mine.ref
    )
    assert counts(selectors.decisions_with_child_view(scope=north, period=PERIOD)) == (0, 1)


def test_explanations_delivered_and_on_time(world, north):
    case = world.case
    against = {"child_wish": cases.ChildWish.AGAINST, "explanation_due_on": IN}
    decision(case, IN, explanation_delivered_on=IN, **against)  # on time
    decision(case, IN, explanation_delivered_on=IN + dt.timedelta(days=1), **against)  # late
    decision(case, IN, **against)  # not delivered
    decision(
        case,
        IN,
        child_wish=cases.ChildWish.AGAINST,
        explanation_delivered_on=IN,  # delivered, but no due date: not on time
    )
    decision(case, IN, child_wish=cases.ChildWish.PARTLY)  # not against the wish
    decision(case, IN, child_wish=cases.ChildWish.FOLLOWED)
    decision(case, BEFORE, explanation_delivered_on=BEFORE, **against)  # before the period
    south = child_with_case(world, team=world.other_team)
    decision(south, IN, explanation_delivered_on=IN, **against)

    result = selectors.explanations_delivered(scope=north, period=PERIOD)
    assert counts(result) == (3, 4)
    assert result.on_time == 1
    assert result.on_time_percent == 25


# --- Rights -------------------------------------------------------------------------------------


def test_children_10_plus_informed_of_rights(world, north):
    # Zenia (born 2014) is 12 at the end of the period; her case is open.
    rights(world.case, IN)
    ten_today = child_with_case(world, birth=dt.date(2016, 6, 30))  # 10 on the last day
    rights(ten_today, IN, to_child=False, to_others="Mor")  # told the mother only
    rights(ten_today, AFTER)  # after the period
    nine = child_with_case(world, birth=dt.date(2016, 7, 1))  # 9 at the end: not counted
    rights(nine, IN)
    closed = child_with_case(world, birth=dt.date(2010, 1, 1))
    close(closed, dt.date(2026, 5, 1))  # no open case at the end: not counted
    opens_later = child_with_case(world, birth=dt.date(2010, 1, 1), opened_on=AFTER)
    rights(opens_later, AFTER)
    south = child_with_case(world, team=world.other_team, birth=dt.date(2010, 1, 1))
    rights(south, IN)

    result = selectors.children_10_plus_informed_of_rights(scope=north, period=PERIOD)
    assert counts(result) == (1, 2)  # Zenia informed; ten_today not yet

    milestone(ten_today, IN, kind=cases.MilestoneKind.PARTY_STATUS_INFORMED)
    result = selectors.children_10_plus_informed_of_rights(scope=north, period=PERIOD)
    assert counts(result) == (2, 2)
    assert result.baseline.share == 0.59


def test_rights_given_in_an_earlier_case_do_not_count(world, north):
    old = child_with_case(world, birth=dt.date(2012, 1, 1), opened_on=dt.date(2023, 1, 1))
    rights(old, dt.date(2023, 2, 1))
    close(old, dt.date(2024, 1, 1))
    make_case(old.child, world.team, world.assigned_caseworker, opened_on=dt.date(2025, 5, 1))
    result = selectors.children_10_plus_informed_of_rights(scope=north, period=PERIOD)
    assert counts(result) == (0, 2)  # Zenia and the child with the new case


# --- Conversations ------------------------------------------------------------------------------


def test_conversations_alone_before_follow_up(world, north):
    def new_case():
        return child_with_case(world)

    ticked = new_case()
    follow_up(ticked, IN, talked_with_child_alone=True)
    ten_days = new_case()
    conversation(ten_days, IN - dt.timedelta(days=10), child_alone=True)
    follow_up(ten_days, IN)
    thirty_days = new_case()
    conversation(thirty_days, IN - dt.timedelta(days=30), child_alone=True)
    follow_up(thirty_days, IN)
    too_early = new_case()
    conversation(too_early, IN - dt.timedelta(days=31), child_alone=True)
    follow_up(too_early, IN)
    not_alone = new_case()
    conversation(not_alone, IN - dt.timedelta(days=5), child_alone=False)
    follow_up(not_alone, IN)
    omitted = new_case()
    conversation(omitted, IN - dt.timedelta(days=5), child_alone=True, held=False)
    follow_up(omitted, IN)
    afterwards = new_case()
    conversation(afterwards, IN + dt.timedelta(days=1), child_alone=True)
    follow_up(afterwards, IN)
    same_day_milestone = new_case()
    milestone(same_day_milestone, IN, child_alone=True)
    follow_up(same_day_milestone, IN)
    outside = new_case()
    follow_up(outside, BEFORE, talked_with_child_alone=True)
    south = child_with_case(world, team=world.other_team)
    follow_up(south, IN, talked_with_child_alone=True)

    result = selectors.conversations_alone_before_follow_up(scope=north, period=PERIOD)
    # ticked, ten_days, thirty_days, same_day_milestone of 8 follow-ups in the period
    assert counts(result) == (4, 8)


def test_conversation_tasks_met_on_time(world, north):
    assert not Obligation.objects.filter(rule_id__startswith="samtale-").exists()
    case = world.case
    obligation(case, "samtale-underretning", IN, "met")
    obligation(case, "samtale-undersoegelse", IN, "met", met_late=True)
    obligation(case, "samtale-indsats", IN, "overdue")
    obligation(case, "samtale-foer-opfoelgning", PERIOD.end, "open")
    obligation(case, "samtale-underretning", IN, "waived")
    obligation(case, "samtale-underretning", IN, "lapsed")
    obligation(case, "moede-dagsorden", IN, "met")  # not a conversation task
    obligation(case, "samtale-underretning", BEFORE, "met")
    south = child_with_case(world, team=world.other_team)
    obligation(south, "samtale-underretning", IN, "met")

    result = selectors.conversation_tasks_met_on_time(scope=north, period=PERIOD)
    assert counts(result) == (1, 4)
    assert result.baseline is None


# --- Continuity ---------------------------------------------------------------------------------


def assign(case, caseworker, day, role=AssignmentRole.PRIMARY):
    return case_services.caseworker_assign(
        actor=None, case=case, caseworker=caseworker, role=role, started_on=day
    )


def test_caseworker_changes_per_child_24m(world, north):
    tove, karl = world.assigned_caseworker, world.same_team_caseworker
    # Zenia: first caseworker Tove (no change), then Karl, then Tove again: 2 changes.
    assign(world.case, karl, dt.date(2026, 3, 1))
    assign(world.case, tove, dt.date(2026, 4, 1))
    # A change before the 24 months does not count.
    long_ago = child_with_case(world, opened_on=dt.date(2023, 1, 1))
    assign(long_ago, karl, dt.date(2024, 6, 30))  # the window starts after 2024-06-30
    # The same caseworker recorded again, and a new secondary: no change of primary.
    again = child_with_case(world, opened_on=dt.date(2025, 1, 1))
    current = again.assignments.get()
    case_services.caseworker_unassign(actor=None, assignment=current, ended_on=dt.date(2025, 6, 1))
    assign(again, tove, dt.date(2025, 6, 1))
    assign(again, karl, dt.date(2025, 6, 1), role=AssignmentRole.SECONDARY)
    # A change after the end of the period does not count.
    later = child_with_case(world, opened_on=dt.date(2025, 2, 1))
    assign(later, karl, AFTER)
    # A closed case is not in the denominator, whatever its changes.
    closed = child_with_case(world, opened_on=dt.date(2025, 2, 1))
    assign(closed, karl, dt.date(2025, 3, 1))
    close(closed, dt.date(2026, 2, 1))
    # Another team's child is not counted.
    south = child_with_case(world, team=world.other_team, opened_on=dt.date(2025, 2, 1))
    assign(south, world.same_team_caseworker, dt.date(2025, 3, 1))

    result = selectors.caseworker_changes_per_child_24m(scope=north, period=PERIOD)
    assert counts(result) == (1, 4)  # Zenia of Zenia, long_ago, again, later
    assert result.average == pytest.approx(2 / 4)
    assert result.higher_is_better is False
    assert result.baseline.share == 0.67


def test_a_change_in_the_window_on_an_old_case_counts(world, north):
    old = child_with_case(world, opened_on=dt.date(2020, 1, 1))
    assign(old, world.same_team_caseworker, dt.date(2024, 7, 1))
    result = selectors.caseworker_changes_per_child_24m(scope=north, period=PERIOD)
    assert counts(result) == (1, 2)
    assert result.average == pytest.approx(0.5)


def test_no_open_children_gives_no_average(world, north):
    close(world.case, dt.date(2026, 2, 1))
    result = selectors.caseworker_changes_per_child_24m(scope=north, period=PERIOD)
    assert (result.denominator, result.share, result.average) == (0, None, None)


# --- Contact ------------------------------------------------------------------------------------


def test_children_without_contact_6m_and_the_list(world, north):
    # The window is 2025-12-31 .. 2026-06-30. Zenia's case (opened 2026-01-05) is too new.
    def new_case(name):
        return child_with_case(world, opened_on=dt.date(2025, 1, 1), name=name)

    new_case("Anna")  # never any contact
    talked = new_case("Bo")
    conversation(talked, IN)
    omitted = new_case("Carl")
    conversation(omitted, IN, held=False, omission_reason="child_declined")
    long_ago = new_case("Dina")
    conversation(long_ago, dt.date(2025, 12, 30))  # one day too early
    met = new_case("Emil")
    meeting(met, IN)
    without_child = new_case("Freja")
    meeting(without_child, IN, child_attends=False)
    visited = new_case("Gustav")
    cases.SupervisionVisit.objects.create(
        case=visited, visited_on=IN, talked_with_child=True, notes="Godt besøg"
    )
    step = new_case("Hanne")
    milestone(step, IN)
    followed = new_case("Ida")
    follow_up(followed, IN, talked_with_child_alone=True)
    closed = new_case("Jens")
    close(closed, dt.date(2026, 6, 1))
    child_with_case(world, team=world.other_team, opened_on=dt.date(2025, 1, 1))

    result = selectors.children_without_contact_6m(scope=north, period=PERIOD)
    assert counts(result) == (4, 9)
    assert result.higher_is_better is False
    assert result.baseline.share == 0.10

    listed = list(selectors.cases_without_contact_6m(scope=north, period=PERIOD))
    assert [c.child.first_name for c in listed] == ["Anna", "Carl", "Dina", "Freja"]
    last = {c.child.first_name: selectors.last_contact(c) for c in listed}
    assert last == {
        "Anna": None,
        "Carl": None,
        "Dina": dt.date(2025, 12, 30),
        "Freja": None,
    }
    assert listed[0].caseworker_first_name == "Tove"


def test_contact_after_the_period_does_not_hide_a_child(world, north):
    case = child_with_case(world, opened_on=dt.date(2025, 1, 1))
    conversation(case, AFTER)
    listed = list(selectors.cases_without_contact_6m(scope=north, period=PERIOD))
    assert [c.pk for c in listed] == [case.pk]
    assert selectors.last_contact(listed[0]) is None


def test_all_indicators_in_order(world, north):
    keys = [i.key for i in selectors.involvement_indicators(scope=north, period=PERIOD)]
    assert keys == [f.__name__ for f in selectors.INDICATORS]
    assert len(keys) == 12


def test_the_indicators_read_together_are_the_indicators_read_alone(world, north, meetings):
    """The page's shared queries give each indicator what its own query gives."""
    against = {"child_wish": cases.ChildWish.AGAINST, "explanation_due_on": IN}
    decision(world.case, IN, child_view="Jeg vil bo hjemme.", **against)
    decision(world.case, IN, child_view_exception="Barnet er 2 år.")
    statement(decision(world.case, IN, explanation_delivered_on=IN, **against))
    together = selectors.involvement_indicators(scope=north, period=PERIOD)
    alone = [indicator(scope=north, period=PERIOD) for indicator in selectors.INDICATORS]
    assert together == alone
    by_key = {indicator.key: counts(indicator) for indicator in together}
    assert by_key["meetings_with_agenda_sent_before"] == (1, 3)
    assert by_key["meetings_child_understood"] == (1, 2)
    assert by_key["decisions_with_child_view"] == (2, 3)
    assert by_key["decisions_with_exception"] == (1, 3)
    assert by_key["explanations_delivered"] == (1, 2)


def test_the_involvement_indicators_are_eight_queries(world, north, django_assert_num_queries):
    child_with_case(world)
    with django_assert_num_queries(8):
        selectors.involvement_indicators(scope=north, period=PERIOD)
