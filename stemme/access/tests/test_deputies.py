"""Deputies (stedfortrædere): time-limited access to a colleague's children, ending on its date.

"A deputy's access ends on its date" (issue 6, done when): proved with the selector's ``today``
and, end to end, with the clock moved a day on.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_case, make_child, make_user
from stemme.access import selectors as access
from stemme.access import services
from stemme.access.models import DeputyAccess
from stemme.accounts.models import Role
from stemme.audit.models import AccessBasis, AccessLog, Event
from stemme.cases import services as case_services

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def client(client):
    """Assert on the English msgids: the language cookie (pages are Danish by default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def visible(user, day):
    return set(access.children_visible_to(user, today=day).values_list("first_name", flat=True))


def appoint(world, *, starts_on, ends_on, deputy=None, covered=None, today=None):
    return services.deputy_appoint(
        actor=world.leader,
        deputy=deputy or world.same_team_caseworker,
        covered=covered or world.assigned_caseworker,
        starts_on=starts_on,
        ends_on=ends_on,
        reason="Ferie",
        today=today or starts_on,
    )


def deputy_row(world, *, starts_on, ends_on):
    """A row written directly (the service refuses a start in the past)."""
    return DeputyAccess.objects.create(
        municipality=world.municipality,
        deputy=world.same_team_caseworker,
        covered=world.assigned_caseworker,
        starts_on=starts_on,
        ends_on=ends_on,
        reason="Ferie",
        appointed_by=world.leader,
    )


# --- The rule ---------------------------------------------------------------------------------


def test_a_deputy_sees_the_covered_caseworkers_children_only_within_the_period(world):
    appoint(world, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=2))
    deputy = world.same_team_caseworker
    assert visible(deputy, TODAY - dt.timedelta(days=1)) == set()
    assert visible(deputy, TODAY) == {"Zenia"}
    assert visible(deputy, TODAY + dt.timedelta(days=2)) == {"Zenia"}  # the end day counts
    assert visible(deputy, TODAY + dt.timedelta(days=3)) == set()  # the day after: gone
    # The covered caseworker and everyone else keep exactly what they had.
    assert visible(world.assigned_caseworker, TODAY) == {"Zenia"}
    assert visible(world.other_team_caseworker, TODAY) == {"Otto"}


def test_a_deputy_sees_secondary_cases_too_but_not_ended_assignments(world):
    other = make_child(world.municipality, first_name="Sekundær", last_name="Barn")
    make_case(other, world.team, world.assigned_caseworker, role="secondary")
    appoint(world, starts_on=TODAY, ends_on=TODAY)
    assert visible(world.same_team_caseworker, TODAY) == {"Zenia", "Sekundær"}
    case_services.caseworker_unassign(
        actor=None, assignment=world.case.assignments.get(), ended_on=dt.date(2026, 2, 1)
    )
    assert visible(world.same_team_caseworker, TODAY) == {"Sekundær"}


def test_a_deputy_for_another_caseworker_sees_nothing_of_this_one(world):
    other = make_user(world.municipality, Role.CASEWORKER, "anden", [world.team], "Anne", "Anden")
    appoint(world, starts_on=TODAY, ends_on=TODAY, covered=other)
    assert visible(world.same_team_caseworker, TODAY) == set()


def test_ending_early_removes_the_access_at_once(world):
    grant = appoint(world, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=10))
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    services.deputy_end(actor=world.leader, grant=grant, now=now)
    assert visible(world.same_team_caseworker, TODAY) == set()
    assert Event.objects.filter(kind="deputy.ended", ref=f"deputy:{grant.pk}").exists()


def test_the_access_ends_on_its_date_end_to_end(client, world, monkeypatch):
    """Appointed today until today: the child page opens today, and is 404 tomorrow, with no
    job run in between (the clock's date is moved, nothing else)."""
    today = timezone.localdate()
    services.deputy_appoint(
        actor=world.leader,
        deputy=world.same_team_caseworker,
        covered=world.assigned_caseworker,
        starts_on=today,
        ends_on=today,
        reason="Syg",
    )
    client.force_login(world.same_team_caseworker)
    url = reverse("children:detail", args=[world.child.pk])
    assert client.get(url).status_code == 200

    real_localdate = timezone.localdate

    def tomorrow(value=None, timezone=None):
        if value is None:
            return today + dt.timedelta(days=1)
        return real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", tomorrow)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(-10, -1), (1, 5)],
    ids=["expired-yesterday", "not-yet-started"],
)
def test_an_expired_or_future_deputy_gets_404_on_child_pages(client, world, starts, ends):
    today = timezone.localdate()
    deputy_row(
        world, starts_on=today + dt.timedelta(days=starts), ends_on=today + dt.timedelta(days=ends)
    )
    client.force_login(world.same_team_caseworker)
    for url in [
        reverse("children:detail", args=[world.child.pk]),
        reverse("cases:detail", args=[world.case.pk]),
        reverse("participation:profile", args=[world.child.pk]),
        reverse("letters:list", args=[world.child.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert not AccessLog.objects.filter(child=world.child).exists()


def test_an_active_deputy_opens_the_same_pages_and_is_logged_as_deputy(client, world):
    today = timezone.localdate()
    deputy_row(world, starts_on=today, ends_on=today + dt.timedelta(days=3))
    client.force_login(world.same_team_caseworker)
    for url in [
        reverse("children:detail", args=[world.child.pk]),
        reverse("cases:detail", args=[world.case.pk]),
        reverse("participation:profile", args=[world.child.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    bases = set(
        AccessLog.objects.filter(user=world.same_team_caseworker, child=world.child).values_list(
            "basis", flat=True
        )
    )
    assert bases == {AccessBasis.DEPUTY}


# --- The access basis in the log ----------------------------------------------------------------


def test_the_access_log_records_the_basis_of_each_access(world):
    access.access_child_by_id(world.assigned_caseworker, world.child.pk, purpose="x")
    access.access_case_by_id(world.leader, world.case.pk, purpose="x")
    world.municipality.caseworkers_see_team_children = True
    world.municipality.save()
    colleague = type(world.same_team_caseworker).objects.get(pk=world.same_team_caseworker.pk)
    access.access_child_by_id(colleague, world.child.pk, purpose="x")
    rows = AccessLog.objects.filter(child=world.child).order_by("pk")
    assert [(r.user_id, r.basis) for r in rows] == [
        (world.assigned_caseworker.pk, AccessBasis.OWN_CASE),
        (world.leader.pk, AccessBasis.TEAM),
        (colleague.pk, AccessBasis.TEAM),
    ]


def test_own_case_wins_over_deputy(world):
    """A caseworker who is also deputy for a colleague on the same case: logged as own case."""
    case_services.caseworker_assign(
        actor=None, case=world.case, caseworker=world.same_team_caseworker, role="secondary"
    )
    deputy_row(world, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    child = access.access_child_by_id(world.same_team_caseworker, world.child.pk, purpose="x")
    assert child.access_basis == AccessBasis.OWN_CASE


# --- Appointing ----------------------------------------------------------------------------------


def test_appointing_records_an_event(world):
    grant = appoint(world, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=7))
    event = Event.objects.get(kind="deputy.appointed")
    assert event.ref == f"deputy:{grant.pk}"
    assert event.actor == world.leader
    assert event.child is None
    assert event.data["covered_id"] == world.assigned_caseworker.pk
    assert event.data["ends_on"] == "2026-03-09"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": TODAY - dt.timedelta(days=1)}, "ends_on"),
        ({"ends_on": TODAY + dt.timedelta(days=366)}, "ends_on"),
        ({"ends_on": None}, "ends_on"),
        ({"starts_on": None}, "starts_on"),
        ({"starts_on": TODAY - dt.timedelta(days=1), "today": TODAY}, "starts_on"),
        ({"reason": "   "}, "reason"),
        ({"reason": "x" * 301}, "reason"),
    ],
)
def test_appointing_refuses_bad_periods_and_reasons(world, changes, field):
    values = {
        "actor": world.leader,
        "deputy": world.same_team_caseworker,
        "covered": world.assigned_caseworker,
        "starts_on": TODAY,
        "ends_on": TODAY + dt.timedelta(days=7),
        "reason": "Ferie",
        "today": TODAY,
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        services.deputy_appoint(**values)
    assert field in error.value.message_dict
    assert not DeputyAccess.objects.exists()
    assert not Event.objects.filter(kind="deputy.appointed").exists()


def test_a_year_is_the_longest_period(world):
    appoint(world, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=365))
    assert DeputyAccess.objects.count() == 1


def test_only_the_leader_of_both_caseworkers_teams_appoints(world):
    # Not a caseworker, not a leader of another team, not for a caseworker on another team.
    for actor in [world.assigned_caseworker, world.administrator]:
        with pytest.raises(ValidationError):
            services.deputy_appoint(
                actor=actor,
                deputy=world.same_team_caseworker,
                covered=world.assigned_caseworker,
                starts_on=TODAY,
                ends_on=TODAY,
                reason="Ferie",
                today=TODAY,
            )
    with pytest.raises(ValidationError) as error:
        services.deputy_appoint(
            actor=world.other_leader,
            deputy=world.other_team_caseworker,
            covered=world.assigned_caseworker,
            starts_on=TODAY,
            ends_on=TODAY,
            reason="Ferie",
            today=TODAY,
        )
    assert "covered" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        appoint(world, starts_on=TODAY, ends_on=TODAY, deputy=world.other_municipality_caseworker)
    assert "deputy" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        appoint(world, starts_on=TODAY, ends_on=TODAY, deputy=world.assigned_caseworker)
    assert "covered" in error.value.message_dict
    assert not DeputyAccess.objects.exists()


def test_overlapping_periods_for_the_same_pair_are_refused(world):
    appoint(world, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=7))
    with pytest.raises(ValidationError):
        appoint(
            world,
            starts_on=TODAY + dt.timedelta(days=7),
            ends_on=TODAY + dt.timedelta(days=9),
            today=TODAY,
        )
    appoint(
        world,
        starts_on=TODAY + dt.timedelta(days=8),
        ends_on=TODAY + dt.timedelta(days=9),
        today=TODAY,
    )
    assert DeputyAccess.objects.count() == 2


def test_an_ended_period_cannot_be_ended_again(world):
    grant = appoint(world, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=2))
    now = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    services.deputy_end(actor=world.leader, grant=grant, now=now)
    with pytest.raises(ValidationError):
        services.deputy_end(actor=world.leader, grant=grant, now=now)
    assert Event.objects.filter(kind="deputy.ended").count() == 1


# --- The pages ------------------------------------------------------------------------------------


def test_the_leader_appoints_a_deputy_on_the_page(client, world):
    client.force_login(world.leader)
    url = reverse("access:deputies")
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "covered": world.assigned_caseworker.pk,
            "deputy": world.same_team_caseworker.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=5)).isoformat(),
            "reason": "Ferie",
        },
    )
    assert response.status_code == 302
    grant = DeputyAccess.objects.get()
    assert (grant.deputy, grant.covered, grant.appointed_by) == (
        world.same_team_caseworker,
        world.assigned_caseworker,
        world.leader,
    )
    body = client.get(url).content.decode()
    assert f'data-deputy="{grant.pk}"' in body
    assert "Karl Kollega" in body


def test_the_page_shows_clear_errors_and_saves_nothing(client, world):
    client.force_login(world.leader)
    today = timezone.localdate()
    response = client.post(
        reverse("access:deputies"),
        {
            "covered": world.assigned_caseworker.pk,
            "deputy": world.other_team_caseworker.pk,  # not on the leader's team
            "starts_on": today.isoformat(),
            "ends_on": (today - dt.timedelta(days=1)).isoformat(),
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert not DeputyAccess.objects.exists()
    body = response.content.decode()
    assert 'class="form-errors"' in body
    assert 'href="#id_deputy"' in body  # the summary links to the field


def test_the_leader_ends_a_deputy_early_on_the_page(client, world):
    grant = appoint(world, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    client.force_login(world.leader)
    response = client.post(reverse("access:deputy_end", args=[grant.pk]))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.ended_early_by == world.leader
    assert not access.children_visible_to(world.same_team_caseworker).exists()


def test_another_teams_leader_cannot_end_it(client, world):
    grant = appoint(world, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    client.force_login(world.other_leader)
    response = client.post(reverse("access:deputy_end", args=[grant.pk]))
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.ended_early_at is None


def test_caseworkers_cannot_open_the_deputy_page(client, world):
    client.force_login(world.assigned_caseworker)
    assert client.get(reverse("access:deputies")).status_code == 403


def test_the_deputy_sees_whom_they_cover_for_on_my_children(client, world):
    today = timezone.localdate()
    deputy_row(world, starts_on=today, ends_on=today + dt.timedelta(days=4))
    client.force_login(world.same_team_caseworker)
    body = client.get(reverse("children:list")).content.decode()
    section = body.split('id="deputy-heading"', 1)[1]
    assert "Zenia Hemmeligsen" in section
    assert "Tove Tildelt" in section  # whom they cover for
    assert str((today + dt.timedelta(days=4)).year) in section  # until when
    logged = AccessLog.objects.get(user=world.same_team_caseworker, child=world.child)
    assert (logged.purpose, logged.basis) == ("child_list", AccessBasis.DEPUTY)


def test_no_deputy_section_without_an_active_period(client, world):
    today = timezone.localdate()
    deputy_row(world, starts_on=today - dt.timedelta(days=5), ends_on=today - dt.timedelta(days=1))
    client.force_login(world.same_team_caseworker)
    body = client.get(reverse("children:list")).content.decode()
    assert 'id="deputy-heading"' not in body
    assert "Zenia" not in body


def test_the_deputy_section_has_a_constant_query_count(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    deputy_row(world, starts_on=today, ends_on=today)
    client.force_login(world.same_team_caseworker)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("children:list")).status_code == 200
        return len(queries.captured_queries)

    small = count()
    for i in range(25):
        child = make_child(world.municipality, first_name=f"Barn{i:02d}", last_name="Mange")
        make_case(child, world.team, world.assigned_caseworker)
    assert count() == small
