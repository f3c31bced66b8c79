"""Panels this app adds to the child and case pages: meetings with the child."""

from django import template

from stemme.meetings import selectors

register = template.Library()


@register.inclusion_tag("meetings/_case_panel.html", takes_context=True)
def meetings_case_panel(context, obj):
    """ "Meetings with the child" on the case page (1 query)."""
    return {"case": obj, "panel": selectors.case_panel(case=obj), "request": context.get("request")}


@register.inclusion_tag("meetings/_child_panel.html", takes_context=True)
def meetings_child_panel(context, obj):
    """The child's next meeting and topics for next time on the child page (2 queries)."""
    return {
        "child": obj,
        "panel": selectors.child_panel(child=obj),
        "request": context.get("request"),
    }
