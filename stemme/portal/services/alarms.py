"""Writes for a child's alarm: raise it, acknowledge it, register the message as a report.

An alarm is raised in the same transaction as the child's message. In the app it is derived
(``selectors.alarms.open_alarms_for``), so it reaches the caseworker and the team within one
page load with no job to run. Other channels (e-mail, SMS) plug in through the setting
``STEMME_ALARM_CHANNELS``: dotted paths of callables ``channel(message_id, recipient_ids)``,
called after the commit with the people ``alarm_recipients`` names. A failing channel is
logged and never undoes the message: the in-app alarm stands regardless.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemme.audit.services import event_record
from stemme.cases.services.steps import intake_register_childs_own_report
from stemme.participation.models import PortalMessage
from stemme.portal.selectors.alarms import alarm_recipients
from stemme.portal.selectors.messages import message_words
from stemme.portal.services.reading import read_by_the_way

logger = logging.getLogger(__name__)

NOT_AN_ALARM = _("This message has no alarm to acknowledge.")


def _channels() -> list:
    return [import_string(path) for path in getattr(settings, "STEMME_ALARM_CHANNELS", [])]


def _notify(message_id, recipient_ids: list[int]) -> None:
    for channel in _channels():
        try:
            channel(message_id, recipient_ids)
        except Exception:  # a channel must never take the alarm down with it
            logger.exception("alarm channel %r failed for message %s", channel, message_id)


def alarm_raise(*, message: PortalMessage) -> list:
    """Record who must know about the alarm and hand it to the configured channels after the
    commit. Called by ``message_send`` inside its transaction. Returns the recipients."""
    recipients = alarm_recipients(message)
    event_record(
        actor=None,
        municipality=message.child.municipality,
        kind="portal.alarm_raised",
        child=message.child,
        case=message.case,
        ref=message.ref,
        # Staff-only facts; the words themselves stay on the message, not in the event log.
        data={
            "urgent": message.urgent,
            "possibly_serious": bool(message.alarm_words),
            "recipients": [user.pk for user in recipients],
        },
    )
    recipient_ids = [user.pk for user in recipients]
    transaction.on_commit(lambda: _notify(message.pk, recipient_ids))
    return recipients


def _locked(message: PortalMessage) -> PortalMessage:
    return (
        PortalMessage.objects.select_for_update(of=("self",))
        .select_related("child__municipality", "case", "acknowledged_by", "read_by")
        .get(pk=message.pk)
    )


def _acknowledge(*, actor, locked: PortalMessage, how: str) -> None:
    now = timezone.now()
    locked.acknowledged_at = now
    locked.acknowledged_by = actor
    read_fields = read_by_the_way(locked, actor=actor, now=now)
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", *read_fields])
    event_record(
        actor=actor,
        municipality=locked.child.municipality,
        kind="portal.alarm_acknowledged",
        child=locked.child,
        case=locked.case,
        ref=locked.ref,
        data={"how": how},
    )


def alarm_acknowledge(*, actor, message: PortalMessage) -> PortalMessage:
    """``actor`` takes the alarm: it leaves every banner and inbox top, recorded with who and
    when. Acknowledged already: nothing changes (a double click or a colleague first). The
    caller must have checked that ``actor`` may see the child."""
    with transaction.atomic():
        locked = _locked(message)
        if not locked.alarm:
            raise ValidationError(NOT_AN_ALARM, code="no_alarm")
        if locked.acknowledged_at is None:
            _acknowledge(actor=actor, locked=locked, how="acknowledged")
    return locked


def report_content(message: PortalMessage) -> str:
    """The report's text: where it came from, then the child's words verbatim. Always in the
    municipality's language: it is the case record."""
    with translation.override(settings.LANGUAGE_CODE):
        sent = formats.date_format(timezone.localtime(message.created_at), "DATETIME_FORMAT")
        heading = gettext("The child's own message in Min sag, sent %(when)s:") % {"when": sent}
        return f"{heading}\n\n{message_words(message)}"


def message_report(
    *, actor, message: PortalMessage, abuse: bool = False, parent_suspected: bool = False
) -> PortalMessage:
    """Register the child's message as the child's own report of concern (underretning, made
    by the child themself), received when the child sent it, so the 24-hour urgency
    assessment runs from then. The message is quoted verbatim and linked both ways; an open
    alarm is acknowledged by the same act. Once per message: a second click (or a colleague's)
    returns the report already made. The caller must have checked that ``actor`` may see the
    child."""
    with transaction.atomic():
        locked = _locked(message)
        if locked.report_id is not None:
            return locked
        intake = intake_register_childs_own_report(
            actor=actor,
            child=locked.child,
            received_at=locked.created_at,
            content=report_content(locked),
            abuse=bool(abuse),
            parent_suspected=bool(parent_suspected),
            team=locked.case.team if locked.case_id else None,
        )
        locked.report = intake
        locked.save(update_fields=["report"])
        event_record(
            actor=actor,
            municipality=locked.child.municipality,
            kind="portal.message_reported",
            child=locked.child,
            case=intake.case,
            ref=locked.ref,
            data={"report": intake.ref},
        )
        if locked.alarm and locked.acknowledged_at is None:
            _acknowledge(actor=actor, locked=locked, how="reported")
    return locked


__all__ = ["alarm_acknowledge", "alarm_raise", "message_report", "report_content"]
