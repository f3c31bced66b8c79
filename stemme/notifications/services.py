"""Writes for notifications: queue them (one row per kind, channel, recipient and subject), send
them from a task, and the user's own choices.

Every text is content-free: it says that something waits in Stemme and links to a page that
names no child (the duty inbox, the review list, the worklist); never a child's name, CPR
number, a message's words or anything about a case. The e-mail goes through servers and
phones outside the municipality's control; the page behind the login is access-checked and
access-logged (docs/operations.md, "Notifications").

Queuing is idempotent: ``Notification``'s unique key makes a second request for the same thing
find the row already there, and only a newly made row enqueues its sending task, after the
commit. Sending claims the row (its attempt counter moves on in one UPDATE), so two workers
never both send it; a row already sent is never sent again.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Role
from stemme.core.conflicts import EditConflict, conflict_of
from stemme.notifications import selectors
from stemme.notifications.models import (
    Channel,
    Kind,
    Notification,
    NotificationPreference,
    Status,
)
from stemme.notifications.sms import sms_adapter
from stemme.operations.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

SMS_NUMBER = re.compile(r"^\+?[0-9]{8,15}$")


def _send_task():
    # The tasks module imports this one (its tasks call the services): imported on use.
    from stemme.notifications.tasks import send_notification

    return send_notification


# --- Texts ---------------------------------------------------------------------------------------

SUBJECTS = {
    Kind.URGENT_MESSAGE: _("Urgent: you have a new message in Stemme"),
    Kind.UNREAD_MESSAGE: _("You have a new message in Stemme"),
    Kind.EMERGENCY_ACCESS: _("Emergency access to review in Stemme"),
    Kind.HANDOVER: _("A case has been handed over to you in Stemme"),
    Kind.DIGEST: _("Your duties in Stemme today"),
}

LEADS = {
    Kind.URGENT_MESSAGE: _(
        "A child has sent a message that is marked urgent or may be serious. "
        "Log in to Stemme and read it as soon as you can."
    ),
    Kind.UNREAD_MESSAGE: _(
        "A child's message has not been read within the time your municipality has set, "
        "and it is now in your team's duty inbox."
    ),
    Kind.EMERGENCY_ACCESS: _(
        "A colleague has used emergency access to a child. As team leader you review every use."
    ),
    Kind.HANDOVER: _("A child's case has been handed over to you."),
    Kind.DIGEST: _("Overdue duties: %(overdue)d. Duties due today: %(today)d."),
}

PAGES = {
    Kind.URGENT_MESSAGE: "portal_staff:duty_inbox",
    Kind.UNREAD_MESSAGE: "portal_staff:duty_inbox",
    Kind.EMERGENCY_ACCESS: "access:emergency_review",
    Kind.HANDOVER: "children:list",
    Kind.DIGEST: "deadlines:worklist",
}


def _url(name: str) -> str:
    return settings.STEMME_BASE_URL.rstrip("/") + reverse(name)


def notification_texts(notification: Notification) -> tuple[str, str]:
    """The subject and the body, in the municipality's language, with no personal data: what
    kind of thing waits, a link to a page that names no child, and how to change the choices.
    The SMS is the subject and the link."""
    kind = notification.kind
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(SUBJECTS[kind])
        lead = str(LEADS[kind])
        if kind == Kind.DIGEST:
            lead = lead % {
                "overdue": notification.counts.get("overdue", 0),
                "today": notification.counts.get("today", 0),
            }
        link = _url(PAGES[kind])
        if notification.channel == Channel.SMS:
            return subject, f"{subject}: {link}"
        body = "\n\n".join(
            [
                lead,
                gettext("Log in to Stemme to see more: %(link)s") % {"link": link},
                gettext(
                    "This e-mail says nothing about children or cases on purpose: e-mail is "
                    "not a safe place for it. Everything is in Stemme, behind your login."
                ),
                gettext(
                    "You get this e-mail because of your notification settings. "
                    "Change them under My profile: %(link)s"
                )
                % {"link": _url("notifications:preferences")},
            ]
        )
        return subject, body


# --- Queuing -------------------------------------------------------------------------------------


def _channels(user, preference: NotificationPreference, kind: str, adapter_ready: bool) -> list:
    channels = [Channel.EMAIL] if user.email else []
    if kind != Kind.DIGEST and adapter_ready and preference.by_sms and preference.sms_number:
        channels.append(Channel.SMS)
    return channels


def notifications_queue(
    *, kind: str, subject_ref: str, users: list, always_ids=(), counts: dict | None = None
) -> list[Notification]:
    """Queue ``kind`` about ``subject_ref`` for each of ``users`` who wants it (``always_ids``:
    told whatever they chose) on each of their channels. Returns the rows made now; a row that
    already existed is left alone, so asking twice sends once."""
    preferences = selectors.preferences_for(users)
    adapter_ready = sms_adapter().available
    made: list[Notification] = []
    with transaction.atomic():
        for user in users:
            preference = preferences[user.pk]
            if not user.is_active or not (preference.wants(kind) or user.pk in always_ids):
                continue
            for channel in _channels(user, preference, kind, adapter_ready):
                row, created = Notification.objects.get_or_create(
                    kind=kind,
                    channel=channel,
                    recipient=user,
                    subject_ref=subject_ref,
                    defaults={"counts": counts or {}},
                )
                if created:
                    made.append(row)
                    enqueue_on_commit(_send_task(), row.pk)
    return made


def urgent_message_notify(*, message) -> list[Notification]:
    """A child's alarm, at once: to the case's current caseworkers whatever they chose (the
    child's own caseworker cannot switch it off), and to the duty inbox's people who want it.
    Should nobody at all be told that way (no current caseworker, and everyone else has
    switched it off), everyone on the list is told all the same: an urgent message from a child
    always reaches someone."""
    users = selectors.message_recipients(message)
    always = selectors.current_caseworker_ids(message.case_id)
    preferences = selectors.preferences_for(users)
    if not any(u.pk in always or preferences[u.pk].urgent_message for u in users):
        always = {u.pk for u in users}
    return notifications_queue(
        kind=Kind.URGENT_MESSAGE, subject_ref=message.ref, users=users, always_ids=always
    )


def alarm_channel(message_id, recipient_ids) -> None:
    """The e-mail and SMS channel of a child's alarm, for ``STEMME_ALARM_CHANNELS``: called
    after the commit with the message's id (stemme.portal.services.alarms). The recipients are
    read again through the same rule, so the caseworkers' own-case rule applies."""
    message = selectors.message_by_id(message_id)
    if message is not None:
        urgent_message_notify(message=message)


def notifications_sweep(*, now=None) -> int:
    """Queue what is due and not yet told: messages left unread past the escalation time,
    unreviewed uses of emergency access, handovers. Safe to run as often as wished (every few
    minutes by a timer): what was told is never told again. Returns the rows made."""
    now = now or timezone.now()
    made = 0
    for message in selectors.unread_messages_due(now=now):
        made += len(
            notifications_queue(
                kind=Kind.UNREAD_MESSAGE,
                subject_ref=message.ref,
                users=selectors.message_recipients(message),
            )
        )
    for access in selectors.emergency_accesses_due(now=now):
        made += len(
            notifications_queue(
                kind=Kind.EMERGENCY_ACCESS,
                subject_ref=f"emergency_access:{access.pk}",
                users=selectors.emergency_reviewers(access),
            )
        )
    for handover in selectors.handovers_due(now=now):
        made += len(
            notifications_queue(
                kind=Kind.HANDOVER,
                subject_ref=handover.ref,
                users=selectors.handover_recipients(handover),
            )
        )
    return made


def digests_send(*, now=None) -> int:
    """The daily overview for everyone who wants it and has an overdue duty or one due today;
    once per person per day (``digest:<date>``), however often it runs. Returns the rows made."""
    now = now or timezone.now()
    ref = f"digest:{timezone.localdate(now).isoformat()}"
    users = list(selectors.digest_recipients())
    preferences = selectors.preferences_for(users)
    already = set(
        Notification.objects.filter(kind=Kind.DIGEST, subject_ref=ref).values_list(
            "recipient_id", flat=True
        )
    )
    made = 0
    for user in users:
        if user.pk in already or not preferences[user.pk].digest or not user.email:
            continue
        counts = selectors.duty_counts(user, now=now)
        if counts["overdue"] or counts["today"]:
            made += len(
                notifications_queue(kind=Kind.DIGEST, subject_ref=ref, users=[user], counts=counts)
            )
    return made


# --- Sending -------------------------------------------------------------------------------------


def notification_send(*, notification_id: int) -> Notification | None:
    """Send one queued notification, at most once. Raises when the mail server or SMS gateway
    refuses it (status "failed", so the task's retry tries again); a row already sent, or being
    sent by another worker, is left alone."""
    row = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if row is None or row.status == Status.SENT:
        return row
    claimed = (
        Notification.objects.filter(pk=row.pk, attempts=row.attempts)
        .exclude(status=Status.SENT)
        .update(attempts=F("attempts") + 1)
    )
    if not claimed:
        return row
    row.attempts += 1
    recipient = row.recipient
    if not recipient.is_active:
        row.status, row.error = Status.FAILED, "recipient_inactive"
        row.save(update_fields=["status", "error"])
        return row
    subject, body = notification_texts(row)
    try:
        if row.channel == Channel.EMAIL:
            send_mail(subject, body, None, [recipient.email])
        else:
            number = selectors.preference_for(recipient).sms_number
            sms_adapter().send(number, body)
    except Exception as error:
        row.status, row.error = Status.FAILED, type(error).__name__[:100]
        row.save(update_fields=["status", "error"])
        logger.warning("notification %s failed: %s", row.pk, type(error).__name__)
        raise
    row.status, row.error, row.sent_at = Status.SENT, "", timezone.now()
    row.save(update_fields=["status", "error", "sent_at"])
    return row


# --- The user's choices --------------------------------------------------------------------------


def preferences_set(
    *,
    actor,
    user,
    urgent_message: bool,
    unread_message: bool,
    emergency_access: bool,
    handover: bool,
    digest: bool,
    sms_number: str = "",
    by_sms: bool = False,
    expected_version: int | None = None,
) -> NotificationPreference:
    """Save what ``user`` wants to be told, and how. Only the user themselves may.

    ``expected_version`` is the version the form was opened with (0: never saved); a save
    made in another tab since raises ``EditConflict`` and nothing is written."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied
    number = re.sub(r"[\s\-]", "", sms_number or "")
    if number and not SMS_NUMBER.match(number):
        raise ValidationError(
            {"sms_number": _("Write the mobile number with digits only, e.g. +45 12 34 56 78.")}
        )
    if by_sms and not sms_adapter().available:
        by_sms = False
    if by_sms and not number:
        raise ValidationError({"sms_number": _("Write the mobile number the SMS should go to.")})
    values = {
        "urgent_message": bool(urgent_message),
        "unread_message": bool(unread_message),
        "emergency_access": bool(emergency_access) if user.role == Role.TEAM_LEADER else True,
        "handover": bool(handover),
        "digest": bool(digest),
        "sms_number": number,
        "by_sms": bool(by_sms),
    }
    with transaction.atomic():
        saved = NotificationPreference.objects.select_for_update().filter(user=user).first()
        current = saved.version if saved is not None else 0
        if expected_version is not None and expected_version != current:
            raise _preferences_conflict(saved, user=user, version=current)
        if saved is None:
            return NotificationPreference.objects.create(user=user, **values)
        for name, value in values.items():
            setattr(saved, name, value)
        saved.version = current + 1
        saved.save()
    return saved


def _preferences_conflict(saved, *, user, version: int) -> EditConflict:
    """The settings as saved now (the defaults if the row is gone), for the conflict page:
    only the choices the user's form has (emergency access for leaders, SMS when available)."""
    shown = saved or selectors.preference_for(user)
    fields = [
        kind
        for kind in PREFERENCE_KINDS
        if kind != "emergency_access" or user.role == Role.TEAM_LEADER
    ]
    if sms_adapter().available:
        fields += ["sms_number", "by_sms"]
    return conflict_of(
        shown, fields, version=version, saved_by=user, saved_at=getattr(saved, "updated_at", None)
    )


PREFERENCE_KINDS = ("urgent_message", "unread_message", "emergency_access", "handover", "digest")


__all__ = [
    "alarm_channel",
    "digests_send",
    "notification_send",
    "notification_texts",
    "notifications_queue",
    "notifications_sweep",
    "preferences_set",
    "urgent_message_notify",
]
