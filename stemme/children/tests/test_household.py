"""§ 21, stk. 2 in live use: a child's siblings and household are registered with their birth
dates, and a placement for neglect or abuse makes each sibling under 15 due a decision on a
børnefaglig undersøgelse, met by that decision or waived."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import AccessLog
from stemme.cases.services import steps
from stemme.children.models import ChildRelation
from stemme.children.services import household_child_add
from stemme.deadlines.models import Obligation

TODAY = timezone.localdate()


def years_ago(years: int, days: int = 0) -> dt.date:
    return TODAY.replace(year=TODAY.year - years) - dt.timedelta(days=days)


def add(world, first_name, birth_date, relation="sibling"):
    return household_child_add(
        actor=world.assigned_caseworker,
        child=world.child,
        first_name=first_name,
        last_name="Hemmeligsen",
        birth_date=birth_date,
        relation=relation,
    )


def place(world, *, neglect: bool, on=None):
    on = on or TODAY - dt.timedelta(days=2)
    return steps.decision_make(
        actor=world.assigned_caseworker,
        case=world.case,
        paragraph="46",
        legal_basis="barnets lov § 46",
        decided_on=on,
        reasoning="Omsorgssvigt i hjemmet.",
        purpose="Tryghed.",
        expected_duration="Et år.",
        neglect_or_abuse=neglect,
        provisional_reason="Akut: barnet kan ikke blive hjemme.",
        child_words="Jeg vil gerne bo hos min moster.",
        child_view_weighing="Barnets ønske er fulgt.",
        child_wish="followed",
    )


def sibling_duties(case) -> dict:
    return {
        o.trigger_ref.split("#", 1)[1]: o
        for o in Obligation.objects.filter(case=case, rule_id="soeskende-bfu-21")
    }


def test_a_placement_for_neglect_makes_each_sibling_under_15_due_a_bfu_decision(world):
    young = add(world, "Liva", years_ago(8), relation="half_sibling")
    household = add(world, "Mads", years_ago(14, days=-1), relation="household")  # 13 today
    add(world, "Emil", years_ago(15, days=3), relation="sibling")  # 15 on the decision day
    decision = place(world, neglect=True)
    duties = sibling_duties(world.case)
    assert set(duties) == {f"person:{young.person_id}", f"person:{household.person_id}"}
    assert all(o.is_pending and o.trigger_ref.startswith(decision.ref) for o in duties.values())

    steps.milestone_record(
        actor=world.assigned_caseworker,
        case=world.case,
        kind="sibling_bfu_decided",
        happened_on=TODAY,
        sibling_person=young.person,
        note="Undersøgelse af Liva sat i gang.",
    )
    duties = sibling_duties(world.case)
    assert duties[f"person:{young.person_id}"].status == "met"
    assert duties[f"person:{household.person_id}"].is_pending


def test_a_placement_without_neglect_or_abuse_starts_no_sibling_duty(world):
    add(world, "Liva", years_ago(8))
    place(world, neglect=False)
    assert sibling_duties(world.case) == {}


def test_a_household_child_needs_a_name_a_birth_date_and_a_household_relation(world):
    with pytest.raises(ValidationError) as error:
        household_child_add(
            actor=world.assigned_caseworker,
            child=world.child,
            first_name="",
            last_name="X",
            birth_date=TODAY + dt.timedelta(days=1),
            relation="mother",
        )
    assert set(error.value.message_dict) == {"first_name", "birth_date", "relation"}
    assert not ChildRelation.objects.filter(child=world.child).exists()


def test_the_sibling_of_another_child_cannot_be_named(world):
    other = household_child_add(
        actor=world.other_team_caseworker,
        child=world.other_child,
        first_name="Fremmed",
        last_name="Barn",
        birth_date=years_ago(5),
        relation="sibling",
    )
    with pytest.raises(ValidationError):
        steps.milestone_record(
            actor=world.assigned_caseworker,
            case=world.case,
            kind="sibling_bfu_decided",
            happened_on=TODAY,
            sibling_person=other.person,
        )


def test_the_household_page_registers_a_sibling_and_logs_the_access(client, world):
    client.force_login(world.assigned_caseworker)
    url = reverse("children:household", args=[world.child.pk])
    page = client.get(url).content.decode()
    assert "Halvsøskende" in page
    assert "Andet barn i husstanden" in page
    response = client.post(
        url,
        {
            "first_name": "Liva",
            "last_name": "Hemmeligsen",
            "birth_date": years_ago(8).isoformat(),
            "relation": "half_sibling",
        },
    )
    assert response.status_code == 302
    link = ChildRelation.objects.get(child=world.child)
    assert (link.person.first_name, link.person.birth_date, link.relation) == (
        "Liva",
        years_ago(8),
        "half_sibling",
    )
    assert AccessLog.objects.filter(
        user=world.assigned_caseworker, child=world.child, purpose="child_overview"
    ).exists()
    assert "Liva Hemmeligsen" in client.get(url).content.decode()
    detail = client.get(reverse("children:detail", args=[world.child.pk])).content.decode()
    assert url in detail
