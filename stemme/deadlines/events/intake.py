"""Facts of the start of a case: the report, the screening and the investigation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .base import OMITTED, FactData, Omittable, put

# --- The report (underretning) and other ways a case starts ------------------------------------


def underretning_received(
    *,
    reporter_type: str,
    abuse: bool,
    child_has_measure: bool,
    parent_suspected: bool,
    summary: str | None = None,
) -> FactData:
    """A report of concern (underretning) was received; its time is the time of receipt.

    ``reporter_type``: "professional", "citizen", "anonymous", "other_municipality" (a
    professional reporter is owed a receipt). ``abuse``: the report is about violence or sexual
    abuse (conversation with the child at once). ``child_has_measure``: the child had an active
    §32/§46/§47/§67 measure at the time (someone new to the case reassesses it, § 137).
    ``parent_suspected``: a parent is suspected (the conversation is held without the parents).
    """
    return FactData(
        "underretning.received",
        _intake_data(reporter_type, abuse, child_has_measure, parent_suspected, summary),
    )


def henvendelse_received(
    *,
    reporter_type: str | None = None,
    abuse: bool | None = None,
    child_has_measure: bool | None = None,
    parent_suspected: bool | None = None,
    summary: str | None = None,
) -> FactData:
    """An inquiry (henvendelse) that is not a report of concern. Not an engine fact.

    The intake step records it with the intake's flags, like ``underretning_received``; the
    demo's inquiries carry only the ``summary``.
    """
    return FactData(
        "henvendelse.received",
        _intake_data(reporter_type, abuse, child_has_measure, parent_suspected, summary),
    )


def child_request_received(
    *,
    reporter_type: str | None = None,
    abuse: bool | None = None,
    child_has_measure: bool | None = None,
    parent_suspected: bool | None = None,
    summary: str | None = None,
) -> FactData:
    """The child asked for help (barnets anmodning); recorded like an inquiry. Not an engine
    fact."""
    return FactData(
        "child_request.received",
        _intake_data(reporter_type, abuse, child_has_measure, parent_suspected, summary),
    )


def _intake_data(reporter_type, abuse, child_has_measure, parent_suspected, summary) -> dict:
    data: dict = {}
    put(data, "reporter_type", reporter_type)
    put(data, "abuse", abuse)
    put(data, "child_has_measure", child_has_measure)
    put(data, "parent_suspected", parent_suspected)
    put(data, "summary", summary)
    return data


def underretning_urgency_assessed(
    *, underretning: str, acute: bool, summary: str | None = None
) -> FactData:
    """Within 24 hours of the report: whether the child needs help at once (§ 136).
    ``underretning`` is the ref of the report assessed."""
    data: dict = {"underretning": underretning, "acute": acute}
    put(data, "summary", summary)
    return FactData("underretning.urgency_assessed", data)


def underretning_receipt_sent(*, underretning: str, summary: str | None = None) -> FactData:
    """The receipt to a professional reporter (kvittering) was sent, for the report
    ``underretning``."""
    data: dict = {"underretning": underretning}
    put(data, "summary", summary)
    return FactData("underretning.receipt_sent", data)


def underretning_reassessed(*, underretning: str, summary: str | None = None) -> FactData:
    """The report ``underretning`` about a child with a measure was reassessed by someone new
    to the case (§ 137, stk. 1)."""
    data: dict = {"underretning": underretning}
    put(data, "summary", summary)
    return FactData("underretning.reassessed", data)


def screening_completed(*, outcome: str, summary: str | None = None) -> FactData:
    """The screening of a report decided what happens next (``outcome``). Not an engine fact."""
    data: dict = {"outcome": outcome}
    put(data, "summary", summary)
    return FactData("screening.completed", data)


# --- Investigation -----------------------------------------------------------------------------


def bfu_started() -> FactData:
    """A child welfare investigation (børnefaglig undersøgelse, § 20) started."""
    return FactData("bfu.started", {})


def afdaekning_started() -> FactData:
    """An afdækning (a lighter investigation) started. Not an engine fact."""
    return FactData("afdaekning.started", {})


def bfu_completed(
    *,
    summary: str | None = None,
    statements: Sequence[str] | None = None,
    child_heard: bool | None = None,
    child_view_exception: Mapping[str, str] | None | Omittable = OMITTED,
) -> FactData:
    """The child welfare investigation was completed (the fact's ref is the investigation's).

    ``child_heard``: the child's view was recorded as the child told it (it answers the
    investigation's conversation task). ``statements``: refs of the child's statements that
    inform it. ``child_view_exception``: the § 5, stk. 4 exception (``reason``, ``why``,
    ``obtained_otherwise``) or None.
    """
    return FactData(
        "bfu.completed", _completed_data(summary, statements, child_heard, child_view_exception)
    )


def afdaekning_completed(
    *,
    summary: str | None = None,
    statements: Sequence[str] | None = None,
    child_heard: bool | None = None,
    child_view_exception: Mapping[str, str] | None | Omittable = OMITTED,
) -> FactData:
    """An afdækning was completed; recorded like ``bfu_completed``. Not an engine fact."""
    return FactData(
        "afdaekning.completed",
        _completed_data(summary, statements, child_heard, child_view_exception),
    )


def _completed_data(summary, statements, child_heard, child_view_exception) -> dict:
    data: dict = {}
    put(data, "summary", summary)
    put(data, "statements", list(statements) if statements is not None else None)
    put(data, "child_heard", child_heard)
    if child_view_exception is not OMITTED:
        exception = dict(child_view_exception) if child_view_exception is not None else None
        data["child_view_exception"] = exception
    return data


def bfu_preliminary_assessment(*, summary: str | None = None) -> FactData:
    """The preliminary assessment when a BFU cannot be finished within 4 months (§ 20,
    stk. 3)."""
    data: dict = {}
    put(data, "summary", summary)
    return FactData("bfu.preliminary_assessment", data)
