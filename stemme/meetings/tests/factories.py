"""Helpers for the meetings tests: meetings are made through the services, like real data."""

import datetime as dt

from django.utils import timezone

from stemme.children import services as child_services
from stemme.meetings import services
from stemme.participation.models import Bisidder, NetworkMember, SafetyRestriction


def in_days(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def plan(world, *, days=7, actor=None, case=None, **overrides):
    values = {
        "kind": "follow_up",
        "purpose_for_child": "Vi taler om, hvordan det går i skolen.",
        "starts_at": in_days(days),
        "duration_minutes": 45,
        "place": "Ungdomsklubben",
        "child_chose_place_time": True,
        "child_wants_to_say": "Jeg vil gerne skifte klasse.",
        "child_hopes": "At jeg kan blive boende.",
        **overrides,
    }
    return services.meeting_plan(
        actor=actor or world.assigned_caseworker, case=case or world.case, **values
    )


def held_with_summary(world, *, topics=(), understood="yes", **plan_kwargs):
    meeting = plan(world, **plan_kwargs)
    meeting = services.meeting_hold(
        actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
    )
    return services.meeting_record_summary(
        actor=world.assigned_caseworker,
        meeting=meeting,
        summary_for_child="Vi besluttede, at du får en kontaktperson, fordi du bad om det.",
        child_understood=understood,
        next_time_topics=list(topics),
    )


def parent(world, first_name="Mona", relation="mother"):
    return child_services.person_link_to_child(
        actor=None,
        child=world.child,
        first_name=first_name,
        last_name="Hemmeligsen",
        relation=relation,
        has_custody=True,
    ).person


def bisidder(world, *, birth_date, name="Bodil Bisidder"):
    return Bisidder.objects.create(
        child=world.child,
        name=name,
        birth_date=birth_date,
        relation="Moster",
        chosen_on=timezone.localdate(),
    )


def network_member(world, *, child=None, name="Nina Naboven"):
    return NetworkMember.objects.create(
        child=child or world.child,
        name=name,
        relation="Nabo",
        sphere="private",
        contact_form="physical",
        importance=3,
        child_wants_involved="yes",
        last_reviewed_on=timezone.localdate(),
    )


def restrict(world, *, persons=(), network_members=()):
    restriction = SafetyRestriction.objects.create(
        child=world.child,
        kind="parent_abuse",
        reason="Mistanke om vold fra far.",
        set_on=timezone.localdate(),
    )
    restriction.persons.set(persons)
    restriction.network_members.set(network_members)
    return restriction
