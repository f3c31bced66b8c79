"""Tell my caseworker: the child's messages, their filing as the child's words, the staff inbox,
the team's duty inbox (derived escalation), answers, and the panel on the child and case pages."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import make_case, make_child
from stemme.audit.models import AccessLog, Event
from stemme.deadlines.calendar import add_working_days
from stemme.deadlines.services import holiday_settings_set
from stemme.participation.models import ChildStatement, PortalMessage, StatementMode
from stemme.portal.selectors import messages as selectors
from stemme.portal.services import messages as services
from stemme.portal.testing import active_account, client_log_in, parent_person


@pytest.fixture
def account(world):
    return active_account(world)


@pytest.fixture
def child_client(client, account):
    client_log_in(client, account)
    return client


def _send(account, text="Jeg savner min far.", **kwargs):
    kwargs.setdefault("kind", "free_text")
    return services.message_send(account=account, text=text, **kwargs)


def _staff(client, user):
    """Log ``client`` in as staff, reading English (the msgids), like the portal clients."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _counts():
    return (PortalMessage.objects.count(), ChildStatement.objects.count(), Event.objects.count())


def _age(message, hours: float):
    """Move the message's sending time back (created_at is set automatically on insert)."""
    PortalMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours)
    )
    message.refresh_from_db()
    return message


# --- The service -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "mood"}, "mood"),
        ({"kind": "mood", "mood": 7}, "mood"),
        ({"kind": "mood", "mood": "glad"}, "mood"),
        ({"kind": "mood", "mood": 3, "why": "x" * 4001}, "why"),
        ({"kind": "three_houses", "good_things": " ", "worries": "", "dreams": "\n"}, "__all__"),
        ({"kind": "three_houses", "worries": "y" * 4001}, "worries"),
        ({"kind": "free_text", "text": "   "}, "text"),
        ({"kind": "free_text", "text": "z" * 4001}, "text"),
        ({"kind": "letter", "text": "Hej"}, "kind"),
    ],
)
def test_send_refuses_bad_input_and_writes_nothing(world, account, kwargs, field):
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        services.message_send(account=account, **kwargs)
    assert field in caught.value.message_dict
    assert all(message for messages in caught.value.message_dict.values() for message in messages)
    assert _counts() == before


def test_exactly_max_length_is_accepted(world, account):
    message = _send(account, text="å" * services.MAX_LENGTH)
    assert len(message.text) == services.MAX_LENGTH


def test_parent_cannot_send(world):
    parent = active_account(world, person=parent_person(world))
    before = _counts()
    with pytest.raises(ValidationError):
        _send(parent)
    assert _counts() == before


def test_child_without_open_case_is_told_nobody_reads_it(world):
    lone = make_child(world.municipality, first_name="Ida", last_name="Ensom")
    account = active_account(world, child=lone)
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        _send(account)
    assert "116 111" in " ".join(caught.value.messages)
    assert _counts() == before


def test_free_text_is_filed_verbatim_as_the_childs_words(world, account):
    words = "Jeg er ked af det.\nMor råber om aftenen."
    message = _send(account, text=words)

    statement = ChildStatement.objects.get(pk=message.statement_id)
    assert statement.words == words
    assert statement.mode == StatementMode.PORTAL
    assert statement.case == world.case
    assert statement.child == world.child
    assert statement.informs_ref == message.ref
    assert message.case == world.case
    event = Event.objects.get(kind="portal.message_sent")
    assert event.actor is None
    assert (event.child, event.case, event.ref) == (world.child, world.case, message.ref)
    assert event.data == {"kind": "free_text", "urgent": False}


def test_three_houses_files_the_filled_houses_with_their_labels(world, account):
    message = services.message_send(
        account=account, kind="three_houses", good_things=" Min hund ", dreams="At bo hos far"
    )
    with translation.override(settings.LANGUAGE_CODE):
        expected = f"{gettext('Good things')}: Min hund\n{gettext('Dreams')}: At bo hos far"
    assert message.statement.words == expected
    assert (message.good_things, message.worries, message.dreams) == (
        "Min hund",
        "",
        "At bo hos far",
    )


def test_mood_files_the_face_and_why(world, account):
    message = services.message_send(account=account, kind="mood", mood="4", why="Fik en ven")
    assert message.mood == 4
    assert message.text == "Fik en ven"
    with translation.override(settings.LANGUAGE_CODE):
        mood = gettext("Mood: %(mood)s.") % {"mood": gettext("Good")}
        expected = mood + " " + gettext("Why: %(why)s") % {"why": "Fik en ven"}
    assert message.statement.words == expected


def test_answer_date_counts_working_days_and_the_municipalitys_closing_days(world):
    municipality = world.municipality
    municipality.portal_answer_within_days = 2
    wednesday = dt.datetime(2026, 12, 23, 20, 0, tzinfo=dt.UTC)
    # 24 December is closed by default; 25-27 are holidays and a Sunday.
    assert selectors.answer_expected_by(municipality=municipality, sent_at=wednesday) == dt.date(
        2026, 12, 29
    )
    holiday_settings_set(
        actor=None,
        municipality=municipality,
        grundlovsdag=True,
        juleaftensdag=False,
        nytaarsaftensdag=True,
    )
    assert selectors.answer_expected_by(municipality=municipality, sent_at=wednesday) == dt.date(
        2026, 12, 28
    )
    friday = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)
    assert selectors.answer_expected_by(municipality=municipality, sent_at=friday) == dt.date(
        2026, 12, 1
    )


# --- The child's pages -------------------------------------------------------------------------


def test_tell_page_offers_three_ways_and_the_help_numbers(world, child_client):
    body = child_client.get(reverse("portal:tell")).content.decode()
    assert "Tell Tove something" in body
    assert "Tove reads it." in body
    assert "?vej=mood" in body
    assert "?vej=three_houses" in body
    assert "?vej=free_text" in body
    assert "call 112 or BørneTelefonen 116 111" in body
    assert 'name="kind"' not in body  # first a choice, then one small form


@pytest.mark.parametrize("kind", ["mood", "three_houses", "free_text"])
def test_each_way_shows_its_form(world, child_client, kind):
    body = child_client.get(reverse("portal:tell") + f"?vej={kind}").content.decode()
    assert f'name="kind" value="{kind}"' in body
    assert "Choose another way" in body


def test_child_sends_and_is_told_who_reads_it_and_when(world, child_client):
    response = child_client.post(reverse("portal:tell"), {"kind": "three_houses", "worries": "Far"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:messages") + "?sendt=1"
    body = child_client.get(response["Location"]).content.decode()
    answer_by = add_working_days(timezone.localdate(), world.municipality.portal_answer_within_days)
    assert "Thank you. Your message is sent." in body
    assert "Tove reads it." in body
    assert f"You get an answer by {answer_by:%A} {answer_by.day}. {answer_by:%B}." in body
    assert "call 112 or BørneTelefonen 116 111" in body
    assert "Far" in body
    assert "Not read yet." in body


def test_form_errors_are_shown_and_nothing_is_written(world, child_client):
    before = _counts()
    response = child_client.post(reverse("portal:tell"), {"kind": "three_houses"})
    assert response.status_code == 200
    assert "Write in at least one house." in response.content.decode()
    response = child_client.post(reverse("portal:tell"), {"kind": "mood", "why": "Bare"})
    body = response.content.decode()
    assert "Choose a face." in body
    assert "Bare" in body  # what the child wrote is kept
    assert _counts() == before


def test_parent_gets_404_and_never_sees_the_childs_messages(world, client, account):
    _send(account, text="Hemmelig besked")
    parent = active_account(world, person=parent_person(world))
    client_log_in(client, parent)
    assert client.get(reverse("portal:tell")).status_code == 404
    assert client.get(reverse("portal:messages")).status_code == 404
    before = _counts()
    response = client.post(reverse("portal:tell"), {"kind": "free_text", "text": "Fra mor"})
    assert response.status_code == 404
    assert _counts() == before


def test_another_child_sees_only_their_own_messages(world, client, account):
    _send(account, text="Zenias hemmelighed")
    other = active_account(world, child=world.other_child)
    client_log_in(client, other)
    body = client.get(reverse("portal:messages")).content.decode()
    assert "Zenias hemmelighed" not in body
    assert "You have not sent any messages yet." in body


def test_answer_is_shown_to_the_child(world, client, child_client, account):
    message = _send(account)
    _staff(client, world.assigned_caseworker)
    response = client.post(
        reverse("portal_staff:message", args=[message.pk]),
        {"action": "answer", "answer": "Tak fordi du skrev. Vi ses på torsdag."},
    )
    assert response.status_code == 302
    client.logout()
    client_log_in(child_client, account)
    body = child_client.get(reverse("portal:messages")).content.decode()
    assert "Your caseworker has read it." in body
    assert "Answer from Tove" in body
    assert "Tak fordi du skrev. Vi ses på torsdag." in body


# --- Staff: reading and answering ---------------------------------------------------------------


def test_mark_read_is_recorded_once(world, account):
    message = _send(account)
    services.message_mark_read(actor=world.assigned_caseworker, message=message)
    services.message_mark_read(actor=world.same_team_caseworker, message=message)
    message.refresh_from_db()
    assert message.read_by == world.assigned_caseworker
    assert Event.objects.filter(kind="portal.message_read", ref=message.ref).count() == 1


def test_answer_needs_words_and_marks_read(world, account):
    message = _send(account)
    with pytest.raises(ValidationError) as caught:
        services.message_answer(actor=world.assigned_caseworker, message=message, answer="  ")
    assert "answer" in caught.value.message_dict
    services.message_answer(actor=world.assigned_caseworker, message=message, answer="Hej Zenia")
    message.refresh_from_db()
    assert message.answer == "Hej Zenia"
    assert message.read_by == world.assigned_caseworker
    assert message.read_at == message.answered_at
    event = Event.objects.get(kind="portal.message_answered")
    assert event.actor == world.assigned_caseworker
    assert event.data == {"kind": "free_text", "marked_read": True}


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_a_second_answer_is_refused_and_never_overwrites(world, account, english):
    message = _send(account)
    # Both caseworkers opened the message while it was unanswered.
    seen_by_tove = PortalMessage.objects.get(pk=message.pk)
    seen_by_karl = PortalMessage.objects.get(pk=message.pk)
    services.message_answer(actor=world.same_team_caseworker, message=seen_by_karl, answer="Karl")
    with pytest.raises(ValidationError) as caught:
        services.message_answer(
            actor=world.assigned_caseworker, message=seen_by_tove, answer="Tove"
        )
    assert "Karl Kollega answered this message" in " ".join(caught.value.messages)
    message.refresh_from_db()
    assert (message.answer, message.answered_by) == ("Karl", world.same_team_caseworker)
    assert Event.objects.filter(kind="portal.message_answered").count() == 1


def test_second_answer_in_the_browser_shows_who_answered(world, client, account):
    message = _send(account)
    services.message_answer(actor=world.leader, message=message, answer="Fra Lene")
    _staff(client, world.assigned_caseworker)
    response = client.post(
        reverse("portal_staff:message", args=[message.pk]),
        {"action": "answer", "answer": "Fra Tove"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lene Leder answered this message" in body
    assert "Fra Lene" in body
    message.refresh_from_db()
    assert message.answer == "Fra Lene"


def test_message_page_get_logs_access_and_writes_no_event(world, client, account):
    message = _send(account)
    _staff(client, world.assigned_caseworker)
    events = Event.objects.count()
    body = client.get(reverse("portal_staff:message", args=[message.pk])).content.decode()
    assert "Jeg savner min far." in body
    assert "Filed in the case as the child's own words" in body
    assert Event.objects.count() == events
    assert AccessLog.objects.filter(
        user=world.assigned_caseworker, child=world.child, purpose="portal_message"
    ).exists()
    message.refresh_from_db()
    assert message.read_at is None  # looking is not reading: the caseworker marks it


def test_message_page_is_404_for_unknown_ids_and_for_staff_who_cannot_see_the_child(
    world, client, account
):
    message = _send(account)
    _staff(client, world.other_team_caseworker)
    assert client.get(reverse("portal_staff:message", args=[message.pk])).status_code == 404
    response = client.post(
        reverse("portal_staff:message", args=[message.pk]), {"action": "answer", "answer": "x"}
    )
    assert response.status_code == 404
    _staff(client, world.assigned_caseworker)
    unknown = "7d0e4b8e-0000-4000-8000-000000000000"
    assert client.get(reverse("portal_staff:message", args=[unknown])).status_code == 404
    message.refresh_from_db()
    assert message.answer == ""


# --- Staff: the inboxes -------------------------------------------------------------------------


def test_inbox_lists_unread_first_then_newest(world, client, account):
    first = _age(_send(account, text="Første"), 3)
    second = _age(_send(account, text="Anden"), 2)
    third = _age(_send(account, text="Tredje"), 1)
    services.message_mark_read(actor=world.assigned_caseworker, message=third)
    rows = list(selectors.inbox_messages(user=world.assigned_caseworker))
    assert rows == [second, first, third]
    _staff(client, world.assigned_caseworker)
    body = client.get(reverse("portal_staff:inbox")).content.decode()
    assert body.index("Anden") < body.index("Første") < body.index("Tredje")
    assert "Zenia Hemmeligsen" in body
    assert "2 unread messages" in body
    assert AccessLog.objects.filter(
        user=world.assigned_caseworker, child=world.child, purpose="portal_inbox"
    ).exists()


def test_inbox_holds_only_the_users_own_children(world, account):
    _send(account)
    other = active_account(world, child=world.other_child)
    _send(other, text="Ottos besked")
    assert [m.child for m in selectors.inbox_messages(user=world.assigned_caseworker)] == [
        world.child
    ]
    assert [m.child for m in selectors.inbox_messages(user=world.other_team_caseworker)] == [
        world.other_child
    ]
    assert not selectors.inbox_messages(user=world.same_team_caseworker).exists()
    assert not selectors.inbox_messages(user=world.leader).exists()


def test_escalation_is_derived_at_the_boundary(world, account):
    hours = world.municipality.portal_escalate_after_hours
    message = _send(account)
    sent = message.created_at
    leader = world.leader
    before = sent + dt.timedelta(hours=hours) - dt.timedelta(seconds=1)
    at = sent + dt.timedelta(hours=hours)
    assert list(selectors.duty_inbox_messages(user=leader, now=before)) == []
    assert list(selectors.duty_inbox_messages(user=leader, now=at)) == [message]
    assert selectors.duty_inbox_count(user=leader, now=at) == 1
    services.message_mark_read(actor=world.assigned_caseworker, message=message)
    assert list(selectors.duty_inbox_messages(user=leader, now=at)) == []


def test_duty_inbox_shows_only_the_teams_children(world, client, account):
    _age(_send(account, text="Zenia venter"), 30)
    other = active_account(world, child=world.other_child)
    _age(_send(other, text="Otto venter"), 30)

    _staff(client, world.leader)
    body = client.get(reverse("portal_staff:duty_inbox")).content.decode()
    assert "Zenia venter" in body
    assert "Otto venter" not in body
    assert "Tove Tildelt" in body  # the child's own caseworker
    _staff(client, world.other_leader)
    body = client.get(reverse("portal_staff:duty_inbox")).content.decode()
    assert "Otto venter" in body
    assert "Zenia venter" not in body
    # A caseworker on the team sees it only when caseworkers may see the team's children.
    colleague = world.same_team_caseworker
    assert not selectors.duty_inbox_messages(user=colleague).exists()
    world.municipality.caseworkers_see_team_children = True
    world.municipality.save()
    colleague.refresh_from_db()
    assert [m.text for m in selectors.duty_inbox_messages(user=colleague)] == ["Zenia venter"]


def test_staff_pages_refuse_administrators(world, client):
    _staff(client, world.administrator)
    assert client.get(reverse("portal_staff:inbox")).status_code == 403
    assert client.get(reverse("portal_staff:duty_inbox")).status_code == 403


def test_navigation_shows_the_unread_count(world, client, account):
    _staff(client, world.assigned_caseworker)
    body = client.get(reverse("children:list")).content.decode()
    assert f'href="{reverse("portal_staff:inbox")}">Messages from children</a>' in body
    _send(account)
    body = client.get(reverse("portal_staff:inbox")).content.decode()
    assert (
        f'href="{reverse("portal_staff:inbox")}" aria-current="page">Messages from children (1)'
        in body
    )
    assert body.count('aria-current="page"') == 1


def _more_children_with_messages(world, count: int):
    for index in range(count):
        child = make_child(world.municipality, first_name=f"Barn{index}", last_name="Testesen")
        make_case(child, world.team, world.assigned_caseworker)
        _age(_send(active_account(world, child=child), text=f"Besked {index}"), 30)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("user_attr", "url_name"),
    [("assigned_caseworker", "portal_staff:inbox"), ("leader", "portal_staff:duty_inbox")],
)
def test_inbox_query_count_is_constant(world, client, account, user_attr, url_name):
    _age(_send(account), 30)
    _staff(client, getattr(world, user_attr))
    url = reverse(url_name)
    client.get(url)  # warm up
    small = _queries(client, url)
    _more_children_with_messages(world, 8)
    for _ in range(5):
        _send(account)
    assert _queries(client, url) == small


def test_panel_shows_latest_messages_in_constant_queries(world, client, account):
    _staff(client, world.assigned_caseworker)
    url = reverse("children:detail", args=[world.child.pk])
    body = client.get(url).content.decode()
    assert "No messages from the child in Min sag." in body
    message = _send(account, text="Første besked")
    small = _queries(client, url)
    body = client.get(url).content.decode()
    assert "1 unread" in body
    assert reverse("portal_staff:message", args=[message.pk]) in body
    for index in range(8):
        _send(account, text=f"Besked nummer {index}")
    assert _queries(client, url) == small
    body = client.get(url).content.decode()
    assert "Besked nummer 7" in body
    assert "Første besked" not in body
    assert "9 unread" in body
    case_body = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Besked nummer 7" in case_body


def test_panel_selector_runs_two_queries(world, account, django_assert_num_queries):
    for index in range(7):
        _send(account, text=f"Besked {index}")
    child = world.child.__class__.objects.select_related("municipality").get(pk=world.child.pk)
    with django_assert_num_queries(2):
        panel = selectors.child_messages_panel(child=child)
    assert len(panel["messages"]) == 5
    assert panel["unread"] == 7


def test_child_is_never_promised_a_date_that_has_passed(world, child_client, account):
    _age(_send(account, text="Gammel besked"), 24 * 10)
    body = child_client.get(reverse("portal:messages")).content.decode()
    assert "Sorry. Your answer is late. Someone will answer you soon." in body
    assert "You get an answer by" not in body
