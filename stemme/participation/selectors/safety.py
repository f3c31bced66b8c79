"""Reads about the child's voice and the people around the child.

The safety-restriction checks here are the single place that decides whether something may
go to a person: letters (``letters.services``), meeting invitations and, later, portal access
for parents all ask ``is_restricted`` / ``restricted_people``.
"""

from dataclasses import dataclass, field

from stemme.participation.models import SafetyRestriction


@dataclass(frozen=True)
class RestrictedPeople:
    """Who an active safety restriction names for one child."""

    person_ids: frozenset = field(default_factory=frozenset)
    network_member_ids: frozenset = field(default_factory=frozenset)
    restrictions: tuple = ()

    @property
    def active(self) -> bool:
        return bool(self.restrictions)


def active_restrictions(*, child) -> list[SafetyRestriction]:
    return list(
        SafetyRestriction.objects.filter(child=child, lifted_on__isnull=True)
        .prefetch_related("persons", "network_members")
        .order_by("-set_on", "-pk")
    )


def restricted_people(*, child) -> RestrictedPeople:
    """Everyone the child's active safety restrictions name (3 queries)."""
    restrictions = active_restrictions(child=child)
    persons = set()
    members = set()
    for restriction in restrictions:
        persons |= {person.pk for person in restriction.persons.all()}
        members |= {member.pk for member in restriction.network_members.all()}
        # A network member who is a registered person is restricted through either record.
    return RestrictedPeople(frozenset(persons), frozenset(members), tuple(restrictions))


def is_restricted(*, child, person=None, network_member=None, restricted=None) -> bool:
    """May nothing about ``child`` reach this person or network member?"""
    restricted = restricted or restricted_people(child=child)
    if person is not None and person.pk in restricted.person_ids:
        return True
    if network_member is not None:
        if network_member.pk in restricted.network_member_ids:
            return True
        if network_member.person_id is not None:
            return network_member.person_id in restricted.person_ids
    return False


def current_profile(*, child):
    """The newest version of the child's participation profile, or None."""
    from stemme.participation.models import ParticipationProfile

    return ParticipationProfile.objects.filter(child=child).order_by("-version").first()
