"""Access-matrix entries for the goals of the child's plan (collected by stemme/access/tests).

Setups make the plan through the plan step service and the goals through the goal services,
like real data."""

import datetime as dt

from django.utils import timezone

from stemme.access.testing import Entry, child_page
from stemme.cases.services import goals, steps

CASE = {"case_id": "case.pk"}
GOAL = {"case_id": "case.pk", "goal_id": "goal.pk"}


def make_plan(world):
    return steps.plan_make(
        actor=world.assigned_caseworker,
        case=world.case,
        kind="barnets_plan",
        made_on=timezone.localdate(),
        summary="Zenia vil gerne have ro i skolen.",
    )


def _plan(world):
    return {"plan": make_plan(world)}


def _goal(world):
    plan = make_plan(world)
    goal = goals.goal_add(
        actor=world.assigned_caseworker,
        case=world.case,
        words="Jeg vil gerne spille fodbold igen.",
        success="Jeg går til træning hver tirsdag.",
        responsible="Mor og kontaktpersonen",
        review_on=timezone.localdate() + dt.timedelta(days=30),
        proposed_by_child=True,
    )
    return {"plan": plan, "goal": goal}


GOAL_DATA = {
    "words": "Jeg vil gerne sove bedre.",
    "success": "Jeg er ikke træt i skolen.",
    "responsible": "Far",
    "review_on": "2099-01-31",
    "proposed_by_child": "on",
    "version": "1",
}

ENTRIES: dict[str, list[Entry]] = {
    "cases:goal_add": [
        child_page(kwargs=CASE),
        child_page(kwargs=CASE, setup=_plan),
        child_page(method="post", kwargs=CASE, setup=_plan, data=GOAL_DATA, writes=True),
    ],
    "cases:goal_edit": [
        child_page(kwargs=GOAL, setup=_goal),
        child_page(method="post", kwargs=GOAL, setup=_goal, data=GOAL_DATA, writes=True),
    ],
    "cases:goal_end": [
        child_page(method="post", kwargs=GOAL, setup=_goal, data={"end-version": "1"}, writes=True),
    ],
}
