"""Writes to the child's registers: participation profile, network and bisiddere.

Every guard is tried, and a refused write leaves no record and no event behind.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemme.audit.models import Event
from stemme.cases import services as case_services
from stemme.cases.models import AssignmentRole
from stemme.children import services as child_services
from stemme.participation.models import Bisidder, NetworkMember, ParticipationProfile
from stemme.participation.selectors import registers as selectors
from stemme.participation.services import registers as services

TODAY = timezone.localdate


def codes(error: ValidationError) -> set:
    """Every error code in a ValidationError, with the field: {"field:code", ...}."""
    if hasattr(error, "error_dict"):
        return {f"{field}:{e.code}" for field, errors in error.error_dict.items() for e in errors}
    return {e.code for e in error.error_list}


def add_parent(world, first_name="Mona", relation="mother", child=None):
    return child_services.person_link_to_child(
        actor=world.assigned_caseworker,
        child=child or world.child,
        first_name=first_name,
        last_name="Hemmeligsen",
        relation=relation,
        has_custody=True,
    ).person


def add_member(world, name="Mormor", child=None, **extra):
    values = {
        "relation": "mormor",
        "sphere": "private",
        "contact_form": "physical",
        "importance": 3,
        "child_wants_involved": "yes",
        "consent_to_share": True,
    }
    values.update(extra)
    return services.network_member_add(
        actor=world.assigned_caseworker, child=child or world.child, name=name, **values
    )


def add_bisidder(world, name="Sara Veninde", birth_date=dt.date(2000, 5, 1), **extra):
    return services.bisidder_add(
        actor=world.assigned_caseworker,
        child=world.child,
        name=name,
        birth_date=birth_date,
        relation="veninde",
        **extra,
    )


# --- Participation profile ---------------------------------------------------------------------


def test_first_profile_is_version_1_with_an_event(world):
    profile = services.profile_update(
        actor=world.assigned_caseworker,
        child=world.child,
        expected_version=0,
        communication="Tegner hellere end at tale",
        language="Dansk",
    )
    assert profile.version == 1
    assert profile.recorded_by == world.assigned_caseworker
    event = Event.objects.get(kind="profile.changed")
    assert event.child == world.child
    assert event.data == {"version": 1, "changed": ["communication", "language"]}
    assert event.actor == world.assigned_caseworker


def test_each_change_is_a_new_version_and_keeps_the_old(world):
    first = services.profile_update(
        actor=world.assigned_caseworker,
        child=world.child,
        expected_version=0,
        communication="Tegner",
        meeting_places="Skolen",
    )
    second = services.profile_update(
        actor=world.leader,
        child=world.child,
        expected_version=1,
        meeting_places="Hjemme hos mormor",
    )
    assert second.version == 2
    assert second.communication == "Tegner"  # carried over
    assert second.meeting_places == "Hjemme hos mormor"
    first.refresh_from_db()
    assert first.meeting_places == "Skolen"  # the old version is untouched
    assert selectors.current_profile(child=world.child) == second
    assert [p.version for p in selectors.profile_history(child=world.child)] == [2, 1]


def test_stale_profile_edit_is_refused(world):
    services.profile_update(
        actor=world.assigned_caseworker, child=world.child, expected_version=0, language="Dansk"
    )
    with pytest.raises(ValidationError) as error:
        services.profile_update(
            actor=world.leader, child=world.child, expected_version=0, language="Arabisk"
        )
    assert codes(error.value) == {"stale"}
    with pytest.raises(ValidationError) as error:
        services.profile_update(
            actor=world.leader, child=world.child, expected_version=5, language="Arabisk"
        )
    assert codes(error.value) == {"stale"}
    assert ParticipationProfile.objects.count() == 1
    assert Event.objects.filter(kind="profile.changed").count() == 1


def test_profile_loyalty_conflict_needs_a_note(world):
    with pytest.raises(ValidationError) as error:
        services.profile_update(
            actor=world.assigned_caseworker,
            child=world.child,
            expected_version=0,
            loyalty_conflict=True,
        )
    assert codes(error.value) == {"loyalty_conflict_note:required"}
    profile = services.profile_update(
        actor=world.assigned_caseworker,
        child=world.child,
        expected_version=0,
        loyalty_conflict=True,
        loyalty_conflict_note="  Føler sig klemt mellem mor og plejefamilien ",
    )
    assert profile.loyalty_conflict_note == "Føler sig klemt mellem mor og plejefamilien"


def test_profile_without_a_change_is_not_saved(world):
    with pytest.raises(ValidationError) as error:
        services.profile_update(actor=None, child=world.child, expected_version=0)
    assert codes(error.value) == {"unchanged"}
    services.profile_update(actor=None, child=world.child, expected_version=0, language="Dansk")
    with pytest.raises(ValidationError) as error:
        services.profile_update(
            actor=None, child=world.child, expected_version=1, language=" Dansk "
        )
    assert codes(error.value) == {"unchanged"}
    assert ParticipationProfile.objects.count() == 1


def test_profile_rejects_unknown_fields(world):
    with pytest.raises(ValueError, match="Unknown profile fields"):
        services.profile_update(actor=None, child=world.child, expected_version=0, cpr="x")


# --- Network ------------------------------------------------------------------------------------


def test_add_network_member_records_event(world):
    member = add_member(world, last_reviewed_on=dt.date(2026, 1, 10))
    assert member.version == 1
    assert member.last_reviewed_on == dt.date(2026, 1, 10)
    assert member.recorded_by == world.assigned_caseworker
    event = Event.objects.get(kind="network.changed")
    assert event.ref == f"network:{member.pk}"
    assert event.data["action"] == "added"
    assert event.data["person"] == "Mormor"


def test_network_member_reviewed_defaults_to_today(world):
    assert add_member(world).last_reviewed_on == TODAY()


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"name": "  "}, "name:required"),
        ({"relation": ""}, "relation:required"),
        ({"sphere": "family"}, "sphere:invalid"),
        ({"contact_form": "pigeon"}, "contact_form:invalid"),
        ({"importance": 7}, "importance:invalid"),
        ({"importance": "x"}, "importance:invalid"),
        ({"child_wants_involved": "maybe"}, "child_wants_involved:invalid"),
        ({"last_reviewed_on": "future"}, "last_reviewed_on:future_date"),
    ],
)
def test_network_member_guards(world, override, expected):
    if override.get("last_reviewed_on") == "future":
        override["last_reviewed_on"] = TODAY() + dt.timedelta(days=1)
    values = {"name": "Mormor", **override}
    with pytest.raises(ValidationError) as error:
        add_member(world, **values)
    assert expected in codes(error.value)
    assert not NetworkMember.objects.exists()
    assert not Event.objects.filter(kind="network.changed").exists()


def test_network_member_person_must_be_related_to_the_child(world):
    stranger = add_parent(world, "Fremmed", child=world.other_child)
    with pytest.raises(ValidationError) as error:
        add_member(world, person=stranger)
    assert codes(error.value) == {"person:invalid"}
    mother = add_parent(world)
    assert add_member(world, person=mother).person == mother


def test_update_network_member_bumps_version(world):
    member = add_member(world)
    updated = services.network_member_update(
        actor=world.leader, member=member, expected_version=1, importance=1, name="Mormor Inge"
    )
    assert (updated.version, updated.importance, updated.name) == (2, 1, "Mormor Inge")
    event = Event.objects.filter(kind="network.changed").latest("pk")
    assert event.data["action"] == "changed"
    assert set(event.data["changed"]) == {"importance", "name"}


def test_update_network_member_without_change_records_nothing(world):
    member = add_member(world)
    before = Event.objects.count()
    same = services.network_member_update(
        actor=world.leader, member=member, expected_version=1, name="Mormor"
    )
    assert same.version == 1
    assert Event.objects.count() == before


def test_stale_network_update_is_refused(world):
    member = add_member(world)
    services.network_member_update(
        actor=world.leader, member=member, expected_version=1, importance=2
    )
    with pytest.raises(ValidationError) as error:
        services.network_member_update(
            actor=world.assigned_caseworker, member=member, expected_version=1, importance=1
        )
    assert codes(error.value) == {"stale"}
    member.refresh_from_db()
    assert member.importance == 2


def test_network_update_validates_like_add(world):
    member = add_member(world)
    with pytest.raises(ValidationError) as error:
        services.network_member_update(
            actor=None,
            member=member,
            expected_version=1,
            last_reviewed_on=TODAY() + dt.timedelta(days=3),
        )
    assert codes(error.value) == {"last_reviewed_on:future_date"}
    with pytest.raises(ValueError, match="Unknown network fields"):
        services.network_member_update(actor=None, member=member, expected_version=1, child=1)


def test_remove_network_member_keeps_the_record(world):
    member = add_member(world)
    removed = services.network_member_remove(actor=world.leader, member=member, expected_version=1)
    assert removed.removed_on == TODAY()
    assert removed.version == 2
    assert selectors.network_members(child=world.child) == []
    assert selectors.network_members(child=world.child, include_removed=True) == [removed]
    with pytest.raises(ValidationError) as error:
        services.network_member_remove(actor=world.leader, member=member, expected_version=2)
    assert codes(error.value) == {"removed"}
    with pytest.raises(ValidationError) as error:
        services.network_member_update(
            actor=world.leader, member=member, expected_version=2, importance=1
        )
    assert codes(error.value) == {"removed"}


def test_remove_network_member_guards(world):
    member = add_member(world)
    with pytest.raises(ValidationError) as error:
        services.network_member_remove(actor=None, member=member, expected_version=9)
    assert codes(error.value) == {"stale"}
    with pytest.raises(ValidationError) as error:
        services.network_member_remove(
            actor=None,
            member=member,
            expected_version=1,
            removed_on=TODAY() + dt.timedelta(days=1),
        )
    assert codes(error.value) == {"removed_on:future_date"}
    member.refresh_from_db()
    assert member.removed_on is None


def test_reviewed_with_child_marks_every_current_member(world):
    old = dt.date(2025, 1, 1)
    first = add_member(world, "Mormor", last_reviewed_on=old)
    second = add_member(world, "Træner", sphere="professional", last_reviewed_on=old)
    gone = add_member(world, "Gammel ven", last_reviewed_on=old)
    services.network_member_remove(actor=None, member=gone, expected_version=1)
    count = services.network_reviewed_with_child(actor=world.assigned_caseworker, child=world.child)
    assert count == 2
    for member in (first, second, gone):
        member.refresh_from_db()
    assert first.last_reviewed_on == second.last_reviewed_on == TODAY()
    assert first.version == 2
    assert gone.last_reviewed_on == old  # removed members are not reviewed
    event = Event.objects.filter(kind="network.changed").latest("pk")
    assert event.data["action"] == "reviewed"
    assert event.data["count"] == 2


def test_reviewed_with_child_needs_a_network_and_a_past_date(world):
    with pytest.raises(ValidationError) as error:
        services.network_reviewed_with_child(actor=None, child=world.child)
    assert codes(error.value) == {"empty"}
    add_member(world)
    with pytest.raises(ValidationError) as error:
        services.network_reviewed_with_child(
            actor=None, child=world.child, reviewed_on=TODAY() + dt.timedelta(days=1)
        )
    assert codes(error.value) == {"reviewed_on:future_date"}


# --- Bisidder -----------------------------------------------------------------------------------


def test_add_bisidder_records_event(world):
    bisidder = add_bisidder(world, contact="  sara@example.org ")
    assert bisidder.chosen_on == TODAY()
    assert bisidder.contact == "sara@example.org"
    event = Event.objects.get(kind="bisidder.changed")
    assert event.ref == f"bisidder:{bisidder.pk}"
    assert event.data == {"action": "added", "person": "Sara Veninde"}


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"name": " "}, "name:required"),
        ({"relation": ""}, "relation:required"),
        ({"birth_date": None}, "birth_date:required"),
        ({"birth_date": "after_chosen"}, "birth_date:invalid_birth_date"),
        ({"birth_date": dt.date(1850, 1, 1)}, "birth_date:invalid_birth_date"),
        ({"chosen_on": "future"}, "chosen_on:future_date"),
    ],
)
def test_bisidder_guards(world, override, expected):
    values = {
        "name": "Sara",
        "birth_date": dt.date(2000, 5, 1),
        "relation": "veninde",
        **override,
    }
    if values["birth_date"] == "after_chosen":
        values["birth_date"] = TODAY()
    if values.get("chosen_on") == "future":
        values["chosen_on"] = TODAY() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.bisidder_add(actor=None, child=world.child, **values)
    assert expected in codes(error.value)
    assert not Bisidder.objects.exists()


def test_same_bisidder_twice_is_refused(world):
    add_bisidder(world)
    with pytest.raises(ValidationError) as error:
        add_bisidder(world, name="sara veninde")
    assert codes(error.value) == {"duplicate"}


def test_end_bisidder(world):
    bisidder = add_bisidder(world, chosen_on=dt.date(2026, 1, 2))
    with pytest.raises(ValidationError) as error:
        services.bisidder_end(actor=None, bisidder=bisidder, ended_on=dt.date(2026, 1, 1))
    assert codes(error.value) == {"ended_on:before_chosen"}
    with pytest.raises(ValidationError) as error:
        services.bisidder_end(
            actor=None, bisidder=bisidder, ended_on=TODAY() + dt.timedelta(days=1)
        )
    assert codes(error.value) == {"ended_on:future_date"}
    ended = services.bisidder_end(actor=world.leader, bisidder=bisidder, reason="Valgte en anden")
    assert ended.ended_on == TODAY()
    event = Event.objects.filter(kind="bisidder.changed").latest("pk")
    assert event.data == {"action": "ended", "person": "Sara Veninde", "reason": "Valgte en anden"}
    with pytest.raises(ValidationError) as error:
        services.bisidder_end(actor=None, bisidder=bisidder)
    assert codes(error.value) == {"ended"}
    # Once ended, the same person can be chosen again.
    assert add_bisidder(world).pk != bisidder.pk


def test_bisidder_is_kept_when_the_caseworker_changes(world):
    bisidder = add_bisidder(world)
    member = add_member(world)
    case_services.caseworker_assign(
        actor=world.leader,
        case=world.case,
        caseworker=world.same_team_caseworker,
        role=AssignmentRole.PRIMARY,
        started_on=TODAY(),
    )
    assert selectors.bisiddere_for_child(child=world.child) == [bisidder]
    assert selectors.network_members(child=world.child) == [member]
