"""A duty per sibling (§ 21, stk. 2) names the sibling wherever duties are listed (the one
template filter they all use), so two siblings' duties do not read the same."""

import pytest
from django.utils import timezone, translation

from stemme.children import services as child_services
from stemme.deadlines.models import Obligation
from stemme.deadlines.templatetags.deadlines import obligation_title

pytestmark = pytest.mark.django_db


def _obligation(world, trigger_ref):
    now = timezone.now()
    return Obligation(
        case=world.case,
        child=world.child,
        rule_id="soeskende-bfu-21",
        trigger_ref=trigger_ref,
        started_at=now,
        due_at=now,
        due_date=now.date(),
    )


def test_a_sibling_duty_names_the_sibling_and_other_duties_do_not_change(world):
    sister = child_services.person_link_to_child(
        actor=None,
        child=world.child,
        first_name="Malou",
        last_name="Hemmeligsen",
        relation="sibling",
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 9),
    ).person
    with translation.override("en"):
        plain = obligation_title(_obligation(world, "decision:1"))
        named = obligation_title(_obligation(world, f"decision:1#person:{sister.pk}"))
        gone = obligation_title(_obligation(world, "decision:1#person:999999"))
    assert named == f"{plain}: Malou"
    assert gone == plain
