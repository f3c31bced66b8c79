"""Writes for "tell my caseworker": the child sends, staff read and answer.

A child's message is filed verbatim in the case as the child's own words (``words_file``) in
the same transaction as the message and its event. Staff answer at most once: the answer is
written under a row lock, so two caseworkers answering at the same moment cannot overwrite
each other; the second is told who answered first.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from stemme.audit.services import event_record
from stemme.children.models import PortalAccount, Smiley
from stemme.participation.models import MessageKind, PortalMessage
from stemme.portal.selectors.alarms import message_alarm_words
from stemme.portal.selectors.messages import message_words
from stemme.portal.services.alarms import alarm_raise
from stemme.portal.services.reading import read_by_the_way
from stemme.portal.services.words import open_case_of, words_file

MAX_LENGTH = 4000
MAX_ANSWER_LENGTH = 4000
DUPLICATE_WINDOW = dt.timedelta(minutes=2)

ONLY_THE_CHILD = _("Only the child can send messages here.")
NO_OPEN_CASE = _(
    "Nobody reads messages here right now. If you need help, call BørneTelefonen 116 111."
)
CHOOSE_A_FACE = _("Choose a face.")
FILL_A_HOUSE = _("Write in at least one house.")
WRITE_SOMETHING = _("Write your message first.")
TOO_LONG = _("This is too long. Use at most %(max)s letters.")
UNKNOWN_KIND = _("Choose what you want to tell.")


def _text(value) -> str:
    return (value or "").strip()


def message_validate(
    *, kind: str, mood=None, why="", good_things="", worries="", dreams="", text=""
) -> dict:
    """Check what the child wrote; return the fields to store, or raise a ValidationError
    keyed by the form's field names ("mood", "why", "good_things", "worries", "dreams", "text")."""
    errors: dict[str, ValidationError] = {}
    fields = {"mood": None, "good_things": "", "worries": "", "dreams": "", "text": ""}
    lengths: dict[str, str] = {}
    if kind == MessageKind.MOOD:
        try:
            mood = int(mood)
        except (TypeError, ValueError):
            mood = None
        if mood not in Smiley.values:
            errors["mood"] = ValidationError(CHOOSE_A_FACE, code="mood")
        fields.update(mood=mood, text=_text(why))
        lengths["why"] = fields["text"]
    elif kind == MessageKind.THREE_HOUSES:
        fields.update(good_things=_text(good_things), worries=_text(worries), dreams=_text(dreams))
        if not (fields["good_things"] or fields["worries"] or fields["dreams"]):
            errors[NON_FIELD_ERRORS] = ValidationError(FILL_A_HOUSE, code="empty")
        lengths.update(
            good_things=fields["good_things"], worries=fields["worries"], dreams=fields["dreams"]
        )
    elif kind == MessageKind.FREE_TEXT:
        fields["text"] = _text(text)
        if not fields["text"]:
            errors["text"] = ValidationError(WRITE_SOMETHING, code="empty")
        lengths["text"] = fields["text"]
    else:
        raise ValidationError({"kind": ValidationError(UNKNOWN_KIND, code="kind")})
    for field, value in lengths.items():
        if len(value) > MAX_LENGTH:
            errors[field] = ValidationError(TOO_LONG, code="too_long", params={"max": MAX_LENGTH})
    if errors:
        raise ValidationError(errors)
    return fields


def message_send(
    *,
    account: PortalAccount,
    kind: str,
    mood=None,
    why: str = "",
    good_things: str = "",
    worries: str = "",
    dreams: str = "",
    text: str = "",
    urgent: bool = False,
) -> PortalMessage:
    """The child tells the caseworker something: a mood check (a face and why), "three houses"
    (good things / worries / dreams) or free text. Filed verbatim as the child's statement in
    the open case; nothing is written when anything is wrong.

    ``urgent``: the child ticked "it is urgent". Urgent, or holding a word from the
    municipality's list, the message raises an alarm at once (``alarm_raise``)."""
    if account.is_parent:
        raise ValidationError(ONLY_THE_CHILD, code="parent")
    fields = message_validate(
        kind=kind,
        mood=mood,
        why=why,
        good_things=good_things,
        worries=worries,
        dreams=dreams,
        text=text,
    )
    child = account.child
    with transaction.atomic():
        # One message per tap: a double tap or a resent form within a short while returns the
        # message already sent instead of filing the same words twice (the account row lock
        # makes two simultaneous sends wait for each other).
        PortalAccount.objects.select_for_update(of=("self",)).filter(pk=account.pk).first()
        duplicate = PortalMessage.objects.filter(
            account=account,
            kind=kind,
            urgent=bool(urgent),
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            **fields,
        ).first()
        if duplicate is not None:
            return duplicate
        case = open_case_of(child)
        if case is None:
            # Without an open case no caseworker (and no duty inbox) would see the message.
            raise ValidationError(NO_OPEN_CASE, code="no_case")
        message = PortalMessage(
            child=child, account=account, case=case, kind=kind, urgent=bool(urgent), **fields
        )
        message.alarm_words = message_alarm_words(message, municipality=child.municipality)
        message.alarm = message.urgent or bool(message.alarm_words)
        # The case record is kept in the municipality's language, whatever the child reads in.
        with translation.override(settings.LANGUAGE_CODE):
            words = message_words(message)
        message.statement = words_file(
            account=account, words=words, informs_ref=message.ref, case=case
        )
        message.save(force_insert=True)
        event_record(
            actor=None,
            municipality=child.municipality,
            kind="portal.message_sent",
            child=child,
            case=case,
            ref=message.ref,
            data={"kind": kind, "urgent": message.urgent},
        )
        if message.alarm:
            alarm_raise(message=message)
    return message


def _locked(message: PortalMessage) -> PortalMessage:
    return (
        PortalMessage.objects.select_for_update()
        .select_related("child__municipality")
        .get(pk=message.pk)
    )


def message_mark_read(*, actor, message: PortalMessage) -> PortalMessage:
    """Mark the message read by ``actor``. Only the first reading counts (and is recorded).
    The caller must have checked that ``actor`` may see the child."""
    with transaction.atomic():
        locked = _locked(message)
        if locked.read_at is not None:
            return locked
        locked.read_at = timezone.now()
        locked.read_by = actor
        locked.save(update_fields=["read_at", "read_by"])
        event_record(
            actor=actor,
            municipality=locked.child.municipality,
            kind="portal.message_read",
            child=locked.child,
            case=locked.case,
            ref=locked.ref,
            data={"kind": locked.kind},
        )
    return locked


def message_answer(*, actor, message: PortalMessage, answer: str) -> PortalMessage:
    """Answer the child (shown under the message in Min sag); marks the message read too.
    A message is answered once: a second answer is refused with who answered first."""
    answer = _text(answer)
    if not answer:
        raise ValidationError(
            {"answer": ValidationError(_("Write the answer to the child."), code="empty")}
        )
    if len(answer) > MAX_ANSWER_LENGTH:
        raise ValidationError(
            {
                "answer": ValidationError(
                    _("The answer is too long (at most %(max)s characters)."),
                    code="too_long",
                    params={"max": MAX_ANSWER_LENGTH},
                )
            }
        )
    with transaction.atomic():
        locked = _locked(message)
        if locked.answered_at is not None:
            raise ValidationError(
                _(
                    "%(name)s answered this message at %(when)s. Read that answer; the child "
                    "gets one answer per message."
                ),
                code="answered",
                params={
                    "name": locked.answered_by.get_full_name() if locked.answered_by else "?",
                    "when": timezone.localtime(locked.answered_at).strftime("%d.%m.%Y %H:%M"),
                },
            )
        now = timezone.now()
        locked.answer = answer
        locked.answered_at = now
        locked.answered_by = actor
        read_fields = read_by_the_way(locked, actor=actor, now=now)
        marked_read = bool(read_fields)
        locked.save(update_fields=["answer", "answered_at", "answered_by", *read_fields])
        event_record(
            actor=actor,
            municipality=locked.child.municipality,
            kind="portal.message_answered",
            child=locked.child,
            case=locked.case,
            ref=locked.ref,
            data={"kind": locked.kind, "marked_read": marked_read},
        )
    return locked


__all__ = [
    "MAX_LENGTH",
    "message_answer",
    "message_mark_read",
    "message_send",
    "message_validate",
]
