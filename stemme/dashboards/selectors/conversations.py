"""Indicators of conversations: alone with the child before a follow-up, conversation tasks
met on time."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from stemme.cases import models as cases
from stemme.dashboards.selectors.results import FOLLOW_UP_CONVERSATION_DAYS, Baseline, Indicator
from stemme.dashboards.selectors.scope import _days_before, _ids
from stemme.deadlines.models import Obligation, ObligationStatus
from stemme.participation.models import Conversation


def conversations_alone_before_follow_up(*, scope, period) -> Indicator:
    """Follow-ups preceded by a conversation with the child alone.

    Denominator: follow-ups (§ 95) in scope held in the period. Numerator: those marked
    ``talked_with_child_alone``, or where the same case has a held ``Conversation`` with
    ``child_alone`` (or a conversation milestone with the child alone) within the 30 days up to
    and including the follow-up day. Supports the relationship figures of the survey (60-75 %
    trust their caseworker and feel listened to, R1-R4); a child who is heard alone can speak
    freely.
    """
    window = {
        "happened_on__lte": OuterRef("held_on"),
        "happened_on__gte": _days_before("held_on", FOLLOW_UP_CONVERSATION_DAYS),
    }
    conversation = Conversation.objects.filter(
        case_id=OuterRef("case_id"), held=True, child_alone=True, **window
    )
    milestone = cases.Milestone.objects.filter(
        case_id=OuterRef("case_id"),
        kind=cases.MilestoneKind.CONVERSATION,
        child_alone=True,
        **window,
    )
    counts = cases.FollowUp.objects.filter(
        case__in=_ids(scope), held_on__range=period.dates
    ).aggregate(
        denominator=Count("pk"),
        numerator=Count(
            "pk",
            filter=Q(talked_with_child_alone=True) | Exists(conversation) | Exists(milestone),
        ),
    )
    return Indicator(
        key="conversations_alone_before_follow_up",
        label=_("Follow-ups with a conversation with the child alone first"),
        note=_(
            "Follow-ups held in the period where the caseworker talked with the child alone "
            "in the 30 days before."
        ),
        period=period,
        baseline=Baseline(
            None,
            _("60-75 % trust their caseworker and feel listened to."),
            "000 R1-R4",
        ),
        **counts,
    )


def conversation_tasks_met_on_time(*, scope, period) -> Indicator:
    """Conversation tasks (the ``samtale-*`` rules) met on time.

    Denominator: obligations in scope of a ``samtale-*`` rule due in the period, except waived
    and lapsed ones. Numerator: those met and not late. A recorded reason for not talking
    (``conversation.omitted``) meets a task, as the rules say. No survey figure: the tasks exist
    to make the conversations behind the other indicators happen.
    """
    counts = (
        Obligation.objects.filter(
            case__in=_ids(scope), rule_id__startswith="samtale-", due_date__range=period.dates
        )
        .exclude(status__in=[ObligationStatus.WAIVED, ObligationStatus.LAPSED])
        .aggregate(
            denominator=Count("pk"),
            numerator=Count("pk", filter=Q(status=ObligationStatus.MET, met_late=False)),
        )
    )
    return Indicator(
        key="conversation_tasks_met_on_time",
        label=_("Conversation tasks done on time"),
        note=_(
            "Tasks to talk with the child (after a report, in an investigation, at the start "
            "of a measure, before a follow-up) due in the period and done by their deadline."
        ),
        period=period,
        **counts,
    )
