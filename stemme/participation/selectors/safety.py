"""Reads about the child's voice and the people around the child.

The safety-restriction checks here are the single place that decides whether something may
go to a person: letters (``letters.services``), meeting invitations and, later, portal access
for parents all ask ``is_restricted`` / ``restricted_people``.
"""

from dataclasses import dataclass, field

from stemme.participation.models import ParticipationProfile, SafetyRestriction


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
        for member in restriction.network_members.all():
            members.add(member.pk)
            # A network member who is a registered person is restricted through either record:
            # a letter to the person (e.g. as a parent) is stopped as well.
            if member.person_id is not None:
                persons.add(member.person_id)
    return RestrictedPeople(frozenset(persons), frozenset(members), tuple(restrictions))


def restriction_active(*, child) -> bool:
    """Is any safety restriction active for the child? (one query)"""
    return SafetyRestriction.objects.filter(child=child, lifted_on__isnull=True).exists()


def restricted_names(restricted: RestrictedPeople) -> list[str]:
    """The names an active restriction protects the child from (no queries: uses the
    prefetched people of ``restricted.restrictions``)."""
    names: dict = {}
    for restriction in restricted.restrictions:
        for person in restriction.persons.all():
            names.setdefault(("person", person.pk), person.full_name)
        for member in restriction.network_members.all():
            if member.person_id is not None and ("person", member.person_id) in names:
                continue
            names.setdefault(("member", member.pk), member.name)
    return sorted(set(names.values()), key=str.casefold)


def is_restricted(
    *, child, person=None, network_member=None, restricted=None, name: str | None = None
) -> bool:
    """May nothing about ``child`` reach this person or network member?

    ``name`` is a safety net for a recipient given only by name (no registered person or
    network member): it is stopped when the name is one the restriction names.
    """
    restricted = restricted if restricted is not None else restricted_people(child=child)
    if not restricted.active:
        return False
    if person is not None and person.pk in restricted.person_ids:
        return True
    if network_member is not None:
        if network_member.pk in restricted.network_member_ids:
            return True
        if network_member.person_id is not None and (
            network_member.person_id in restricted.person_ids
        ):
            return True
    if person is None and network_member is None and name and name.strip():
        wanted = " ".join(name.split()).casefold()
        return any(" ".join(n.split()).casefold() == wanted for n in restricted_names(restricted))
    return False


def current_profile(*, child):
    """The newest version of the child's participation profile, or None."""

    return ParticipationProfile.objects.filter(child=child).order_by("-version").first()
