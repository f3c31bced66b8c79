"""Writes about children and the people around them. Each write records an event."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.audit.services import event_record
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child, ChildRelation, Person, Relation
from stemme.core.conflicts import EditConflict, conflict_of, saved_values

# At most two people hold custody of a child together (forældreansvarsloven: fælles
# forældremyndighed is held by two).
MAX_CUSTODY_HOLDERS = 2
PERSON_FIELDS = ("first_name", "last_name", "cpr", "birth_date", "phone", "email", "address")
RELATION_FIELDS = ("relation", "has_custody", "started_on", "note")


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


# --- The people around the child: add, change, end ------------------------------------------


def _required(errors: dict, values: dict, name: str) -> None:
    if not str(values.get(name) or "").strip():
        errors[name] = _("This field is required.")


def _clean_values(*, values: dict) -> dict:
    """Person and relation values as they will be saved, or a ValidationError per field.

    The CPR number is optional; given, it must be valid and fixes the birth date. A child of
    the household needs a birth date (§ 21, stk. 2) and holds no custody."""
    today = timezone.localdate()
    values = {**values}
    for name in ("first_name", "last_name", "phone", "email", "address", "note"):
        values[name] = str(values.get(name) or "").strip()
    errors: dict = {}
    _required(errors, values, "first_name")
    _required(errors, values, "last_name")
    if values.get("relation") not in Relation.values:
        errors["relation"] = _("Choose how the person is related to the child.")
    number = str(values.get("cpr") or "").strip()
    if number:
        try:
            number = cpr_numbers.validate(number)
        except ValidationError as error:
            errors["cpr"] = error.messages
        else:
            encoded = cpr_numbers.birth_date(number)
            if values.get("birth_date") and values["birth_date"] != encoded:
                errors["birth_date"] = _("The date of birth does not match the CPR number.")
            values["birth_date"] = encoded
    values["cpr"] = number
    if values.get("birth_date") and values["birth_date"] > today:
        errors["birth_date"] = _("The date cannot be in the future.")
    if values.get("started_on") and values["started_on"] > today:
        errors["started_on"] = _("The date cannot be in the future.")
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
    if values.get("relation") in Relation.household_children():
        if not values.get("birth_date") and "birth_date" not in errors:
            errors["birth_date"] = _(
                "A sibling or another child of the household needs a date of birth."
            )
        if values.get("has_custody"):
            errors["has_custody"] = _("A sibling or another child cannot hold custody.")
    values["has_custody"] = bool(values.get("has_custody"))
    if errors:
        raise ValidationError(errors)
    return values


def _check_with_the_others(*, child: Child, values: dict, exclude_pk=None) -> None:
    """Against the child's other current relations: the same CPR number only once, custody
    held by at most two. The caller holds the child's relations locked."""
    others = ChildRelation.objects.filter(child=child, ended_on__isnull=True).select_related(
        "person"
    )
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    others = list(others)
    if values["cpr"] and any(other.person.cpr == values["cpr"] for other in others):
        raise ValidationError(
            {"cpr": _("A person with this CPR number is already registered around the child.")}
        )
    holders = [other for other in others if other.has_custody]
    if values["has_custody"] and len(holders) >= MAX_CUSTODY_HOLDERS:
        raise ValidationError(
            {
                "has_custody": _(
                    "Two people already hold custody of the child (%(names)s). Change or end "
                    "one of them first."
                )
                % {"names": ", ".join(h.person.full_name for h in holders)}
            }
        )


def _lock_relations(child: Child) -> None:
    """Serialise writes to one child's relations (the custody count, the CPR check)."""
    list(Child.objects.select_for_update().filter(pk=child.pk).values_list("pk", flat=True))


def person_add(
    *,
    actor,
    child: Child,
    first_name: str,
    last_name: str,
    relation: str,
    has_custody: bool = False,
    cpr: str = "",
    birth_date: dt.date | None = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    started_on: dt.date | None = None,
    note: str = "",
) -> ChildRelation:
    """Register someone around the child: a parent, a custody holder, another adult with a role,
    or a sibling or another child of the household. Address, phone and CPR number are optional."""
    values = _clean_values(
        values={
            "first_name": first_name,
            "last_name": last_name,
            "relation": relation,
            "has_custody": has_custody,
            "cpr": cpr,
            "birth_date": birth_date,
            "phone": phone,
            "email": email,
            "address": address,
            "started_on": started_on,
            "note": note,
        }
    )
    with transaction.atomic():
        _lock_relations(child)
        _check_with_the_others(child=child, values=values)
        person = Person(
            municipality_id=child.municipality_id, **{f: values[f] for f in PERSON_FIELDS}
        )
        person.full_clean()
        person.save()
        link = ChildRelation(child=child, person=person, **{f: values[f] for f in RELATION_FIELDS})
        link.full_clean()
        link.save()
        event_record(
            actor=actor,
            municipality=child.municipality,
            child=child,
            kind="person.linked",
            ref=link.ref,
            data={
                "person": person.full_name,
                "relation": link.relation,
                "has_custody": link.has_custody,
            },
        )
    return link


def _locked_link(link: ChildRelation) -> ChildRelation:
    return (
        ChildRelation.objects.select_for_update()
        .select_related("person", "child__municipality")
        .get(pk=link.pk)
    )


def _saved(link: ChildRelation) -> dict:
    return {
        **{name: getattr(link.person, name) for name in PERSON_FIELDS},
        **{name: getattr(link, name) for name in RELATION_FIELDS},
    }


def _link_conflict(link: ChildRelation, *, mine: dict | None = None) -> EditConflict:
    """The relation and the person as saved now; the CPR number masked."""
    person_values, person_labels = saved_values(link.person, PERSON_FIELDS)
    person_values["cpr"] = link.person.cpr_masked
    fields = RELATION_FIELDS + tuple(name for name in mine or () if name not in RELATION_FIELDS)
    return conflict_of(
        link,
        fields,
        extra=person_values,
        labels=person_labels,
        mine=mine,
        message=_(
            "Someone else changed this person while you were working. Compare the two "
            "versions and choose which to keep."
        ),
    )


def person_update(
    *, actor, link: ChildRelation, expected_version: int | None, **fields
) -> ChildRelation:
    """Change a current relation and the person's details. Fields not given keep their value;
    an empty CPR number keeps the saved one (the edit form does not show it in full)."""
    unknown = set(fields) - set(PERSON_FIELDS) - set(RELATION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown person fields: {sorted(unknown)}")
    if not fields.get("cpr"):
        fields.pop("cpr", None)
    with transaction.atomic():
        _lock_relations(link.child)
        link = _locked_link(link)
        if link.ended_on is not None:
            raise ValidationError(
                _("The relation has ended and can no longer be changed."), code="ended"
            )
        current = _saved(link)
        values = _clean_values(values={**current, **fields})
        changed = [
            name for name in (*PERSON_FIELDS, *RELATION_FIELDS) if current[name] != values[name]
        ]
        if not changed:
            return link  # the same as saved: nothing to overwrite, even from an old page
        if expected_version is None or link.version != expected_version:
            raise _link_conflict(link)
        _check_with_the_others(child=link.child, values=values, exclude_pk=link.pk)
        Person.objects.filter(pk=link.person_id).update(**{f: values[f] for f in PERSON_FIELDS})
        ChildRelation.objects.filter(pk=link.pk).update(
            **{f: values[f] for f in RELATION_FIELDS}, version=F("version") + 1
        )
        link.refresh_from_db()
        link.person.refresh_from_db()
        data = {"person": link.person.full_name, "relation": link.relation, "changed": changed}
        if "has_custody" in changed:
            data["has_custody"] = link.has_custody
        event_record(
            actor=actor,
            municipality=link.child.municipality,
            child=link.child,
            kind="person.changed",
            ref=link.ref,
            data=data,
        )
    return link


def relation_end(
    *,
    actor,
    link: ChildRelation,
    expected_version: int | None,
    ended_on: dt.date | None,
    end_reason: str,
) -> ChildRelation:
    """End a relation: the row stays, with the date and the reason, and shows as earlier.
    Custody ends with it."""
    end_reason = (end_reason or "").strip()
    errors = {}
    if ended_on is None:
        errors["ended_on"] = _("This field is required.")
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("The date cannot be in the future.")
    if not end_reason:
        errors["end_reason"] = _("Write why the relation ended.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        link = _locked_link(link)
        if link.ended_on is not None:
            raise ValidationError(_("The relation has already ended."), code="ended")
        if link.started_on is not None and ended_on < link.started_on:
            raise ValidationError({"ended_on": _("The relation cannot end before it started.")})
        if expected_version is None or link.version != expected_version:
            raise _link_conflict(link, mine={"ended_on": ended_on, "end_reason": end_reason})
        had_custody = link.has_custody
        ChildRelation.objects.filter(pk=link.pk).update(
            ended_on=ended_on,
            end_reason=end_reason,
            has_custody=False,
            version=F("version") + 1,
        )
        link.refresh_from_db()
        event_record(
            actor=actor,
            municipality=link.child.municipality,
            child=link.child,
            kind="person.relation_ended",
            ref=link.ref,
            data={
                "person": link.person.full_name,
                "relation": link.relation,
                "reason": end_reason,
                "had_custody": had_custody,
            },
        )
    return link
