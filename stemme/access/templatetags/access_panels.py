"""What the access rules add to the child and case pages: the emergency-access banner and the
reporter's identity for the case team only (stemme/access/fields.py)."""

from django import template

from stemme.access import selectors
from stemme.audit.models import AccessBasis

register = template.Library()


@register.inclusion_tag("access/_emergency_banner.html", takes_context=True)
def emergency_banner(context, child):
    """Shown while the user sees ``child`` only through emergency access (``child.access_basis``
    is set by ``access_child_by_id``/``access_case_by_id``): no query otherwise, one then."""
    if getattr(child, "access_basis", "") != AccessBasis.EMERGENCY:
        return {"access": None}
    return {"access": selectors.emergency_access_current(context["request"].user, child)}


@register.simple_tag(takes_context=True)
def may_see_reporter(context, case) -> bool:
    """``{% may_see_reporter case as show_reporter %}`` (one query)."""
    return selectors.may_see_reporter_identity(context["request"].user, case)
