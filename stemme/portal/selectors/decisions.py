"""Reads for "Decisions about me": only what a decision holds *for the child*.

A decision's staff fields (reasoning, purpose, legal basis text, how the child's view was
weighed, the provisional reason …) are never loaded here: the query names the few fields meant
for the child, and the page gets plain ``ChildDecision`` values, not ``Decision`` objects, so a
template cannot reach anything else.

A decision that goes against the child's wish (wholly or partly) is shown only as "a new
decision; your caseworker will talk with you about it" until the explanation has been given in
person (``explanation_delivered_on``): a child must hear it from a person first, not read the
measure and "this is not what you wished for" alone on a screen.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from stemme.cases.models import ChildWish, Decision

PENDING_UNTIL_EXPLAINED = {ChildWish.AGAINST, ChildWish.PARTLY}

# The only fields of a decision the portal reads.
CHILD_FIELDS = (
    "id",
    "case_id",
    "paragraph",
    "decided_on",
    "recorded_at",
    "child_wish",
    "explanation_for_child",
    "explanation_due_on",
    "explanation_delivered_on",
)


@dataclass(frozen=True)
class ChildDecision:
    paragraph: str  # a Paragraph value (the template says it in child words); "" while pending
    decided_on: dt.date
    child_wish: str  # a ChildWish value, or "" when the decision did not record it
    explanation: str  # the caseworker's words for the child, once given in person; else ""
    explanation_due_on: dt.date | None  # when the caseworker will explain (not yet done)
    explanation_late: bool  # the date has passed and it has not been done yet

    @property
    def pending(self) -> bool:
        """Against the child's wish and not yet explained in person: show nothing of it yet."""
        return not self.paragraph


def child_decisions(*, child, today: dt.date | None = None) -> list[ChildDecision]:
    """Decisions in all the child's cases, newest first (one query)."""
    today = today or timezone.localdate()
    rows = (
        Decision.objects.filter(case__child=child)
        .order_by("-decided_on", "-recorded_at")
        .only(*CHILD_FIELDS)
    )
    decisions = []
    for row in rows:
        delivered = row.explanation_delivered_on is not None
        waiting = not delivered and row.explanation_due_on is not None
        pending = not delivered and row.child_wish in PENDING_UNTIL_EXPLAINED
        decisions.append(
            ChildDecision(
                paragraph="" if pending else row.paragraph,
                decided_on=row.decided_on,
                child_wish="" if pending else row.child_wish,
                explanation=row.explanation_for_child if delivered else "",
                explanation_due_on=row.explanation_due_on if waiting else None,
                explanation_late=waiting and row.explanation_due_on < today,
            )
        )
    return decisions
