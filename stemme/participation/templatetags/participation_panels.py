"""Panels this app adds to the child and case pages: the safety banner and the child's
participation profile, network, bisiddere and letters in brief. Each runs a fixed number of
queries."""

from django import template

from stemme.participation.selectors.registers import child_registers
from stemme.participation.selectors.safety import restricted_names, restricted_people

register = template.Library()


@register.inclusion_tag("participation/_child_panel.html", takes_context=True)
def participation_child_panel(context, obj):
    """``obj`` is the child (4 queries)."""
    return {"child": obj, "registers": child_registers(child=obj)}


@register.inclusion_tag("participation/_safety_banner.html", takes_context=True)
def safety_banner(context, obj):
    """``obj`` is the child. Renders nothing unless a safety restriction is active (1 query,
    3 when one is)."""
    restricted = restricted_people(child=obj)
    return {
        "child": obj,
        "restricted": restricted,
        "names": restricted_names(restricted) if restricted.active else [],
    }
