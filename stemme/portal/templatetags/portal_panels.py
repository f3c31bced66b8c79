"""Panels the portal adds to the staff child and case pages: messages from the child."""

from django import template

from stemme.portal.selectors import messages as selectors

register = template.Library()


@register.inclusion_tag("portal/staff_messages_panel.html", takes_context=True)
def portal_messages_panel(context, child):
    """The child's latest messages from Min sag and the unread count (two queries)."""
    return {
        "child": child,
        "panel": selectors.child_messages_panel(child=child),
        "request": context.get("request"),
    }
