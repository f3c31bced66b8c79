import pytest
from django.http import Http404
from django.utils import timezone

from stemme.audit.models import AccessLog
from stemme.meetings import selectors, services
from stemme.meetings.tests.factories import held_with_summary, plan

pytestmark = pytest.mark.django_db


def test_access_meeting_by_id_checks_the_case_and_logs(world):
    meeting = plan(world)
    found = selectors.access_meeting_by_id(world.assigned_caseworker, meeting.pk, purpose="test")
    assert found == meeting
    assert found.case == world.case
    assert AccessLog.objects.filter(user=world.assigned_caseworker, child=world.child).exists()

    for user in (world.other_team_caseworker, world.other_municipality_caseworker):
        with pytest.raises(Http404):
            selectors.access_meeting_by_id(user, meeting.pk, purpose="test")
        assert not AccessLog.objects.filter(user=user).exists()
    for bad in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(Http404):
            selectors.access_meeting_by_id(world.assigned_caseworker, bad, purpose="test")


def test_indicators_count_agenda_summary_child_items_and_understanding(world):
    # 1: agenda before, child's item, summary given, understood.
    first = plan(world)
    services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=first, text="Mit", from_child=True
    )
    services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=first, text="Mit andet", from_child=True
    )
    services.meeting_send_agenda(actor=world.assigned_caseworker, meeting=first, channel="sms")
    services.meeting_hold(
        actor=world.assigned_caseworker, meeting=first, held_on=timezone.localdate()
    )
    services.meeting_record_summary(
        actor=world.assigned_caseworker,
        meeting=first,
        summary_for_child="Besluttet",
        child_understood="yes",
    )
    services.meeting_deliver_summary(
        actor=world.assigned_caseworker,
        meeting=first,
        delivered_on=timezone.localdate(),
        how="conversation",
    )
    # 2: held, nothing else, partly understood.
    held_with_summary(world, understood="partly")
    # 3: only planned: not counted.
    plan(world)

    counts = selectors.meeting_indicators()

    assert counts == {
        "held": 2,
        "agenda_before": 1,
        "summary_delivered": 1,
        "with_child_items": 1,
        "understood": 1,
    }


def test_child_panel_and_case_panel(world):
    held = held_with_summary(world, topics=["Fodbold"])
    soon = plan(world, days=2)
    later = plan(world, days=9)
    services.meeting_cancel(actor=world.assigned_caseworker, meeting=later, reason="Syg")
    # "Fodbold" was carried onto the meeting in two days.
    child = selectors.child_panel(child=world.child)
    assert child.next_meeting == soon
    assert child.next_meeting.child_items == 1
    assert child.topics == []

    case = selectors.case_panel(case=world.case)
    assert case.upcoming == [soon]
    assert set(case.recent) == {held, later}
