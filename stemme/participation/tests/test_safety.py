"""The safety restriction (§ 137): setting, changing and lifting it, and who it names."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stemme.audit.models import Event
from stemme.participation.models import SafetyRestriction
from stemme.participation.selectors import registers as register_selectors
from stemme.participation.selectors.safety import (
    is_restricted,
    restricted_names,
    restricted_people,
    restriction_active,
)
from stemme.participation.services import registers as services
from stemme.participation.tests.test_registers_services import add_member, add_parent, codes


def set_restriction(world, persons=(), network_members=(), **extra):
    values = {"kind": "parent_abuse", "reason": "Mistanke om vold fra far", **extra}
    return services.safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        persons=persons,
        network_members=network_members,
        **values,
    )


def test_set_restriction_names_people_and_records_event(world):
    father = add_parent(world, "Frank", "father")
    uncle = add_member(world, "Onkel Ali", relation="onkel")
    restriction = set_restriction(world, persons=[father], network_members=[uncle])
    assert restriction.is_active
    assert restriction.set_on == timezone.localdate()
    assert restriction.set_by == world.assigned_caseworker
    assert list(restriction.persons.all()) == [father]
    assert list(restriction.network_members.all()) == [uncle]
    event = Event.objects.get(kind="safety_restriction.set")
    assert event.ref == f"safety:{restriction.pk}"
    assert event.child == world.child
    assert event.data == {
        "restriction_kind": "parent_abuse",
        "persons": ["Frank Hemmeligsen"],
        "network_members": ["Onkel Ali"],
    }
    assert "reason" not in event.data  # the reason stays on the restriction, for staff only


def test_set_restriction_accepts_ids(world):
    father = add_parent(world, "Frank", "father")
    restriction = set_restriction(world, persons=[father.pk])
    assert list(restriction.persons.all()) == [father]


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"kind": "weather"}, "kind:invalid"),
        ({"reason": "  "}, "reason:required"),
        ({"set_on": "future"}, "set_on:future_date"),
    ],
)
def test_set_restriction_guards(world, override, expected):
    father = add_parent(world, "Frank", "father")
    if override.get("set_on") == "future":
        override = {"set_on": timezone.localdate() + dt.timedelta(days=1)}
    with pytest.raises(ValidationError) as error:
        set_restriction(world, persons=[father], **override)
    assert expected in codes(error.value)
    assert not SafetyRestriction.objects.exists()
    assert not Event.objects.filter(kind__startswith="safety_restriction").exists()


def test_set_restriction_must_name_someone(world):
    with pytest.raises(ValidationError) as error:
        set_restriction(world)
    assert codes(error.value) == {"nobody_named"}


def test_named_person_must_be_related_to_this_child(world):
    other_parent = add_parent(world, "Anden", "father", child=world.other_child)
    with pytest.raises(ValidationError) as error:
        set_restriction(world, persons=[other_parent])
    assert codes(error.value) == {"persons:not_related"}
    with pytest.raises(ValidationError):
        set_restriction(world, persons=[999999])
    assert not SafetyRestriction.objects.exists()


def test_named_network_member_must_be_this_childs(world):
    other_member = add_member(world, "Fremmed", child=world.other_child)
    with pytest.raises(ValidationError) as error:
        set_restriction(world, network_members=[other_member])
    assert codes(error.value) == {"network_members:not_in_network"}


def test_update_restriction(world):
    father = add_parent(world, "Frank", "father")
    mother = add_parent(world, "Mona", "mother")
    restriction = set_restriction(world, persons=[father])
    updated = services.safety_restriction_update(
        actor=world.leader,
        restriction=restriction,
        kind="honour",
        reason="Æresrelateret konflikt",
        persons=[father, mother],
    )
    assert updated.kind == "honour"
    assert updated.reason == "Æresrelateret konflikt"
    assert set(updated.persons.all()) == {father, mother}
    event = Event.objects.get(kind="safety_restriction.changed")
    assert sorted(event.data["persons"]) == ["Frank Hemmeligsen", "Mona Hemmeligsen"]
    assert event.actor == world.leader


def test_update_restriction_refuses_a_stale_edit(world):
    father = add_parent(world, "Frank", "father")
    mother = add_parent(world, "Mona", "mother")
    restriction = set_restriction(world, persons=[father])
    seen = restriction.version
    services.safety_restriction_update(
        actor=world.leader,
        restriction=restriction,
        kind="honour",
        reason="Første rettelse",
        persons=[father, mother],
        expected_version=seen,
    )
    with pytest.raises(ValidationError) as error:
        services.safety_restriction_update(
            actor=world.assigned_caseworker,
            restriction=restriction,
            kind="parent_abuse",
            reason="Anden rettelse på en gammel side",
            persons=[father],
            expected_version=seen,
        )
    assert codes(error.value) == {"stale"}
    restriction.refresh_from_db()
    assert restriction.reason == "Første rettelse"
    assert restriction.version == seen + 1
    assert set(restriction.persons.all()) == {father, mother}


def test_update_restriction_guards(world):
    father = add_parent(world, "Frank", "father")
    restriction = set_restriction(world, persons=[father])
    with pytest.raises(ValidationError) as error:
        services.safety_restriction_update(
            actor=None, restriction=restriction, kind="x", reason="r", persons=[father]
        )
    assert codes(error.value) == {"kind:invalid"}
    with pytest.raises(ValidationError) as error:
        services.safety_restriction_update(
            actor=None, restriction=restriction, kind="honour", reason="", persons=[father]
        )
    assert codes(error.value) == {"reason:required"}
    with pytest.raises(ValidationError) as error:
        services.safety_restriction_update(
            actor=None, restriction=restriction, kind="honour", reason="r", persons=[]
        )
    assert codes(error.value) == {"nobody_named"}
    restriction.refresh_from_db()
    assert restriction.kind == "parent_abuse"
    assert list(restriction.persons.all()) == [father]
    services.safety_restriction_lift(actor=None, restriction=restriction, reason="Afklaret")
    with pytest.raises(ValidationError) as error:
        services.safety_restriction_update(
            actor=None, restriction=restriction, kind="honour", reason="r", persons=[father]
        )
    assert codes(error.value) == {"lifted"}


def test_lift_restriction(world):
    father = add_parent(world, "Frank", "father")
    restriction = set_restriction(world, persons=[father])
    lifted = services.safety_restriction_lift(
        actor=world.leader, restriction=restriction, reason="Sagen er afklaret"
    )
    assert not lifted.is_active
    assert lifted.lifted_on == timezone.localdate()
    assert lifted.lifted_by == world.leader
    assert lifted.lift_reason == "Sagen er afklaret"
    event = Event.objects.get(kind="safety_restriction.lifted")
    assert event.data == {"restriction_kind": "parent_abuse", "reason": "Sagen er afklaret"}
    with pytest.raises(ValidationError) as error:
        services.safety_restriction_lift(actor=None, restriction=restriction, reason="Igen")
    assert codes(error.value) == {"lifted"}


def test_lift_restriction_guards(world):
    father = add_parent(world, "Frank", "father")
    restriction = set_restriction(world, persons=[father], set_on=dt.date(2026, 1, 10))
    with pytest.raises(ValidationError) as error:
        services.safety_restriction_lift(actor=None, restriction=restriction, reason=" ")
    assert codes(error.value) == {"reason:required"}
    with pytest.raises(ValidationError) as error:
        services.safety_restriction_lift(
            actor=None, restriction=restriction, reason="r", lifted_on=dt.date(2026, 1, 9)
        )
    assert codes(error.value) == {"lifted_on:before_set"}
    with pytest.raises(ValidationError) as error:
        services.safety_restriction_lift(
            actor=None,
            restriction=restriction,
            reason="r",
            lifted_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert codes(error.value) == {"lifted_on:future_date"}
    restriction.refresh_from_db()
    assert restriction.is_active


# --- Selectors ----------------------------------------------------------------------------------


def test_restricted_people_and_is_restricted(world):
    father = add_parent(world, "Frank", "father")
    mother = add_parent(world, "Mona", "mother")
    uncle = add_member(world, "Onkel Ali", relation="onkel")
    father_in_network = add_member(world, "Far", relation="far", person=father)
    grandma = add_member(world, "Mormor")
    assert not restriction_active(child=world.child)
    assert not restricted_people(child=world.child).active
    assert not is_restricted(child=world.child, person=father)

    set_restriction(world, persons=[father], network_members=[uncle])
    restricted = restricted_people(child=world.child)
    assert restricted.active
    assert restriction_active(child=world.child)
    assert is_restricted(child=world.child, person=father)
    assert not is_restricted(child=world.child, person=mother)
    assert is_restricted(child=world.child, network_member=uncle)
    # A network member who is the restricted person is stopped through the person.
    assert is_restricted(child=world.child, network_member=father_in_network)
    assert not is_restricted(child=world.child, network_member=grandma)
    assert restricted_names(restricted) == ["Frank Hemmeligsen", "Onkel Ali"]
    # Only by name (no registered record): the name is the safety net.
    assert is_restricted(child=world.child, name=" frank  hemmeligsen ")
    assert not is_restricted(child=world.child, name="Mona Hemmeligsen")
    # The restriction is the child's only: the other child is not affected.
    assert not restriction_active(child=world.other_child)


def test_naming_a_network_member_who_is_a_registered_person_restricts_the_person(world):
    father = add_parent(world, "Frank", "father")
    father_in_network = add_member(world, "Far", relation="far", person=father)
    set_restriction(world, network_members=[father_in_network])
    assert is_restricted(child=world.child, person=father)


def test_lifted_restriction_restricts_no_one(world):
    father = add_parent(world, "Frank", "father")
    restriction = set_restriction(world, persons=[father])
    services.safety_restriction_lift(actor=None, restriction=restriction, reason="Afklaret")
    assert not is_restricted(child=world.child, person=father)
    assert not restriction_active(child=world.child)


def test_restricted_people_query_count(world):
    father = add_parent(world, "Frank", "father")
    with CaptureQueriesContext(connection) as none_active:
        restricted_people(child=world.child)
    assert len(none_active.captured_queries) == 1
    for i in range(3):
        member = add_member(world, f"Person {i}")
        set_restriction(world, persons=[father], network_members=[member])
    with CaptureQueriesContext(connection) as active:
        restricted = restricted_people(child=world.child)
        restricted_names(restricted)
    assert len(active.captured_queries) == 3


def test_restrictions_for_child_lists_active_first(world):
    father = add_parent(world, "Frank", "father")
    old = set_restriction(world, persons=[father], set_on=dt.date(2026, 1, 2))
    services.safety_restriction_lift(actor=None, restriction=old, reason="Afklaret")
    new = set_restriction(world, persons=[father], set_on=dt.date(2026, 1, 1))
    assert register_selectors.restrictions_for_child(child=world.child) == [new, old]
