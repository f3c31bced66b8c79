"""The register pages in the browser's terms: forms, errors, nothing lost, redirects, panels."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import AccessLog, Event
from stemme.participation.models import (
    Bisidder,
    NetworkMember,
    ParticipationProfile,
    SafetyRestriction,
)
from stemme.participation.services import registers as services
from stemme.participation.tests.test_registers_services import (
    add_bisidder,
    add_member,
    add_parent,
)


@pytest.fixture
def caseworker(client, world):
    client.force_login(world.assigned_caseworker)
    client.cookies["stemme_language"] = "en"  # assert on the English msgids
    return client


def url(name, world, **kwargs):
    return reverse(f"participation:{name}", kwargs={"child_id": world.child.pk, **kwargs})


MEMBER_POST = {
    "name": "Mormor Inge",
    "relation": "mormor",
    "sphere": "private",
    "importance": "3",
    "child_wants_involved": "yes",
    "contact_form": "physical",
    "last_reviewed_on": "2026-01-10",
}


# --- Profile ------------------------------------------------------------------------------------


def test_profile_page_empty_then_saved_as_versions(caseworker, world):
    page = caseworker.get(url("profile", world))
    assert page.status_code == 200
    body = page.content.decode()
    assert "How Zenia wants to take part" in body
    assert 'name="version"' in body
    assert 'value="0"' in body
    assert "not been filled in yet" in body
    assert AccessLog.objects.filter(
        user=world.assigned_caseworker, purpose="participation_profile"
    ).exists()

    response = caseworker.post(
        url("profile", world),
        {"version": "0", "communication": "Tegner gerne", "language": "Dansk"},
    )
    assert response.status_code == 302
    assert response.url == url("profile", world)
    response = caseworker.post(
        url("profile", world),
        {
            "version": "1",
            "communication": "Tegner gerne",
            "language": "Dansk",
            "interpreter_needed": "on",
        },
    )
    assert response.status_code == 302
    body = caseworker.get(url("profile", world)).content.decode()
    assert "Tegner gerne" in body
    assert "Version 2" in body
    assert "Version 1" in body
    assert "Tove Tildelt" in body  # who recorded it
    assert "Needs an interpreter" in body
    assert ParticipationProfile.objects.filter(child=world.child).count() == 2


def test_profile_stale_edit_shows_both_versions_and_saves_nothing(caseworker, world):
    services.profile_update(
        actor=world.leader, child=world.child, expected_version=0, language="Dansk"
    )
    response = caseworker.post(url("profile", world), {"version": "0", "language": "Arabisk"})
    assert response.status_code == 409  # the conflict page (stemme.core.conflicts)
    body = response.content.decode()
    assert "Arabisk" in body
    assert "Dansk" in body
    assert ParticipationProfile.objects.get().language == "Dansk"


def test_profile_loyalty_conflict_without_note_is_explained(caseworker, world):
    response = caseworker.post(url("profile", world), {"version": "0", "loyalty_conflict": "on"})
    assert response.status_code == 200
    assert "Say a few words about the loyalty conflict" in response.content.decode()
    assert not ParticipationProfile.objects.exists()


# --- Network and bisiddere ----------------------------------------------------------------------


def test_network_page_shows_table_and_map(caseworker, world):
    add_member(world, "Mormor Inge", importance=3)
    add_member(world, "Træner Bo", sphere="professional", importance=2, relation="træner")
    body = caseworker.get(url("network", world)).content.decode()
    assert "Zenia&#x27;s network" in body or "Zenia's network" in body
    assert "Mormor Inge" in body
    assert "Træner Bo" in body
    assert "Private network" in body
    assert "Professionals" in body
    assert 'class="ring ring--3"' in body
    assert "Reviewed with the child today" in body


def test_add_network_member(caseworker, world):
    response = caseworker.post(url("network_add", world), MEMBER_POST)
    assert response.status_code == 302
    member = NetworkMember.objects.get()
    assert (member.name, member.importance, member.child) == ("Mormor Inge", 3, world.child)
    assert member.recorded_by == world.assigned_caseworker


def test_add_network_member_with_errors_keeps_input(caseworker, world):
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = caseworker.post(
        url("network_add", world), {**MEMBER_POST, "last_reviewed_on": future}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The date cannot be in the future." in body
    assert 'value="Mormor Inge"' in body  # nothing the user typed is lost
    assert not NetworkMember.objects.exists()


def test_edit_network_member_and_stale_edit(caseworker, world):
    member = add_member(world, "Mormor")
    edit = url("network_edit", world, member_id=member.pk)
    page = caseworker.get(edit).content.decode()
    assert 'value="Mormor"' in page
    response = caseworker.post(edit, {**MEMBER_POST, "name": "Mormor Inge", "version": "1"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.version) == ("Mormor Inge", 2)
    stale = caseworker.post(edit, {**MEMBER_POST, "name": "Gammel", "version": "1"})
    assert stale.status_code == 409
    assert "Gammel" in stale.content.decode()
    assert "Mormor Inge" in stale.content.decode()
    member.refresh_from_db()
    assert member.name == "Mormor Inge"


def test_network_member_of_another_child_is_404(caseworker, world):
    other = add_member(world, "Fremmed", child=world.other_child)
    assert caseworker.get(url("network_edit", world, member_id=other.pk)).status_code == 404
    response = caseworker.post(url("network_remove", world, member_id=other.pk), {"version": "1"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.removed_on is None


def test_remove_and_review_network(caseworker, world):
    member = add_member(world, "Mormor", last_reviewed_on=dt.date(2025, 1, 1))
    keep = add_member(world, "Ven", last_reviewed_on=dt.date(2025, 1, 1))
    response = caseworker.post(url("network_reviewed", world))
    assert response.status_code == 302
    keep.refresh_from_db()
    assert keep.last_reviewed_on == timezone.localdate()
    response = caseworker.post(url("network_remove", world, member_id=member.pk), {"version": "2"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.removed_on == timezone.localdate()
    body = caseworker.get(url("network", world)).content.decode()
    assert "Removed from the network" in body


def test_stale_remove_shows_the_saved_person_and_nothing_changes(caseworker, world):
    member = add_member(world, "Mormor")
    response = caseworker.post(url("network_remove", world, member_id=member.pk), {"version": "7"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Mormor" in body
    assert 'id="conflict-continue"' not in body  # a removal has nothing to edit
    member.refresh_from_db()
    assert member.removed_on is None


def test_review_without_network_is_explained(caseworker, world):
    response = caseworker.post(url("network_reviewed", world), follow=True)
    assert "The child has no one in the network yet" in response.content.decode()
    assert not Event.objects.filter(kind="network.changed").exists()


def test_bisidder_add_and_end(caseworker, world):
    response = caseworker.post(
        url("bisidder_add", world),
        {"name": "Sara", "birth_date": "2000-05-01", "relation": "veninde", "chosen_on": ""},
    )
    assert response.status_code == 200  # chosen_on is required by the form
    response = caseworker.post(
        url("bisidder_add", world),
        {
            "name": "Sara",
            "birth_date": "2000-05-01",
            "relation": "veninde",
            "chosen_on": "2026-01-10",
        },
    )
    assert response.status_code == 302
    bisidder = Bisidder.objects.get()
    body = caseworker.get(url("network", world)).content.decode()
    assert "Sara" in body
    assert "15 or older" in body
    response = caseworker.post(url("bisidder_end", world, bisidder_id=bisidder.pk))
    assert response.status_code == 302
    bisidder.refresh_from_db()
    assert bisidder.ended_on == timezone.localdate()


def test_bisidder_under_15_is_shown_with_the_date(caseworker, world):
    today = timezone.localdate()
    add_bisidder(world, "Lille Ven", today.replace(year=today.year - 14))
    body = caseworker.get(url("network", world)).content.decode()
    assert "Can come to meetings from" in body


def test_bisidder_errors_are_shown_and_nothing_saved(caseworker, world):
    response = caseworker.post(
        url("bisidder_add", world),
        {
            "name": "Sara",
            "birth_date": "2026-02-01",
            "relation": "veninde",
            "chosen_on": "2026-01-10",
        },
    )
    assert response.status_code == 200
    assert "The date of birth must be before" in response.content.decode()
    assert not Bisidder.objects.exists()


def test_network_page_query_count_is_constant(caseworker, world):
    father = add_parent(world, "Frank", "father")
    add_member(world, "Første", person=father)
    add_bisidder(world)
    services.safety_restriction_set(
        actor=None, child=world.child, kind="parent_abuse", reason="r", persons=[father]
    )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = caseworker.get(url("network", world))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(25):
        add_member(
            world, f"Person {i}", importance=1 + i % 3, sphere=("private", "professional")[i % 2]
        )
        add_bisidder(world, f"Bisidder {i}")
    assert count() == small


# --- Safety restriction -------------------------------------------------------------------------


def test_safety_page_without_relations_asks_to_register_first(caseworker, world):
    body = caseworker.get(url("safety", world)).content.decode()
    assert "No safety restriction is active" in body
    assert "Register the person first" in body


def test_set_change_and_lift_a_restriction_through_the_pages(caseworker, world):
    father = add_parent(world, "Frank", "father")
    mother = add_parent(world, "Mona", "mother")
    page = caseworker.get(url("safety", world)).content.decode()
    assert "Frank Hemmeligsen (Father)" in page

    response = caseworker.post(
        url("safety", world),
        {
            "kind": "parent_abuse",
            "reason": "Mistanke om vold",
            "persons": [father.pk],
            "set_on": "2026-01-10",
        },
    )
    assert response.status_code == 302
    restriction = SafetyRestriction.objects.get()
    assert list(restriction.persons.all()) == [father]

    # The banner is on the child page and the case page, naming who gets nothing.
    for page_url in (
        reverse("children:detail", args=[world.child.pk]),
        reverse("cases:detail", args=[world.case.pk]),
    ):
        body = caseworker.get(page_url).content.decode()
        assert 'class="panel safety-banner"' in body
        assert "Nothing is sent to:" in body
        assert "Frank Hemmeligsen" in body
        assert url("safety", world) in body

    edit = url("safety_edit", world, restriction_id=restriction.pk)
    response = caseworker.post(
        edit,
        {
            "kind": "honour",
            "reason": "Æresrelateret",
            "persons": [father.pk, mother.pk],
            "version": restriction.version,
        },
    )
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.kind == "honour"
    assert set(restriction.persons.all()) == {father, mother}

    lift = url("safety_lift", world, restriction_id=restriction.pk)
    version = restriction.version
    assert caseworker.post(lift, {"lift_reason": ""}).status_code == 200  # a reason is required
    response = caseworker.post(lift, {"lift_reason": "Sagen er afklaret", "version": version})
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert not restriction.is_active
    body = caseworker.get(reverse("children:detail", args=[world.child.pk])).content.decode()
    assert "safety-banner" not in body
    body = caseworker.get(edit).content.decode()
    assert "Sagen er afklaret" in body
    assert "Lift the restriction" not in body


def test_set_restriction_without_anyone_named_shows_error(caseworker, world):
    add_parent(world, "Frank", "father")
    response = caseworker.post(
        url("safety", world),
        {"kind": "parent_abuse", "reason": "Mistanke", "set_on": "2026-01-10"},
    )
    assert response.status_code == 200
    assert "Name at least one person" in response.content.decode()
    assert not SafetyRestriction.objects.exists()


def test_restriction_cannot_name_another_childs_parent(caseworker, world):
    add_parent(world, "Frank", "father")
    stranger = add_parent(world, "Anden", "father", child=world.other_child)
    response = caseworker.post(
        url("safety", world),
        {
            "kind": "parent_abuse",
            "reason": "Mistanke",
            "persons": [stranger.pk],
            "set_on": "2026-01-10",
        },
    )
    assert response.status_code == 200  # not a choice on this child's form
    assert not SafetyRestriction.objects.exists()


def test_restriction_of_another_child_is_404(caseworker, world):
    stranger = add_parent(world, "Anden", "father", child=world.other_child)
    other = services.safety_restriction_set(
        actor=None, child=world.other_child, kind="honour", reason="r", persons=[stranger]
    )
    assert caseworker.get(url("safety_edit", world, restriction_id=other.pk)).status_code == 404
    response = caseworker.post(
        url("safety_lift", world, restriction_id=other.pk), {"lift_reason": "x"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active


# --- Panels -------------------------------------------------------------------------------------


def test_child_page_panel(caseworker, world):
    child_url = reverse("children:detail", args=[world.child.pk])
    body = caseworker.get(child_url).content.decode()
    assert "How the child takes part" in body
    assert "Not filled in yet." in body
    assert url("profile", world) in body
    assert reverse("letters:list", args=[world.child.pk]) in body
    assert "safety-banner" not in body
    services.profile_update(
        actor=None, child=world.child, expected_version=0, communication="Tegner gerne"
    )
    add_member(world, "Mormor Inge", importance=3)
    add_bisidder(world)
    body = caseworker.get(child_url).content.decode()
    assert "See the profile (version 1)" in body
    assert "Mormor Inge" in body
    assert "Sara Veninde" in body


def test_child_page_query_count_does_not_grow_with_the_registers(caseworker, world):
    child_url = reverse("children:detail", args=[world.child.pk])
    father = add_parent(world, "Frank", "father")
    add_member(world, "Første", importance=3)
    add_bisidder(world)
    services.safety_restriction_set(
        actor=None, child=world.child, kind="parent_abuse", reason="r", persons=[father]
    )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert caseworker.get(child_url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(10):
        member = add_member(world, f"Person {i}", importance=3)
        add_bisidder(world, f"Bisidder {i}")
        services.safety_restriction_set(
            actor=None, child=world.child, kind="honour", reason="r", network_members=[member]
        )
    assert count() == small


def test_profile_summary_include_renders_key_points(world):
    from django.template.loader import render_to_string

    profile = services.profile_update(
        actor=None,
        child=world.child,
        expected_version=0,
        communication="Tegner",
        aids="Piktogrammer",
        language="Arabisk",
        interpreter_needed=True,
        meeting_places="Skolen",
        meeting_times="Efter skole",
        wants_present="Mormor",
        wants_absent="Far",
        follow_up_wishes="Hver måned",
        loyalty_conflict=True,
        loyalty_conflict_note="Klemt mellem forældrene",
    )
    html = render_to_string("participation/_profile_summary.html", {"profile": profile})
    for text in (
        "Tegner",
        "Piktogrammer",
        "Arabisk",
        "Skolen",
        "Efter skole",
        "Mormor",
        "Far",
        "Hver måned",
        "Klemt mellem forældrene",
    ):
        assert text in html
    assert "participation/" not in html  # no link without a child
    empty = render_to_string(
        "participation/_profile_summary.html", {"profile": None, "child": world.child}
    )
    assert reverse("participation:profile", args=[world.child.pk]) in empty
