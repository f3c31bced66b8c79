"""Facts of the child's involvement: conversations, meetings, rights, change of caseworker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .base import FactData, put

# --- The child's voice: conversations ----------------------------------------------------------


def conversation_held(
    *,
    alone: bool,
    summary: str | None = None,
    methods: Sequence[str] | None = None,
    without_parental_consent: bool | None = None,
    parents_present: bool | None = None,
    about: str | None = None,
    underretning: str | None = None,
    sibling: str | None = None,
) -> FactData:
    """A conversation with the child was held. ``alone``: the child was talked with alone.

    ``about``: the trigger ref of the conversation task it answers (without it, it answers
    any); ``underretning``: the report it follows up. The conversation step also records
    ``methods``, ``without_parental_consent`` and ``parents_present``; a conversation recorded
    as a milestone records its note as ``summary`` (and ``sibling`` if one was named on the
    form).
    """
    data: dict = {}
    put(data, "summary", summary)
    data["alone"] = alone
    put(data, "methods", list(methods) if methods is not None else None)
    put(data, "without_parental_consent", without_parental_consent)
    put(data, "parents_present", parents_present)
    put(data, "about", about)
    put(data, "underretning", underretning)
    put(data, "sibling", sibling)
    return FactData("conversation.held", data)


def conversation_omitted(
    *, about: str, rule: str, reason: str, summary: str | None = None
) -> FactData:
    """The conversation task of rule ``rule`` (trigger ``about``) was omitted with a reason
    (an ``OmissionReason`` value); ``summary`` is the caseworker's text."""
    data: dict = {"about": about, "rule": rule, "reason": reason}
    put(data, "summary", summary)
    return FactData("conversation.omitted", data)


# --- Meetings ----------------------------------------------------------------------------------


def meeting_planned(*, due_on: dt.date, kind: str) -> FactData:
    """A meeting with the child was planned on ``due_on`` (again with the same ref when
    moved); ``kind`` is the meeting's kind. Starts the agenda task."""
    return FactData("meeting.planned", {"due_on": due_on.isoformat(), "kind": kind})


def meeting_cancelled(*, reason: str) -> FactData:
    """The meeting was cancelled; its agenda task ends."""
    return FactData("meeting.cancelled", {"reason": reason})


def meeting_held(*, held_on: dt.date, kind: str) -> FactData:
    """The meeting was held on ``held_on``; starts the summary task."""
    return FactData("meeting.held", {"held_on": held_on.isoformat(), "kind": kind})


def meeting_agenda_sent(*, about: str, channel: str, letter: str | None = None) -> FactData:
    """The agenda in words for the child was sent for the meeting ``about``, by ``channel``
    (``letter``: the letter's ref)."""
    data: dict = {"about": about, "channel": channel}
    put(data, "letter", letter)
    return FactData("meeting.agenda_sent", data)


def meeting_summary_delivered(
    *, about: str, understood: str, how: str, letter: str | None = None
) -> FactData:
    """ "What we decided and why" was given to the child for the meeting ``about``, ``how``;
    ``understood``: whether the child understood it (``letter``: the letter's ref)."""
    data: dict = {"about": about, "understood": understood, "how": how}
    put(data, "letter", letter)
    return FactData("meeting.summary_delivered", data)


# --- Rights and change of caseworker -----------------------------------------------------------


def rights_occasion(*, occasion: str) -> FactData:
    """A moment to tell the child about their rights (rule ``rettigheder``): ``occasion`` is
    "case_start", "decision", "plan" or "caseworker_change"."""
    return FactData("rights.occasion", {"occasion": occasion})


def rights_informed(*, topics: Sequence[str], to_child: bool, method: str) -> FactData:
    """The child (or, with ``to_child`` False, others) was told about their rights: which
    ``topics``, by which ``method``. Only rights told to the child meet the task."""
    return FactData(
        "rights.informed", {"topics": list(topics), "to_child": to_child, "method": method}
    )


def caseworker_changed(
    *, from_caseworker: str | None, to_caseworker: str, role: str, changes_on: dt.date
) -> FactData:
    """The primary caseworker changes on ``changes_on`` (the fact's ref is the handover's);
    stored as ``from``/``to`` (names). Starts the handover letter task."""
    return FactData(
        "caseworker.changed",
        {
            "from": from_caseworker,
            "to": to_caseworker,
            "role": role,
            "changes_on": changes_on.isoformat(),
        },
    )


def handover_letter_sent(*, about: str, letter: str | None = None) -> FactData:
    """The letter introducing the new caseworker was sent for the handover ``about``."""
    data: dict = {"about": about}
    put(data, "letter", letter)
    return FactData("handover.letter_sent", data)
