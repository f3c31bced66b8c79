"""Access-matrix entries for "My plan", "Decisions about me" and "What happens next" in Min sag,
and the helpers the portal's own tests of these pages share.

The plan and the decisions are the child's own (a parent gets 404); "What happens next" is shown
to a parent too. Another child gets their own (empty) pages, and a 404 for the protected child's
goal. The pages speak to "you", so they need not show the child's name (``shows_child``); the
matrix still checks that no one else sees it. Everything is made through the services."""

import datetime as dt

from django.utils import timezone

from stemme.access.testing import Entry, portal_page
from stemme.cases.services import steps
from stemme.cases.tests.matrix_plan_goals import _goal

# Staff-only text of a decision: it must never reach the portal.
STAFF_REASONING = "Mor magter ikke hverdagen lige nu"
STAFF_PURPOSE = "Formålet er stabil skolegang"
STAFF_WEIGHING = "Zenias ønske er vejet tungt, men"
FOR_CHILD = "Du skal bo hos din moster et stykke tid, så du kan komme i skole hver dag."


def decide(world, *, case=None, wish="against", days_ago=3, due_in=4, paragraph="32", **extra):
    """A decision on the case, going against the child's wish unless ``wish`` says otherwise."""
    today = timezone.localdate()
    explain = wish in ("against", "partly")
    values = {
        "paragraph": paragraph,
        "legal_basis": "barnets lov § 32, stk. 1, nr. 3",
        "decided_on": today - dt.timedelta(days=days_ago),
        "reasoning": STAFF_REASONING,
        "purpose": STAFF_PURPOSE,
        "expected_duration": "6 måneder",
        "plan_decided": True if paragraph == "32" else None,
        "child_view": "Jeg vil bo hjemme.",
        "child_view_weighing": STAFF_WEIGHING,
        "child_wish": wish,
        "explanation_for_child": FOR_CHILD if explain else "",
        "explanation_how": "Samtale hjemme" if explain else "",
        "explanation_due_on": today + dt.timedelta(days=due_in) if explain else None,
        **extra,
    }
    return steps.decision_make(actor=world.assigned_caseworker, case=case or world.case, **values)


def _decision(world):
    return {"decision": decide(world)}


ENTRIES: dict[str, list[Entry]] = {
    "portal:plan": [
        portal_page(other_child=200, shows_child=False),
        portal_page(setup=_goal, other_child=200, shows_child=False),
    ],
    "portal:goal_rate": [
        portal_page(
            method="post",
            kwargs={"goal_id": "goal.pk"},
            setup=_goal,
            data={"smiley": "4", "words": "Det går fint med fodbold."},
            writes=True,
        ),
    ],
    "portal:decisions": [
        portal_page(setup=_decision, other_child=200, shows_child=False),
    ],
    "portal:next": [
        # A parent reads "What happens next in Zenia's case".
        portal_page(setup=_goal, parent=200, other_child=200, shows_child=False),
    ],
}
