"""The people around the child: parents, custody holders, other adults and the household's
children — registered, changed (versioned), ended with a date and a reason, and shown."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stemme.audit.event_kinds import describe, label
from stemme.audit.models import AccessLog, Event
from stemme.cases.models import Case
from stemme.children import cpr_lookup, selectors, services
from stemme.children.models import Child, ChildRelation, Person
from stemme.core.conflicts import EditConflict
from stemme.core.idempotency import new_token

TODAY = timezone.localdate()
MOTHER_CPR = "0101801234"  # 1 January 1980


def add(world, first_name="Mette", relation="mother", **fields):
    return services.person_add(
        actor=world.assigned_caseworker,
        child=world.child,
        first_name=first_name,
        last_name=fields.pop("last_name", "Hemmeligsen"),
        relation=relation,
        **fields,
    )


def people_url(world):
    return reverse("children:people", args=[world.child.pk])


# --- Services ---------------------------------------------------------------------------------


def test_a_parent_with_a_cpr_number_gets_the_birth_date_from_it_and_an_event(world):
    link = add(world, cpr="010180-1234", has_custody=True, phone="12345678")
    assert (link.person.cpr, link.person.birth_date) == (MOTHER_CPR, dt.date(1980, 1, 1))
    assert link.has_custody
    assert link.version == 1
    assert link.is_current
    event = Event.objects.get(kind="person.linked", child=world.child)
    assert event.ref == f"relation:{link.pk}"
    assert event.data == {"person": "Mette Hemmeligsen", "relation": "mother", "has_custody": True}
    assert describe(event.kind, event.data) == "Mette Hemmeligsen (Mor)"


def test_a_bad_cpr_number_is_refused_in_danish_and_nothing_is_written(world):
    with pytest.raises(ValidationError) as error:
        add(world, cpr="123")
    assert "10 cifre" in " ".join(error.value.message_dict["cpr"])
    with pytest.raises(ValidationError) as error:
        add(world, cpr="3113801234")
    assert "rigtig dato" in " ".join(error.value.message_dict["cpr"])
    assert not Person.objects.filter(first_name="Mette").exists()


def test_a_birth_date_that_does_not_match_the_cpr_number_is_refused(world):
    with pytest.raises(ValidationError) as error:
        add(world, cpr=MOTHER_CPR, birth_date=dt.date(1981, 1, 1))
    assert set(error.value.message_dict) == {"birth_date"}


def test_a_sibling_needs_a_birth_date_and_cannot_hold_custody(world):
    with pytest.raises(ValidationError) as error:
        add(world, "Liva", relation="sibling", has_custody=True)
    assert set(error.value.message_dict) == {"birth_date", "has_custody"}


def test_custody_is_held_by_at_most_two_and_the_same_cpr_only_once(world):
    add(world, cpr=MOTHER_CPR, has_custody=True)
    add(world, "Frank", relation="father", has_custody=True)
    with pytest.raises(ValidationError) as error:
        add(world, "Gitte", relation="guardian", has_custody=True)
    assert "Frank Hemmeligsen, Mette Hemmeligsen" in error.value.message_dict["has_custody"][0]
    with pytest.raises(ValidationError) as error:
        add(world, "Anden", relation="other_adult", cpr=MOTHER_CPR)
    assert set(error.value.message_dict) == {"cpr"}


def test_joint_and_sole_custody_are_named_in_danish(world):
    today = TODAY
    assert selectors.people_around(child=world.child, today=today).custody == (
        "Ingen forældremyndighedsindehaver er registreret."
    )
    add(world, has_custody=True)
    assert selectors.people_around(child=world.child, today=today).custody == (
        "Eneforældremyndighed: Mette Hemmeligsen"
    )
    add(world, "Frank", relation="father", has_custody=True)
    add(world, "Stine", relation="step_parent")
    people = selectors.people_around(child=world.child, today=today)
    assert people.custody == "Fælles forældremyndighed: Frank Hemmeligsen og Mette Hemmeligsen"
    assert len(people.parents) == 2
    assert len(people.adults) == 1


def test_an_edit_changes_the_person_and_the_relation_and_records_what_changed(world):
    link = add(world, "Stine", relation="step_parent")
    changed = services.person_update(
        actor=world.assigned_caseworker,
        link=link,
        expected_version=1,
        phone="87654321",
        address="Skolevej 2",
        relation="foster_parent",
    )
    assert (changed.person.phone, changed.relation, changed.version) == (
        "87654321",
        "foster_parent",
        2,
    )
    event = Event.objects.get(kind="person.changed")
    assert event.data["changed"] == ["phone", "address", "relation"]
    assert label(event.kind) == "Oplysninger om en person omkring barnet ændret"


def test_a_concurrent_edit_is_a_conflict_and_writes_nothing(world):
    link = add(world, "Stine", relation="step_parent")
    services.person_update(
        actor=world.assigned_caseworker, link=link, expected_version=1, phone="11111111"
    )
    with pytest.raises(EditConflict) as conflict:
        services.person_update(actor=world.leader, link=link, expected_version=1, phone="22222222")
    assert conflict.value.saved["phone"] == "11111111"
    assert conflict.value.version == 2
    assert Person.objects.get(pk=link.person_id).phone == "11111111"
    assert Event.objects.filter(kind="person.changed").count() == 1


def test_an_edit_with_an_empty_cpr_keeps_the_saved_number(world):
    link = add(world, cpr=MOTHER_CPR)
    services.person_update(
        actor=world.assigned_caseworker, link=link, expected_version=1, cpr="", note="Ny note"
    )
    assert Person.objects.get(pk=link.person_id).cpr == MOTHER_CPR


def test_ending_a_relation_keeps_the_row_ends_custody_and_tells_the_timeline(world):
    link = add(world, "Frank", relation="father", has_custody=True)
    ended = services.relation_end(
        actor=world.assigned_caseworker,
        link=link,
        expected_version=1,
        ended_on=TODAY,
        end_reason="Flyttet til udlandet",
    )
    assert (ended.ended_on, ended.end_reason, ended.has_custody) == (
        TODAY,
        "Flyttet til udlandet",
        False,
    )
    event = Event.objects.get(kind="person.relation_ended")
    assert event.data["had_custody"] is True
    assert label(event.kind) == "Relation til barnet afsluttet"
    assert describe(event.kind, event.data) == "Frank Hemmeligsen (Far) · Flyttet til udlandet"
    people = selectors.people_around(child=world.child, today=TODAY)
    assert [row.link for row in people.earlier] == [ended]
    assert people.parents == []


def test_ending_needs_a_date_not_before_the_start_and_a_reason(world):
    link = add(world, "Stine", relation="step_parent", started_on=TODAY - dt.timedelta(days=10))
    with pytest.raises(ValidationError) as error:
        services.relation_end(
            actor=world.assigned_caseworker,
            link=link,
            expected_version=1,
            ended_on=None,
            end_reason="",
        )
    assert set(error.value.message_dict) == {"ended_on", "end_reason"}
    with pytest.raises(ValidationError) as error:
        services.relation_end(
            actor=world.assigned_caseworker,
            link=link,
            expected_version=1,
            ended_on=TODAY - dt.timedelta(days=11),
            end_reason="Flyttet",
        )
    assert "før den begyndte" in error.value.message_dict["ended_on"][0]
    assert ChildRelation.objects.get(pk=link.pk).ended_on is None


def test_ending_twice_is_refused_and_an_ended_relation_cannot_be_edited(world):
    link = add(world, "Stine", relation="step_parent")
    services.relation_end(
        actor=world.assigned_caseworker,
        link=link,
        expected_version=1,
        ended_on=TODAY,
        end_reason="Flyttet",
    )
    with pytest.raises(ValidationError) as error:
        services.relation_end(
            actor=world.assigned_caseworker,
            link=link,
            expected_version=2,
            ended_on=TODAY,
            end_reason="Igen",
        )
    assert "allerede afsluttet" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.person_update(
            actor=world.assigned_caseworker, link=link, expected_version=2, phone="1"
        )
    assert Event.objects.filter(kind="person.relation_ended").count() == 1


def test_an_ended_sibling_no_longer_counts_for_the_sibling_duty_after_it_ended(world):
    born = TODAY.replace(year=TODAY.year - 8)
    link = add(world, "Liva", relation="half_sibling", birth_date=born)
    ref = f"person:{link.person_id}"
    assert selectors.siblings_under(child=world.child, age=15, on=TODAY) == [ref]
    services.relation_end(
        actor=world.assigned_caseworker,
        link=link,
        expected_version=1,
        ended_on=TODAY - dt.timedelta(days=5),
        end_reason="Flyttet til sin far",
    )
    assert selectors.siblings_under(child=world.child, age=15, on=TODAY) == []
    assert selectors.siblings_under(child=world.child, age=15, on=TODAY - dt.timedelta(days=6)) == [
        ref
    ]


def test_the_people_page_reads_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for number in range(6):
        add(world, f"Barn{number}", relation="sibling", birth_date=dt.date(2015, 1, 1 + number))
        add(world, f"Voksen{number}", relation="other_adult")
    with django_assert_max_num_queries(1):
        people = selectors.people_around(child=world.child, today=TODAY)
    assert len(people.children) == 6
    assert len(people.adults) == 6
    assert people.children[0].age == selectors.age_on(dt.date(2015, 1, 6), TODAY)


# --- The CPR register seam ----------------------------------------------------------------------


def test_no_register_is_connected_by_default(settings):
    assert not cpr_lookup.is_configured()
    assert cpr_lookup.lookup("010180-1234") is None


def test_the_fake_register_finds_its_people_and_a_bad_number_is_refused(settings):
    settings.STEMME_CPR_LOOKUP = "stemme.children.cpr_lookup.FakeLookup"
    assert cpr_lookup.is_configured()
    assert cpr_lookup.lookup("010180-1234").first_name == "Mette"
    assert cpr_lookup.lookup("0101801111") is None
    with pytest.raises(ValidationError):
        cpr_lookup.lookup("12")


# --- Pages ------------------------------------------------------------------------------------


PERSON_POST = {
    "relation": "father",
    "first_name": "Frank",
    "last_name": "Far",
    "cpr": "",
    "birth_date": "",
    "has_custody": "on",
    "phone": "12345678",
}


def test_the_people_page_shows_current_and_earlier_people_and_logs_the_access(client, world):
    add(world, has_custody=True, address="Skolevej 1")
    add(world, "Liva", relation="sibling", birth_date=dt.date(2016, 5, 1))
    old = add(world, "Stine", relation="step_parent")
    services.relation_end(
        actor=world.assigned_caseworker,
        link=old,
        expected_version=1,
        ended_on=TODAY,
        end_reason="Flyttet",
    )
    client.force_login(world.assigned_caseworker)
    response = client.get(people_url(world))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Eneforældremyndighed: Mette Hemmeligsen" in body
    assert "Skolevej 1" in body
    assert "Liva Hemmeligsen" in body
    assert "tidligere" in body
    assert "Flyttet" in body
    assert AccessLog.objects.filter(
        user=world.assigned_caseworker, child=world.child, purpose="child_people"
    ).exists()
    detail = client.get(reverse("children:detail", args=[world.child.pk])).content.decode()
    assert people_url(world) in detail
    assert "Eneforældremyndighed" in detail


def test_adding_a_person_from_the_page_and_a_double_submit_registers_one(client, world):
    client.force_login(world.assigned_caseworker)
    url = reverse("children:person_add", args=[world.child.pk])
    assert client.get(url).status_code == 200
    data = {**PERSON_POST, "submission_token": new_token()}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302
    assert first.url == people_url(world)
    assert second.status_code == 302
    link = ChildRelation.objects.get(child=world.child)
    assert (link.person.full_name, link.relation, link.has_custody) == ("Frank Far", "father", True)


def test_a_bad_cpr_number_on_the_page_is_explained_in_danish(client, world):
    client.force_login(world.assigned_caseworker)
    url = reverse("children:person_add", args=[world.child.pk])
    response = client.post(url, {**PERSON_POST, "cpr": "12345"})
    assert response.status_code == 200
    assert "Et CPR-nummer har 10 cifre" in response.content.decode()
    assert not ChildRelation.objects.exists()


def test_the_add_page_offers_the_register_only_when_one_is_connected(client, world, settings):
    client.force_login(world.assigned_caseworker)
    url = reverse("children:person_add", args=[world.child.pk])
    assert "CPR-registret" not in client.get(url).content.decode()
    settings.STEMME_CPR_LOOKUP = "stemme.children.cpr_lookup.FakeLookup"
    response = client.post(url, {**PERSON_POST, "cpr": "010180-1234", "lookup": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Mette"' in body
    assert 'value="Registersen"' in body
    assert not ChildRelation.objects.exists()


def test_the_edit_page_saves_and_a_stale_edit_shows_the_conflict(client, world):
    link = add(world, "Stine", relation="step_parent", cpr=MOTHER_CPR)
    client.force_login(world.assigned_caseworker)
    url = reverse("children:person_edit", args=[world.child.pk, link.pk])
    page = client.get(url).content.decode()
    assert MOTHER_CPR not in page
    assert "010180-****" in page
    data = {**PERSON_POST, "relation": "step_parent", "first_name": "Stine", "has_custody": ""}
    response = client.post(url, {**data, "version": "1", "phone": "11111111"})
    assert response.status_code == 302
    stale = client.post(url, {**data, "version": "1", "phone": "22222222"})
    assert stale.status_code == 409
    assert Person.objects.get(pk=link.person_id).phone == "11111111"


def test_the_end_page_ends_the_relation_and_a_second_post_is_explained(client, world):
    link = add(world, "Stine", relation="step_parent")
    client.force_login(world.assigned_caseworker)
    url = reverse("children:person_end", args=[world.child.pk, link.pk])
    assert client.get(url).status_code == 200
    data = {"version": "1", "ended_on": TODAY.isoformat(), "end_reason": "Flyttet"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200
    assert "allerede afsluttet" in again.content.decode()
    assert (
        client.get(reverse("children:person_edit", args=[world.child.pk, link.pk])).status_code
        == 404
    )


def test_another_childs_relation_is_refused_under_this_child(client, world):
    other = services.person_add(
        actor=world.other_team_caseworker,
        child=world.other_child,
        first_name="Fremmed",
        last_name="Voksen",
        relation="other_adult",
    )
    client.force_login(world.assigned_caseworker)
    url = reverse("children:person_edit", args=[world.child.pk, other.pk])
    assert client.get(url).status_code == 404
    assert AccessLog.objects.filter(
        user=world.assigned_caseworker, criterion__contains=f"child_relation:{other.pk}"
    ).exists()


# --- The new report about a new child ---------------------------------------------------------


def _intake_post(**extra):
    return {
        "kind": "underretning",
        "reporter_type": "professional",
        "reporter_name": "Skolen",
        "received_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "content": "Eleven har meget fravær.",
        "child-cpr": "120315-5123",
        "child-first_name": "Ny",
        "child-last_name": "Pige",
        "parent1-relation": "mother",
        "parent2-relation": "father",
        **extra,
    }


def test_a_new_report_can_register_the_parents_with_custody(client, world):
    client.force_login(world.assigned_caseworker)
    url = reverse("cases:intake_new_child")
    assert "Forældre" in client.get(url).content.decode()
    response = client.post(
        url,
        _intake_post(
            **{
                "parent1-first_name": "Mona",
                "parent1-last_name": "Pige",
                "parent1-cpr": "010180-1234",
                "parent1-has_custody": "on",
            }
        ),
    )
    assert response.status_code == 302
    child = Child.objects.get(first_name="Ny")
    assert response.url == reverse("cases:detail", args=[Case.objects.get(child=child).pk])
    link = ChildRelation.objects.get(child=child)
    assert (link.person.full_name, link.relation, link.has_custody) == ("Mona Pige", "mother", True)


def test_a_new_report_without_parents_still_registers_at_once(client, world):
    client.force_login(world.assigned_caseworker)
    response = client.post(reverse("cases:intake_new_child"), _intake_post())
    assert response.status_code == 302
    assert not ChildRelation.objects.filter(child__first_name="Ny").exists()


def test_a_half_filled_parent_is_explained_and_nothing_is_written(client, world):
    client.force_login(world.assigned_caseworker)
    before = (Child.objects.count(), Event.objects.count())
    response = client.post(
        reverse("cases:intake_new_child"),
        _intake_post(**{"parent2-first_name": "Frank", "parent2-cpr": "99"}),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Et CPR-nummer har 10 cifre" in body
    assert (Child.objects.count(), Event.objects.count()) == before
