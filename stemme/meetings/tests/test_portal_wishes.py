"""The staff meeting page shows what the child sent from Min sag: wishes, topics, feedback."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import Event
from stemme.meetings import services
from stemme.meetings.models import MeetingWish, MeetingWishKind
from stemme.meetings.tests.factories import bisidder, plan
from stemme.portal.services import meetings as portal
from stemme.portal.testing import active_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(client, world):
    client.force_login(world.assigned_caseworker)
    return client


@pytest.fixture
def account(world):
    return active_account(world)


def _detail(meeting) -> str:
    return reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})


def _handle(meeting, wish) -> str:
    return reverse("meetings:wish_handle", kwargs={"meeting_id": meeting.pk, "wish_id": wish.pk})


def test_the_meeting_page_shows_the_childs_wishes_and_topics_from_min_sag(
    caseworker, world, account
):
    meeting = plan(world)
    services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Talt om i samtalen", from_child=True
    )
    portal.meeting_topic_add(account=account, meeting=meeting, text="Min hund Bamse")
    portal.meeting_wish_send(
        account=account, meeting=meeting, kind=MeetingWishKind.PLACE_TIME, words="Efter skole"
    )
    bodil = bisidder(world, birth_date=dt.date(1980, 1, 1))
    portal.meeting_wish_send(
        account=account, meeting=meeting, kind=MeetingWishKind.BISIDDER, bisidder=bodil
    )
    portal.meeting_wish_send(
        account=account, meeting=meeting, kind=MeetingWishKind.BISIDDER, words="Træner Tim"
    )

    body = caseworker.get(_detail(meeting)).content.decode()

    assert "The child's wishes from Min sag" in body
    assert "3 not handled" in body
    assert "Efter skole" in body
    assert "Registered bisidder: Bodil Bisidder (Moster)" in body
    assert "Træner Tim" in body
    assert "Not in the bisidder register" in body  # a typed name needs checking first
    assert body.count("Mark as handled") == 3
    # Only the topic added in Min sag carries the Min sag flag; both are the child's own.
    assert body.count("Added by the child in Min sag") == 1
    assert body.index("Min hund Bamse") < body.index("Added by the child in Min sag")
    assert body.index("Talt om i samtalen") < body.index("Min hund Bamse")


def test_marking_a_wish_handled(caseworker, world, account):
    meeting = plan(world)
    wish = portal.meeting_wish_send(
        account=account, meeting=meeting, kind=MeetingWishKind.PLACE_TIME, words="Hjemme"
    )
    response = caseworker.post(_handle(meeting, wish))
    assert response.status_code == 302
    assert response["Location"] == f"{_detail(meeting)}#from-min-sag"
    wish.refresh_from_db()
    assert wish.handled_by == world.assigned_caseworker
    assert Event.objects.filter(kind="portal.wish_handled", actor=world.assigned_caseworker).count()

    body = caseworker.get(_detail(meeting)).content.decode()
    assert "Handled" in body
    assert "Tove Tildelt" in body
    assert "Mark as handled" not in body

    # Twice: a message, no second event.
    before = Event.objects.count()
    caseworker.post(_handle(meeting, wish))
    assert Event.objects.count() == before
    # The child sees that the caseworker has seen it.
    from stemme.portal.testing import client_log_in

    client_log_in(caseworker, account)
    child_page = caseworker.get(reverse("portal:meeting", kwargs={"meeting_id": meeting.pk}))
    assert "Your caseworker has seen it" in child_page.content.decode()


def test_a_wish_of_another_meeting_or_another_team_is_404(client, world, account):
    meeting = plan(world)
    other = plan(world, days=9)
    wish = portal.meeting_wish_send(
        account=account, meeting=meeting, kind=MeetingWishKind.PLACE_TIME, words="Hjemme"
    )
    client.force_login(world.assigned_caseworker)
    assert client.post(_handle(other, wish)).status_code == 404
    client.force_login(world.other_team_caseworker)
    assert client.post(_handle(meeting, wish)).status_code == 404
    assert MeetingWish.objects.get().handled_at is None


def test_the_childs_feedback_on_the_meeting_and_case_pages(caseworker, world, account):
    meeting = services.meeting_hold(
        actor=world.assigned_caseworker, meeting=plan(world), held_on=timezone.localdate()
    )
    portal.meeting_feedback_give(
        account=account, meeting=meeting, smiley=2, heard="partly", words="For mange voksne"
    )

    body = caseworker.get(_detail(meeting)).content.decode()
    assert "The child's feedback" in body
    assert "#face-2" in body
    assert "Bad" in body
    assert "A little" in body
    assert "For mange voksne" in body

    case_page = caseworker.get(reverse("cases:detail", kwargs={"case_id": world.case.pk}))
    assert "The child's feedback: Bad" in case_page.content.decode()
    meetings_page = caseworker.get(
        reverse("meetings:case_meetings", kwargs={"case_id": world.case.pk})
    )
    assert "#face-2" in meetings_page.content.decode()
    assert "feedback: </span>Bad" in meetings_page.content.decode()


def test_the_case_panel_feedback_costs_no_extra_queries(caseworker, world, account):
    url = reverse("meetings:case_meetings", kwargs={"case_id": world.case.pk})
    services.meeting_hold(
        actor=world.assigned_caseworker, meeting=plan(world), held_on=timezone.localdate()
    )
    with CaptureQueriesContext(connection) as few:
        caseworker.get(url)
    for days in range(2, 6):
        meeting = services.meeting_hold(
            actor=world.assigned_caseworker,
            meeting=plan(world, days=days),
            held_on=timezone.localdate(),
        )
        portal.meeting_feedback_give(account=account, meeting=meeting, smiley=days - 1)
    with CaptureQueriesContext(connection) as many:
        body = caseworker.get(url).content.decode()
    assert len(many) == len(few)
    assert body.count("The child's feedback:") == 4


def test_the_faces_after_the_meetings_as_a_trend_with_a_notice_when_they_drop(
    caseworker, world, account
):
    url = reverse("meetings:case_meetings", kwargs={"case_id": world.case.pk})
    for days, smiley in ((2, 5), (3, 4), (4, 5)):
        meeting = services.meeting_hold(
            actor=world.assigned_caseworker,
            meeting=plan(world, days=days),
            held_on=timezone.localdate(),
        )
        portal.meeting_feedback_give(account=account, meeting=meeting, smiley=smiley)
    response = caseworker.get(url)
    trend = response.context["trend"]
    assert [face.value for _meeting, face in trend.faces] == [5, 4, 5]
    assert not trend.dropped
    meeting = services.meeting_hold(
        actor=world.assigned_caseworker, meeting=plan(world, days=5), held_on=timezone.localdate()
    )
    # 3 after 5, 4, 5 (average 4.7): clearly lower.
    portal.meeting_feedback_give(account=account, meeting=meeting, smiley=3)
    response = caseworker.get(url)
    assert response.context["trend"].dropped
    assert "clearly lower than before" in response.content.decode()


def test_the_leader_sees_the_childrens_faces_only_from_enough_answers(client, world, account):
    url = reverse("dashboards:involvement")
    client.force_login(world.leader)
    for days, smiley in ((2, 5), (3, 5), (4, 4), (5, 2)):
        meeting = services.meeting_hold(
            actor=world.assigned_caseworker,
            meeting=plan(world, days=days),
            held_on=timezone.localdate(),
        )
        portal.meeting_feedback_give(account=account, meeting=meeting, smiley=smiley)
    faces = client.get(url).context["faces"]
    assert (faces.n, faces.shown) == (4, False)  # under the survey's minimum of 5
    meeting = services.meeting_hold(
        actor=world.assigned_caseworker, meeting=plan(world, days=6), held_on=timezone.localdate()
    )
    portal.meeting_feedback_give(account=account, meeting=meeting, smiley=1)
    faces = client.get(url).context["faces"]
    assert (faces.count, faces.n, faces.percent) == (3, 5, 60)
    assert (faces.low_percent, faces.high_percent) == (23, 88)
