"""A child in danger is never routine: urgent and possibly serious messages raise an alarm that
reaches the caseworker and the team at once, stays on every staff page until acknowledged,
and becomes the child's own report of concern in one click. Quick exit ends the session."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from stemme.access.selectors import children_visible_to
from stemme.accounts.services import portal_settings_set, team_duty_set
from stemme.audit.models import Event
from stemme.cases.models import Intake, ReporterType
from stemme.deadlines.calendar import COPENHAGEN
from stemme.deadlines.models import Obligation
from stemme.participation.models import PortalMessage
from stemme.portal.selectors import alarms as selectors
from stemme.portal.selectors import messages as message_selectors
from stemme.portal.services import alarms as services
from stemme.portal.services import messages as message_services
from stemme.portal.session import COOKIE_NAME
from stemme.portal.testing import active_account, client_log_in

WORRY = "Jeg er bange for at komme hjem i dag. Far er meget vred og har slået min bror."


@pytest.fixture
def account(world):
    return active_account(world)


def _send(account, text=WORRY, **kwargs):
    kwargs.setdefault("kind", "free_text")
    return message_services.message_send(account=account, text=text, **kwargs)


def _staff(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- Words that may be serious ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entries", "expected"),
    [
        (WORRY, ["bange", "slå*", "slået"], ["bange", "slået"]),
        ("Han SLÅR mig", ["slå*"], ["slår"]),
        ("Vi var i døgnet på tur", ["dø"], []),
        ("Jeg vil bare dø", ["dø"], ["dø"]),
        ("Jeg tør   ikke\nsove", ["tør ikke"], ["tør ikke"]),
        ("bange bange BANGE", ["bange"], ["bange"]),
        ("Jeg er glad for skolen", ["bange", "slå*"], []),
        ("Han har en kniv", ["kniv*"], ["kniv"]),
    ],
)
def test_alarm_matches_whole_words_and_stems(text, entries, expected):
    assert selectors.alarm_matches(text, entries) == expected


def test_default_word_list_catches_the_walkthrough_worry(world):
    words = selectors.alarm_matches(WORRY, selectors.alarm_word_list(world.municipality))
    assert "bange" in words
    assert "slået" in words


# --- Raising the alarm --------------------------------------------------------------------------


def test_urgent_message_raises_alarm_for_caseworker_and_team_not_other_team(world, account):
    message = _send(account, text="Kan du ringe til mig?", urgent=True)
    assert message.urgent
    assert message.alarm
    assert message.alarm_words == []
    event = Event.objects.get(kind="portal.alarm_raised", ref=message.ref)
    recipients = set(event.data["recipients"])
    assert world.assigned_caseworker.pk in recipients
    assert world.same_team_caseworker.pk in recipients
    assert world.leader.pk in recipients
    assert world.other_team_caseworker.pk not in recipients
    assert world.other_leader.pk not in recipients
    assert world.administrator.pk not in recipients
    assert event.data["urgent"] is True


def test_serious_words_raise_alarm_even_when_not_ticked(world, account):
    message = _send(account, urgent=False)
    assert not message.urgent
    assert message.alarm
    assert "slået" in message.alarm_words


def test_routine_message_raises_no_alarm(world, account):
    message = _send(account, text="Jeg glæder mig til fodbold på lørdag.")
    assert not message.alarm
    assert not Event.objects.filter(kind="portal.alarm_raised").exists()
    assert selectors.alarm_banner(world.assigned_caseworker)["count"] == 0


def test_alarm_is_in_duty_inbox_at_once_and_first(world, account):
    routine = _send(account, text="Jeg glæder mig til fodbold.")
    PortalMessage.objects.filter(pk=routine.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=30)
    )
    alarm = _send(account, text="Kan du ringe?", urgent=True)
    duty = list(message_selectors.duty_inbox_messages(user=world.leader))
    assert [m.pk for m in duty] == [alarm.pk, routine.pk]
    inbox = list(message_selectors.inbox_messages(user=world.assigned_caseworker))
    assert inbox[0].pk == alarm.pk
    # Read but not acknowledged: still counted and still first.
    message_services.message_mark_read(actor=world.assigned_caseworker, message=alarm)
    assert message_selectors.duty_inbox_count(user=world.leader) == 2
    assert message_selectors.inbox_unread_count(user=world.assigned_caseworker) == 2


def test_banner_on_every_staff_page_until_acknowledged(client, world, account):
    message = _send(account, urgent=True)
    pages = [reverse("deadlines:worklist"), reverse("children:list"), reverse("accounts:profile")]
    for user in (world.assigned_caseworker, world.leader):
        _staff(client, user)
        for url in pages:
            body = client.get(url).content.decode()
            assert "alarm-banner" in body, (user, url)
            assert reverse("portal_staff:message", args=[message.pk]) in body
            # The banner never names the child (shared screens).
            assert (
                world.child.first_name
                not in body.split("alarm-banner", 1)[1].split("</section>", 1)[0]
            )
        assert 'class="is-alarm"' in client.get(pages[0]).content.decode()
    _staff(client, world.other_team_caseworker)
    assert "alarm-banner" not in client.get(pages[0]).content.decode()

    _staff(client, world.leader)
    response = client.post(
        reverse("portal_staff:message", args=[message.pk]), {"action": "acknowledge"}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.acknowledged_by == world.leader
    assert message.read_by == world.leader
    event = Event.objects.get(kind="portal.alarm_acknowledged", ref=message.ref)
    assert event.actor == world.leader
    for user in (world.assigned_caseworker, world.leader, world.same_team_caseworker):
        _staff(client, user)
        assert "alarm-banner" not in client.get(pages[0]).content.decode()


def test_banner_for_team_member_who_cannot_open_the_child_has_no_link(client, world, account):
    message = _send(account, urgent=True)
    _staff(client, world.same_team_caseworker)  # on the team, not on the case
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "alarm-banner" in body
    assert reverse("portal_staff:message", args=[message.pk]) not in body
    assert "the child's caseworker and the team leader can" in body


def test_acknowledge_twice_records_once(world, account):
    message = _send(account, urgent=True)
    services.alarm_acknowledge(actor=world.leader, message=message)
    services.alarm_acknowledge(actor=world.assigned_caseworker, message=message)
    message.refresh_from_db()
    assert message.acknowledged_by == world.leader
    assert Event.objects.filter(kind="portal.alarm_acknowledged").count() == 1


def test_alarm_channels_get_the_recipients_after_commit(
    world, account, settings, django_capture_on_commit_callbacks
):
    settings.STEMME_ALARM_CHANNELS = ["stemme.portal.tests.test_alarms.record_channel"]
    CHANNEL_CALLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(account, urgent=True)
    assert [
        (message.pk, [u.pk for u in selectors.alarm_recipients(message)]),
    ] == CHANNEL_CALLS


def test_a_failing_channel_never_loses_the_message(
    world, account, settings, django_capture_on_commit_callbacks
):
    settings.STEMME_ALARM_CHANNELS = ["stemme.portal.tests.test_alarms.broken_channel"]
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(account, urgent=True)
    assert PortalMessage.objects.filter(pk=message.pk, alarm=True).exists()


CHANNEL_CALLS: list = []


def record_channel(message_id, recipient_ids):
    CHANNEL_CALLS.append((message_id, recipient_ids))


def broken_channel(message_id, recipient_ids):
    raise RuntimeError("the SMS gateway is down")


# --- What the child sees -------------------------------------------------------------------------


def test_every_way_of_writing_offers_urgent(client, world, account):
    client_log_in(client, account)
    for kind in ("mood", "three_houses", "free_text"):
        body = client.get(reverse("portal:tell") + f"?vej={kind}").content.decode()
        assert 'name="urgent"' in body, kind
        assert "It is urgent – I am scared or need help now" in body
        assert 'href="tel:112"' in body


def test_urgent_send_shows_help_numbers_first_and_honest_time(client, world, account):
    client_log_in(client, account)
    response = client.post(
        reverse("portal:tell"), {"kind": "free_text", "text": WORRY, "urgent": "on"}
    )
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    main = body.split('id="main"', 1)[1]
    assert main.index("tel:112") < main.index("marked urgent")
    assert "You get an answer by" not in main.split("Your messages</h2>", 1)[0]
    # Staff-only marks never reach the child.
    assert "May be serious" not in body
    assert "slået</strong>" not in body


def test_child_never_sees_the_possibly_serious_mark(client, world, account):
    _send(account)
    client_log_in(client, account)
    body = client.get(reverse("portal:messages")).content.decode()
    assert "May be serious" not in body
    assert "may be serious" not in body


def _at(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=COPENHAGEN)


def test_duty_window_on_working_days_only(world):
    team = world.team  # 09:00–15:00 by default
    tuesday = selectors.duty_window(team, now=_at(2026, 12, 8, 10))
    assert tuesday.open_now
    assert tuesday.closes_at == _at(2026, 12, 8, 15)
    early = selectors.duty_window(team, now=_at(2026, 12, 8, 7))
    assert not early.open_now
    assert early.opens_today
    assert early.next_opens_at == _at(2026, 12, 8, 9)
    sunday = selectors.duty_window(team, now=_at(2026, 12, 6, 12))
    assert not sunday.open_now
    assert sunday.next_opens_at == _at(2026, 12, 7, 9)
    friday_evening = selectors.duty_window(team, now=_at(2026, 12, 11, 18))
    assert friday_evening.next_opens_at == _at(2026, 12, 14, 9)
    christmas_eve = selectors.duty_window(team, now=_at(2026, 12, 23, 16))
    assert christmas_eve.next_opens_at == _at(2026, 12, 28, 9)
    assert selectors.duty_window(None).next_opens_at is None


def test_team_duty_hours_are_validated_and_used(world):
    with translation.override("en"), pytest.raises(ValidationError, match="after it opens"):
        team_duty_set(
            actor=world.administrator,
            team=world.team,
            duty_phone="33 12 34 56",
            duty_hours="",
            duty_opens=dt.time(15, 0),
            duty_closes=dt.time(9, 0),
        )
    team_duty_set(
        actor=world.administrator,
        team=world.team,
        duty_phone="33 12 34 56",
        duty_hours="Hverdage 8-16",
        duty_opens=dt.time(8, 0),
        duty_closes=dt.time(16, 0),
    )
    world.team.refresh_from_db()
    assert selectors.duty_window(world.team, now=_at(2026, 12, 8, 15, 30)).open_now


def test_municipality_word_list_is_editable_and_never_empty(world, account):
    with translation.override("en"), pytest.raises(ValidationError, match="at least one word"):
        portal_settings_set(
            actor=world.administrator,
            municipality=world.municipality,
            escalate_after_hours=24,
            answer_within_days=2,
            alarm_words=" \n , ",
        )
    portal_settings_set(
        actor=world.administrator,
        municipality=world.municipality,
        escalate_after_hours=24,
        answer_within_days=2,
        alarm_words="Fodbold*\nfodbold*",
    )
    world.municipality.refresh_from_db()
    assert world.municipality.portal_alarm_words == "fodbold*"
    account.child.municipality.refresh_from_db()
    message = _send(account, text="Jeg elsker fodboldtræning")
    assert message.alarm_words == ["fodboldtræning"]


# --- Registering the message as a report of concern ---------------------------------------------


def test_register_as_report_starts_the_24_hour_duty(client, world, account):
    message = _send(account, urgent=True)
    _staff(client, world.assigned_caseworker)
    url = reverse("portal_staff:message", args=[message.pk])
    assert "Register as a report of concern" in client.get(url).content.decode()
    response = client.post(url, {"action": "report", "abuse": "on"})
    assert response.status_code == 302
    message.refresh_from_db()
    intake = message.report
    assert intake.reporter_type == ReporterType.CHILD
    assert intake.kind == "underretning"
    assert intake.abuse
    assert intake.received_at == message.created_at
    assert WORRY in intake.content
    assert response["Location"] == reverse("cases:detail", args=[intake.case_id])
    duty = Obligation.objects.get(case=intake.case, rule_id="underretning-24t")
    assert duty.due_at == message.created_at + dt.timedelta(hours=24)
    # Registering takes the alarm too.
    assert message.acknowledged_by == world.assigned_caseworker
    # A second click (or a colleague's) makes no second report.
    client.post(url, {"action": "report"})
    _staff(client, world.leader)
    client.post(url, {"action": "report"})
    assert Intake.objects.filter(reporter_type=ReporterType.CHILD).count() == 1
    assert Event.objects.filter(kind="portal.message_reported").count() == 1


def test_register_as_report_needs_access_to_the_child(client, world, account):
    message = _send(account, text="Hej")
    _staff(client, world.other_team_caseworker)
    response = client.post(reverse("portal_staff:message", args=[message.pk]), {"action": "report"})
    assert response.status_code == 404
    assert not Intake.objects.filter(reporter_type=ReporterType.CHILD).exists()


def test_acknowledge_on_a_message_without_alarm_is_refused(client, world, account):
    message = _send(account, text="Hej med dig")
    _staff(client, world.assigned_caseworker)
    response = client.post(
        reverse("portal_staff:message", args=[message.pk]), {"action": "acknowledge"}
    )
    assert response.status_code == 404
    assert not Event.objects.filter(kind="portal.alarm_acknowledged").exists()


# --- Quick exit and logging out ------------------------------------------------------------------


def test_quick_exit_ends_the_session_on_the_server(client, world, account):
    client_log_in(client, account)
    stolen = client.cookies[COOKIE_NAME].value
    assert client.get(reverse("portal:home")).status_code == 200
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.cookies[COOKIE_NAME] = stolen
    response = csrf_client.post(reverse("portal:quick_exit"))  # no CSRF token: still works
    assert response.status_code == 200
    assert "https://www.dr.dk/" in response.content.decode()
    assert response.cookies[COOKIE_NAME].value == ""
    assert "no-store" in response["Cache-Control"]
    # The same cookie (Back, or a copy of it) no longer opens the portal.
    again = type(client)()
    again.cookies[COOKIE_NAME] = stolen
    assert again.get(reverse("portal:home"))["Location"] == reverse("portal:login")


def test_quick_exit_without_a_session_still_leaves(client, db):
    response = client.post(reverse("portal:quick_exit"))
    assert response.status_code == 200
    assert 'http-equiv="refresh"' in response.content.decode()


def test_logging_out_shows_a_confirmation(client, world, account):
    client_log_in(client, account)
    response = client.post(reverse("portal:logout"))
    assert "logget-ud=1" in response["Location"]
    body = client.get(response["Location"]).content.decode()
    assert "You are logged out" in body


def test_the_banner_says_who_may_open_the_child_and_costs_one_query_without_alarms(
    world, account, django_assert_num_queries
):
    """The banner on every staff page: one query when there is no alarm; with one, the child's
    own caseworker may open it and a team colleague who may not see the child is told so."""
    with django_assert_num_queries(1):
        assert selectors.alarm_banner(world.assigned_caseworker) == {"count": 0, "alarms": []}
    _send(account, urgent=True)
    own = selectors.alarm_banner(world.assigned_caseworker)
    colleague = selectors.alarm_banner(world.same_team_caseworker)
    assert own["count"] == colleague["count"] == 1
    assert own["alarms"][0].visible is True
    may_see = world.child.pk in set(
        children_visible_to(world.same_team_caseworker).values_list("pk", flat=True)
    )
    assert colleague["alarms"][0].visible is may_see
    assert selectors.alarm_banner(world.other_team_caseworker)["count"] == 0
