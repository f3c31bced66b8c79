"""Indicators of decisions: the child's view recorded, exceptions, explanations delivered. All
three count the decisions of the period, so ``decision_indicators`` reads them in one query;
each indicator alone is that query too."""

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


def _decision_counts(scope, period) -> dict[str, int]:
    """The decisions in scope and period, and how many of them count for each indicator."""
    delivered = Q(explanation_delivered_on__isnull=False)
    against = Q(child_wish=cases.ChildWish.AGAINST)
    on_time = Q(
        explanation_due_on__isnull=False,
        explanation_delivered_on__lte=F("explanation_due_on"),
    )
    return _decisions_in(scope, period).aggregate(
        decided=Count("pk"),
        with_view=Count("pk", filter=Q(has_view=True)),
        with_exception=Count("pk", filter=Q(has_view=False) & ~Q(child_view_exception="")),
        against=Count("pk", filter=against),
        explained=Count("pk", filter=against & delivered),
        explained_on_time=Count("pk", filter=against & delivered & on_time),
    )


def _child_view(counts: dict, period) -> Indicator:
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
        numerator=counts["with_view"],
        denominator=counts["decided"],
    )


def _exception(counts: dict, period) -> Indicator:
    return Indicator(
        key="decisions_with_exception",
        label=_("Decisions made with an exception instead of the child's view"),
        note=_(
            "Decisions without the child's view where the reason is recorded (§ 5, stk. 4). "
            "Lawful, but it should be rare."
        ),
        period=period,
        higher_is_better=False,
        numerator=counts["with_exception"],
        denominator=counts["decided"],
    )


def _explanations(counts: dict, period) -> Indicator:
    return Indicator(
        key="explanations_delivered",
        label=_("Decisions against the child's wish explained to the child"),
        note=_("Decisions that went against the child's wish, and were explained to the child."),
        period=period,
        baseline=EXPLAINS_DECISIONS,
        numerator=counts["explained"],
        denominator=counts["against"],
        on_time=counts["explained_on_time"],
    )


def decision_indicators(*, scope, period) -> list[Indicator]:
    """The three decision indicators, in the page's order, from one query."""
    counts = _decision_counts(scope, period)
    return [build(counts, period) for build in (_child_view, _exception, _explanations)]


def decisions_with_child_view(*, scope, period) -> Indicator:
    """Decisions with the child's view recorded.

    Denominator: decisions in scope decided in the period. Numerator: those with the child's
    view in ``child_view`` or in a linked statement (``informs_ref`` = the decision's ref). An
    exception under § 5, stk. 4 is not a view: it is counted in ``decisions_with_exception``.
    Moves the survey's about two thirds who say their caseworker asks their opinion before
    decisions are made (F6).
    """
    return _child_view(_decision_counts(scope, period), period)


def decisions_with_exception(*, scope, period) -> Indicator:
    """Decisions made without the child's view, with a § 5, stk. 4 exception instead.

    Denominator: decisions in scope decided in the period. Numerator: those without the child's
    view (no ``child_view``, no linked statement) that record why it could not be obtained
    (``child_view_exception``). Lawful, but should stay rare: a rising share means fewer
    children are asked (F6). No survey figure.
    """
    return _exception(_decision_counts(scope, period), period)


def explanations_delivered(*, scope, period) -> Indicator:
    """Decisions against the child's wish that were explained to the child.

    Denominator: decisions in scope decided in the period with ``child_wish`` = against (a
    partial match is not "against"). Numerator: those with ``explanation_delivered_on`` set,
    whenever it was delivered. ``on_time``: delivered on or before ``explanation_due_on`` (a
    decision without a due date cannot be on time). Moves the survey's 55 % who say their
    caseworker explains why the decisions in their case are as they are (I4).
    """
    return _explanations(_decision_counts(scope, period), period)
