"""Access-matrix entries for the hearing of the parties (collected by stemme/access/tests).

Setups register a parent with custody and send the hearing through the hearing service."""

import datetime as dt

from django.utils import timezone

from stemme.access.testing import Entry, child_page
from stemme.cases.models import Hearing
from stemme.cases.services import hearing as services
from stemme.children.models import ChildRelation, Person

CASE = {"case_id": "case.pk"}
HEARING = {"case_id": "case.pk", "hearing_id": "hearing.pk"}


def add_custody_holder(world, *, first_name="Mette", relation="mother"):
    person = Person.objects.create(
        municipality=world.municipality, first_name=first_name, last_name="Hemmeligsen"
    )
    return ChildRelation.objects.create(
        child=world.child, person=person, relation=relation, has_custody=True
    )


def send_hearing(world, *, paragraph="46", due_in=14):
    add_custody_holder(world)
    return services.hearing_start(
        actor=world.assigned_caseworker,
        case=world.case,
        paragraph=paragraph,
        basis="Vi lægger vægt på, at Zenia ikke trives hjemme.",
        answer_due_on=timezone.localdate() + dt.timedelta(days=due_in),
    )


def _parent(world):
    return {"relation": add_custody_holder(world)}


def _hearing(world):
    hearing = send_hearing(world)
    return {"hearing": hearing, "party": hearing.parties.order_by("position").first()}


def _hearing_past_deadline(world):
    found = _hearing(world)
    Hearing.objects.filter(pk=found["hearing"].pk).update(
        answer_due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    return found


HEARING_DATA = {
    "paragraph": "46",
    "basis": "Vi lægger vægt på skolens og sundhedsplejens oplysninger.",
    "answer_due_on": "2099-01-31",
}
ANSWER_DATA = {
    "p0-party": "party.pk",
    "p0-answer": "Vi er ikke enige i anbringelsen.",
    "p0-answered_on": str(timezone.localdate()),
}

ENTRIES: dict[str, list[Entry]] = {
    "cases:hearings": [
        child_page(kwargs=CASE),
        child_page(method="post", kwargs=CASE, setup=_parent, data=HEARING_DATA, writes=True),
    ],
    "cases:hearing_detail": [child_page(kwargs=HEARING, setup=_hearing)],
    "cases:hearing_answer": [
        child_page(method="post", kwargs=HEARING, setup=_hearing, data=ANSWER_DATA, writes=True),
    ],
    "cases:hearing_close": [
        child_page(method="post", kwargs=HEARING, setup=_hearing_past_deadline, writes=True),
    ],
}
