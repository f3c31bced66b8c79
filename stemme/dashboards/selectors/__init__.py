"""Process indicators for the child's involvement (issue 4, deliverable 9).

Each indicator is one function ``indicator(*, scope, period)``: ``scope`` is a queryset of cases
already limited by access (``stemme.access.selectors.cases_visible_to(user)``, perhaps narrowed to
a team or to the caseworker's own cases), ``period`` the dates it looks at. Every function runs
**one** query (an aggregate over ``Exists``/``Subquery`` annotations), whatever the number of
cases: no Python loop over cases, no query per case. The page reads the indicators that count
the same rows together (``meeting_indicators``, ``decision_indicators``: one query each).

Where the youth survey has a matching figure, the indicator carries it as its ``baseline``
(VIVE 2020, "Udsatte unges inddragelse i sagsbehandlingen", about 2,300 young people aged 12-17;
see ../shared/research/seed004_000_001_spec.md §5.1). The survey asks the young people; these
indicators count what the caseworkers recorded. They are not the same measurement, so a baseline
is a reference point, not a target that proves involvement.

One module per topic (``meetings``, ``decisions``, ``rights``, ``conversations``,
``contact``; the results in ``results``, the cases counted in ``scope``), all re-exported here.
"""

from stemme.dashboards.selectors.contact import (
    cases_without_contact_6m,
    caseworker_changes_per_child_24m,
    children_without_contact_6m,
    last_contact,
)
from stemme.dashboards.selectors.conversations import (
    conversation_tasks_met_on_time,
    conversations_alone_before_follow_up,
)
from stemme.dashboards.selectors.decisions import (
    decision_indicators,
    decisions_with_child_view,
    decisions_with_exception,
    explanations_delivered,
)
from stemme.dashboards.selectors.meetings import (
    meeting_faces,
    meeting_indicators,
    meetings_child_understood,
    meetings_with_agenda_sent_before,
    meetings_with_child_agenda_items,
    meetings_with_summary_delivered,
)
from stemme.dashboards.selectors.results import (
    CASEWORKER_CHANGE_MONTHS,
    EXPLAINS_DECISIONS,
    FOLLOW_UP_CONVERSATION_DAYS,
    NO_CONTACT_MONTHS,
    RIGHTS_AGE,
    SURVEY,
    Baseline,
    Indicator,
    Period,
)
from stemme.dashboards.selectors.rights import (
    children_10_plus_informed_of_rights,
)
from stemme.dashboards.selectors.scope import (
    scope_for,
)

# --- All of them --------------------------------------------------------------------------------

INDICATORS = (
    meetings_with_agenda_sent_before,
    meetings_with_summary_delivered,
    meetings_with_child_agenda_items,
    meetings_child_understood,
    decisions_with_child_view,
    decisions_with_exception,
    explanations_delivered,
    children_10_plus_informed_of_rights,
    conversations_alone_before_follow_up,
    conversation_tasks_met_on_time,
    caseworker_changes_per_child_24m,
    children_without_contact_6m,
)


def _alone(indicator):
    """An indicator that shares its query with no other, as a list of one."""

    def read(*, scope, period) -> list[Indicator]:
        return [indicator(scope=scope, period=period)]

    return read


# The page reads the indicators of one table together: the four of the meetings in one query,
# the three of the decisions in another (each query carries the access scope: five fewer).
_READ_TOGETHER = (
    meeting_indicators,
    decision_indicators,
    _alone(children_10_plus_informed_of_rights),
    _alone(conversations_alone_before_follow_up),
    _alone(conversation_tasks_met_on_time),
    _alone(caseworker_changes_per_child_24m),
    _alone(children_without_contact_6m),
)


def involvement_indicators(*, scope, period) -> list[Indicator]:
    """Every indicator, in the page's order (``INDICATORS``), in eight queries."""
    return [indicator for read in _READ_TOGETHER for indicator in read(scope=scope, period=period)]


__all__ = [
    "Baseline",
    "CASEWORKER_CHANGE_MONTHS",
    "EXPLAINS_DECISIONS",
    "FOLLOW_UP_CONVERSATION_DAYS",
    "INDICATORS",
    "Indicator",
    "NO_CONTACT_MONTHS",
    "Period",
    "RIGHTS_AGE",
    "SURVEY",
    "cases_without_contact_6m",
    "caseworker_changes_per_child_24m",
    "children_10_plus_informed_of_rights",
    "children_without_contact_6m",
    "conversation_tasks_met_on_time",
    "conversations_alone_before_follow_up",
    "decision_indicators",
    "decisions_with_child_view",
    "decisions_with_exception",
    "explanations_delivered",
    "involvement_indicators",
    "last_contact",
    "meeting_faces",
    "meeting_indicators",
    "meetings_child_understood",
    "meetings_with_agenda_sent_before",
    "meetings_with_child_agenda_items",
    "meetings_with_summary_delivered",
    "scope_for",
]
