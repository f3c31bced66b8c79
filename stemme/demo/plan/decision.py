"""The decision on a measure, with the child's view."""

from __future__ import annotations

import datetime as dt

from stemme.deadlines import events
from stemme.demo.plan.base import BuilderBase
from stemme.demo.plan.constants import PLACEMENTS
from stemme.demo.plan.helpers import age_group, age_on, in_key_order
from stemme.demo.plan.records import DecisionRecord
from stemme.demo.plan.state import CaseState
from stemme.demo.plan.texts import (
    CHILD_VIEW_EXCEPTIONS,
    CHILD_VIEWS,
    CHILD_VIEWS_PLACEMENT,
    DURATIONS,
    LEGAL_BASIS,
    PROVISIONAL_REASONS,
    PURPOSES,
    REASONINGS,
)


class DecisionBuilder(BuilderBase):
    def child_view(self, c: CaseState, day: dt.date, *, placement: bool) -> tuple[str, str]:
        """(the child's view, why it could not be obtained) for a decision on ``day``."""
        age = age_on(c.child.birth_date, day)
        if age < 4:
            years = "under 1 år" if age == 0 else f"{age} år"
            place = "dagplejen" if age < 1 else "vuggestuen" if age < 3 else c.texts["institution"]
            exception = self.rng.choice(CHILD_VIEW_EXCEPTIONS)
            return "", c.fill(exception, alder=years, institution=place)
        views = (CHILD_VIEWS_PLACEMENT if placement else CHILD_VIEWS)[age_group(age)]
        return self.rng.choice(views), ""

    def decision(
        self,
        c: CaseState,
        day: dt.date,
        *,
        paragraph: str,
        plan_decided: bool | None,
        provisional: bool,
        description: str,
        abuse: bool,
    ) -> DecisionRecord:
        rng = self.rng
        placement = paragraph in PLACEMENTS
        view, exception = self.child_view(c, day, placement=placement)
        if placement:
            purpose_key = "placement"
        elif paragraph in ("30", "31"):
            purpose_key = "early"
        elif paragraph == "114":
            purpose_key = "114"
        else:
            purpose_key = description
        reasoning_key = "early" if paragraph in ("30", "31") else paragraph
        tiltag = description
        # A placement without consent is decided by the committee and presented by the leader.
        actor = c.leader if paragraph == "47" else self.actor(c, day)
        decision = DecisionRecord(
            id=self.new_id(),
            case_id=c.id,
            recorded_by=actor,
            paragraph=paragraph,
            legal_basis=LEGAL_BASIS[paragraph],
            decided_on=day,
            purpose=c.fill(PURPOSES[purpose_key]),
            expected_duration=c.fill(rng.choice(DURATIONS[paragraph])),
            reasoning=c.fill(rng.choice(REASONINGS[reasoning_key]), tiltag=tiltag),
            plan_decided=plan_decided if paragraph == "32" else None,
            neglect_or_abuse=placement and (abuse or self.chance(0.35)),
            provisional_reason=c.fill(rng.choice(PROVISIONAL_REASONS)) if provisional else "",
            child_view=view,
            child_view_exception=exception,
        )
        self.child_wish(c, decision, view=view)
        self.record(c, "decisions", decision, day)
        statements = self.statement(c, decision)
        summary = (
            "Ungestøtte efter 18 år (§ 114)"
            if paragraph == "114"
            else f"{description} (§ {paragraph})"
        )
        made = events.decision_made(
            paragraph=paragraph,
            plan_decided=decision.plan_decided,
            neglect_or_abuse=decision.neglect_or_abuse,
            summary=summary,
            statements=statements,
            child_view_exception=decision.child_view_exception_reason or None,
            child_wish=decision.child_wish,
            explanation_due_on=decision.explanation_due_on,
        )
        made = in_key_order(
            made,
            "paragraph",
            "plan_decided",
            "neglect_or_abuse",
            "siblings_under_15",
            "summary",
            "statements",
            "child_view_exception",
            "against_child_wish",
        )
        self.emit(
            c,
            day,
            made,
            actor,
            ref=decision.ref,
            stamp=decision,
        )
        self.explanation(c, decision)
        self.occasion(c, day, decision.ref, "decision")
        return decision
