"""Facts of the hearing of the parties (partshøring, forvaltningsloven § 19)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .base import FactData, put


def hearing_sent(*, due_on: dt.date, parties: Sequence[str], paragraph: str) -> FactData:
    """The planned decision on ``paragraph`` was sent to the ``parties`` (their refs), to
    answer by ``due_on``. Starts the task ``partshoering-svar``, due on that day."""
    return FactData(
        "hearing.sent",
        {"due_on": due_on.isoformat(), "parties": list(parties), "paragraph": paragraph},
    )


def hearing_answered(*, about: str, party: str, answered_on: dt.date) -> FactData:
    """A party (``party``: its ref) answered the hearing ``about`` on ``answered_on``."""
    return FactData(
        "hearing.answered",
        {"about": about, "party": party, "answered_on": answered_on.isoformat()},
    )


def hearing_closed(
    *,
    about: str,
    reason: str,
    silent: Sequence[str] | None = None,
    decision: str | None = None,
) -> FactData:
    """The hearing ``about`` is over: every party answered (``reason`` "answered"), the
    deadline passed (``"deadline"``; ``silent``: the parties who did not answer) or a decision
    was made on it (``"decision"``, ``decision``: its ref). Meets ``partshoering-svar``."""
    data: dict = {"about": about, "reason": reason}
    put(data, "silent", list(silent) if silent is not None else None)
    put(data, "decision", decision)
    return FactData("hearing.closed", data)


def hearing_waived(*, decision: str, reason: str) -> FactData:
    """A decision against the parties' wish was made without a hearing; ``reason`` is the
    ground in forvaltningsloven § 19, stk. 2 (a ``HearingException`` value)."""
    return FactData("hearing.waived", {"decision": decision, "reason": reason})
