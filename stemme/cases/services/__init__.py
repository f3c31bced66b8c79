"""Writes about cases: the case and its caseworkers (``case``), and the steps (``steps``)."""

from stemme.cases.services.case import (
    case_change_stage,
    case_open,
    caseworker_assign,
    caseworker_unassign,
)

__all__ = ["case_change_stage", "case_open", "caseworker_assign", "caseworker_unassign"]
