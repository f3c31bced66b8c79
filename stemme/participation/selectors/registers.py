"""Reads about the child's registers: participation profile, network, bisidder, safety.

Every function runs a fixed number of queries, whatever the size of the network.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from stemme.children.models import ChildRelation
from stemme.children.selectors import age_on as children_age_on
from stemme.letters.models import Letter, LetterStatus
from stemme.participation.models import (
    Bisidder,
    Importance,
    NetworkMember,
    ParticipationProfile,
    SafetyRestriction,
    Sphere,
)
from stemme.participation.selectors.safety import (
    current_profile,  # noqa: F401 - re-export
    restricted_people,
)

BISIDDER_MIN_AGE = 15  # § 6, stk. 4: a bisidder must be 15 on the day of the meeting


# --- Participation profile ---------------------------------------------------------------------


def profile_history(*, child) -> list[ParticipationProfile]:
    """Every version of the profile, newest first, with who recorded it (one query)."""
    return list(
        ParticipationProfile.objects.filter(child=child)
        .select_related("recorded_by")
        .order_by("-version")
    )


# --- Bisidder -----------------------------------------------------------------------------------


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def age_on(birth_date: dt.date, on_date) -> int:
    """Whole years on ``on_date`` (a date or a datetime, read in Copenhagen time); someone born
    29 February turns a year older on 1 March in a year without 29 February."""
    return children_age_on(birth_date, _as_date(on_date))


def bisidder_turns_15_on(bisidder: Bisidder) -> dt.date:
    birth = bisidder.birth_date
    try:
        return birth.replace(year=birth.year + BISIDDER_MIN_AGE)
    except ValueError:  # 29 February
        return dt.date(birth.year + BISIDDER_MIN_AGE, 3, 1)


def bisidder_age_ok(bisidder: Bisidder, on_date) -> bool:
    """Is the bisidder 15 or older on ``on_date`` (a date or a datetime)? (§ 6, stk. 4)"""
    return age_on(bisidder.birth_date, on_date) >= BISIDDER_MIN_AGE


def bisidder_can_attend(bisidder: Bisidder, meeting_date) -> bool:
    """May the bisidder come to a meeting on ``meeting_date``: still the child's bisidder on
    that day, and 15 or older on it."""
    day = _as_date(meeting_date)
    if bisidder.ended_on is not None and bisidder.ended_on <= day:
        return False
    return bisidder_age_ok(bisidder, day)


def bisiddere_for_child(*, child, include_ended: bool = False) -> list[Bisidder]:
    """The child's bisiddere (current first), each with ``is_15_today`` and ``turns_15_on``."""
    rows = Bisidder.objects.filter(child=child).select_related("recorded_by")
    if not include_ended:
        rows = rows.filter(ended_on__isnull=True)
    today = timezone.localdate()
    result = sorted(rows, key=lambda b: (b.ended_on is not None, b.name.casefold()))
    for bisidder in result:
        bisidder.is_15_today = bisidder_age_ok(bisidder, today)
        bisidder.turns_15_on = bisidder_turns_15_on(bisidder)
    return result


def bisiddere_for_meeting(*, child, meeting_date) -> list[Bisidder]:
    """Current bisiddere who may come to a meeting on ``meeting_date`` (one query)."""
    return [
        bisidder
        for bisidder in Bisidder.objects.filter(child=child, ended_on__isnull=True)
        if bisidder_can_attend(bisidder, meeting_date)
    ]


# --- Network ------------------------------------------------------------------------------------


def network_members(*, child, include_removed: bool = False) -> list[NetworkMember]:
    """The child's network, most important first (one query)."""
    rows = NetworkMember.objects.filter(child=child).select_related("person")
    if not include_removed:
        rows = rows.filter(removed_on__isnull=True)
    return list(rows.order_by("-importance", "name", "pk"))


@dataclass
class NetworkRing:
    """One ring of the network map: the people of one importance."""

    importance: int
    label: str
    private: list = field(default_factory=list)
    professional: list = field(default_factory=list)

    @property
    def members(self) -> list:
        return self.private + self.professional

    @property
    def top(self) -> list:
        """Every other person goes in the ring's top band, the rest in its bottom band."""
        return self.members[::2]

    @property
    def bottom(self) -> list:
        return self.members[1::2]


@dataclass
class NetworkMap:
    private: list
    professional: list
    removed: list
    rings: list
    restricted_member_ids: frozenset
    review_due: list  # current members not reviewed with the child for REVIEW_AFTER_DAYS

    @property
    def members(self) -> list:
        return self.private + self.professional

    @property
    def count(self) -> int:
        return len(self.private) + len(self.professional)


REVIEW_AFTER_DAYS = 183  # review the network with the child about every half year


def network_map(*, child, today: dt.date | None = None) -> NetworkMap:
    """The network page's data: current members grouped by sphere and by importance (rings of
    the map), removed members, and who an active safety restriction names (4 queries)."""

    today = today or timezone.localdate()
    everyone = network_members(child=child, include_removed=True)
    restricted = restricted_people(child=child)
    current = [m for m in everyone if m.removed_on is None]
    for member in everyone:
        member.is_restricted = member.pk in restricted.network_member_ids or (
            member.person_id is not None and member.person_id in restricted.person_ids
        )
        member.review_due = (today - member.last_reviewed_on).days > REVIEW_AFTER_DAYS
    rings = []
    for value, label in sorted(Importance.choices, reverse=True):
        ring = NetworkRing(importance=value, label=label)
        for member in current:
            if member.importance == value:
                (ring.private if member.sphere == Sphere.PRIVATE else ring.professional).append(
                    member
                )
        rings.append(ring)
    return NetworkMap(
        private=[m for m in current if m.sphere == Sphere.PRIVATE],
        professional=[m for m in current if m.sphere == Sphere.PROFESSIONAL],
        removed=[m for m in everyone if m.removed_on is not None],
        rings=rings,
        restricted_member_ids=restricted.network_member_ids,
        review_due=[m for m in current if m.review_due],
    )


# --- Safety restriction -------------------------------------------------------------------------


def restriction_candidates(*, child) -> tuple[list[ChildRelation], list[NetworkMember]]:
    """Who a safety restriction may name: the child's registered relations and current
    network members (two queries)."""
    relations = list(
        ChildRelation.objects.filter(child=child)
        .select_related("person")
        .order_by("-has_custody", "relation", "person__first_name", "pk")
    )
    return relations, network_members(child=child)


def restrictions_for_child(*, child) -> list[SafetyRestriction]:
    """Every restriction, active first, with the people it names (three queries)."""
    return list(
        SafetyRestriction.objects.filter(child=child)
        .select_related("set_by", "lifted_by")
        .prefetch_related("persons", "network_members")
        .order_by(F("lifted_on").desc(nulls_first=True), "-set_on", "-pk")
    )


# --- The child page's panel ---------------------------------------------------------------------


@dataclass
class ChildRegisters:
    profile: ParticipationProfile | None
    network_count: int
    most_important: list
    bisiddere: list
    letters_count: int
    letters_blocked: int


def child_registers(*, child) -> ChildRegisters:
    """The summary on the child page (four queries)."""
    from django.db.models import Count, Q

    current = network_members(child=child)
    letters = Letter.objects.filter(child=child).aggregate(
        total=Count("pk"), blocked=Count("pk", filter=Q(status=LetterStatus.BLOCKED))
    )
    return ChildRegisters(
        profile=current_profile(child=child),
        network_count=len(current),
        most_important=[m for m in current if m.importance == Importance.VERY][:5],
        bisiddere=bisiddere_for_child(child=child),
        letters_count=letters["total"],
        letters_blocked=letters["blocked"],
    )
