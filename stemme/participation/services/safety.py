"""Writes about the safety restriction (§ 137): named people who must receive nothing about the
child (honour-related conflict, negative social control). Letters check it in
``letters.services.letter_send``.

- ``safety_restriction_set`` / ``_update`` / ``_lift``, each validating, writing and recording
  its event in one transaction (a stale edit: ``core.conflicts.EditConflict``).
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from stemme.cases.services.unit import date_not_future, fact_record
from stemme.children.models import Child, Person
from stemme.core.conflicts import conflict_of
from stemme.participation.models import NetworkMember, RestrictionKind, SafetyRestriction
from stemme.participation.services.checks import (
    _actor_or_none,
    _field_error,
    _locked_child,
    _required,
    _today,
)


def _restriction_conflict(restriction: SafetyRestriction, *, mine: dict | None = None):
    return conflict_of(
        restriction,
        ("kind", "reason", "persons", "network_members") + tuple(mine or ()),
        mine=mine,
        message=_(
            "Someone else changed the safety restriction while you were working on it. "
            "Reload and try again."
        ),
        ref=f"safety:{restriction.pk}",
    )


def _ids(items: Iterable | None) -> set:
    return {getattr(item, "pk", item) for item in (items or ())}


def _checked_names(*, child: Child, persons, network_members) -> tuple[list, list]:
    """The named people, checked against the child's own relations and network."""
    person_ids, member_ids = _ids(persons), _ids(network_members)
    if not person_ids and not member_ids:
        raise ValidationError(
            _("Name at least one person who must receive nothing about the child."),
            code="nobody_named",
        )
    related = list(Person.objects.filter(pk__in=person_ids, relations__child=child).order_by("pk"))
    if len(related) != len(person_ids):
        raise _field_error(
            "persons", _("Choose among the people registered with the child."), "not_related"
        )
    members = list(NetworkMember.objects.filter(pk__in=member_ids, child=child).order_by("pk"))
    if len(members) != len(member_ids):
        raise _field_error(
            "network_members",
            _("Choose among the people in the child's network."),
            "not_in_network",
        )
    return related, members


def _restriction_data(restriction: SafetyRestriction, persons, members) -> dict:
    return {
        "restriction_kind": restriction.kind,
        "persons": [person.full_name for person in persons],
        "network_members": [member.name for member in members],
    }


def safety_restriction_set(
    *,
    actor,
    child: Child,
    kind: str,
    reason: str,
    persons: Iterable = (),
    network_members: Iterable = (),
    set_on: dt.date | None = None,
) -> SafetyRestriction:
    """Name people who must receive nothing about the child while the restriction is active:
    no letter, notification or (later) portal access. Conversations with the child may then be
    held without the parents' consent or presence (§ 137), and are recorded as such."""
    reason = (reason or "").strip()
    set_on = set_on or _today()
    if kind not in RestrictionKind.values:
        raise _field_error("kind", _("Choose why the child must be protected."), "invalid")
    _required({"reason": reason})
    date_not_future(set_on, "set_on", required=False)
    with transaction.atomic():
        child = _locked_child(child)
        named_persons, members = _checked_names(
            child=child, persons=persons, network_members=network_members
        )
        restriction = SafetyRestriction.objects.create(
            child=child, kind=kind, reason=reason, set_on=set_on, set_by=_actor_or_none(actor)
        )
        restriction.persons.set(named_persons)
        restriction.network_members.set(members)
        fact_record(
            actor=actor,
            child=child,
            kind="safety_restriction.set",
            ref=f"safety:{restriction.pk}",
            data=_restriction_data(restriction, named_persons, members),
        )
    return restriction


def _locked_restriction(restriction: SafetyRestriction) -> SafetyRestriction:
    return (
        SafetyRestriction.objects.select_for_update()
        .select_related("child__municipality")
        .get(pk=restriction.pk)
    )


def safety_restriction_update(
    *,
    actor,
    restriction: SafetyRestriction,
    kind: str,
    reason: str,
    persons: Iterable = (),
    network_members: Iterable = (),
    expected_version: int | None = None,
) -> SafetyRestriction:
    """Change an active restriction: its kind, reason or the people it names.

    ``expected_version`` (from the form) refuses an edit based on a stale page."""
    reason = (reason or "").strip()
    if kind not in RestrictionKind.values:
        raise _field_error("kind", _("Choose why the child must be protected."), "invalid")
    _required({"reason": reason})
    with transaction.atomic():
        restriction = _locked_restriction(restriction)
        if not restriction.is_active:
            raise ValidationError(
                _("The restriction has been lifted. Set a new one instead."), code="lifted"
            )
        named_persons, members = _checked_names(
            child=restriction.child, persons=persons, network_members=network_members
        )
        if expected_version is not None and restriction.version != expected_version:
            unchanged = (
                restriction.kind == kind
                and restriction.reason == reason
                and set(restriction.persons.all()) == set(named_persons)
                and set(restriction.network_members.all()) == set(members)
            )
            if not unchanged:
                raise _restriction_conflict(restriction)
        SafetyRestriction.objects.filter(pk=restriction.pk).update(
            kind=kind, reason=reason, version=F("version") + 1
        )
        restriction.refresh_from_db()
        restriction.persons.set(named_persons)
        restriction.network_members.set(members)
        fact_record(
            actor=actor,
            child=restriction.child,
            kind="safety_restriction.changed",
            ref=f"safety:{restriction.pk}",
            data=_restriction_data(restriction, named_persons, members),
        )
    return restriction


def safety_restriction_lift(
    *,
    actor,
    restriction: SafetyRestriction,
    reason: str,
    lifted_on: dt.date | None = None,
    expected_version: int | None = None,
) -> SafetyRestriction:
    """Lift the restriction: from now on letters to the people it named are sent again.
    ``expected_version`` (from the page) refuses a lift decided on an older version, e.g.
    before a colleague named one more person."""
    reason = (reason or "").strip()
    lifted_on = lifted_on or _today()
    _required({"reason": reason})
    date_not_future(lifted_on, "lifted_on", required=False)
    with transaction.atomic():
        restriction = _locked_restriction(restriction)
        if not restriction.is_active:
            raise ValidationError(_("The restriction has already been lifted."), code="lifted")
        if expected_version is not None and restriction.version != expected_version:
            raise _restriction_conflict(
                restriction, mine={"lifted_on": lifted_on, "lift_reason": reason}
            )
        if lifted_on < restriction.set_on:
            raise _field_error(
                "lifted_on", _("The date cannot be before the restriction was set."), "before_set"
            )
        SafetyRestriction.objects.filter(pk=restriction.pk).update(
            lifted_on=lifted_on,
            lifted_by=_actor_or_none(actor),
            lift_reason=reason,
            version=F("version") + 1,
        )
        restriction.refresh_from_db()
        fact_record(
            actor=actor,
            child=restriction.child,
            kind="safety_restriction.lifted",
            ref=f"safety:{restriction.pk}",
            data={"restriction_kind": restriction.kind, "reason": reason},
        )
    return restriction
