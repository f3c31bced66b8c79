"""Notifications that carry no personal data: each event reaches the right people only, follows
their choices, names no child, and is sent once however often it is asked for."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from stemme.access.services import emergency_access_grant
from stemme.cases.models import CaseworkerAssignment
from stemme.continuity.services import handover_start
from stemme.core.conflicts import EditConflict
from stemme.notifications import services
from stemme.notifications.models import Channel, Kind, Notification, NotificationPreference, Status
from stemme.notifications.selectors import duty_counts
from stemme.notifications.sms import FakeSMS
from stemme.notifications.tasks import send_notification
from stemme.participation.models import PortalMessage
from stemme.portal.services import messages as message_services
from stemme.portal.services.reading import read_by_the_way
from stemme.portal.testing import active_account

WORDS = "Kan min lillebror komme med til det næste møde på skolen"


@pytest.fixture(autouse=True)
def _mail(settings, world):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STEMME_BASE_URL = "https://stemme.example.dk"
    settings.STEMME_SMS_ADAPTER = "stemme.notifications.sms.NoSMS"
    for user in world.users_by_role().values():
        if user is not None:
            user.email = f"{user.username}@example.dk"
            user.save(update_fields=["email"])
    for user in (world.same_team_caseworker, world.other_leader):
        user.email = f"{user.username}@example.dk"
        user.save(update_fields=["email"])
    FakeSMS.outbox.clear()


def _da(text, **values) -> str:
    """A text as the e-mails say it (the municipality's language, Danish)."""
    with translation.override("da"):
        return str(text) % values if values else str(text)


def _subject(kind) -> str:
    return _da(services.SUBJECTS[kind])


def _to(*users) -> set[str]:
    return {user.email for user in users}


def _recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def _assert_content_free(world, *texts):
    child = world.child
    for text in texts:
        for secret in (child.first_name, child.last_name, child.cpr, child.cpr[:6], "lillebror"):
            assert secret not in text
        assert str(child.pk) not in text
        assert str(world.case.pk) not in text


def _send(world, django_capture_on_commit_callbacks, **kwargs):
    account = active_account(world)
    with django_capture_on_commit_callbacks(execute=True):
        return message_services.message_send(
            account=account, kind="free_text", text=WORDS, **kwargs
        )


def _prefs(user, **changes):
    values = {
        "urgent_message": True,
        "unread_message": True,
        "emergency_access": True,
        "handover": True,
        "digest": True,
    }
    return services.preferences_set(actor=user, user=user, **{**values, **changes})


# --- An urgent message ---------------------------------------------------------------------------


def test_urgent_message_tells_the_caseworker_and_the_duty_team_at_once(
    world, django_capture_on_commit_callbacks
):
    message = _send(world, django_capture_on_commit_callbacks, urgent=True)
    assert message.alarm
    assert _recipients() == _to(world.assigned_caseworker, world.same_team_caseworker, world.leader)
    for sent in mail.outbox:
        assert sent.subject == _subject(Kind.URGENT_MESSAGE)
        assert "https://stemme.example.dk/beskeder/team/" in sent.body
        assert "https://stemme.example.dk/konto/profil/notifikationer/" in sent.body
        _assert_content_free(world, sent.subject, sent.body)
    rows = Notification.objects.filter(kind=Kind.URGENT_MESSAGE)
    assert {row.status for row in rows} == {Status.SENT}
    assert {row.subject_ref for row in rows} == {message.ref}


def test_an_ordinary_message_tells_nobody_at_once(world, django_capture_on_commit_callbacks):
    _send(world, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_caseworker_cannot_switch_off_their_own_childs_urgent_message(
    world, django_capture_on_commit_callbacks
):
    _prefs(world.assigned_caseworker, urgent_message=False)
    _prefs(world.same_team_caseworker, urgent_message=False)
    _send(world, django_capture_on_commit_callbacks, urgent=True)
    assert _recipients() == _to(world.assigned_caseworker, world.leader)


def test_an_urgent_message_reaches_someone_when_everyone_switched_it_off(
    world, django_capture_on_commit_callbacks
):
    CaseworkerAssignment.objects.filter(case=world.case).update(ended_on=dt.date(2026, 2, 1))
    for user in (world.assigned_caseworker, world.same_team_caseworker, world.leader):
        _prefs(user, urgent_message=False)
    _send(world, django_capture_on_commit_callbacks, urgent=True)
    # No current caseworker: the whole team is told, as members of the duty inbox.
    assert _recipients() == _to(world.assigned_caseworker, world.same_team_caseworker, world.leader)


def test_asking_twice_sends_once(world, django_capture_on_commit_callbacks):
    message = _send(world, django_capture_on_commit_callbacks, urgent=True)
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.urgent_message_notify(message=message) == []
    for row in Notification.objects.all():
        send_notification.enqueue(row.pk)
        send_notification.enqueue(row.pk)
    assert len(mail.outbox) == count == 3


# --- A message left unread -----------------------------------------------------------------------


def test_an_unread_message_past_the_escalation_time_tells_the_duty_team_once(
    world, django_capture_on_commit_callbacks
):
    message = _send(world, django_capture_on_commit_callbacks)
    hours = world.municipality.portal_escalate_after_hours
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_sweep(now=message.created_at + dt.timedelta(hours=1)) == 0
    assert mail.outbox == []
    later = message.created_at + dt.timedelta(hours=hours, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_sweep(now=later) == 3
        assert services.notifications_sweep(now=later) == 0
    assert _recipients() == _to(world.assigned_caseworker, world.same_team_caseworker, world.leader)
    assert {sent.subject for sent in mail.outbox} == {_subject(Kind.UNREAD_MESSAGE)}
    for sent in mail.outbox:
        _assert_content_free(world, sent.subject, sent.body)


def test_a_message_read_in_time_is_not_escalated(world, django_capture_on_commit_callbacks):
    message = _send(world, django_capture_on_commit_callbacks)
    read_by_the_way(message, actor=world.assigned_caseworker, now=timezone.now())
    message.save()
    assert PortalMessage.objects.get(pk=message.pk).read_at is not None
    later = message.created_at + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_sweep(now=later)
    assert mail.outbox == []


def test_the_unread_notice_follows_the_choices(world, django_capture_on_commit_callbacks):
    _prefs(world.leader, unread_message=False)
    message = _send(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_sweep(now=message.created_at + dt.timedelta(days=3))
    assert _recipients() == _to(world.assigned_caseworker, world.same_team_caseworker)


# --- Emergency access, handover ------------------------------------------------------------------


def test_emergency_access_tells_the_reviewing_leaders_only(
    world, django_capture_on_commit_callbacks
):
    emergency_access_grant(
        actor=world.other_team_caseworker,
        cpr=world.child.cpr,
        reason="Barnet står i receptionen og spørger efter sin sagsbehandler.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_sweep() == 2
        assert services.notifications_sweep() == 0
    assert _recipients() == _to(world.leader, world.other_leader)
    for sent in mail.outbox:
        assert sent.subject == _subject(Kind.EMERGENCY_ACCESS)
        assert "Barnet står" not in sent.body
        _assert_content_free(world, sent.subject, sent.body)


def test_a_handover_tells_the_new_caseworker_only(world, django_capture_on_commit_callbacks):
    handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=timezone.localdate(),
    )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notifications", stdout=out)
        call_command("send_notifications", stdout=out)
    assert out.getvalue().split("\n")[:2] == [
        "1 notification(s) queued.",
        "0 notification(s) queued.",
    ]
    assert _recipients() == _to(world.same_team_caseworker)
    assert mail.outbox[0].subject == _subject(Kind.HANDOVER)
    _assert_content_free(world, mail.outbox[0].body)


def test_emergency_access_and_a_handover_are_told_at_once_not_at_the_next_timer(
    world, django_capture_on_commit_callbacks
):
    """The services ask for the sweep as soon as they commit: no timer has run here."""
    with django_capture_on_commit_callbacks(execute=True):
        emergency_access_grant(
            actor=world.other_team_caseworker,
            cpr=world.child.cpr,
            reason="Barnet står i receptionen og spørger efter sin sagsbehandler.",
        )
    assert _recipients() == _to(world.leader, world.other_leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handover_start(
            actor=world.leader,
            case=world.case,
            to_caseworker=world.same_team_caseworker,
            changes_on=timezone.localdate(),
        )
    assert [sent.to for sent in mail.outbox] == [[world.same_team_caseworker.email]]
    assert mail.outbox[0].subject == _subject(Kind.HANDOVER)
    # The timer, the safety net, finds nothing left to tell.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_sweep() == 0


def _grant_then_fail(world):
    with transaction.atomic():
        emergency_access_grant(
            actor=world.other_team_caseworker,
            cpr=world.child.cpr,
            reason="Barnet står i receptionen og spørger efter sin sagsbehandler.",
        )
        raise RuntimeError("the request failed after the grant")


def test_a_grant_that_is_rolled_back_tells_nobody(world, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        _grant_then_fail(world)
    assert callbacks == []
    assert mail.outbox == []


def test_a_handover_not_wanted_is_not_sent(world, django_capture_on_commit_callbacks):
    _prefs(world.same_team_caseworker, handover=False)
    handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=timezone.localdate(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_sweep()
    assert mail.outbox == []


# --- The daily overview --------------------------------------------------------------------------


def test_the_daily_overview_is_sent_once_a_day_to_those_with_duties(
    world, django_capture_on_commit_callbacks
):
    counts = duty_counts(world.assigned_caseworker)
    assert counts["overdue"] + counts["today"] > 0  # the world's case has overdue duties
    _prefs(world.leader, digest=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=io.StringIO())
        call_command("send_digests", stdout=io.StringIO())
    told = _recipients()
    assert world.assigned_caseworker.email in told
    assert world.leader.email not in told
    assert world.administrator.email not in told
    assert world.other_municipality_caseworker.email not in told
    sent = next(m for m in mail.outbox if m.to == [world.assigned_caseworker.email])
    assert sent.subject == _subject(Kind.DIGEST)
    assert _da(services.LEADS[Kind.DIGEST], **counts) in sent.body
    assert "https://stemme.example.dk/arbejdsliste/" in sent.body
    _assert_content_free(world, sent.body)
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == len(mail.outbox)


# --- SMS, failures -------------------------------------------------------------------------------


def test_sms_goes_to_those_who_chose_it_with_the_same_content_free_text(
    world, settings, django_capture_on_commit_callbacks
):
    settings.STEMME_SMS_ADAPTER = "stemme.notifications.sms.FakeSMS"
    _prefs(world.assigned_caseworker, sms_number="+45 12 34 56 78", by_sms=True)
    _send(world, django_capture_on_commit_callbacks, urgent=True)
    assert [sms.number for sms in FakeSMS.outbox] == ["+4512345678"]
    assert FakeSMS.outbox[0].text.startswith(_subject(Kind.URGENT_MESSAGE))
    _assert_content_free(world, FakeSMS.outbox[0].text)
    assert Notification.objects.filter(channel=Channel.SMS, status=Status.SENT).count() == 1


class RefusingSMS:
    available = True

    def send(self, number, text):
        raise ConnectionError("gateway down")


def test_a_refused_notification_says_failed_and_a_retry_sends_it_once(
    world, settings, django_capture_on_commit_callbacks
):
    settings.STEMME_SMS_ADAPTER = f"{__name__}.RefusingSMS"
    _prefs(world.assigned_caseworker, sms_number="12345678", by_sms=True)
    _send(world, django_capture_on_commit_callbacks, urgent=True)
    row = Notification.objects.get(channel=Channel.SMS)
    assert (row.status, row.error, row.sent_at) == (Status.FAILED, "ConnectionError", None)
    settings.STEMME_SMS_ADAPTER = "stemme.notifications.sms.FakeSMS"
    send_notification.enqueue(row.pk)
    send_notification.enqueue(row.pk)
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.attempts >= 2  # one refused try (more if the task retries itself), one sent
    assert len(FakeSMS.outbox) == 1


def test_no_sms_without_a_gateway(world, django_capture_on_commit_callbacks):
    _prefs(world.assigned_caseworker, sms_number="12345678", by_sms=True)
    _send(world, django_capture_on_commit_callbacks, urgent=True)
    assert not Notification.objects.filter(channel=Channel.SMS).exists()


# --- The settings page ---------------------------------------------------------------------------


def test_the_settings_page_saves_the_users_own_choices(world, client):
    client.force_login(world.assigned_caseworker)
    url = reverse("notifications:preferences")
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count("checked") == 4  # the defaults: everything on
    assert 'name="emergency_access"' not in page.content.decode()  # leaders only
    assert 'name="version" value="0"' in page.content.decode()  # never saved
    response = client.post(url, {"urgent_message": "on", "handover": "on", "version": "0"})
    assert response.status_code == 302
    saved = world.assigned_caseworker.notification_preference
    assert (saved.urgent_message, saved.unread_message, saved.handover, saved.digest) == (
        True,
        False,
        True,
        False,
    )
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert url in profile


def test_two_tabs_saving_the_settings_get_the_conflict_page(world, client):
    """The second of two tabs opened at the same version is refused with the conflict page:
    nothing is written and the first tab's choice stands; saving again from the conflict page
    (the current version) goes through."""
    user = world.assigned_caseworker
    client.force_login(user)
    url = reverse("notifications:preferences")
    assert client.post(url, {"digest": "on", "version": "0"}).status_code == 302
    stale = client.post(url, {"urgent_message": "on", "unread_message": "on", "version": "0"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "daglig oversigt" in page.lower()
    # Only the choices a caseworker's form has; and no claim that the change is logged.
    assert "Nødadgang til gennemgang" not in page
    assert "sms" not in page.lower()
    assert "logges" not in page
    saved = NotificationPreference.objects.get(user=user)
    assert (saved.version, saved.digest, saved.unread_message) == (1, True, False)
    again = client.post(url, {"urgent_message": "on", "unread_message": "on", "version": "1"})
    assert again.status_code == 302
    saved.refresh_from_db()
    assert (saved.version, saved.digest, saved.unread_message) == (2, False, True)
    with pytest.raises(EditConflict):
        _prefs(user, expected_version=1)


def test_nobody_changes_anothers_choices(world):
    with pytest.raises(PermissionDenied):
        services.preferences_set(
            actor=world.leader,
            user=world.assigned_caseworker,
            urgent_message=False,
            unread_message=False,
            emergency_access=False,
            handover=False,
            digest=False,
        )
