"""Rows for the indicator tests, written with the ORM.

The services for meetings, conversations and rights are being written in parallel; the
indicators only read the stored rows, so the tests build exactly the rows they need.
Cases and caseworker assignments go through the cases services.
"""

import datetime as dt

from django.utils import timezone

from conftest import make_case, make_child
from stemme.cases import models as cases
from stemme.deadlines.models import Obligation
from stemme.meetings.models import Meeting, MeetingKind, MeetingStatus
from stemme.participation.models import Conversation, RightsInformation

_names = iter(range(10_000))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def child_with_case(world, *, team=None, opened_on=dt.date(2025, 1, 1), birth=None, name=None):
    """A new child of the world's municipality with a case on ``team`` (default: north)."""
    child = make_child(
        world.municipality,
        first_name=name or f"Barn{next(_names):04d}",
        last_name="Testesen",
        birth=birth,
    )
    team = team or world.team
    caseworker = world.assigned_caseworker if team == world.team else world.other_team_caseworker
    return make_case(child, team, caseworker, opened_on=opened_on)


def close(case, closed_on: dt.date) -> None:
    cases.Case.objects.filter(pk=case.pk).update(stage=cases.Stage.CLOSED, closed_on=closed_on)


def meeting(case, day: dt.date, *, status=MeetingStatus.HELD, **fields) -> Meeting:
    values = {
        "case": case,
        "kind": MeetingKind.FOLLOW_UP,
        "status": status,
        "purpose_for_child": "Vi taler om, hvordan det går i skolen.",
        "starts_at": at(day),
        "place": "Skolen",
        "child_chose_place_time": True,
        "held_on": day if status == MeetingStatus.HELD else None,
    }
    values.update(fields)
    return Meeting.objects.create(**values)


def decision(case, day: dt.date, **fields) -> cases.Decision:
    values = {
        "case": case,
        "paragraph": cases.Paragraph.SUPPORT_32,
        "legal_basis": "barnets lov § 32, stk. 1, nr. 3",
        "decided_on": day,
        "reasoning": "Barnet har brug for støtte.",
    }
    values.update(fields)
    return cases.Decision.objects.create(**values)


def follow_up(case, day: dt.date, **fields) -> cases.FollowUp:
    values = {
        "case": case,
        "held_on": day,
        "assessment": "Det går bedre.",
        "outcome": cases.FollowUpOutcome.CONTINUE,
    }
    values.update(fields)
    return cases.FollowUp.objects.create(**values)


def conversation(case, day: dt.date, **fields) -> Conversation:
    return Conversation.objects.create(case=case, happened_on=day, **fields)


def milestone(case, day: dt.date, kind=cases.MilestoneKind.CONVERSATION, **fields):
    return cases.Milestone.objects.create(case=case, kind=kind, happened_on=day, **fields)


def rights(case, day: dt.date, **fields) -> RightsInformation:
    values = {
        "child": case.child,
        "case": case,
        "topics": ["involvement", "party_status"],
        "method": "conversation",
        "given_on": day,
    }
    values.update(fields)
    return RightsInformation.objects.create(**values)


def obligation(case, rule_id: str, due: dt.date, status: str, *, met_late=False, ref=None):
    return Obligation.objects.create(
        case=case,
        child=case.child,
        rule_id=rule_id,
        trigger_ref=ref or f"test:{next(_names)}",
        legal_basis="barnets lov § 5, stk. 3",
        verification="guidance",
        unit="calendar_days",
        started_at=at(due - dt.timedelta(days=7)),
        due_at=at(due, 23),
        due_date=due,
        status=status,
        is_pending=status in ("open", "overdue"),
        met_late=met_late,
    )
