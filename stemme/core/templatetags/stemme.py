from django import template
from django.utils.html import format_html

from stemme.audit import event_kinds
from stemme.core.idempotency import FIELD, new_token

register = template.Library()


@register.filter
def event_label(event) -> str:
    return event_kinds.label(event.kind)


@register.filter
def event_detail(event) -> str:
    return event_kinds.describe(event.kind, event.data)


@register.filter
def failed_fields(form) -> list:
    """The bound fields of ``form`` that have errors, in the form's order (error summaries)."""
    return [field for field in form if field.errors]


@register.filter
def field_anchor(field) -> str:
    """The id a link to ``field`` points at: its input, or a choice group's first choice."""
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_0"
    return field.id_for_label


@register.simple_tag
def submission_token():
    """A create form's one-time token (stemme.core.idempotency): a hidden input with a fresh
    random value on every render, so a form shown again with its errors gets a new one."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
