"""Writes for "My meetings" in Min sag: the child's topics, wishes and feedback.

Before a planned meeting the child can add a topic (it goes straight onto the agenda, marked
as the child's own), say where and when they would like to meet, and ask to bring their
bisidder. After a held meeting the child can say how it was (a smiley, 2-3 taps). Every text is
filed verbatim as the child's words (``words_file``) in the same transaction as the write and
its event. Only the child's own account writes; a parent's account never does.

Each write locks the meeting row, like the meetings app's own services: a topic is a new agenda
row (it never overwrites a caseworker's edit of the meeting), and a caseworker reordering the
agenda at the same moment is refused as stale by ``meeting_agenda_reorder``.

The caseworker marks a wish as handled with ``meetings.services.wish_handle`` (staff side).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.cases.services.unit import fact_record
from stemme.children.models import PortalAccount, Smiley
from stemme.meetings import services as meetings
from stemme.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingFeedback,
    MeetingStatus,
    MeetingWish,
    MeetingWishKind,
    ParticipantKind,
)
from stemme.participation.models import Bisidder
from stemme.participation.selectors.registers import bisidder_can_attend
from stemme.portal.selectors.meetings import PAST_DAYS, meeting_open_for_wishes
from stemme.portal.services.words import words_file

TOPIC_MAX_CHARS = 300  # an agenda item's length
WISH_MAX_CHARS = 1000
FEEDBACK_MAX_CHARS = 2000
# Enough for anything a child wants to raise; stops a stuck button from filling the agenda.
MAX_CHILD_TOPICS = 10
MAX_OPEN_WISHES = 10


def _child_only(account: PortalAccount) -> None:
    # The views give parents a 404 first; this guards the rule itself.
    if account.is_parent:
        raise PermissionDenied("Only the child's own account writes in Min sag")


def _locked(*, account: PortalAccount, meeting: Meeting) -> Meeting:
    locked = (
        Meeting.objects.select_for_update()
        .select_related("case__child__municipality")
        .filter(pk=meeting.pk, case__child=account.child)
        .first()
    )
    if locked is None:
        raise PermissionDenied("The meeting is not the account's child's")
    return locked


def _must_be_open(meeting: Meeting) -> None:
    if meeting_open_for_wishes(meeting):
        return
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("The meeting is over. You cannot add more to it."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    if not meeting.case.is_open:
        raise ValidationError(_("You cannot add more to this meeting now."))
    raise ValidationError(_("The meeting has started. You cannot add more to it now."))


def _event(*, meeting: Meeting, kind: str, data: dict, actor=None) -> None:
    fact_record(actor=actor, case=meeting.case, kind=kind, ref=meeting.ref, data=data)


def _file_words(*, account: PortalAccount, meeting: Meeting, words: str):
    """File the child's words about a meeting in its case. Feedback on the last meeting of a
    closed case is welcome too: its words go to the child's open case, if any, since a closed
    case takes no new records."""
    return words_file(
        account=account,
        words=words,
        informs_ref=meeting.ref,
        case=meeting.case if meeting.case.is_open else None,
    )


def _too_long(field: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise ValidationError(
            {field: _("That is too long. Use at most %(limit)d letters.") % {"limit": limit}}
        )


# --- Before the meeting --------------------------------------------------------------------


def meeting_topic_add(*, account: PortalAccount, meeting: Meeting, text: str) -> AgendaItem:
    """Put the child's topic on the agenda of a planned meeting that has not begun."""
    _child_only(account)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what you want to talk about.")})
    _too_long("text", text, TOPIC_MAX_CHARS)
    with transaction.atomic():
        meeting = _locked(account=account, meeting=meeting)
        _must_be_open(meeting)
        same = meeting.agenda_items.filter(from_child=True, text=text).first()
        if same is not None:  # a double tap, or the same topic again: it is on the agenda
            return same
        if meeting.agenda_items.filter(from_child=True).count() >= MAX_CHILD_TOPICS:
            raise ValidationError(
                _("You have added many topics. Tell your caseworker about the rest.")
            )
        item = meetings.meeting_agenda_item_add(
            actor=None, meeting=meeting, text=text, from_child=True
        )
        statement = _file_words(account=account, meeting=meeting, words=text)
        _event(
            meeting=meeting,
            kind="portal.topic_added",
            data={"item": item.pk, "statement": statement.ref, "account": account.ref},
        )
    return item


def meeting_wish_send(
    *,
    account: PortalAccount,
    meeting: Meeting,
    kind: str,
    words: str = "",
    bisidder: Bisidder | None = None,
) -> MeetingWish:
    """The child's wish for a planned meeting: where and when (in words), or to bring their
    bisidder (one of the registered ones, or a name in the child's words). A registered bisidder
    must still be the child's and be 15 or older on the day of the meeting (barnets lov § 6)."""
    _child_only(account)
    words = (words or "").strip()
    if kind not in MeetingWishKind.values:
        raise ValidationError(_("Choose what you want to ask for."))
    if kind == MeetingWishKind.PLACE_TIME:
        bisidder = None
        if not words:
            raise ValidationError({"words": _("Write where and when you would like to meet.")})
    elif bisidder is None and not words:
        raise ValidationError({"words": _("Choose your bisidder, or write a name.")})
    _too_long("words", words, WISH_MAX_CHARS)
    with transaction.atomic():
        meeting = _locked(account=account, meeting=meeting)
        _must_be_open(meeting)
        open_wishes = MeetingWish.objects.filter(meeting=meeting, handled_at__isnull=True)
        if open_wishes.count() >= MAX_OPEN_WISHES:
            raise ValidationError(
                _("You have sent many wishes. Wait for your caseworker to answer.")
            )
        if bisidder is not None:
            _check_bisidder(meeting=meeting, bisidder=bisidder, open_wishes=open_wishes)
        wish = MeetingWish.objects.create(
            meeting=meeting, account=account, kind=kind, words=words, bisidder=bisidder
        )
        statement = _file_words(account=account, meeting=meeting, words=words)
        _event(
            meeting=meeting,
            kind="portal.wish_sent",
            data={
                "wish": str(wish.pk),
                "wish_kind": kind,
                "bisidder": bisidder.pk if bisidder is not None else None,
                "statement": statement.ref if statement is not None else None,
                "account": account.ref,
            },
        )
    return wish


def _check_bisidder(*, meeting: Meeting, bisidder: Bisidder, open_wishes) -> None:
    if bisidder.child_id != meeting.case.child_id:
        raise ValidationError({"bisidder": _("Choose one of your own bisiddere.")})
    if not bisidder_can_attend(bisidder, meeting.starts_at):
        raise ValidationError(
            {"bisidder": _("A bisidder must be 15 or older on the day of the meeting.")}
        )
    if meeting.participants.filter(kind=ParticipantKind.BISIDDER, bisidder=bisidder).exists():
        raise ValidationError(
            {"bisidder": _("%(name)s is already coming.") % {"name": bisidder.name}}
        )
    if open_wishes.filter(bisidder=bisidder).exists():
        raise ValidationError(
            {"bisidder": _("You have already asked to bring %(name)s.") % {"name": bisidder.name}}
        )


# --- After the meeting ---------------------------------------------------------------------


def meeting_feedback_give(
    *,
    account: PortalAccount,
    meeting: Meeting,
    smiley: int,
    heard: str = "",
    words: str = "",
) -> tuple[MeetingFeedback, bool]:
    """The child's feedback on a held meeting: a face (required), whether the adults listened
    (optional) and a few words (optional). One per meeting: a second try changes nothing and
    returns the first with ``False``."""
    _child_only(account)
    words = (words or "").strip()
    heard = heard or ""
    errors = {}
    try:
        smiley = int(smiley)
    except (TypeError, ValueError):
        smiley = None
    if smiley not in Smiley.values:
        errors["smiley"] = _("Choose a face.")
    if heard not in ("", *MeetingFeedback.Heard.values):
        errors["heard"] = _("Choose yes, a little or no.")
    if len(words) > FEEDBACK_MAX_CHARS:
        errors["words"] = _("That is too long. Use at most %(limit)d letters.") % {
            "limit": FEEDBACK_MAX_CHARS
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _locked(account=account, meeting=meeting)
        if meeting.status != MeetingStatus.HELD or meeting.held_on is None:
            raise ValidationError(_("You can tell us how it was after the meeting."))
        if meeting.held_on < timezone.localdate() - dt.timedelta(days=PAST_DAYS):
            raise ValidationError(_("This meeting was too long ago."))
        existing = MeetingFeedback.objects.filter(meeting=meeting, account=account).first()
        if existing is not None:
            return existing, False
        feedback = MeetingFeedback.objects.create(
            meeting=meeting, account=account, smiley=smiley, heard=heard, words=words
        )
        statement = _file_words(account=account, meeting=meeting, words=words)
        _event(
            meeting=meeting,
            kind="portal.feedback_given",
            data={
                "feedback": str(feedback.pk),
                "smiley": smiley,
                "heard": heard or None,
                "statement": statement.ref if statement is not None else None,
                "account": account.ref,
            },
        )
    return feedback, True
