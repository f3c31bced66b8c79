"""Panels this app adds to the child and case pages: "my story so far" with the child's changes
of caseworker, and the case's secondary caseworker and handovers. Constant query counts."""

from django import template

from stemme.continuity import selectors

register = template.Library()


@register.inclusion_tag("continuity/_child_panel.html", takes_context=True)
def continuity_child_panel(context, obj):
    child = obj
    return {
        "request": context.get("request"),
        "child": child,
        "story": selectors.story_current(child=child),
        "changes": selectors.caseworker_changes(child=child),
    }


@register.inclusion_tag("continuity/_case_panel.html", takes_context=True)
def continuity_case_panel(context, obj):
    case = obj
    handovers = selectors.handovers_for_case(case=case)
    return {
        "request": context.get("request"),
        "case": case,
        "secondary_missing": selectors.secondary_missing(case),
        "open_handovers": [item for item in handovers if not item.status.complete],
        "done_handovers": [item for item in handovers if item.status.complete],
    }
