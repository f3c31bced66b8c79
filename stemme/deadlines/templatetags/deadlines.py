from django import template

from stemme.children.models import Person
from stemme.deadlines.labels import (
    UNIT_LABELS,
    VERIFICATION_LABELS,
    legal_basis_display,
    rule_title,
)

register = template.Library()


@register.filter
def obligation_title(obligation) -> str:
    """The duty's title; a duty per sibling (§ 21, stk. 2) names the sibling, or two siblings'
    duties would read the same. One small read, only for such duties (they are rare)."""
    title = rule_title(obligation.rule_id)
    _trigger, _hash, subject = obligation.trigger_ref.partition("#")
    if subject.startswith("person:"):
        name = (
            Person.objects.filter(pk=subject.removeprefix("person:"))
            .values_list("first_name", flat=True)
            .first()
        )
        if name:
            return f"{title}: {name}"
    return title


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
