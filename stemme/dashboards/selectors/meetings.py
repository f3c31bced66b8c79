"""Indicators of the child's meetings: agenda beforehand, summary afterwards, the child's own
items, summaries understood. All four count the same held meetings, so ``meeting_indicators``
reads them in one query; each indicator alone is that query too."""

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from stemme.dashboards.selectors.results import EXPLAINS_DECISIONS, Baseline, Indicator
from stemme.dashboards.selectors.scope import _ids
from stemme.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingFeedback,
    MeetingStatus,
    Understood,
)


def _meeting_counts(scope, period) -> dict[str, int]:
    """The held meetings in scope and period, and how many of them count for each indicator."""
    child_item = AgendaItem.objects.filter(meeting_id=OuterRef("pk"), from_child=True)
    summary_delivered = Q(summary_delivered_on__isnull=False)
    return Meeting.objects.filter(
        case__in=_ids(scope), status=MeetingStatus.HELD, held_on__range=period.dates
    ).aggregate(
        held=Count("pk"),
        agenda_before=Count(
            "pk", filter=Q(agenda_sent_at__isnull=False, agenda_sent_at__lt=F("starts_at"))
        ),
        summary_delivered=Count("pk", filter=summary_delivered),
        child_items=Count("pk", filter=Exists(child_item)),
        understood=Count("pk", filter=summary_delivered & Q(child_understood=Understood.YES)),
    )


def _agenda_sent_before(counts: dict, period) -> Indicator:
    return Indicator(
        key="meetings_with_agenda_sent_before",
        label=_("Meetings where the child got the agenda beforehand"),
        note=_("Held meetings whose agenda was sent to the child before the meeting began."),
        period=period,
        baseline=Baseline(
            0.53,
            _("53 % know beforehand what will be discussed when they meet their caseworker."),
            "000 I2",
        ),
        numerator=counts["agenda_before"],
        denominator=counts["held"],
    )


def _summary_delivered(counts: dict, period) -> Indicator:
    return Indicator(
        key="meetings_with_summary_delivered",
        label=_("Meetings where the child got a summary afterwards"),
        note=_("Held meetings after which the child was told what was decided and why."),
        period=period,
        baseline=Baseline(
            0.42,
            _("42 % talk with their caseworker after a meeting about what was decided."),
            "000 I3",
        ),
        numerator=counts["summary_delivered"],
        denominator=counts["held"],
    )


def _child_agenda_items(counts: dict, period) -> Indicator:
    return Indicator(
        key="meetings_with_child_agenda_items",
        label=_("Meetings with the child's own items on the agenda"),
        note=_("Held meetings where at least one agenda item came from the child."),
        period=period,
        baseline=Baseline(
            0.45,
            _("About 45 % feel they have influence on what is discussed at meetings."),
            "000 F3",
        ),
        numerator=counts["child_items"],
        denominator=counts["held"],
    )


def _child_understood(counts: dict, period) -> Indicator:
    return Indicator(
        key="meetings_child_understood",
        label=_("Meeting summaries the child understood"),
        note=_(
            "Of the summaries given to the child, those the child understood (not just partly)."
        ),
        period=period,
        baseline=EXPLAINS_DECISIONS,
        numerator=counts["understood"],
        denominator=counts["summary_delivered"],
    )


def meeting_indicators(*, scope, period) -> list[Indicator]:
    """The four meeting indicators, in the page's order, from one query."""
    counts = _meeting_counts(scope, period)
    return [
        build(counts, period)
        for build in (
            _agenda_sent_before,
            _summary_delivered,
            _child_agenda_items,
            _child_understood,
        )
    ]


def meetings_with_agenda_sent_before(*, scope, period) -> Indicator:
    """Held meetings whose agenda was sent to the child before the meeting began.

    Denominator: meetings in scope with status held and ``held_on`` in the period. Numerator:
    those with ``agenda_sent_at`` before ``starts_at``. An agenda sent after the start does not
    count. Moves the survey's 53 % who know beforehand what a meeting will be about (I2).
    """
    return _agenda_sent_before(_meeting_counts(scope, period), period)


def meetings_with_summary_delivered(*, scope, period) -> Indicator:
    """Held meetings after which the child was given "what we decided and why".

    Denominator: meetings in scope held in the period. Numerator: those with
    ``summary_delivered_on`` set (whenever it was delivered). Moves the survey's 42 % who talk
    with their caseworker after a meeting about how it went and what was decided (I3).
    """
    return _summary_delivered(_meeting_counts(scope, period), period)


def meetings_with_child_agenda_items(*, scope, period) -> Indicator:
    """Held meetings whose agenda had at least one item from the child.

    Denominator: meetings in scope held in the period. Numerator: those with an ``AgendaItem``
    marked ``from_child``. Moves the survey's about 45 % who feel they have influence on what
    is discussed at meetings (F3).
    """
    return _child_agenda_items(_meeting_counts(scope, period), period)


def meetings_child_understood(*, scope, period) -> Indicator:
    """Summaries the child understood.

    Denominator: meetings in scope held in the period whose summary was delivered to the child.
    Numerator: those where the caseworker recorded that the child understood ("yes"; "partly"
    does not count). Moves the survey's 55 % who say their caseworker explains why the
    decisions in their case are as they are (I4).
    """
    return _child_understood(_meeting_counts(scope, period), period)


def meeting_faces(*, scope, period) -> dict[str, int]:
    """The faces the children chose in Min sag after the held meetings in scope and period
    (the first one per meeting): ``given`` meetings with a face, ``good`` of them "good" or
    "very good". One query. Shown only from the survey's minimum number of answers."""
    first_face = (
        MeetingFeedback.objects.filter(meeting_id=OuterRef("pk"))
        .order_by("created_at")
        .values("smiley")[:1]
    )
    return (
        Meeting.objects.filter(
            case__in=_ids(scope), status=MeetingStatus.HELD, held_on__range=period.dates
        )
        .annotate(face=Subquery(first_face))
        .aggregate(
            given=Count("pk", filter=Q(face__isnull=False)),
            good=Count("pk", filter=Q(face__gte=4)),
        )
    )
