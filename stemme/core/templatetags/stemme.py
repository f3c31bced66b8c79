from django import template

from stemme.audit import event_kinds

register = template.Library()


@register.filter
def event_label(event) -> str:
    return event_kinds.label(event.kind)


@register.filter
def event_detail(event) -> str:
    return event_kinds.describe(event.kind, event.data)
