"""Writes about children and the people around them. Each write records an event."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stemme.audit.services import event_record
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child, ChildRelation, Person


def child_create(
    *,
    actor,
    municipality,
    first_name: str,
    last_name: str,
    cpr: str,
    gender: str = "",
    birth_date: dt.date | None = None,
) -> Child:
    """Register a child. The birth date comes from the CPR number; if given, it must match."""
    number = cpr_numbers.validate(cpr)
    encoded = cpr_numbers.birth_date(number)
    if birth_date is not None and birth_date != encoded:
        raise ValidationError({"birth_date": _("The date of birth does not match the CPR number.")})
    child = Child(
        municipality=municipality,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        cpr=number,
        birth_date=encoded,
        gender=gender,
    )
    # Uniqueness is checked below with a message a caseworker understands.
    child.full_clean(validate_unique=False, validate_constraints=False)
    duplicate = ValidationError(
        {"cpr": _("A child with this CPR number is already registered in the municipality.")}
    )
    with transaction.atomic():
        if Child.objects.filter(municipality=municipality, cpr=number).exists():
            raise duplicate
        try:
            with transaction.atomic():
                child.save()
        except IntegrityError as exc:  # a concurrent registration won the race
            raise duplicate from exc
        event_record(
            actor=actor,
            municipality=municipality,
            child=child,
            kind="child.created",
            data={"name": child.full_name},
        )
    return child


def person_link_to_child(
    *,
    actor,
    child: Child,
    first_name: str,
    last_name: str,
    relation: str,
    has_custody: bool = False,
    phone: str = "",
    email: str = "",
    note: str = "",
) -> ChildRelation:
    """Add a parent, custody holder or network member to the child."""
    person = Person(
        municipality_id=child.municipality_id,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        phone=phone,
        email=email,
    )
    person.full_clean()
    with transaction.atomic():
        person.save()
        link = ChildRelation(
            child=child, person=person, relation=relation, has_custody=has_custody, note=note
        )
        link.full_clean()
        link.save()
        event_record(
            actor=actor,
            municipality=child.municipality,
            child=child,
            kind="person.linked",
            data={
                "person": person.full_name,
                "relation": relation,
                "has_custody": has_custody,
            },
        )
    return link
