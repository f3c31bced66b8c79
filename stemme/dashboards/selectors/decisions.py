"""Indicators of decisions: the child's view recorded, exceptions, explanations delivered."""

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext_lazy as _

from stemme.cases import models as cases
from stemme.dashboards.selectors.results import EXPLAINS_DECISIONS, Baseline, Indicator
from stemme.dashboards.selectors.scope import _ids, _normalised_ref, _ref_of
from stemme.participation.models import ChildStatement


def _decisions_in(scope, period) -> QuerySet:
    """Decisions in the period, each marked with whether the child's view is recorded.

    The view is recorded when the decision has ``child_view`` text, or a ``ChildStatement`` of
    the child names the decision in ``informs_ref`` ("decision:<uuid>").
    """
    statement = (
        ChildStatement.objects.filter(child_id=OuterRef("case__child_id"))
        .annotate(normalised=_normalised_ref(F("informs_ref")))
        .filter(normalised=_ref_of("decision"))
    )
    return (
        cases.Decision.objects.filter(case__in=_ids(scope), decided_on__range=period.dates)
        .annotate(has_statement=Exists(statement))
        .annotate(
            has_view=ExpressionWrapper(
                Q(has_statement=True) | ~Q(child_view=""), output_field=BooleanField()
            )
        )
    )


def decisions_with_child_view(*, scope, period) -> Indicator:
    """Decisions with the child's view recorded.

    Denominator: decisions in scope decided in the period. Numerator: those with the child's
    view in ``child_view`` or in a linked statement (``informs_ref`` = the decision's ref). An
    exception under § 5, stk. 4 is not a view: it is counted in ``decisions_with_exception``.
    Moves the survey's about two thirds who say their caseworker asks their opinion before
    decisions are made (F6).
    """
    counts = _decisions_in(scope, period).aggregate(
        denominator=Count("pk"), numerator=Count("pk", filter=Q(has_view=True))
    )
    return Indicator(
        key="decisions_with_child_view",
        label=_("Decisions with the child's view"),
        note=_("Decisions where the child's own view is written down or linked as a statement."),
        period=period,
        baseline=Baseline(
            0.67,
            _("About two thirds say their caseworker asks their opinion before deciding."),
            "000 F6",
        ),
        **counts,
    )


def decisions_with_exception(*, scope, period) -> Indicator:
    """Decisions made without the child's view, with a § 5, stk. 4 exception instead.

    Denominator: decisions in scope decided in the period. Numerator: those without the child's
    view (no ``child_view``, no linked statement) that record why it could not be obtained
    (``child_view_exception``). Lawful, but should stay rare: a rising share means fewer
    children are asked (F6). No survey figure.
    """
    counts = _decisions_in(scope, period).aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Q(has_view=False) & ~Q(child_view_exception="")),
    )
    return Indicator(
        key="decisions_with_exception",
        label=_("Decisions made with an exception instead of the child's view"),
        note=_(
            "Decisions without the child's view where the reason is recorded (§ 5, stk. 4). "
            "Lawful, but it should be rare."
        ),
        period=period,
        higher_is_better=False,
        **counts,
    )


def explanations_delivered(*, scope, period) -> Indicator:
    """Decisions against the child's wish that were explained to the child.

    Denominator: decisions in scope decided in the period with ``child_wish`` = against (a
    partial match is not "against"). Numerator: those with ``explanation_delivered_on`` set,
    whenever it was delivered. ``on_time``: delivered on or before ``explanation_due_on`` (a
    decision without a due date cannot be on time). Moves the survey's 55 % who say their
    caseworker explains why the decisions in their case are as they are (I4).
    """
    counts = cases.Decision.objects.filter(
        case__in=_ids(scope), decided_on__range=period.dates, child_wish=cases.ChildWish.AGAINST
    ).aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Q(explanation_delivered_on__isnull=False)),
        on_time=Count(
            "pk",
            filter=Q(
                explanation_delivered_on__isnull=False,
                explanation_due_on__isnull=False,
                explanation_delivered_on__lte=F("explanation_due_on"),
            ),
        ),
    )
    return Indicator(
        key="explanations_delivered",
        label=_("Decisions against the child's wish explained to the child"),
        note=_("Decisions that went against the child's wish, and were explained to the child."),
        period=period,
        baseline=EXPLAINS_DECISIONS,
        **counts,
    )
