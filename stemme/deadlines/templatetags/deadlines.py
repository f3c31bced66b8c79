from django import template

from stemme.deadlines.labels import (
    UNIT_LABELS,
    VERIFICATION_LABELS,
    legal_basis_display,
    rule_title,
)

register = template.Library()


@register.filter
def obligation_title(obligation) -> str:
    return rule_title(obligation.rule_id)


@register.filter
def legal_basis(value: str) -> str:
    """A rule's legal basis in plain Danish, without the specification's source references."""
    return legal_basis_display(value)


@register.filter
def verification_label(value: str) -> str:
    return str(VERIFICATION_LABELS.get(value, value))


@register.filter
def due_display(obligation) -> str:
    """Hours-based deadlines show the time; the others the date."""
    from django.utils import timezone
    from django.utils.formats import date_format

    if obligation.unit == "hours":
        return date_format(timezone.localtime(obligation.due_at), "DATETIME_FORMAT")
    return date_format(obligation.due_date, "DATE_FORMAT")


@register.filter
def unit_label(unit: str) -> str:

    return str(UNIT_LABELS.get(str(unit), unit))
