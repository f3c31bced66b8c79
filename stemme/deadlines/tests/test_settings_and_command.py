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
from stemme.deadlines.models import Obligation, RuleOverride

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


def test_shorter_receipt_deadline_moves_the_due_date_and_is_logged(client, reported):
    before = receipt(reported).due_date
    client.force_login(reported.administrator)
    response = post_rule(client, "kvittering-6-hverdage", duration="3", enabled="on")
    assert response.status_code == 302
    assert receipt(reported).due_date < before
    event = Event.objects.get(kind="rule_override.changed", ref="rule:kvittering-6-hverdage")
    assert event.actor == reported.administrator
    assert event.data["duration"] == 3


def test_switching_off_an_unverified_rule_removes_its_deadlines(client, reported):
    client.force_login(reported.administrator)
    post_rule(client, "kvittering-6-hverdage")  # checkbox absent = off
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


def test_holiday_settings_apply_to_working_day_deadlines(client, world):
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
    client.post(reverse("deadlines:rules"), {"form": "holidays"})  # all three off
    assert receipt(world).due_date < default_due


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
