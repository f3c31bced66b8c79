"""The deadline tallies (the leaders' read model) stay equal to their obligations: kept by every
write in the same transaction, rebuilt from scratch after a whole municipality's recompute."""

import datetime as dt

import pytest
from django.utils import timezone

from stemme.cases.services import steps
from stemme.deadlines import services
from stemme.deadlines.models import DeadlineTally, Obligation

pytestmark = pytest.mark.django_db


def _tallies() -> dict:
    return {
        (row.team_id, row.rule_id, row.month): (row.due, row.on_time)
        for row in DeadlineTally.objects.all()
        if row.due or row.on_time
    }


def _rebuilt(world) -> dict:
    for municipality in (world.municipality, world.other_municipality):
        services.deadline_tallies_rebuild(municipality=municipality)
    return _tallies()


def test_each_write_keeps_the_tallies_equal_to_the_obligations(world):
    # The world's cases were opened through the services: their duties are tallied already.
    kept = _tallies()
    assert kept
    assert kept == _rebuilt(world)
    # A report of concern adds duties to the child's case (the 24-hour assessment …).
    steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="professional",
        received_at=timezone.now() - dt.timedelta(hours=30),
        content="Bekymring fra skolen.",
    )
    after_report = _tallies()
    assert after_report != kept
    assert after_report == _rebuilt(world)
    # Recomputing a case changes nothing that was not changed.
    services.obligations_recompute(case=world.case)
    assert _tallies() == after_report


def test_a_whole_municipality_recompute_rebuilds_its_tallies(world):
    DeadlineTally.objects.all().delete()
    services.obligations_recompute_all(municipality=world.municipality)
    counted = _tallies()
    assert counted
    assert {team for team, _rule, _month in counted} <= set(
        world.municipality.teams.values_list("pk", flat=True)
    )
    due = Obligation.objects.filter(case__team__municipality=world.municipality).exclude(
        status__in=("waived", "lapsed")
    )
    assert sum(d for d, _o in counted.values()) == due.count()


def test_a_tally_never_goes_below_zero(world):
    """A row the tally never saw (made by hand, as test factories do) and the engine does not
    derive again is taken away when the case is recomputed: its month is left at zero, not
    below (nor refused by the table's check)."""
    from stemme.dashboards.tests.factories import obligation

    obligation(world.case, "underretning-24t", dt.date(2020, 1, 15), "met")
    services.obligations_recompute(case=world.case)
    key = (world.case.team_id, "underretning-24t", dt.date(2020, 1, 1))
    row = DeadlineTally.objects.get(team_id=key[0], rule_id=key[1], month=key[2])
    assert (row.due, row.on_time) == (0, 0)
    assert not Obligation.objects.filter(case=world.case, due_date=dt.date(2020, 1, 15)).exists()
    assert all(due >= 0 and on_time >= 0 for due, on_time in _tallies().values())
