"""The indicator of children aged 10 or more told about their rights."""

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from stemme.cases import models as cases
from stemme.children.models import Child
from stemme.dashboards.selectors.results import RIGHTS_AGE, Baseline, Indicator
from stemme.dashboards.selectors.scope import _ids, _open_at
from stemme.deadlines.calendar import add_years
from stemme.participation.models import RightsInformation


def children_10_plus_informed_of_rights(*, scope, period) -> Indicator:
    """Children aged 10 or more told about their rights in their current case.

    Denominator: children who are 10 or older on the last day of the period and have a case in
    scope open on that day. Numerator: those with rights information given to the child
    (``RightsInformation.to_child``, any topic) on one of those open cases by the end of the
    period, or a ``party_status_informed`` milestone on one of them. Not limited to the period:
    what counts is that the child knows, whenever they were told. Moves the survey's 59 % who
    were told they have a right to be involved (P1).
    """
    end = period.end
    open_cases = _ids(scope.filter(_open_at(end)))
    rights = RightsInformation.objects.filter(
        child_id=OuterRef("pk"), case_id__in=open_cases, to_child=True, given_on__lte=end
    )
    party_status = cases.Milestone.objects.filter(
        case__child_id=OuterRef("pk"),
        case_id__in=open_cases,
        kind=cases.MilestoneKind.PARTY_STATUS_INFORMED,
        happened_on__lte=end,
    )
    counts = Child.objects.filter(
        pk__in=scope.filter(_open_at(end)).values("child_id"),
        birth_date__lte=add_years(end, -RIGHTS_AGE),
    ).aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Exists(rights) | Exists(party_status)),
    )
    return Indicator(
        key="children_10_plus_informed_of_rights",
        label=_("Children aged 10 or more told about their rights"),
        note=_(
            "Children aged 10 or more with an open case who were told about their rights "
            "in that case."
        ),
        period=period,
        baseline=Baseline(0.59, _("59 % were told they have a right to be involved."), "000 P1"),
        **counts,
    )
