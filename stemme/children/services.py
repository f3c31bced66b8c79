"""Writes about children and the people around them. Each write records an event."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stemme.audit.services import event_record
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child, ChildRelation, Person, Relation


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
    birth_date: dt.date | None = None,
) -> ChildRelation:
    """Add a parent, custody holder or network member to the child."""
    person = Person(
        municipality_id=child.municipality_id,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        phone=phone,
        email=email,
        birth_date=birth_date,
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


def household_child_add(
    *, actor, child: Child, first_name: str, last_name: str, birth_date, relation: str
) -> ChildRelation:
    """Register a sibling, half-sibling or another child of the child's household, with the
    birth date: a placement for neglect or abuse makes those under 15 due a børnefaglig
    undersøgelse (barnets lov § 21, stk. 2)."""
    from django.utils import timezone

    errors = {}
    if not first_name.strip():
        errors["first_name"] = _("This field is required.")
    if not last_name.strip():
        errors["last_name"] = _("This field is required.")
    if birth_date is None:
        errors["birth_date"] = _("This field is required.")
    elif birth_date > timezone.localdate():
        errors["birth_date"] = _("The date cannot be in the future.")
    if relation not in Relation.household_children():
        errors["relation"] = _("Choose how the child is related.")
    if errors:
        raise ValidationError(errors)
    return person_link_to_child(
        actor=actor,
        child=child,
        first_name=first_name,
        last_name=last_name,
        relation=relation,
        birth_date=birth_date,
    )
