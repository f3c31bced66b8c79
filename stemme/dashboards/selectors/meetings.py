"""Indicators of the child's meetings: agenda beforehand, summary afterwards, the child's own
items, summaries understood."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from stemme.dashboards.selectors.results import EXPLAINS_DECISIONS, Baseline, Indicator
from stemme.dashboards.selectors.scope import _ids
from stemme.meetings.models import AgendaItem, Meeting, MeetingStatus, Understood


def _held_meetings(scope, period) -> QuerySet:
    return Meeting.objects.filter(
        case__in=_ids(scope), status=MeetingStatus.HELD, held_on__range=period.dates
    )


def meetings_with_agenda_sent_before(*, scope, period) -> Indicator:
    """Held meetings whose agenda was sent to the child before the meeting began.

    Denominator: meetings in scope with status held and ``held_on`` in the period. Numerator:
    those with ``agenda_sent_at`` before ``starts_at``. An agenda sent after the start does not
    count. Moves the survey's 53 % who know beforehand what a meeting will be about (I2).
    """
    counts = _held_meetings(scope, period).aggregate(
        denominator=Count("pk"),
        numerator=Count(
            "pk", filter=Q(agenda_sent_at__isnull=False, agenda_sent_at__lt=F("starts_at"))
        ),
    )
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
        **counts,
    )


def meetings_with_summary_delivered(*, scope, period) -> Indicator:
    """Held meetings after which the child was given "what we decided and why".

    Denominator: meetings in scope held in the period. Numerator: those with
    ``summary_delivered_on`` set (whenever it was delivered). Moves the survey's 42 % who talk
    with their caseworker after a meeting about how it went and what was decided (I3).
    """
    counts = _held_meetings(scope, period).aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Q(summary_delivered_on__isnull=False)),
    )
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
        **counts,
    )


def meetings_with_child_agenda_items(*, scope, period) -> Indicator:
    """Held meetings whose agenda had at least one item from the child.

    Denominator: meetings in scope held in the period. Numerator: those with an ``AgendaItem``
    marked ``from_child``. Moves the survey's about 45 % who feel they have influence on what
    is discussed at meetings (F3).
    """
    child_item = AgendaItem.objects.filter(meeting_id=OuterRef("pk"), from_child=True)
    counts = _held_meetings(scope, period).aggregate(
        denominator=Count("pk"), numerator=Count("pk", filter=Exists(child_item))
    )
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
        **counts,
    )


def meetings_child_understood(*, scope, period) -> Indicator:
    """Summaries the child understood.

    Denominator: meetings in scope held in the period whose summary was delivered to the child.
    Numerator: those where the caseworker recorded that the child understood ("yes"; "partly"
    does not count). Moves the survey's 55 % who say their caseworker explains why the
    decisions in their case are as they are (I4).
    """
    counts = (
        _held_meetings(scope, period)
        .filter(summary_delivered_on__isnull=False)
        .aggregate(
            denominator=Count("pk"),
            numerator=Count("pk", filter=Q(child_understood=Understood.YES)),
        )
    )
    return Indicator(
        key="meetings_child_understood",
        label=_("Meeting summaries the child understood"),
        note=_(
            "Of the summaries given to the child, those the child understood (not just partly)."
        ),
        period=period,
        baseline=EXPLAINS_DECISIONS,
        **counts,
    )
