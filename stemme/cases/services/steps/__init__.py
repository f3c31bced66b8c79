"""Writes for the steps of a case, from intake to closure (barnets lov), one module per stage:
``intake``, ``investigation`` (screening and investigations), ``decision`` (decisions and
measures), ``follow_up`` (plan, start-up meeting, follow-up, supervision), ``closure``
(milestones, waivers, closing); ``common`` holds their small shared checks.

Each service follows the case-write unit (stemme/cases/services/unit.py): it validates the
step, locks the case row, writes its record, records an event whose kind and data are the
deadline engine's facts (stemme/deadlines/facts.py), moves the case to its next step, and
refreshes the case's obligations — all in one transaction.

Guards stop only what the law makes unambiguous, each with a Danish message:
- a § 46 decision needs a finished børnefaglig undersøgelse or a recorded provisional reason;
- a § 47 decision needs a barnets plan first (§ 91, stk. 2);
- a screening of a report that concerns abuse (or a suspicion of it) can only lead to a
  børnefaglig undersøgelse: not to closing, an afdækning or early preventive help alone
  (§ 20, stk. 1, nr. 2);
- no decision, and no finished børnefaglig undersøgelse, without the child's view (one guard,
  ``participation.services.voice.child_view_errors``) in the
  child's own words (a ``participation.ChildStatement`` linked to it) or a § 5, stk. 4 exception
  with its reason and how the view was obtained instead; every decision says how the child's
  view was weighed, and one that goes against the child's wish, or follows it only in part,
  says how and when it will be explained to the child.

The time of a step dated with a day only is ``unit.occurred_at_for``: the end of that day, whenever
it is typed. Every step dated the same day shares that instant, so the deadline engine compares
them as the guards compare dates ("a plan made on or before the decision day" passes the § 47
guard and meets ``plan-foer-47``), and entering the same dated steps in any order gives the
same duties. The obligations are computed as of the end of the current day, so a step dated
today counts at once.
"""

from stemme.cases.services.steps.closure import (
    case_close,
    milestone_record,
    obligation_waive,
)
from stemme.cases.services.steps.decision import (
    decision_make,
    decision_notified_record,
    explanation_deliver,
    measure_end,
    measure_start,
)
from stemme.cases.services.steps.follow_up import (
    follow_up_hold,
    plan_make,
    start_up_meeting_hold,
    supervision_visit_record,
)
from stemme.cases.services.steps.intake import (
    case_set_awareness_date,
    intake_assess_urgency,
    intake_reassess,
    intake_register,
    intake_register_childs_own_report,
    intake_register_for_new_child,
    intake_send_receipt,
)
from stemme.cases.services.steps.investigation import (
    INVESTIGATION_SECTIONS,
    investigation_complete,
    investigation_preliminary_assessment,
    investigation_start,
    screening_record,
)
from stemme.cases.services.unit import occurred_at_for

__all__ = [
    "INVESTIGATION_SECTIONS",
    "case_close",
    "case_set_awareness_date",
    "decision_make",
    "decision_notified_record",
    "explanation_deliver",
    "follow_up_hold",
    "intake_assess_urgency",
    "intake_reassess",
    "intake_register",
    "intake_register_childs_own_report",
    "intake_register_for_new_child",
    "intake_send_receipt",
    "investigation_complete",
    "investigation_preliminary_assessment",
    "investigation_start",
    "measure_end",
    "measure_start",
    "milestone_record",
    "obligation_waive",
    "occurred_at_for",
    "plan_make",
    "screening_record",
    "start_up_meeting_hold",
    "supervision_visit_record",
]
