"""Set-once facts on step records are written only while still unset (docs/architecture.md,
"Concurrent edits"): a second writer who read the record before the first one saved (two
people at once, both past the "already recorded" check) is refused and overwrites nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from stemme.audit.models import Event
from stemme.cases.models import Intake, Measure
from stemme.cases.services import steps
from stemme.cases.tests.test_steps import _decide_32_and_start, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _stale_copy(model, pk):
    """The record as a second editor read it, before the first one saved."""
    return model.objects.get(pk=pk)


def test_a_second_urgency_assessment_from_an_old_copy_is_refused(world):
    intake = register(world)
    stale = _stale_copy(Intake, intake.pk)
    steps.intake_assess_urgency(
        actor=world.assigned_caseworker, intake=intake, is_acute=False, assessment="Ikke akut."
    )
    events = Event.objects.count()
    with pytest.raises(ValidationError, match="already been assessed"):
        steps.intake_assess_urgency(
            actor=world.leader, intake=stale, is_acute=True, assessment="Akut."
        )
    intake.refresh_from_db()
    assert (intake.urgency_is_acute, intake.urgency_assessment) == (False, "Ikke akut.")
    assert Event.objects.count() == events


@pytest.mark.parametrize(
    ("service", "field", "message"),
    [
        (steps.intake_send_receipt, "sent_on", "receipt has already been recorded"),
        (steps.intake_reassess, "reassessed_on", "reassessment has already been recorded"),
    ],
)
def test_a_second_intake_date_from_an_old_copy_is_refused(world, service, field, message):
    intake = register(world)
    stale = _stale_copy(Intake, intake.pk)
    today = timezone.localdate()
    service(actor=world.assigned_caseworker, intake=intake, **{field: today})
    with pytest.raises(ValidationError, match=message):
        service(actor=world.leader, intake=stale, **{field: today - dt.timedelta(days=1)})
    intake.refresh_from_db()
    saved = intake.receipt_sent_on if field == "sent_on" else intake.reassessed_on
    assert saved == today


def test_a_second_end_of_a_measure_from_an_old_copy_is_refused(world):
    decision = _decide_32_and_start(world)
    measure = Measure.objects.get(decision=decision)
    stale = _stale_copy(Measure, measure.pk)
    today = timezone.localdate()
    steps.measure_end(actor=world.assigned_caseworker, measure=measure, ended_on=today)
    with pytest.raises(ValidationError, match="already ended"):
        steps.measure_end(actor=world.leader, measure=stale, ended_on=today - dt.timedelta(days=1))
    measure.refresh_from_db()
    assert measure.ended_on == today
