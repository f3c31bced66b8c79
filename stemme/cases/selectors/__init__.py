"""Reads about cases, one module per topic: ``case`` (the case page, caseloads; re-exported
here) and ``goals`` (the plan's goals)."""

from stemme.cases.selectors.case import (
    case_records_prefetch,
    case_steps,
    caseload_for_teams,
    children_with_cpr,
)

__all__ = [
    "case_records_prefetch",
    "case_steps",
    "caseload_for_teams",
    "children_with_cpr",
]
