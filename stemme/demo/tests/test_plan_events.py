"""The demo's facts are the typed facts of stemme.deadlines.events: every event of a kind the
module types carries data one of its functions could have written (the importer's check)."""

import collections
import datetime as dt

import pytest

from stemme.deadlines import events
from stemme.demo.plan import build_demo_plan

TODAY = dt.date(2026, 1, 15)


@pytest.mark.parametrize(("children", "seed"), [(120, 7), (60, 5)])
def test_every_typed_fact_has_data_its_function_could_write(children, seed):
    plan = build_demo_plan(children=children, seed=seed, today=TODAY)
    typed = [event for event in plan.events if event.kind in events.KINDS]
    errors = collections.Counter(
        (event.kind, error)
        for event in typed
        for error in events.fact_data_errors(event.kind, event.data)
    )
    assert errors == {}
    # Not a vacuous check: the demo writes the facts of every stage.
    kinds = {event.kind for event in typed}
    assert {
        "underretning.received",
        "underretning.urgency_assessed",
        "screening.completed",
        "bfu.started",
        "bfu.completed",
        "decision.made",
        "explanation.delivered",
        "measure.started",
        "plan.made",
        "start_up_meeting.held",
        "follow_up.held",
        "follow_up.scheduled",
        "supervision.held",
        "conversation.held",
        "conversation.omitted",
        "meeting.planned",
        "meeting.held",
        "meeting.agenda_sent",
        "meeting.summary_delivered",
        "rights.occasion",
        "rights.informed",
        "caseworker.changed",
        "handover.letter_sent",
        "case.closed",
    } <= kinds
