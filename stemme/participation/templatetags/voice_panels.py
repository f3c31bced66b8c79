"""Panels this app adds to the child and case pages (placeholders until filled in)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def voice_child_panel(context, obj):
    return ""


@register.simple_tag(takes_context=True)
def voice_case_panel(context, obj):
    return ""
