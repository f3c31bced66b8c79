"""The child's voice on the child page and the case page (a fixed number of queries each)."""

from django import template

from stemme.participation.selectors import voice as selectors

register = template.Library()


@register.inclusion_tag("participation/voice/_child_panel.html")
def voice_child_panel(obj):
    """Latest statements, the last conversation and rights given, for the child ``obj``."""
    return {"child": obj, "voice": selectors.child_voice(child=obj)}


@register.inclusion_tag("participation/voice/_case_panel.html")
def voice_case_panel(obj):
    """Statements, conversation tasks, conversations, rights and explanations for case ``obj``."""
    return {"case": obj, "voice": selectors.case_voice(case=obj)}
