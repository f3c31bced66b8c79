"""The worklist at team size: who holds each case, filters, sorting, paging, a constant number of
queries, and "the next 7 days" instead of the calendar week."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_case, make_child, make_user
from stemme.accounts.models import Role
from stemme.audit.models import AccessLog
from stemme.cases import services as case_services
from stemme.deadlines import selectors
from stemme.deadlines.models import Obligation

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def _obligation(case, due_at, *, rule_id="samtale-underretning", n=0, met=False):
    return Obligation.objects.create(
        case=case,
        child=case.child,
        rule_id=rule_id,
        trigger_ref=f"test:{n}",
        legal_basis="barnets lov",
        verification="law",
        unit="calendar_days",
        started_at=due_at - dt.timedelta(days=7),
        due_at=due_at,
        due_date=timezone.localdate(due_at),
        status="met" if met else "open",
        is_pending=not met,
        met_at=due_at if met else None,
    )


@pytest.fixture
def team(world):
    """The north team: Tove (assigned) and Karl (same team) hold cases; a leader sees them all.

    The derived obligations from opening the cases are cleared: each test makes its own rows."""
    cases = [world.case]
    for i, (first, worker) in enumerate(
        [("Anna", world.same_team_caseworker), ("Bo", world.assigned_caseworker)]
    ):
        child = make_child(world.municipality, first_name=first, last_name=f"Barn{i}")
        cases.append(make_case(child, world.team, worker))
    Obligation.objects.all().delete()
    return cases


def _rows(response):
    return [o for items in response.context["worklist"].groups.values() for o in items]


def test_the_next_7_days_replace_the_calendar_week(world, team):
    """On a Friday, Monday's 24-hour deadline is in "the next 7 days", not "later"."""
    friday = dt.datetime(2026, 3, 6, 14, 0, tzinfo=CPH)  # a Friday
    monday = _obligation(team[0], friday + dt.timedelta(days=3), n=1)
    in_7 = _obligation(team[0], friday + dt.timedelta(days=7), n=2)
    in_8 = _obligation(team[0], friday + dt.timedelta(days=8), n=3)
    today = _obligation(team[0], friday + dt.timedelta(hours=2), n=4)
    overdue = _obligation(team[0], friday - dt.timedelta(hours=1), n=5)
    expected = {monday: "week", in_7: "week", in_8: "later", today: "today", overdue: "overdue"}
    for obligation, key in expected.items():
        assert selectors.urgency(obligation, now=friday) == key
    # The database's grouping agrees with the Python one.
    result = selectors.worklist(cases=selectors_cases(world), now=friday)
    grouped = {o.pk: key for key, items in result.groups.items() for o in items}
    assert grouped == {o.pk: key for o, key in expected.items()}
    assert result.counts == {"overdue": 1, "today": 1, "week": 2, "later": 1}


def selectors_cases(world):
    from stemme.access.selectors import cases_visible_to

    return cases_visible_to(world.leader)


def test_leader_sees_who_holds_each_case_and_filters_by_caseworker(client, world, team):
    now = timezone.now()
    _obligation(team[0], now + dt.timedelta(days=20), n=1)  # Tove's
    _obligation(team[1], now + dt.timedelta(days=21), n=2)  # Karl's
    case_services.caseworker_assign(
        actor=None,
        case=team[1],
        caseworker=world.assigned_caseworker,
        role="secondary",
        started_on=team[1].opened_on,
    )
    client.force_login(world.leader)
    response = client.get(reverse("deadlines:worklist"))
    html = response.content.decode()
    assert "Rådgiver" in html
    assert "Karl Kollega" in html
    assert "Tove Tildelt" in html
    assert "Sekundær: Tove Tildelt" in html
    # Only the leader's own team members are choices; never the other team's caseworker.
    choices = dict(response.context["filter_form"].fields["caseworker"].choices)
    assert set(choices) == {
        "",
        str(world.assigned_caseworker.pk),
        str(world.same_team_caseworker.pk),
        "ingen",
    }
    assert str(world.other_team_caseworker.pk) not in choices
    refused = client.get(
        reverse("deadlines:worklist"), {"caseworker": world.other_team_caseworker.pk}
    )
    assert refused.context["filter_form"].errors  # not a choice: the unfiltered list, no leak
    only_karl = client.get(
        reverse("deadlines:worklist"), {"caseworker": world.same_team_caseworker.pk}
    )
    assert {o.case_id for o in _rows(only_karl)} == {team[1].pk}
    # Tove as secondary: Karl's case; Tove as primary: her own.
    secondary = client.get(
        reverse("deadlines:worklist"),
        {"caseworker": world.assigned_caseworker.pk, "role": "secondary"},
    )
    assert {o.case_id for o in _rows(secondary)} == {team[1].pk}
    primary = client.get(
        reverse("deadlines:worklist"),
        {"caseworker": world.assigned_caseworker.pk, "role": "primary"},
    )
    assert {o.case_id for o in _rows(primary)} == {team[0].pk}


def test_caseworker_sees_only_their_own_cases_and_can_leave_out_secondary(client, world, team):
    now = timezone.now()
    _obligation(team[0], now + dt.timedelta(days=2), n=1)  # Tove primary
    _obligation(team[1], now + dt.timedelta(days=3), n=2)  # Karl primary, Tove secondary
    _obligation(team[2], now + dt.timedelta(days=4), n=3)  # Tove primary
    case_services.caseworker_assign(
        actor=None,
        case=team[1],
        caseworker=world.assigned_caseworker,
        role="secondary",
        started_on=team[1].opened_on,
    )
    client.force_login(world.assigned_caseworker)
    url = reverse("deadlines:worklist")
    response = client.get(url)
    assert "caseworker" not in response.context["filter_form"].fields
    assert {o.case_id for o in _rows(response)} == {team[0].pk, team[1].pk, team[2].pk}
    primary = client.get(url, {"role": "primary"})
    assert {o.case_id for o in _rows(primary)} == {team[0].pk, team[2].pk}
    # Karl sees only his own case, though he is on the same team.
    client.force_login(world.same_team_caseworker)
    assert {o.case_id for o in _rows(client.get(url))} == {team[1].pk}


def test_filters_by_duty_status_and_due_window(client, world, team):
    now = timezone.now()
    overdue = _obligation(team[0], now - dt.timedelta(days=2), rule_id="rettigheder", n=1)
    soon = _obligation(team[1], now + dt.timedelta(days=3), n=2)
    later = _obligation(team[2], now + dt.timedelta(days=40), n=3)
    met = _obligation(team[2], now - dt.timedelta(days=10), n=4, met=True)
    client.force_login(world.leader)
    url = reverse("deadlines:worklist")
    assert {o.pk for o in _rows(client.get(url))} == {overdue.pk, soon.pk, later.pk}
    assert [o.pk for o in _rows(client.get(url, {"duty": "rettigheder"}))] == [overdue.pk]
    assert [o.pk for o in _rows(client.get(url, {"status": "week"}))] == [soon.pk]
    assert [o.pk for o in _rows(client.get(url, {"status": "overdue"}))] == [overdue.pk]
    met_page = client.get(url, {"status": "met"})
    assert [o.pk for o in _rows(met_page)] == [met.pk]
    assert "Opfyldt" in met_page.content.decode()
    window = client.get(
        url,
        {
            "due_from": timezone.localdate(now).isoformat(),
            "due_to": (timezone.localdate(now) + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert [o.pk for o in _rows(window)] == [soon.pk]
    # Counts are over the filtered set.
    assert window.context["worklist"].counts == {"overdue": 0, "today": 0, "week": 1, "later": 0}
    backwards = client.get(url, {"due_from": "2026-05-01", "due_to": "2026-04-01"})
    assert "Slutdatoen skal" in backwards.content.decode()


def test_sorting_within_the_groups(client, world, team):
    now = timezone.now()
    # Zenia (team[0], Tove), Anna (team[1], Karl), Bo (team[2], Tove): all later.
    _obligation(team[0], now + dt.timedelta(days=30), rule_id="rettigheder", n=1)
    _obligation(team[1], now + dt.timedelta(days=31), rule_id="partsstatus-10", n=2)
    _obligation(team[2], now + dt.timedelta(days=32), rule_id="samtale-underretning", n=3)
    _obligation(team[2], now - dt.timedelta(days=1), rule_id="rettigheder", n=4)
    client.force_login(world.leader)
    url = reverse("deadlines:worklist")

    def order(sort):
        return [(o.child.first_name, o.rule_id) for o in _rows(client.get(url, {"sort": sort}))]

    # The overdue one stays first whatever the sort: the groups keep their order.
    assert order("") == [
        ("Bo", "rettigheder"),
        ("Zenia", "rettigheder"),
        ("Anna", "partsstatus-10"),
        ("Bo", "samtale-underretning"),
    ]
    assert order("child") == [
        ("Bo", "rettigheder"),
        ("Anna", "partsstatus-10"),
        ("Bo", "samtale-underretning"),
        ("Zenia", "rettigheder"),
    ]
    # Karl Kollega's case before Tove Tildelt's two, those by due date.
    assert [name for name, _rule in order("caseworker")] == ["Bo", "Anna", "Zenia", "Bo"]
    # Duties in the order of their Danish titles: "Fortæl …", "Oplys …", "Tal med …".
    assert [rule for _name, rule in order("duty")] == [
        "rettigheder",
        "rettigheder",
        "partsstatus-10",
        "samtale-underretning",
    ]


def _worklist_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("deadlines:worklist"), params)
    assert response.status_code == 200
    return response, len(queries)


def _later_today() -> dt.datetime:
    """A moment later today in Copenhagen, whatever the time of day (``now + 1 hour`` is
    tomorrow after 23:00)."""
    now = timezone.localtime()
    midnight = timezone.make_aware(
        dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
    )
    return now + (midnight - now) / 2


def test_pages_of_50_with_the_filters_kept_and_a_constant_number_of_queries(client, world, team):
    client.force_login(world.leader)
    now = _later_today()
    for i in range(10):
        _obligation(team[i % 3], now + dt.timedelta(days=i - 5), n=i)
    small, small_queries = _worklist_queries(client, sort="child")
    assert len(_rows(small)) == 10
    assert small_queries <= 16

    # More children and caseworkers too: the query count must not grow with them.
    extra = make_user(world.municipality, Role.CASEWORKER, "tredje", [world.team], "Tea", "Tredje")
    for i in range(4):
        child = make_child(world.municipality, first_name=f"Ekstra{i}", last_name="Barn")
        team.append(make_case(child, world.team, extra))
    Obligation.objects.all().delete()
    for i in range(60):
        _obligation(team[i % len(team)], now + dt.timedelta(days=i - 5), n=i)
    big, big_queries = _worklist_queries(client, sort="child")
    assert big_queries == small_queries
    assert len(_rows(big)) == 50
    html = big.content.decode()
    assert "Side 1 af 2" in html
    assert re.search(r'href="\?sort=child&amp;side=2"', html)
    assert big.context["worklist"].counts == {"overdue": 5, "today": 1, "week": 7, "later": 47}
    # Each group's heading counts the whole filtered set, not just this page.
    assert "(47)" in html

    second, second_queries = _worklist_queries(client, sort="child", side=2)
    assert second_queries == small_queries
    assert len(_rows(second)) == 10
    assert "Side 2 af 2" in second.content.decode()
    first_ids = {o.pk for o in _rows(big)}
    assert first_ids.isdisjoint(o.pk for o in _rows(second))
    # Only the children on the page shown are logged as seen.
    logged = AccessLog.objects.filter(user=world.leader, purpose="worklist")
    assert logged.exists()
    # A page past the end shows the last page.
    assert _worklist_queries(client, side=99)[0].context["worklist"].page.number == 2
