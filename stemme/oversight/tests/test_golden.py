"""Golden tests: every figure of the catalogue on one fixed set of cases, at one fixed moment.

If a number here changes, the counting changed: raise the definition's version in
``stemme/oversight/catalogue.py`` (a committee snapshot keeps the version it was counted with)
and update the expected figure on purpose.
"""

import datetime as dt

import pytest

from stemme.cases import models as cases
from stemme.cases.models import CaseworkerAssignment, Stage
from stemme.dashboards.selectors import Period
from stemme.dashboards.tests.factories import (
    at,
    child_with_case,
    conversation,
    decision,
    obligation,
)
from stemme.deadlines.models import Obligation
from stemme.oversight import catalogue
from stemme.oversight.selectors import caseload, concern, deadlines, flow
from stemme.oversight.selectors.committee import SUPPRESSED, committee_figures, rag

NOW = at(dt.date(2026, 6, 15), 12)
TODAY = NOW.date()
PERIOD = Period(start=dt.date(2026, 1, 1), end=TODAY)


def intake(case, received, assessed=None):
    return cases.Intake.objects.create(
        case=case,
        kind=cases.IntakeKind.UNDERRETNING,
        reporter_type=cases.ReporterType.PROFESSIONAL,
        received_at=received,
        content="Skolen er bekymret.",
        urgency_assessed_at=assessed,
    )


@pytest.fixture
def golden(world):
    """Four cases on the north team (A: an investigation; B: a running measure; C: no
    caseworker; D: repeated concern) and nothing else in scope."""
    a = child_with_case(world, opened_on=dt.date(2025, 6, 1))
    b = child_with_case(world, opened_on=dt.date(2025, 6, 1))
    c = child_with_case(world, opened_on=dt.date(2025, 6, 1))
    d = child_with_case(world, opened_on=dt.date(2025, 6, 1))
    cases.Case.objects.filter(pk=a.pk).update(stage=Stage.BFU)
    cases.Case.objects.filter(pk=b.pk).update(stage=Stage.MEASURE_RUNNING)
    CaseworkerAssignment.objects.filter(case=b).update(caseworker=world.same_team_caseworker)
    CaseworkerAssignment.objects.filter(case=c).update(ended_on=dt.date(2026, 3, 1))
    # Only the duties below: not the ones the engine derived when the cases were opened.
    Obligation.objects.filter(case__in=[a, b, c, d]).delete()
    # Deadlines: the 24-hour rule met on time, met late, overdue, and waived; the investigation
    # due within 7 days, within 14 days, and later.
    obligation(a, "underretning-24t", dt.date(2026, 2, 1), "met")
    obligation(a, "underretning-24t", dt.date(2026, 3, 1), "met", met_late=True)
    obligation(a, "underretning-24t", dt.date(2026, 4, 1), "overdue")
    obligation(a, "underretning-24t", dt.date(2026, 5, 1), "waived")
    obligation(b, "bfu-4-maaneder", dt.date(2026, 6, 18), "open")
    obligation(b, "bfu-4-maaneder", dt.date(2026, 6, 25), "open")
    obligation(b, "bfu-4-maaneder", dt.date(2026, 7, 30), "open")
    # Flow: A's report assessed in 10 hours, talked with after 4 days, decided after 28, help
    # after 42; B's report assessed after 48 hours and nothing more.
    intake(a, at(dt.date(2026, 2, 1), 10), at(dt.date(2026, 2, 1), 20))
    conversation(a, dt.date(2026, 2, 5))
    made = decision(a, dt.date(2026, 3, 1))
    cases.Measure.objects.create(
        case=a, decision=made, description="Familiebehandling", started_on=dt.date(2026, 3, 15)
    )
    intake(b, at(dt.date(2026, 4, 1), 10), at(dt.date(2026, 4, 3), 10))
    # Repeated concern: D has three reports in 12 months and no investigation; A has three
    # (one above, two here) and an investigation, so is not flagged.
    for day in (dt.date(2025, 8, 1), dt.date(2025, 9, 1), dt.date(2025, 10, 1)):
        intake(d, at(day))
    for day in (dt.date(2025, 8, 1), dt.date(2025, 9, 1)):
        intake(a, at(day))
    cases.Investigation.objects.create(
        case=a, kind=cases.InvestigationKind.BFU, started_on=dt.date(2026, 2, 10)
    )
    return {
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "scope": cases.Case.objects.filter(pk__in=[a.pk, b.pk, c.pk, d.pk]),
    }


def test_deadlines_per_rule(golden):
    rows = deadlines.deadline_compliance(scope=golden["scope"], period=PERIOD, now=NOW)
    found = {row.rule_id: row for row in rows}
    assert [row.rule_id for row in rows] == ["underretning-24t", "bfu-4-maaneder"]
    assessed = found["underretning-24t"]
    assert (assessed.overdue, assessed.due_7, assessed.due_14) == (1, 0, 0)
    # Met on time: 1 of 3 (on time, late, overdue); the waived one is left out.
    assert (assessed.met.numerator, assessed.met.denominator, assessed.met.percent) == (1, 3, 33)
    assert assessed.met.interval == (6, 79)
    investigation = found["bfu-4-maaneder"]
    assert (investigation.overdue, investigation.due_7, investigation.due_14) == (0, 1, 2)
    assert investigation.met.percent is None
    total = deadlines.totals(rows)
    assert (total.overdue, total.due_7, total.due_14) == (1, 1, 2)
    assert (total.met.numerator, total.met.denominator) == (1, 3)
    assert assessed.audit_item is not None
    assert assessed.is_key


def test_deadlines_by_month(golden):
    months = deadlines.on_time_by_month(scope=golden["scope"], months=6, today=TODAY, now=NOW)
    assert [row.month for row in months] == [dt.date(2026, m, 1) for m in range(1, 7)]
    assert [row.met.percent for row in months] == [None, 100, 0, 0, None, None]


def test_drill_down_lists_the_counted_duties(golden):
    overdue = deadlines.obligations_drilled(
        scope=golden["scope"], rule_id="", criterion="overskredet", now=NOW
    )
    assert [o.due_date for o in overdue] == [dt.date(2026, 4, 1)]
    within_14 = deadlines.obligations_drilled(
        scope=golden["scope"], rule_id="bfu-4-maaneder", criterion="14-dage", now=NOW
    )
    assert [o.due_date for o in within_14] == [dt.date(2026, 6, 18), dt.date(2026, 6, 25)]


def test_caseload(golden, world):
    load = caseload.caseload(scope=golden["scope"])
    by_name = {row.name: row for row in load.caseworkers}
    tove = by_name[world.assigned_caseworker.get_full_name()]
    karl = by_name[world.same_team_caseworker.get_full_name()]
    # A (an investigation, weight 2) and D (received, 1) are Tove's; B (running, 1) is Karl's.
    assert (tove.cases, tove.weighted, tove.investigations) == (2, 3.0, 1)
    assert (karl.cases, karl.weighted, karl.investigations) == (1, 1.0, 0)
    assert load.without_caseworker == 1
    assert load.median == 2.0
    assert [band.caseworkers for band in load.bands] == [2, 0, 0, 0, 0]
    teams = caseload.caseload_by_team(scope=golden["scope"])
    assert [(t.name, t.open_cases, t.caseworkers, t.per_caseworker) for t in teams] == [
        ("Team Nord", 3, 2, 1.5)
    ]


def test_flow_times(golden):
    steps = {step.key: step for step in flow.flow_times(scope=golden["scope"], period=PERIOD)}
    assessed = steps["assessed"]
    assert (assessed.reports, assessed.reached, assessed.median, assessed.p90) == (2, 2, 10.0, 48.0)
    assert [count for _low, _high, count in assessed.buckets] == [1, 1, 0]
    assert (steps["conversation"].reached, steps["conversation"].median) == (1, 4)
    assert steps["conversation"].not_yet == 1
    assert steps["decision"].median == 28
    assert steps["help"].median == 42


def test_repeated_concern(golden):
    rows = list(concern.repeated_concern(scope=golden["scope"], today=TODAY))
    assert [(row["case__child_id"], row["reports"]) for row in rows] == [(golden["d"].child_id, 3)]
    # A higher threshold: nobody.
    assert not concern.repeated_concern(scope=golden["scope"], today=TODAY, threshold=4).exists()


def test_committee_figures_are_suppressed_and_carry_versions(golden, world, settings):
    settings.STEMME_COMMITTEE_MIN_CELL = 5
    figures = committee_figures(
        scope=golden["scope"], period=PERIOD, now=NOW, municipality_id=world.municipality.pk
    )
    assert figures["versions"] == catalogue.versions()
    deadline_table = next(t for t in figures["tables"] if t["key"] == "frister")
    # 1 overdue, 3 fell due: fewer than 5, so hidden; the share of 3 is not shown.
    assert deadline_table["rows"][0][2:] == [SUPPRESSED, 0, SUPPRESSED, None]
    headline = {item["key"]: item for item in figures["headline"]}
    assert headline["deadlines-met-on-time"]["percent"] is None
    assert figures["alerts"] == {"repeated_concern": SUPPRESSED, "overdue": SUPPRESSED}
    settings.STEMME_COMMITTEE_MIN_CELL = 3
    shown = committee_figures(
        scope=golden["scope"], period=PERIOD, now=NOW, municipality_id=world.municipality.pk
    )
    assert next(t for t in shown["tables"] if t["key"] == "frister")["rows"][0][5] == 33


@pytest.mark.parametrize(
    ("percent", "higher", "expected"),
    [
        (90, True, "green"),
        (80, True, "amber"),
        (50, True, "red"),
        (None, True, ""),
        (30, False, "green"),
        (50, False, "amber"),
        (70, False, "red"),
    ],
)
def test_rag(percent, higher, expected):
    assert (
        rag(
            percent,
            {"green_from": 85 if higher else 40, "amber_from": 75 if higher else 60},
            higher_is_better=higher,
        )
        == expected
    )
    assert rag(percent, None, higher_is_better=higher) == ""


def test_every_definition_is_complete():
    keys = [definition.key for definition in catalogue.CATALOGUE]
    assert len(keys) == len(set(keys))
    for definition in catalogue.CATALOGUE:
        assert definition.version >= 1
        assert all(
            str(text).strip()
            for text in (
                definition.title,
                definition.numerator,
                definition.denominator,
                definition.exclusions,
                definition.legal_basis,
            )
        )
        assert definition.unit in {"share", "count", "days", "cases"}


def test_the_split_reading_gives_the_same_figures(golden, world):
    other = child_with_case(world, team=world.other_team, opened_on=dt.date(2025, 6, 1))
    Obligation.objects.filter(case=other).delete()
    obligation(other, "underretning-24t", dt.date(2026, 5, 2), "met")
    scope = cases.Case.objects.filter(
        pk__in=[*golden["scope"].values_list("pk", flat=True), other.pk]
    )
    rules, teams = deadlines.deadline_compliance_split(scope=scope, period=PERIOD, now=NOW)
    assert rules == deadlines.deadline_compliance(scope=scope, period=PERIOD, now=NOW)
    # Per team, all rules together: overdue now, due within 14 days, met on time of fell due.
    assert [(t.name, t.overdue, t.due_14, t.met) for t in teams] == [
        ("Team Nord", 1, 2, deadlines.Share(1, 3)),
        ("Team Syd", 0, 0, deadlines.Share(1, 1)),
    ]
    assert [(t.name, t.overdue, t.met.numerator, t.met.denominator) for t in teams] == [
        ("Team Nord", 1, 1, 3),
        ("Team Syd", 0, 1, 1),
    ]


def test_team_states_and_their_history(golden, world):
    from stemme.accounts.models import Team
    from stemme.oversight.models import TeamDay
    from stemme.oversight.selectors import history
    from stemme.oversight.services import team_days_record

    Obligation.objects.exclude(case__in=golden["scope"]).delete()
    # B's first investigation duty was done on 20 June: on the 15th it was still pending.
    Obligation.objects.filter(case=golden["b"], due_date=dt.date(2026, 6, 18)).update(
        status="met", is_pending=False, met_at=at(dt.date(2026, 6, 20))
    )
    states = history.team_states_at(municipality_id=world.municipality.pk, moment=NOW)
    # North: A's overdue duty; due within 14 days B's of 18 June (the one of 25 June had not
    # started its clock yet: it did not exist on the 15th). Open: A-D and the world's own case;
    # caseworkers: Tove (A, D, the world's case) and Karl (B); C's ended in March.
    assert states[world.team.pk] == {"overdue": 1, "due_14": 1, "open_cases": 5, "caseworkers": 2}
    assert states[world.other_team.pk] == {
        "overdue": 0,
        "due_14": 0,
        "open_cases": 1,
        "caseworkers": 1,
    }
    # On 1 May: A's duty of 1 April overdue, B's not yet within 14 days.
    may = history.team_states_at(
        municipality_id=world.municipality.pk, moment=at(dt.date(2026, 5, 1))
    )
    assert (may[world.team.pk]["overdue"], may[world.team.pk]["due_14"]) == (1, 0)
    # Stored per night, and read back month by month (the month's last night).
    teams = Team.objects.count()  # every team of every municipality
    assert team_days_record(now=NOW) == teams
    assert team_days_record(day=dt.date(2026, 4, 30), now=NOW) == teams
    # A day counted on its night is never replaced by one counted afterwards.
    assert team_days_record(day=TODAY, now=NOW + dt.timedelta(1)) == 0
    assert TeamDay.objects.get(team=world.team, day=dt.date(2026, 4, 30)).reconstructed
    months = history.history(teams=[world.team], months=3, today=TODAY)
    assert [(m.month, m.day, m.overdue, m.due_14, m.open_cases) for m in months] == [
        (dt.date(2026, 4, 1), dt.date(2026, 4, 30), 1, 0, 5),
        (dt.date(2026, 5, 1), None, 0, 0, 0),
        (dt.date(2026, 6, 1), TODAY, 1, 1, 5),
    ]
    assert months[0].reconstructed
    assert not months[2].reconstructed
    assert months[2].per_caseworker == 2.5


def test_the_tallies_give_the_same_figures_as_the_obligations(golden, world):
    from stemme.accounts.models import Team
    from stemme.deadlines.services import deadline_tallies_rebuild

    # A duty on the last day of a month, met; and one on another team.
    obligation(golden["b"], "bfu-4-maaneder", dt.date(2026, 1, 31), "met")
    other = child_with_case(world, team=world.other_team, opened_on=dt.date(2025, 6, 1))
    obligation(other, "underretning-24t", dt.date(2026, 5, 2), "met", met_late=True)
    deadline_tallies_rebuild(municipality=world.municipality)  # the factory bypasses them
    teams = Team.objects.filter(municipality=world.municipality)
    scope = cases.Case.objects.filter(team__in=teams)
    for period in (
        PERIOD,
        Period(start=dt.date(2025, 12, 10), end=dt.date(2026, 5, 20)),
        Period(start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28)),
        Period(start=dt.date(2026, 6, 1), end=TODAY),
    ):
        tallied = deadlines.deadline_compliance_split(
            scope=scope, period=period, now=NOW, teams=teams
        )
        assert tallied == deadlines.deadline_compliance_split(scope=scope, period=period, now=NOW)
    by_month = deadlines.on_time_by_month(scope=scope, months=12, today=TODAY, now=NOW)
    assert by_month == deadlines.on_time_by_month(
        scope=scope, months=12, today=TODAY, now=NOW, teams=teams
    )
    assert all(row.met.denominator for row in by_month[-6:-1])  # Jan-May: tallied, not empty


def test_the_months_read_from_the_tallies():
    months, live = deadlines.tallied_months(
        Period(start=dt.date(2025, 12, 10), end=dt.date(2026, 5, 20)), dt.date(2026, 6, 15)
    )
    assert months == [dt.date(2026, m, 1) for m in (1, 2, 3, 4)]
    assert live == [
        (dt.date(2025, 12, 10), dt.date(2025, 12, 31)),
        (dt.date(2026, 5, 1), dt.date(2026, 5, 20)),
    ]
    # This month is never tallied: its duties have not all fallen due.
    months, live = deadlines.tallied_months(PERIOD, TODAY)
    assert months[-1] == dt.date(2026, 5, 1)
    assert live == [(dt.date(2026, 6, 1), TODAY)]
