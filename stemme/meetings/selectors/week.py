"""The week view: "Min uge" (a caseworker's own cases) and "Teamets uge" (a team leader's).

Monday to Sunday, by day: every meeting on the cases in reach, the other dated contacts the
records hold (an agreed follow-up date, a start-up meeting, a follow-up or a supervision visit
held that day) and the duties due that day. The children come from ``stemme.access`` (the
caseworker's own caseload, the leader's team), and the whole week is a fixed number of queries:
one per kind, two for the duties (``deadlines.selectors.worklist``).
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.access import selectors as access
from stemme.accounts.models import Role
from stemme.cases.models import (
    Case,
    CaseworkerAssignment,
    FollowUp,
    StartUpMeeting,
    SupervisionVisit,
)
from stemme.core.forms import FIRST_YEAR, LAST_YEAR
from stemme.deadlines.calendar import COPENHAGEN
from stemme.deadlines.selectors import WorklistFilter, urgency, worklist
from stemme.meetings.models import Meeting

# ``?uge=2026-W49`` (ISO week) or ``?uge=2026-12-08`` (any day of the week).
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
# More duties than this in one week: the page says so and points to the worklist.
DUTY_LIMIT = 300


def week_start(value: str | None, *, today: dt.date) -> dt.date:
    """The Monday of the week ``value`` names (an ISO week "2026-W49" or a date "2026-12-08");
    this week's Monday for anything else."""
    value = (value or "").strip().upper()
    day = today
    try:
        if match := _ISO_WEEK.match(value):
            day = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        elif value:
            day = dt.date.fromisoformat(value)
    except ValueError:
        day = today
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        day = today
    return day - dt.timedelta(days=day.weekday())


def week_label(day: dt.date) -> str:
    """The ISO week of ``day`` as the page's address says it: "2026-W49"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Contact:
    """A dated contact that is not a meeting of the meetings app (from the case's records)."""

    day: dt.date
    label: str
    child: object
    case_id: object
    caseworker_name: str | None = None


@dataclass
class WeekDay:
    day: dt.date
    is_today: bool
    meetings: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    duties: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.meetings or self.contacts or self.duties)


@dataclass
class Week:
    monday: dt.date
    is_team: bool
    days: list
    children: list  # every child the page shows, once: for the access log
    duties_total: int = 0
    duties_shown: int = 0

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def previous(self) -> str:
        return week_label(self.monday - dt.timedelta(days=7))

    @property
    def next(self) -> str:
        return week_label(self.monday + dt.timedelta(days=7))

    @property
    def is_current(self) -> bool:
        return any(day.is_today for day in self.days)

    @property
    def meeting_count(self) -> int:
        return sum(len(day.meetings) for day in self.days)

    @property
    def duties_cut(self) -> bool:
        return self.duties_shown < self.duties_total


def week_cases(user) -> tuple[QuerySet, int | None, bool]:
    """The cases whose week ``user`` sees, whose duties (a caseworker: the cases they hold, as
    on their worklist) and whether it is a team's week.

    A caseworker: their own caseload (``children_assigned_to``); a team leader: the children
    of their teams (``children_visible_to``); always only cases the user may open."""
    cases = access.cases_visible_to(user)
    if user.role == Role.CASEWORKER:
        return cases.filter(child__in=access.children_assigned_to(user)), user.pk, False
    if user.role == Role.TEAM_LEADER:
        return cases.filter(child__in=access.children_visible_to(user)), None, True
    return Case.objects.none(), None, False


# A scope of at most this many cases is read once as a list of ids (see ``_as_id_list``); a
# larger one stays a sub-query, far below the databases' limits on a statement's parameters.
ID_LIST_LIMIT = 2_000


def _as_id_list(cases: QuerySet) -> QuerySet:
    """``cases`` as the list of their ids, read once (one query): each of the week's queries
    then looks up a short list through the primary key instead of carrying the access scope's
    sub-query, compiled and planned anew in each (Min uge 20 % faster in process at 10,000
    children: docs/performance.md). A caseworker holds ~30–40 cases, a team leader's teams a
    few hundred."""
    ids = list(cases.order_by().values_list("pk", flat=True)[: ID_LIST_LIMIT + 1])
    if len(ids) > ID_LIST_LIMIT:
        return cases
    return Case.objects.filter(pk__in=ids)


def _primary_name(case_path: str) -> Subquery:
    """The case's current primary caseworker's name, in the row's own query."""
    return Subquery(
        CaseworkerAssignment.objects.filter(
            case_id=OuterRef(case_path), role="primary", ended_on__isnull=True
        )
        .annotate(name=Concat("caseworker__first_name", Value(" "), "caseworker__last_name"))
        .values("name")[:1]
    )


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=COPENHAGEN)


def _contacts(cases: QuerySet, monday: dt.date, sunday: dt.date) -> list[Contact]:
    """Agreed follow-up dates (still the agreed next one: no follow-up held since), and the
    start-up meetings, follow-ups and supervision visits held in the week (three queries)."""
    in_week = (monday, sunday)
    later_follow_up = FollowUp.objects.filter(case_id=OuterRef("case_id")).filter(
        Q(held_on__gt=OuterRef("held_on"))
        | Q(held_on=OuterRef("held_on"), recorded_at__gt=OuterRef("recorded_at"))
    )
    follow_up_since = FollowUp.objects.filter(
        case_id=OuterRef("case_id"), held_on__gte=OuterRef("held_on")
    )
    contacts = []
    follow_ups = (
        FollowUp.objects.filter(case__in=cases)
        .filter(Q(held_on__range=in_week) | Q(next_follow_up_on__range=in_week))
        .annotate(superseded=Exists(later_follow_up), caseworker_name=_primary_name("case_id"))
        .select_related("case__child")
    )
    for row in follow_ups:
        if monday <= row.held_on <= sunday:
            contacts.append(_contact(row, row.held_on, _("Follow-up held")))
        agreed = row.next_follow_up_on
        if agreed and monday <= agreed <= sunday and not row.superseded:
            contacts.append(_contact(row, agreed, _("Agreed follow-up")))
    start_ups = (
        StartUpMeeting.objects.filter(case__in=cases)
        .filter(Q(held_on__range=in_week) | Q(first_follow_up_on__range=in_week))
        .annotate(superseded=Exists(follow_up_since), caseworker_name=_primary_name("case_id"))
        .select_related("case__child")
    )
    for row in start_ups:
        if monday <= row.held_on <= sunday:
            contacts.append(_contact(row, row.held_on, _("Start-up meeting held")))
        if monday <= row.first_follow_up_on <= sunday and not row.superseded:
            contacts.append(_contact(row, row.first_follow_up_on, _("Agreed follow-up")))
    visits = (
        SupervisionVisit.objects.filter(case__in=cases, visited_on__range=in_week)
        .annotate(caseworker_name=_primary_name("case_id"))
        .select_related("case__child")
    )
    contacts += [_contact(row, row.visited_on, _("Supervision visit")) for row in visits]
    contacts.sort(key=lambda contact: (contact.day, contact.child.full_name, str(contact.label)))
    return contacts


def _contact(row, day: dt.date, label) -> Contact:
    return Contact(
        day=day,
        label=label,
        child=row.case.child,
        case_id=row.case_id,
        caseworker_name=row.caseworker_name,
    )


def week_for(*, user, monday: dt.date, now: dt.datetime | None = None) -> Week:
    """The week from ``monday`` for ``user`` (eight queries, however many cases)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sunday = monday + dt.timedelta(days=6)
    cases, caseworker_id, is_team = week_cases(user)
    cases = _as_id_list(cases)
    meetings = list(
        Meeting.objects.filter(
            case__in=cases,
            starts_at__gte=_day_start(monday),
            starts_at__lt=_day_start(monday + dt.timedelta(days=7)),
        )
        .annotate(caseworker_name=_primary_name("case_id"))
        .select_related("case__child")
        .order_by("starts_at", "pk")
    )
    contacts = _contacts(cases, monday, sunday)
    duties = worklist(
        cases=cases,
        filters=WorklistFilter(
            caseworker_id=caseworker_id, status="open", due_from=monday, due_to=sunday
        ),
        page_size=DUTY_LIMIT,
        now=now,
    )
    rows = list(duties.page.object_list)
    rows.sort(key=lambda obligation: (obligation.due_at, obligation.rule_id, obligation.pk))
    days = {
        monday + dt.timedelta(days=offset): WeekDay(
            day=monday + dt.timedelta(days=offset),
            is_today=monday + dt.timedelta(days=offset) == today,
        )
        for offset in range(7)
    }
    children = {}
    for meeting in meetings:
        meeting.local_start = timezone.localtime(meeting.starts_at)
        meeting.local_end = timezone.localtime(meeting.ends_at)
        days[meeting.local_start.date()].meetings.append(meeting)
        children.setdefault(meeting.case.child.pk, meeting.case.child)
    for contact in contacts:
        days[contact.day].contacts.append(contact)
        children.setdefault(contact.child.pk, contact.child)
    for obligation in rows:
        obligation.urgency = urgency(obligation, now=now)
        days[obligation.due_date].duties.append(obligation)
        children.setdefault(obligation.child.pk, obligation.child)
    return Week(
        monday=monday,
        is_team=is_team,
        days=list(days.values()),
        children=list(children.values()),
        duties_total=duties.total,
        duties_shown=len(rows),
    )
