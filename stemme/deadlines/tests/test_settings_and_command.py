"""The municipality's rule settings (page and services) and ``manage.py obligations``."""

import datetime as dt
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import Event
from stemme.cases.services import steps
from stemme.deadlines import selectors, services
from stemme.deadlines.models import Obligation, RecomputeState, RuleOverride
from stemme.deadlines.tasks import recompute_obligations

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def reported(world):
    """A professional's report received on Monday 23 November 2026, 10:00."""
    received = dt.datetime(2026, 11, 23, 10, 0, tzinfo=CPH)
    steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="professional",
        received_at=min(received, timezone.now()),
        content="Bekymring fra skolen.",
    )
    return world


def receipt(world):
    return Obligation.objects.filter(case=world.case, rule_id="kvittering-6-hverdage").first()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run what a request enqueued on commit (the worker's recompute), as production does once
    the change has committed; the tests' task backend runs a task at once."""

    def run(request):
        with django_capture_on_commit_callbacks(execute=True):
            return request()

    return run


def post_rule(client, rule_id, **fields):
    data = {"form": "rule", "rule-rule_id": rule_id, "rule-reason": "Kommunens praksis"}
    data.update({f"rule-{k}": v for k, v in fields.items()})
    return client.post(reverse("deadlines:rules"), data)


def test_page_lists_every_rule_with_source_and_verification(client, world):
    client.force_login(world.administrator)
    body = client.get(reverse("deadlines:rules")).content.decode()
    from stemme.deadlines.rules import RULES

    for rule in RULES:
        assert f'data-rule="{rule.id}"' in body
    assert "barnets lov § 20, stk. 3" in body
    assert "Ikke verificeret" in body


def test_shorter_receipt_deadline_moves_the_due_date_and_is_logged(client, reported, after_commit):
    before = receipt(reported).due_date
    client.force_login(reported.administrator)
    response = after_commit(
        lambda: post_rule(client, "kvittering-6-hverdage", duration="3", enabled="on")
    )
    assert response.status_code == 302
    assert receipt(reported).due_date < before
    event = Event.objects.get(kind="rule_override.changed", ref="rule:kvittering-6-hverdage")
    assert event.actor == reported.administrator
    assert event.data["duration"] == 3


def test_switching_off_an_unverified_rule_removes_its_deadlines(client, reported, after_commit):
    client.force_login(reported.administrator)
    after_commit(lambda: post_rule(client, "kvittering-6-hverdage"))  # checkbox absent = off
    assert receipt(reported) is None
    assert RuleOverride.objects.get(rule_id="kvittering-6-hverdage").enabled is False


def test_a_statutory_rule_cannot_be_switched_off(client, reported):
    client.force_login(reported.administrator)
    response = post_rule(client, "underretning-24t")
    assert response.status_code == 200
    assert "kan ikke slås fra" in response.content.decode()
    assert not RuleOverride.objects.exists()
    assert Obligation.objects.filter(rule_id="underretning-24t").exists()


def test_a_duty_due_at_the_event_has_no_duration(client, reported):
    client.force_login(reported.administrator)
    response = post_rule(client, "plan-foer-47", duration="10", enabled="on")
    assert response.status_code == 200
    assert not RuleOverride.objects.exists()


def test_a_reason_is_required(client, reported):
    client.force_login(reported.administrator)
    response = client.post(
        reverse("deadlines:rules"),
        {"form": "rule", "rule-rule_id": "kvittering-6-hverdage", "rule-duration": "3"},
    )
    assert response.status_code == 200
    assert not RuleOverride.objects.exists()


def test_holiday_settings_apply_to_working_day_deadlines(client, world, after_commit):
    # Received Tuesday 23 December 2025: by default 6 working days skip 24–28 December and
    # 31 December–1 January.
    received = dt.datetime(2025, 12, 23, 9, 0, tzinfo=CPH)
    steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="professional",
        received_at=received,
        content="Bekymring",
    )
    default_due = receipt(world).due_date
    client.force_login(world.administrator)
    # All three off.
    after_commit(lambda: client.post(reverse("deadlines:rules"), {"form": "holidays"}))
    assert receipt(world).due_date < default_due


# --- The recompute after a change of the rules runs in the worker ----------------------------


def _rows(municipality):
    return sorted(
        Obligation.objects.filter(case__child__municipality=municipality).values_list(
            "case_id", "rule_id", "trigger_ref", "due_at", "status"
        )
    )


def test_a_change_of_the_rules_is_recomputed_after_the_commit_not_in_the_request(
    client, reported, django_capture_on_commit_callbacks
):
    """At a large municipality recomputing every deadline takes minutes: the request saves the
    rule and asks for the recompute; the worker runs it once the change has committed."""
    before = receipt(reported).due_date
    client.force_login(reported.administrator)
    with django_capture_on_commit_callbacks() as enqueued:
        response = post_rule(client, "kvittering-6-hverdage", duration="3", enabled="on")
    assert response.status_code == 302
    assert len(enqueued) == 1
    assert receipt(reported).due_date == before  # not yet: the worker has not run
    page = client.get(reverse("deadlines:rules")).content.decode()
    assert 'id="recompute-pending"' in page
    assert "genberegnes" in page

    enqueued[0]()  # the commit hands the task to the worker (the tests' backend runs it)
    assert receipt(reported).due_date < before
    assert 'id="recompute-pending"' not in client.get(reverse("deadlines:rules")).content.decode()


def test_a_refused_change_asks_for_no_recompute(
    client, reported, django_capture_on_commit_callbacks
):
    client.force_login(reported.administrator)
    with django_capture_on_commit_callbacks() as enqueued:
        response = post_rule(client, "underretning-24t")  # the law's rule: cannot be switched off
    assert response.status_code == 200
    assert enqueued == []
    assert not RecomputeState.objects.exists()


def test_the_recompute_task_is_idempotent_and_marks_the_deadlines_current(reported):
    municipality = reported.municipality
    services.obligations_recompute_soon(municipality=municipality)
    assert selectors.recompute_pending_since(municipality=municipality) is not None
    # The tests' task backend runs an enqueued task at once, as the worker would.
    assert recompute_obligations.enqueue(municipality.pk).return_value > 0
    first = _rows(municipality)
    assert selectors.recompute_pending_since(municipality=municipality) is None
    recompute_obligations.enqueue(municipality.pk)
    assert _rows(municipality) == first


def test_a_change_after_a_recompute_began_stays_pending_until_the_next(reported):
    """``done_at`` is when the recompute began: a change saved after that is not in its rows."""
    municipality = reported.municipality
    services.obligations_recompute_all(municipality=municipality)
    state = RecomputeState.objects.get(municipality=municipality)
    RecomputeState.objects.filter(pk=state.pk).update(
        requested_at=state.done_at + dt.timedelta(microseconds=1)
    )
    assert selectors.recompute_pending_since(municipality=municipality) is not None
    services.obligations_recompute_all(municipality=municipality)
    assert selectors.recompute_pending_since(municipality=municipality) is None


def test_obligations_command_json_and_as_of_date(reported):
    out = StringIO()
    call_command("obligations", child=reported.child.cpr, format="json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {row["rule_id"] for row in rows} >= {"underretning-24t", "kvittering-6-hverdage"}
    assert all({"rule_id", "legal_basis", "due", "status"} <= set(row) for row in rows)
    # Before anything happened, the law required nothing.
    early = StringIO()
    call_command(
        "obligations", child=str(reported.child.pk), at="2020-01-01", format="json", stdout=early
    )
    assert json.loads(early.getvalue()) == []


def test_obligations_command_explains_bad_input(world):
    with pytest.raises(CommandError, match="Intet barn"):
        call_command("obligations", child="0000000000")
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("obligations", child=world.child.cpr, at="igår")


def test_recomputing_a_case_at_a_time_gives_the_same_obligations(reported, monkeypatch):
    """The recompute reads and writes a batch of cases at a time (memory flat in the
    municipality's size); batches of one case give the rows one batch gives."""
    municipality = reported.municipality
    steps.intake_register(
        actor=reported.other_team_caseworker,
        child=reported.other_child,
        kind="underretning",
        reporter_type="professional",
        received_at=timezone.now() - dt.timedelta(days=3),
        content="Bekymring fra tandlægen.",
    )
    whole = services.obligations_recompute_all(municipality=municipality)
    first = _rows(municipality)
    assert len({row[0] for row in first}) == 2  # both cases have obligations
    monkeypatch.setattr(services, "RECOMPUTE_BATCH_SIZE", 1)
    assert services.obligations_recompute_all(municipality=municipality) == whole
    assert _rows(municipality) == first
