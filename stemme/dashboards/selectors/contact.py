"""Indicators of continuity and contact: changes of caseworker, children without contact, and
the list of those children."""

import datetime as dt

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext_lazy as _

from stemme.cases import models as cases
from stemme.children.models import Child
from stemme.dashboards.selectors.results import (
    CASEWORKER_CHANGE_MONTHS,
    NO_CONTACT_MONTHS,
    Baseline,
    Indicator,
)
from stemme.dashboards.selectors.scope import _ids, _open_at
from stemme.deadlines.calendar import add_calendar_months
from stemme.meetings.models import Meeting, MeetingStatus
from stemme.participation.models import Conversation


def primary_changes_by_child(scope, period, children) -> QuerySet:
    """Per child of ``children`` (a subquery of ids) with at least one: the changes of primary
    caseworker in the 24 months, as rows ``{"child_id", "changes"}``.

    A change is a primary assignment on a case in scope that started in the 24 months up to
    the end of the period, when an earlier primary assignment on the same case (earlier start,
    or the same start and recorded before) belonged to someone else. So the first caseworker
    of a case is no change, and re-recording the same caseworker is no change either.
    """
    window_start = add_calendar_months(period.end, -CASEWORKER_CHANGE_MONTHS)
    primary = cases.AssignmentRole.PRIMARY
    earlier_other = (
        cases.CaseworkerAssignment.objects.filter(case_id=OuterRef("case_id"), role=primary)
        .filter(
            Q(started_on__lt=OuterRef("started_on"))
            | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk"))
        )
        .exclude(caseworker_id=OuterRef("caseworker_id"))
    )
    return (
        cases.CaseworkerAssignment.objects.filter(
            case_id__in=_ids(scope),
            case__child_id__in=children,
            role=primary,
            started_on__gt=window_start,
            started_on__lte=period.end,
        )
        .filter(Exists(earlier_other))
        .order_by()
        .values(child_id=F("case__child_id"))
        .annotate(changes=Count("pk"))
    )


def caseworker_changes_per_child_24m(*, scope, period) -> Indicator:
    """Children who had a new primary caseworker in the last 24 months.

    Denominator: children with a case in scope open on the last day of the period. Numerator:
    those with at least one change of primary caseworker on their cases in scope in the 24
    months up to that day (see ``primary_changes_by_child`` for what a change is; the first
    caseworker on a new case is not a change). ``average``: changes per child. Moves the
    survey's two thirds who had at least one change of caseworker in two years (C2); lower is
    better.

    Two queries: the children, and the changes grouped by child (a count per child correlated
    with each child cost ~250 ms for one team at 10,000 children; grouped, a few ms).
    """
    children = scope.filter(_open_at(period.end)).values("child_id")
    changes = [row["changes"] for row in primary_changes_by_child(scope, period, children)]
    counts = {
        "denominator": Child.objects.filter(pk__in=children).count(),
        "numerator": len(changes),
    }
    total = sum(changes)
    return Indicator(
        key="caseworker_changes_per_child_24m",
        label=_("Children with a new caseworker in the last 24 months"),
        note=_(
            "Children with an open case whose primary caseworker changed at least once in the "
            "24 months before the end of the period."
        ),
        period=period,
        baseline=Baseline(
            0.67,
            _("About two thirds had at least one change of caseworker in two years."),
            "000 C2",
        ),
        higher_is_better=False,
        average=total / counts["denominator"] if counts["denominator"] else None,
        **counts,
    )


def _contact_since(period) -> dt.date:
    """Contact counts when it happened after this day, up to the end of the period."""
    return add_calendar_months(period.end, -NO_CONTACT_MONTHS)


def _contact_records(since: dt.date, end: dt.date) -> dict:
    """Each kind of recorded contact with the child after ``since`` up to ``end``, as a
    queryset of its records (each has ``case_id``)."""
    return {
        "had_conversation": Conversation.objects.filter(
            held=True, happened_on__gt=since, happened_on__lte=end
        ),
        "had_conversation_milestone": cases.Milestone.objects.filter(
            kind=cases.MilestoneKind.CONVERSATION, happened_on__gt=since, happened_on__lte=end
        ),
        "had_meeting": Meeting.objects.filter(
            status=MeetingStatus.HELD, child_attends=True, held_on__gt=since, held_on__lte=end
        ),
        "had_supervision_talk": cases.SupervisionVisit.objects.filter(
            talked_with_child=True, visited_on__gt=since, visited_on__lte=end
        ),
        "had_follow_up_talk": cases.FollowUp.objects.filter(
            talked_with_child_alone=True, held_on__gt=since, held_on__lte=end
        ),
    }


def _contacts(period) -> dict:
    """One ``Exists`` per kind of recorded contact with the child in the last 6 months."""
    records = _contact_records(_contact_since(period), period.end)
    return {name: Exists(rows.filter(case_id=OuterRef("pk"))) for name, rows in records.items()}


def contacts_by_case(*, case_ids, period) -> dict:
    """{case id: recorded contacts with the child in the 6 months up to the period's end}, for
    the cases of ``case_ids`` (a subquery) with at least one: one grouped query per kind."""
    counts: dict = {}
    for rows in _contact_records(_contact_since(period), period.end).values():
        grouped = (
            rows.filter(case_id__in=case_ids).order_by().values("case_id").annotate(n=Count("pk"))
        )
        for row in grouped:
            counts[row["case_id"]] = counts.get(row["case_id"], 0) + row["n"]
    return counts


def _long_open_cases(scope, period) -> QuerySet:
    """Cases in scope open on the last day of the period, and open for 6 months by then."""
    return cases.Case.objects.filter(pk__in=_ids(scope)).filter(
        _open_at(period.end), opened_on__lte=_contact_since(period)
    )


def _no_contact_filter() -> Q:
    """None of the kinds of contact in ``_contacts`` happened."""
    return Q(
        had_conversation=False,
        had_conversation_milestone=False,
        had_meeting=False,
        had_supervision_talk=False,
        had_follow_up_talk=False,
    )


def children_without_contact_6m(*, scope, period) -> Indicator:
    """Open cases with no recorded contact with the child in the last 6 months.

    Denominator: cases in scope open on the last day of the period that had then been open for at
    least 6 months (a newer case is watched by its conversation tasks instead). Numerator: those
    with none of these in the 6 months up to that day: a held conversation, a conversation
    milestone, a held meeting the child took part in, a supervision visit with a conversation
    with the child, a follow-up with a conversation with the child alone. The survey also counts
    e-mails, calls and texts, which Stemme does not record, so this is an upper bound. Moves the
    survey's one in ten with no contact in six months (C1); lower is better. The children are
    listed by ``cases_without_contact_6m``.
    """
    counts = (
        _long_open_cases(scope, period)
        .annotate(**_contacts(period))
        .aggregate(denominator=Count("pk"), numerator=Count("pk", filter=_no_contact_filter()))
    )
    return Indicator(
        key="children_without_contact_6m",
        label=_("Children without contact in the last 6 months"),
        note=_(
            "Cases open for at least 6 months with no recorded conversation, meeting with the "
            "child or supervision visit with a conversation in the last 6 months."
        ),
        period=period,
        baseline=Baseline(
            0.10,
            _("About one in ten had no contact with their caseworker in six months."),
            "000 C1",
        ),
        higher_is_better=False,
        **counts,
    )


def cases_without_contact_6m(*, scope, period) -> QuerySet:
    """The cases counted in ``children_without_contact_6m``, for a leader's follow-up list.

    Ordered by the child's name, with the child, the current primary caseworker's name and the
    date of the last recorded contact of each kind before the end of the period (``last_*``,
    None when never), in one query.
    """
    end = period.end
    case = OuterRef("pk")

    def latest(queryset, date_field):
        return Subquery(
            queryset.filter(**{f"{date_field}__lte": end})
            .order_by(f"-{date_field}")
            .values(date_field)[:1],
            output_field=DateField(),
        )

    primary = cases.CaseworkerAssignment.objects.filter(
        case_id=case, role=cases.AssignmentRole.PRIMARY, ended_on__isnull=True
    ).select_related("caseworker")
    return (
        _long_open_cases(scope, period)
        .annotate(**_contacts(period))
        .filter(_no_contact_filter())
        .select_related("child")
        # The teams by id in a query of their own: joined, PostgreSQL read every team of the
        # municipality for each case (a nested loop, ~9 ms at 100,000 children and 505 teams).
        .prefetch_related("team")
        .annotate(
            last_conversation=latest(
                Conversation.objects.filter(case_id=case, held=True), "happened_on"
            ),
            last_milestone=latest(
                cases.Milestone.objects.filter(case_id=case, kind=cases.MilestoneKind.CONVERSATION),
                "happened_on",
            ),
            last_meeting=latest(
                Meeting.objects.filter(case_id=case, status=MeetingStatus.HELD, child_attends=True),
                "held_on",
            ),
            last_supervision=latest(
                cases.SupervisionVisit.objects.filter(case_id=case, talked_with_child=True),
                "visited_on",
            ),
            last_follow_up=latest(
                cases.FollowUp.objects.filter(case_id=case, talked_with_child_alone=True),
                "held_on",
            ),
            caseworker_first_name=Subquery(primary.values("caseworker__first_name")[:1]),
            caseworker_last_name=Subquery(primary.values("caseworker__last_name")[:1]),
        )
        .order_by("child__first_name", "child__last_name", "pk")
    )


def last_contact(case) -> dt.date | None:
    """The latest of the ``last_*`` dates ``cases_without_contact_6m`` annotates."""
    dates = [
        case.last_conversation,
        case.last_milestone,
        case.last_meeting,
        case.last_supervision,
        case.last_follow_up,
    ]
    return max((d for d in dates if d is not None), default=None)
