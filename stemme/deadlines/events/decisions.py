"""Facts of decisions and measures, the plan and follow-up, milestones, waivers and closure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .base import OMITTED, FactData, Omittable, iso, put, put_omittable

# --- Decision and measure ----------------------------------------------------------------------


def decision_made(
    *,
    paragraph: str,
    plan_decided: bool | None,
    neglect_or_abuse: bool,
    siblings_under_15: Sequence[str] = (),
    summary: str | None = None,
    statements: Sequence[str] = (),
    child_view_exception: str | None = None,
    child_wish: str,
    explanation_due_on: dt.date | None = None,
    refused: bool | None = None,
) -> FactData:
    """A decision was made.

    ``paragraph``: "30", "31", "32", "46", "47", "67", "114"-"116", "120", or "143" (the
    chair's provisional decision). ``plan_decided``: for § 32, whether a plan was decided (None
    for other paragraphs). ``neglect_or_abuse``: for § 46/47. ``siblings_under_15``: refs of the
    siblings under 15 in the household on the decision day, for § 46/47 for neglect or abuse
    (§ 21, stk. 2). ``refused``: an afslag (still a decision).

    The child's voice: ``statements`` (refs informing it), ``child_view_exception`` (the § 5,
    stk. 4 reason, or None), ``child_wish`` ("followed", "partly", "against", "no_wish"); the
    stored ``against_child_wish`` is ``child_wish == "against"``. ``explanation_due_on``: when
    the decision is to be explained to the child (the ``forklaring-afgoerelse`` task).
    """
    data: dict = {
        "paragraph": paragraph,
        "plan_decided": plan_decided,
        "neglect_or_abuse": neglect_or_abuse,
        "siblings_under_15": list(siblings_under_15),
    }
    put(data, "summary", summary)
    data["statements"] = list(statements)
    data["child_view_exception"] = child_view_exception
    data["child_wish"] = child_wish
    data["against_child_wish"] = child_wish == "against"
    data["explanation_due_on"] = iso(explanation_due_on)
    put(data, "refused", refused)
    return FactData("decision.made", data)


def explanation_delivered(*, about: str, how: str, summary: str | None = None) -> FactData:
    """The decision ``about`` was explained to the child (it went against, or partly against,
    the child's wish); ``how`` it was explained."""
    data: dict = {"about": about, "how": how}
    put(data, "summary", summary)
    return FactData("explanation.delivered", data)


def decision_notified(*, about: str, summary: str | None = None) -> FactData:
    """A party received the decision ``about`` (starts the complaint deadline)."""
    data: dict = {"about": about}
    put(data, "summary", summary)
    return FactData("decision.notified", data)


def complaint_received(*, about: str, summary: str | None = None) -> FactData:
    """A complaint about the decision ``about`` was received."""
    data: dict = {"about": about}
    put(data, "summary", summary)
    return FactData("complaint.received", data)


def complaint_reconsidered(*, about: str, summary: str | None = None) -> FactData:
    """The decision was reconsidered after the complaint ``about``."""
    data: dict = {"about": about}
    put(data, "summary", summary)
    return FactData("complaint.reconsidered", data)


def access_request_received(*, summary: str | None = None) -> FactData:
    """A request for access to the file (aktindsigt) was received."""
    data: dict = {}
    put(data, "summary", summary)
    return FactData("access_request.received", data)


def access_request_answered(*, about: str, summary: str | None = None) -> FactData:
    """The access request ``about`` was answered."""
    data: dict = {"about": about}
    put(data, "summary", summary)
    return FactData("access_request.answered", data)


def measure_started(
    *,
    decision: str,
    placement: bool,
    parallel_investigation_ends_on: dt.date | None = None,
    parallel_investigation: str | None | Omittable = OMITTED,
    description: str | None = None,
    summary: str | None = None,
) -> FactData:
    """A measure started (iværksat) under the decision ``decision``; the first follow-up clock
    starts here. ``placement``: a placement outside the home.

    § 95 stk. 2 nr. 1: ``parallel_investigation_ends_on`` is the end expected at the start of
    a BFU running alongside (or None); ``parallel_investigation`` the running BFU's ref (or
    None), whose ``bfu.completed`` is the actual end.
    """
    data: dict = {
        "decision": decision,
        "placement": placement,
        "parallel_investigation_ends_on": iso(parallel_investigation_ends_on),
    }
    put_omittable(data, "parallel_investigation", parallel_investigation)
    put(data, "description", description)
    put(data, "summary", summary)
    return FactData("measure.started", data)


def measure_ended(*, decision: str, placement: bool, summary: str | None = None) -> FactData:
    """The measure under the decision ``decision`` ended. ``placement``: it was a placement."""
    data: dict = {"decision": decision, "placement": placement}
    put(data, "summary", summary)
    return FactData("measure.ended", data)


# --- Plan, start-up meeting, follow-up, supervision --------------------------------------------


def plan_made(*, ungeplan: bool, summary: str | None = None) -> FactData:
    """The child's plan (barnets plan) was made; ``ungeplan``: a youth plan (ungeplan)."""
    data: dict = {"ungeplan": ungeplan}
    put(data, "summary", summary)
    return FactData("plan.made", data)


def start_up_meeting_held(*, next: dt.date) -> FactData:  # noqa: A002 (the stored key)
    """The start-up meeting was held; ``next``: the first follow-up date. Not an engine fact
    (``follow_up_scheduled`` carries the date to the engine)."""
    return FactData("start_up_meeting.held", {"next": next.isoformat()})


def follow_up_held(
    *,
    outcome: str,
    talked_with_child_alone: bool,
    next: dt.date | None,  # noqa: A002 (the stored key)
    summary: str | None = None,
) -> FactData:
    """A follow-up (§ 95) was held. ``talked_with_child_alone`` answers the conversation task
    before it; ``next``: the next follow-up date (None when the case is to close)."""
    data: dict = {
        "outcome": outcome,
        "talked_with_child_alone": talked_with_child_alone,
        "next": iso(next),
    }
    put(data, "summary", summary)
    return FactData("follow_up.held", data)


def follow_up_scheduled(*, due_on: dt.date) -> FactData:
    """A follow-up date was agreed (``due_on``): talk with the child alone before it."""
    return FactData("follow_up.scheduled", {"due_on": due_on.isoformat()})


def supervision_held(*, with_child_conversation: bool, staff_present: bool) -> FactData:
    """A supervision visit at the placement (personrettet tilsyn, § 156, stk. 5);
    ``with_child_conversation``: the child was talked with."""
    return FactData(
        "supervision.held",
        {"with_child_conversation": with_child_conversation, "staff_present": staff_present},
    )


# --- Milestones, waivers, closure --------------------------------------------------------------


def party_status_informed(
    *,
    summary: str | None = None,
    topics: Sequence[str] | None = None,
    to_child: bool | None = None,
    method: str | None = None,
    sibling: str | None = None,
) -> FactData:
    """The child was told they are a party in the case. As a milestone it carries the note as
    ``summary`` (and ``sibling`` if one was named on the form); as part of rights information
    it carries ``topics``, ``to_child`` and ``method`` like ``rights_informed``."""
    data: dict = {}
    put(data, "summary", summary)
    put(data, "topics", list(topics) if topics is not None else None)
    put(data, "to_child", to_child)
    put(data, "method", method)
    put(data, "sibling", sibling)
    return FactData("party_status.informed", data)


def ungeplan_decided(*, summary: str | None = None, sibling: str | None = None) -> FactData:
    """It was decided whether to make a youth plan (ungeplan)."""
    data: dict = {}
    put(data, "summary", summary)
    put(data, "sibling", sibling)
    return FactData("ungeplan.decided", data)


def ungestoette_decided(*, summary: str | None = None) -> FactData:
    """It was decided whether the young person gets support after 18 (ungestøtte)."""
    data: dict = {}
    put(data, "summary", summary)
    return FactData("ungestoette.decided", data)


def sibling_bfu_decided(*, sibling: str, summary: str | None = None) -> FactData:
    """It was decided whether to investigate a sibling (§ 21, stk. 2); ``sibling`` is a
    ``child:…`` or ``person:…`` ref."""
    data: dict = {}
    put(data, "summary", summary)
    data["sibling"] = sibling
    return FactData("sibling_bfu.decided", data)


def obligation_waived(*, rule_id: str, trigger_ref: str, reason: str) -> FactData:
    """The obligation of rule ``rule_id`` for the trigger ``trigger_ref`` was waived with a
    reason; it stays visible as waived."""
    return FactData(
        "obligation.waived", {"rule_id": rule_id, "trigger_ref": trigger_ref, "reason": reason}
    )


def case_closed(*, stage: str = "closed", summary: str | None = None) -> FactData:
    """The case was closed (``stage`` is the case's stage, "closed")."""
    data: dict = {"stage": stage}
    put(data, "summary", summary)
    return FactData("case.closed", data)
