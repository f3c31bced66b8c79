"""The demo municipality as a plan: plain data, built without touching the database.

``build_demo_plan`` turns (number of children, seed, today) into dataclasses describing every row
the demo needs: one fictional municipality, its teams and staff, children with their families
and networks, cases with the step records of the casework (intake, screening, investigation,
decision, measure, plan, meetings, follow-ups, supervision visits, closure and milestones),
caseworker assignments and the event history. The same arguments always give the same plan,
UUIDs included, so a demo, a screenshot or a failing test can be reproduced. Writing the plan is
``stemme.demo.services.demo_write``'s job; keeping the two apart lets the plan be tested (and
timed) on its own.

The events follow the contract of the case-write unit (stemme/cases/services/unit.py): every step
record has its event with the record's ``ref`` and the data the deadline engine reads, dated when
it happened and done by the caseworker who did it. Most casework is on time; some of it is late
or missing on purpose, so the deadline engine has overdue obligations to show.

The child's voice (M3/M4) follows the same contract as stemme.participation's services: each
decision records the child's wish (and, against it, a plain explanation that is mostly delivered),
the child's own words as a statement, rights occasions at the case start, each decision and each
plan with rights information after them (from age 6), the agreed follow-up dates, and a
conversation (or the reason it was left out) for each report, investigation, measure and
follow-up. Tasks due long ago have been dealt with; a few recent ones are still open or overdue,
so a worklist shows some. It is drawn from a generator of its own, so the casework is the same as
without it.

Meetings with the child follow stemme.meetings' services: the start-up meeting, most follow-ups
of the last year, network meetings during many investigations and handover meetings, each
planned a week or three before, its agenda sent to the child (mostly two days or more before),
participants and agenda items (some the child's own, some carried from the child's topics for
next time), and, once held, "what we decided and why" given to the child, mostly within five
working days. Open cases often have their next meeting planned. Every change of primary
caseworker is a handover with its checklist and, mostly, a letter introducing the new caseworker.
The letters the child got (agendas, summaries by post, introductions) are in the outbox. These
come from a third generator of their own.

The case file comes last, from a fourth generator of its own, once a child's events have their
times: journal notes of every kind (a few internal, a few corrected with a reason, some with the
child's words filed as a statement), documents with small generated PDF files (stored by the
writer as the upload service stores them, scanned clean), hearings of the parties before § 47
and some § 32 decisions (answered, silent, closed by the caseworker or by the decision; waived
for a provisional decision) and a few still open before a decision, and the decision letters of
the last four months, per person with custody and for a child of 10 or more, as far on their
way as the caseworker has recorded (ready, printed, posted or handed over).

The package: ``constants`` and ``texts`` (the fixed values and the Danish texts), ``records``
(the plan's dataclasses) and the builder in parts, one module per stage on ``base``
(``organisation``, ``schedule``, ``cases``, ``intake``, ``investigation``, ``decision``,
``measure``, ``follow_up``, ``milestones``, ``voice``, ``meetings``, ``handover``,
``case_file``), joined in ``builder``.

This package deliberately imports no models: ``make run`` reads ``DEMO_LOGINS`` before Django is
set up. The string values used for roles, stages, relations and the step records' choices are
checked against the models' choices in the tests.

All people are fictional. CPR numbers are CPR-shaped but fail the old modulus-11 check on
purpose, so they are recognisably synthetic.
"""

from stemme.demo.plan.builder import build_demo_plan
from stemme.demo.plan.constants import (
    CLOSED,
    DEMO_ENROLMENT_CODE,
    DEMO_LOGINS,
    DEMO_MUNICIPALITY_CODE,
    DEMO_MUNICIPALITY_NAME,
    DEMO_PASSWORD,
    DEMO_PORTAL_LOGINS,
    DEMO_PORTAL_PIN,
    MIN_CHILDREN,
    OPEN_STAGES,
    STAGE_WEIGHTS,
    TIME_ZONE,
)
from stemme.demo.plan.helpers import cpr_mod11_sum
from stemme.demo.plan.records import (
    CASE_FILE_RECORDS,
    MEETING_RECORDS,
    STEP_RECORDS,
    VOICE_RECORDS,
    DemoPlan,
)

__all__ = [
    "CASE_FILE_RECORDS",
    "CLOSED",
    "DEMO_ENROLMENT_CODE",
    "DEMO_LOGINS",
    "DEMO_MUNICIPALITY_CODE",
    "DEMO_MUNICIPALITY_NAME",
    "DEMO_PASSWORD",
    "DEMO_PORTAL_LOGINS",
    "DEMO_PORTAL_PIN",
    "MEETING_RECORDS",
    "MIN_CHILDREN",
    "OPEN_STAGES",
    "STAGE_WEIGHTS",
    "STEP_RECORDS",
    "TIME_ZONE",
    "VOICE_RECORDS",
    "DemoPlan",
    "build_demo_plan",
    "cpr_mod11_sum",
]
