"""Reads for "What happens next": per open case, where it is and the next dates.

The stage is given to the template as a small set of steps the child can understand (``step``);
the template says each one in words for the child's age. The dates are the next planned meeting,
the next date the plan's goals are looked at again, and the next agreed follow-up. Deadlines and
the rules behind them are the caseworker's tools and are never shown here.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone

from stemme.cases.models import Case, FollowUp, PlanGoal, Stage, StartUpMeeting
from stemme.meetings.models import Meeting, MeetingStatus
from stemme.portal.selectors.plan import current_plans

# The case's stage, as the steps a child can follow.
STEPS = {
    Stage.RECEIVED: "start",
    Stage.INITIAL_CONVERSATIONS: "start",
    Stage.SCREENING: "start",
    Stage.AFDAEKNING: "mapping",
    Stage.BFU: "investigation",
    Stage.CHOICE_OF_MEASURE: "choice",
    Stage.PLAN: "plan",
    Stage.START_UP_MEETING: "start_up",
    Stage.MEASURE_RUNNING: "help",
    Stage.FOLLOW_UP: "follow_up",
    Stage.SUPERVISION: "visit",
    Stage.CLOSING: "closing",
}


@dataclass(frozen=True)
class CaseNext:
    step: str  # one of STEPS' values
    meeting: Meeting | None
    plan_review_on: dt.date | None
    follow_up_on: dt.date | None

    @property
    def upcoming(self) -> list[tuple[str, dt.date, Meeting | None]]:
        """The coming dates as (what, date, meeting), the soonest first."""
        items = []
        if self.meeting is not None:
            items.append(("meeting", timezone.localdate(self.meeting.starts_at), self.meeting))
        if self.plan_review_on is not None:
            items.append(("plan_review", self.plan_review_on, None))
        if self.follow_up_on is not None:
            items.append(("follow_up", self.follow_up_on, None))
        return sorted(items, key=lambda item: item[1])


@dataclass(frozen=True)
class NextPage:
    cases: list  # CaseNext per open case
    has_closed: bool  # the child has (only) closed cases when ``cases`` is empty


def _latest_per_case(rows, date_field: str) -> dict:
    found: dict = {}
    for row in rows:
        found.setdefault(row.case_id, getattr(row, date_field))
    return found


def next_page(*, child, person=None, now: dt.datetime | None = None) -> NextPage:
    """What happens next in each of the child's open cases (at most 6 queries, however many
    cases, meetings, goals and follow-ups there are). For a parent (``person``) only meetings
    the parent is invited to are shown."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cases = list(Case.objects.filter(child=child).order_by("-opened_on").only("id", "stage"))
    open_cases = [case for case in cases if case.stage != Stage.CLOSED]
    if not open_cases:
        return NextPage(cases=[], has_closed=bool(cases))
    ids = [case.pk for case in open_cases]

    meetings: dict = {}
    planned = Meeting.objects.filter(
        case_id__in=ids, status=MeetingStatus.PLANNED, starts_at__gte=now
    )
    if person is not None:
        planned = planned.filter(participants__person=person)
    for meeting in planned.order_by("starts_at"):
        meetings.setdefault(meeting.case_id, meeting)

    plans = current_plans(child=child)
    reviews = {
        row["plan__case_id"]: row["next"]
        for row in PlanGoal.objects.filter(
            plan__in=plans, ended_on__isnull=True, review_on__gte=today
        )
        .values("plan__case_id")
        .annotate(next=Min("review_on"))
    }

    # The agreed date of the next follow-up: set by the latest follow-up, or, before the first
    # follow-up, by the start-up meeting.
    follow_ups = _latest_per_case(
        FollowUp.objects.filter(case_id__in=ids)
        .order_by("case_id", "-held_on", "-recorded_at")
        .only("case_id", "next_follow_up_on"),
        "next_follow_up_on",
    )
    start_ups = _latest_per_case(
        StartUpMeeting.objects.filter(case_id__in=ids)
        .order_by("case_id", "-held_on", "-recorded_at")
        .only("case_id", "first_follow_up_on"),
        "first_follow_up_on",
    )

    result = []
    for case in open_cases:
        agreed = follow_ups[case.pk] if case.pk in follow_ups else start_ups.get(case.pk)
        result.append(
            CaseNext(
                step=STEPS.get(case.stage, "start"),
                meeting=meetings.get(case.pk),
                plan_review_on=reviews.get(case.pk),
                follow_up_on=agreed if agreed is not None and agreed >= today else None,
            )
        )
    return NextPage(cases=result, has_closed=False)
