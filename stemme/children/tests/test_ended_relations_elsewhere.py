"""A relation that ended (a step-father who moved out, a parent whose relation the caseworker
ended) stays in the history, but the person is no longer offered where the child's people are
used now: meetings, Min sag for parents, and § 21 siblings."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from stemme.children import services as child_services
from stemme.children.models import ChildRelation
from stemme.meetings import services as meeting_services
from stemme.meetings.forms import ParticipantForm
from stemme.meetings.tests.factories import parent, plan
from stemme.portal import services as portal_services
from stemme.portal.testing import active_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _end(world, person):
    link = ChildRelation.objects.get(child=world.child, person=person)
    return child_services.relation_end(
        actor=world.assigned_caseworker,
        link=link,
        expected_version=link.version,
        ended_on=timezone.localdate() - dt.timedelta(days=1),
        end_reason="Flyttet fra familien",
    )


def test_a_meeting_does_not_offer_or_take_a_person_whose_relation_ended(world):
    meeting = plan(world)
    mother = parent(world)
    stepfather = parent(world, first_name="Steen", relation="step_parent")
    _end(world, stepfather)
    offered = set(ParticipantForm(child=world.child).fields["person"].queryset)
    assert offered == {mother}
    with pytest.raises(ValidationError, match="not linked"):
        meeting_services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind="person",
            person=stepfather,
            role_for_child="Steen",
        )


def test_a_parent_whose_relation_ended_loses_min_sag_and_gets_no_new_code(world):
    mother = parent(world)
    account = active_account(world, person=mother)
    assert portal_services.account_usable(account)
    _end(world, mother)
    account.refresh_from_db()
    assert not portal_services.account_usable(account)
    with pytest.raises(ValidationError, match="Only a parent"):
        portal_services.activation_code_issue(
            actor=world.assigned_caseworker, child=world.child, person=mother
        )
