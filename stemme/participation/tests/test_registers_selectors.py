"""Reads about the child's registers: the bisidder's age (§ 6), the network map, the panel."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stemme.letters.services import Recipient, letter_send
from stemme.participation.models import Bisidder
from stemme.participation.selectors import registers as selectors
from stemme.participation.services import registers as services
from stemme.participation.tests.test_registers_services import (
    add_bisidder,
    add_member,
    add_parent,
)


def _bisidder(birth, ended_on=None):
    return Bisidder(
        name="B", birth_date=birth, relation="ven", chosen_on=dt.date(2026, 1, 1), ended_on=ended_on
    )


@pytest.mark.parametrize(
    ("birth", "on", "ok"),
    [
        (dt.date(2011, 3, 15), dt.date(2026, 3, 15), True),  # the 15th birthday itself
        (dt.date(2011, 3, 15), dt.date(2026, 3, 14), False),  # the day before
        (dt.date(2011, 3, 15), dt.date(2027, 1, 1), True),
        (dt.date(1980, 1, 1), dt.date(2026, 1, 1), True),
        (dt.date(2012, 2, 29), dt.date(2027, 2, 28), False),  # born on a leap day
        (dt.date(2012, 2, 29), dt.date(2027, 3, 1), True),
    ],
)
def test_bisidder_age_ok(birth, on, ok):
    assert selectors.bisidder_age_ok(_bisidder(birth), on) is ok


def test_bisidder_turns_15_on():
    assert selectors.bisidder_turns_15_on(_bisidder(dt.date(2011, 3, 15))) == dt.date(2026, 3, 15)
    assert selectors.bisidder_turns_15_on(_bisidder(dt.date(2012, 2, 29))) == dt.date(2027, 3, 1)


def test_bisidder_can_attend_checks_age_and_that_they_are_still_bisidder():
    young = _bisidder(dt.date(2011, 6, 1))
    assert not selectors.bisidder_can_attend(young, dt.date(2026, 5, 31))
    assert selectors.bisidder_can_attend(young, dt.date(2026, 6, 1))
    ended = _bisidder(dt.date(1990, 1, 1), ended_on=dt.date(2026, 3, 1))
    assert selectors.bisidder_can_attend(ended, dt.date(2026, 2, 28))
    assert not selectors.bisidder_can_attend(ended, dt.date(2026, 3, 1))


def test_bisidder_can_attend_takes_a_meeting_datetime():
    young = _bisidder(dt.date(2011, 6, 1))
    # 31 May 23:30 UTC is already 1 June in Copenhagen: the local date counts.
    late = dt.datetime(2026, 5, 31, 23, 30, tzinfo=dt.UTC)
    assert selectors.bisidder_can_attend(young, late)
    early = dt.datetime(2026, 5, 31, 10, 0, tzinfo=timezone.get_current_timezone())
    assert not selectors.bisidder_can_attend(young, early)


def test_bisiddere_for_child_and_for_meeting(world):
    today = timezone.localdate()
    adult = add_bisidder(world, "Voksen Ven", dt.date(1990, 1, 1))
    young = add_bisidder(world, "Ung Ven", today.replace(year=today.year - 15) + dt.timedelta(1))
    ended = add_bisidder(world, "Tidligere", dt.date(1985, 1, 1))
    services.bisidder_end(actor=None, bisidder=ended)
    current = selectors.bisiddere_for_child(child=world.child)
    assert current == [young, adult]  # by name
    assert [b.is_15_today for b in current] == [False, True]
    assert current[0].turns_15_on == today + dt.timedelta(days=1)
    assert selectors.bisiddere_for_child(child=world.child, include_ended=True)[-1] == ended
    assert selectors.bisiddere_for_meeting(child=world.child, meeting_date=today) == [adult]
    tomorrow = today + dt.timedelta(days=1)
    assert set(selectors.bisiddere_for_meeting(child=world.child, meeting_date=tomorrow)) == {
        adult,
        young,
    }


def test_network_map_groups_by_sphere_and_importance(world):
    father = add_parent(world, "Frank", "father")
    grandma = add_member(world, "Mormor", importance=3)
    coach = add_member(world, "Træner", sphere="professional", importance=2)
    friend = add_member(world, "Ven", importance=1, last_reviewed_on=dt.date(2025, 1, 1))
    dad = add_member(world, "Far", importance=2, person=father)
    gone = add_member(world, "Gammel", importance=3)
    services.network_member_remove(actor=None, member=gone, expected_version=1)
    services.safety_restriction_set(
        actor=None, child=world.child, kind="parent_abuse", reason="r", persons=[father]
    )
    network = selectors.network_map(child=world.child, today=dt.date(2026, 11, 1))
    assert network.private == [grandma, dad, friend]
    assert network.professional == [coach]
    assert network.removed == [gone]
    assert network.count == 4
    rings = {ring.importance: ring for ring in network.rings}
    assert [ring.importance for ring in network.rings] == [3, 2, 1]  # innermost first
    assert rings[3].members == [grandma]
    assert rings[2].private == [dad]
    assert rings[2].professional == [coach]
    assert rings[1].members == [friend]
    assert [m.is_restricted for m in network.private] == [False, True, False]
    assert network.review_due == [friend]


def test_network_map_query_count_is_constant(world):
    add_member(world, "Første")
    with CaptureQueriesContext(connection) as small:
        selectors.network_map(child=world.child)
    for i in range(30):
        add_member(world, f"Person {i}", importance=1 + i % 3)
    with CaptureQueriesContext(connection) as large:
        selectors.network_map(child=world.child)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_child_registers_summary(world):
    empty = selectors.child_registers(child=world.child)
    assert empty.profile is None
    assert (empty.network_count, empty.letters_count, empty.letters_blocked) == (0, 0, 0)
    father = add_parent(world, "Frank", "father")
    services.profile_update(actor=None, child=world.child, expected_version=0, language="Dansk")
    add_member(world, "Mormor", importance=3)
    add_member(world, "Ven", importance=1)
    add_bisidder(world)
    services.safety_restriction_set(
        actor=None, child=world.child, kind="parent_abuse", reason="r", persons=[father]
    )
    letter_send(
        actor=None,
        child=world.child,
        recipient=Recipient(kind="person", name=father.full_name, person=father),
        kind="other",
        subject="Hej",
        body="Tekst",
        channel="letter",
    )
    summary = selectors.child_registers(child=world.child)
    assert summary.profile.language == "Dansk"
    assert summary.network_count == 2
    assert [m.name for m in summary.most_important] == ["Mormor"]
    assert [b.name for b in summary.bisiddere] == ["Sara Veninde"]
    assert (summary.letters_count, summary.letters_blocked) == (1, 1)


def test_restriction_candidates(world):
    mother = add_parent(world, "Mona", "mother")
    member = add_member(world)
    relations, members = selectors.restriction_candidates(child=world.child)
    assert [r.person for r in relations] == [mother]
    assert members == [member]
