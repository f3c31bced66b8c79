from django import template

from stemme.audit import event_kinds

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
