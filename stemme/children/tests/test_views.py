"""Staff pages about children: what they show, what they log, and their query counts."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemme.accounts.models import Team
from stemme.audit.models import AccessAction, AccessLog, Event
from stemme.cases.models import Case, CaseworkerAssignment
from stemme.children.models import Child
from stemme.children.selectors import TIMELINE_PAGE_SIZE


def test_my_children_lists_only_assigned_children(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.get(reverse("children:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zenia Hemmeligsen" in body
    assert "Otto" not in body
    assert world.child.cpr_masked in body
    assert world.child.cpr not in body  # masked by default


def test_my_children_logs_one_row_per_child_shown(client, world):
    client.force_login(world.leader)
    client.get(reverse("children:list"))
    rows = AccessLog.objects.filter(user=world.leader, purpose="child_list")
    assert list(rows.values_list("child__first_name", flat=True)) == ["Zenia"]


def test_leader_sees_caseload_and_can_filter_by_caseworker(client, world):
    client.force_login(world.leader)
    body = client.get(reverse("children:list")).content.decode()
    assert "Tove Tildelt" in body  # caseload table
    assert "Karl Kollega" in body
    filtered = client.get(
        reverse("children:list"), {"caseworker": world.same_team_caseworker.pk}
    ).content.decode()
    assert "Zenia" not in filtered


def test_leader_filter_with_invalid_value_shows_everything_with_an_error(client, world):
    client.force_login(world.leader)
    response = client.get(reverse("children:list"), {"caseworker": "abc"})
    assert response.status_code == 200
    assert "Zenia" in response.content.decode()


def test_child_overview_shows_caseworkers_network_and_timeline(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.get(reverse("children:detail", args=[world.child.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tove Tildelt" in body
    assert world.child.cpr_masked in body
    assert world.child.cpr not in body
    assert AccessLog.objects.filter(child=world.child, purpose="child_overview").count() == 1


def _timeline_of(body: str) -> list[str]:
    """The times of the timeline's events as the page shows them, newest first."""
    timeline = body.split('id="timeline-heading"')[1].split("</section>")[0]
    return [part.split('"')[0] for part in timeline.split('<time datetime="')[1:]]


def test_the_timeline_shows_the_newest_events_and_pages_back_to_the_oldest(client, world):
    start = timezone.now() - dt.timedelta(days=40)
    Event.objects.bulk_create(
        Event(
            municipality=world.municipality,
            child=world.child,
            kind="child.updated",
            occurred_at=start + dt.timedelta(hours=hour),
        )
        for hour in range(TIMELINE_PAGE_SIZE + 5)
    )
    total = Event.objects.filter(child=world.child).count()
    newest_first = [
        timezone.localtime(moment).isoformat()
        for moment in Event.objects.filter(child=world.child)
        .order_by("-occurred_at", "-id")
        .values_list("occurred_at", flat=True)
    ]
    client.force_login(world.assigned_caseworker)
    url = reverse("children:detail", args=[world.child.pk])

    first = client.get(url).content.decode()
    assert _timeline_of(first) == newest_first[:TIMELINE_PAGE_SIZE]
    assert f'href="{url}?side=2#timeline-heading" rel="next">Næste</a>' in first
    assert 'aria-label="Tidslinjens sider"' in first
    assert "Side 1 af 2" in first

    second = client.get(url, {"side": "2"}).content.decode()
    assert _timeline_of(second) == newest_first[TIMELINE_PAGE_SIZE:total]
    assert f'href="{url}?side=1#timeline-heading" rel="prev">Forrige</a>' in second
    assert "Zenia" in second  # the rest of the overview is there on every page

    # Anything but a page number: the first page; past the end: the last.
    assert _timeline_of(client.get(url, {"side": "abc"}).content.decode()) == _timeline_of(first)
    assert _timeline_of(client.get(url, {"side": "99"}).content.decode()) == _timeline_of(second)


def test_the_timeline_pages_are_a_fixed_number_of_queries(client, world):
    Event.objects.bulk_create(
        Event(
            municipality=world.municipality,
            child=world.child,
            kind="child.updated",
            occurred_at=timezone.now() - dt.timedelta(minutes=minutes),
        )
        for minutes in range(TIMELINE_PAGE_SIZE * 2)
    )
    client.force_login(world.assigned_caseworker)
    url = reverse("children:detail", args=[world.child.pk])
    client.get(url)
    counted = []
    for page in ("1", "2", "3"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"side": page}).status_code == 200
        counted.append(len(queries))
    assert len(set(counted)) == 1


def test_a_timeline_of_one_page_has_no_pages_to_go_to(client, world):
    client.force_login(world.assigned_caseworker)
    body = client.get(reverse("children:detail", args=[world.child.pk])).content.decode()
    assert "Tidslinjens sider" not in body


def test_unknown_child_id_is_404(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.get(reverse("children:detail", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_reveal_cpr_shows_full_number_and_logs_it(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.post(
        reverse("children:reveal_cpr", args=[world.child.pk]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert f"{world.child.cpr[:6]}-{world.child.cpr[6:]}" in body
    assert "<html" not in body  # the htmx answer is the fragment only
    log = AccessLog.objects.get(child=world.child)
    assert log.action == AccessAction.REVEAL_CPR


def test_reveal_cpr_without_htmx_renders_whole_page(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.post(reverse("children:reveal_cpr", args=[world.child.pk]))
    assert "<html" in response.content.decode()
    assert f"{world.child.cpr[:6]}-{world.child.cpr[6:]}" in response.content.decode()


def test_reveal_cpr_rejects_get(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.get(reverse("children:reveal_cpr", args=[world.child.pk]))
    assert response.status_code == 405
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("query", ["Zenia", "zen", "hemmelig", "Zenia Hemmeligsen", "CPR", "BIRTH"])
def test_search_finds_own_child_by_name_or_cpr(client, world, query):
    query = {
        "CPR": world.child.cpr_masked.replace("****", world.child.cpr[6:]),
        "BIRTH": world.child.cpr[:6],
    }.get(query, query)
    client.force_login(world.assigned_caseworker)
    response = client.post(reverse("children:search"), {"q": query})
    assert "Zenia Hemmeligsen" in response.content.decode()
    search_log = AccessLog.objects.get(action=AccessAction.SEARCH)
    assert search_log.criterion == query
    assert search_log.result_count == 1
    assert AccessLog.objects.filter(child=world.child, action=AccessAction.VIEW).count() == 1


def test_search_never_finds_another_teams_child(client, world):
    client.force_login(world.other_team_caseworker)
    for query in ["Zenia", world.child.cpr, world.child.cpr[:6]]:
        body = client.post(reverse("children:search"), {"q": query}).content.decode()
        assert "Hemmeligsen" not in body
    # Each search is logged with its criterion, with no child rows.
    logs = AccessLog.objects.filter(user=world.other_team_caseworker)
    assert logs.filter(action=AccessAction.SEARCH).count() == 3
    assert not logs.filter(child__isnull=False).exists()


@pytest.mark.parametrize(("query", "message"), [("", "Type a name"), ("a", "at least 2")])
def test_search_with_bad_input_explains_and_logs_nothing(client, world, query, message):
    client.force_login(world.assigned_caseworker)
    client.cookies["stemme_language"] = "en"
    response = client.post(reverse("children:search"), {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AccessLog.objects.exists()


def test_search_via_htmx_returns_fragment(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.post(
        reverse("children:search"), {"q": "Zenia"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'id="search"' in body
    assert "<html" not in body
    assert "Zenia" in body


# --- Query counts must not grow with the number of children --------------------------------


def _bulk_children(world, count: int, *, start: int = 0) -> None:
    """Many children on the assigned caseworker's team, half of them assigned to them."""
    team = Team.objects.get(pk=world.team.pk)
    children = [
        Child(
            municipality=world.municipality,
            first_name=f"Barn{i:05d}",
            last_name="Mangesen",
            birth_date=dt.date(2015, 1, 1),
            cpr=f"010115{5000 + i:04d}",  # century digit 5..7: born 2015
        )
        for i in range(start, start + count)
    ]
    Child.objects.bulk_create(children)
    cases = [Case(child=c, team=team, opened_on=dt.date(2026, 1, 1)) for c in children]
    Case.objects.bulk_create(cases)
    CaseworkerAssignment.objects.bulk_create(
        CaseworkerAssignment(
            case=case,
            caseworker=world.assigned_caseworker if i % 2 == 0 else world.same_team_caseworker,
            role="primary",
            started_on=dt.date(2026, 1, 1),
        )
        for i, case in enumerate(cases)
    )


def _count_queries(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("user_attr", ["assigned_caseworker", "leader"])
def test_list_query_count_is_constant(client, world, user_attr):
    client.force_login(getattr(world, user_attr))
    url = reverse("children:list")
    _bulk_children(world, 100)
    small = _count_queries(client, "get", url)
    _bulk_children(world, 1900, start=100)  # 2,000 in all
    large = _count_queries(client, "get", url)
    assert small == large


def test_overview_and_search_query_counts_are_constant(client, world):
    client.force_login(world.assigned_caseworker)
    detail = reverse("children:detail", args=[world.child.pk])
    search = reverse("children:search")
    _bulk_children(world, 100)
    small = (
        _count_queries(client, "get", detail),
        _count_queries(client, "post", search, {"q": "Barn"}),
    )
    _bulk_children(world, 1900, start=100)
    large = (
        _count_queries(client, "get", detail),
        _count_queries(client, "post", search, {"q": "Barn"}),
    )
    assert small == large


def test_child_overview_shows_obligations_and_what_met_them(client, world):
    from django.utils import timezone

    from stemme.cases.services import steps

    intake = steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="citizen",
        received_at=timezone.now() - dt.timedelta(hours=2),
        content="Bekymring",
    )
    steps.intake_assess_urgency(
        actor=world.assigned_caseworker, intake=intake, is_acute=False, assessment="Ikke akut"
    )
    client.force_login(world.assigned_caseworker)
    body = client.get(reverse("children:detail", args=[world.child.pk])).content.decode()
    assert 'data-rule="underretning-24t"' in body
    assert "Opfyldt" in body
