"""Letters: ``letter_send`` is the one place that enforces the safety restriction, and the
letters pages show what was sent and what was stopped, and why."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemme.audit.models import Event
from stemme.children import services as child_services
from stemme.letters.models import Letter, LetterStatus
from stemme.letters.services import Recipient, letter_send
from stemme.participation.selectors.safety import restricted_people
from stemme.participation.services import registers as participation


def _parent(world, first_name="Frank", relation="father", child=None):
    return child_services.person_link_to_child(
        actor=None,
        child=child or world.child,
        first_name=first_name,
        last_name="Hemmeligsen",
        relation=relation,
        has_custody=True,
    ).person


def _member(world, name="Onkel Ali", person=None, child=None):
    return participation.network_member_add(
        actor=None,
        child=child or world.child,
        name=name,
        relation="onkel",
        sphere="private",
        contact_form="physical",
        importance=2,
        child_wants_involved="unsure",
        person=person,
    )


def _restrict(world, persons=(), network_members=()):
    return participation.safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Mistanke om vold",
        persons=persons,
        network_members=network_members,
    )


def _send(world, recipient, **extra):
    values = {
        "actor": world.assigned_caseworker,
        "child": world.child,
        "recipient": recipient,
        "kind": "meeting_invitation",
        "subject": "Indkaldelse",
        "body": "Vi holder møde.",
        "channel": "digital_post",
        "case": world.case,
        "related_ref": "meeting:x",
    }
    values.update(extra)
    return letter_send(**values)


def _to_person(person):
    return Recipient(kind="person", name=person.full_name, person=person)


def _to_member(member):
    return Recipient(kind="network", name=member.name, network_member=member)


# --- letter_send and the safety restriction ----------------------------------------------------


def test_letter_without_restriction_is_sent_with_an_event(world):
    father = _parent(world)
    letter = _send(world, _to_person(father))
    assert letter.status == LetterStatus.SENT
    assert letter.person == father
    assert letter.created_by == world.assigned_caseworker
    event = Event.objects.get(kind="letter.sent")
    assert event.ref == letter.ref
    assert event.case == world.case
    assert event.data["recipient"] == "Frank Hemmeligsen"
    assert event.data["about"] == "meeting:x"


def test_safety_restricted_case_sends_nothing_to_the_named_parent(world):
    father = _parent(world)
    mother = _parent(world, "Mona", "mother")
    _restrict(world, persons=[father])
    to_father = _send(world, _to_person(father))
    to_mother = _send(world, _to_person(mother))
    to_child = _send(world, Recipient.child(world.child))
    assert to_father.status == LetterStatus.BLOCKED
    assert to_mother.status == LetterStatus.SENT
    assert to_child.status == LetterStatus.SENT  # the child's own letters still go
    blocked = Event.objects.get(kind="letter.blocked")
    assert blocked.ref == to_father.ref
    assert Event.objects.filter(kind="letter.sent").count() == 2
    # Every way a letter can go to the father is stopped, on every channel.
    for channel in ("letter", "email", "sms", "portal", "by_hand"):
        assert _send(world, _to_person(father), channel=channel).status == LetterStatus.BLOCKED


def test_network_member_linked_to_a_restricted_person_is_blocked(world):
    father = _parent(world)
    father_in_network = _member(world, "Far", person=father)
    _restrict(world, persons=[father])
    assert _send(world, _to_member(father_in_network)).status == LetterStatus.BLOCKED


def test_named_network_member_is_blocked_and_their_person_too(world):
    uncle_person = _parent(world, "Ali", "other_family")
    uncle = _member(world, "Onkel Ali", person=uncle_person)
    grandma = _member(world, "Mormor")
    _restrict(world, network_members=[uncle])
    assert _send(world, _to_member(uncle)).status == LetterStatus.BLOCKED
    assert _send(world, _to_person(uncle_person)).status == LetterStatus.BLOCKED
    assert _send(world, _to_member(grandma)).status == LetterStatus.SENT


def test_recipient_only_by_name_is_blocked_when_the_name_is_restricted(world):
    father = _parent(world)
    _restrict(world, persons=[father])
    by_name = Recipient(kind="person", name="frank hemmeligsen")
    assert _send(world, by_name).status == LetterStatus.BLOCKED
    assert _send(world, Recipient(kind="person", name="Mona")).status == LetterStatus.SENT


def test_lifted_restriction_sends_again(world):
    father = _parent(world)
    restriction = _restrict(world, persons=[father])
    assert _send(world, _to_person(father)).status == LetterStatus.BLOCKED
    participation.safety_restriction_lift(
        actor=world.leader, restriction=restriction, reason="Afklaret"
    )
    assert _send(world, _to_person(father)).status == LetterStatus.SENT


def test_restriction_on_another_child_does_not_block(world):
    shared = _parent(world)
    other_link = child_services.person_link_to_child(
        actor=None, child=world.other_child, first_name="X", last_name="Y", relation="father"
    )
    participation.safety_restriction_set(
        actor=None,
        child=world.other_child,
        kind="honour",
        reason="r",
        persons=[other_link.person],
    )
    assert _send(world, _to_person(shared)).status == LetterStatus.SENT


def test_prefetched_restriction_gives_the_same_answer(world):
    father = _parent(world)
    mother = _parent(world, "Mona", "mother")
    _restrict(world, persons=[father])
    restricted = restricted_people(child=world.child)
    with CaptureQueriesContext(connection) as ctx:
        blocked = _send(world, _to_person(father), restricted=restricted)
    assert blocked.status == LetterStatus.BLOCKED
    assert not any("participation_safetyrestriction" in q["sql"] for q in ctx.captured_queries)
    assert _send(world, _to_person(mother), restricted=restricted).status == LetterStatus.SENT


@pytest.mark.parametrize(
    "override",
    [
        {"kind": "love_letter"},
        {"channel": "pigeon"},
        {"subject": " "},
        {"body": ""},
        {"recipient": Recipient(kind="stranger", name="X")},
        {"recipient": Recipient(kind="person", name=" ")},
    ],
)
def test_letter_send_guards(world, override):
    override = dict(override)
    recipient = override.pop("recipient", Recipient.child(world.child))
    with pytest.raises(ValidationError):
        _send(world, recipient, **override)
    assert not Letter.objects.exists()
    assert not Event.objects.filter(kind__startswith="letter.").exists()


def test_letter_never_goes_to_another_childs_people(world):
    other_member = _member(world, "Fremmed", child=world.other_child)
    with pytest.raises(ValidationError):
        _send(world, _to_member(other_member))
    other_bisidder = participation.bisidder_add(
        actor=None,
        child=world.other_child,
        name="B",
        birth_date=dt.date(2000, 1, 1),
        relation="ven",
    )
    with pytest.raises(ValidationError):
        _send(world, Recipient(kind="bisidder", name="B", bisidder=other_bisidder))
    other_case = world.other_child.cases.get()
    with pytest.raises(ValidationError):
        _send(world, Recipient.child(world.child), case=other_case)
    assert not Letter.objects.exists()


# --- Pages --------------------------------------------------------------------------------------


@pytest.fixture
def caseworker(client, world):
    client.force_login(world.assigned_caseworker)
    client.cookies["stemme_language"] = "en"
    return client


def test_letters_page_lists_sent_and_blocked_with_the_reason(caseworker, world):
    father = _parent(world)
    _restrict(world, persons=[father])
    _send(world, _to_person(father), subject="Til far")
    _send(world, Recipient.child(world.child), subject="Til Zenia", kind="meeting_agenda")
    response = caseworker.get(reverse("letters:list", args=[world.child.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Til far" in body
    assert "Til Zenia" in body
    assert "Stopped by the safety restriction" in body
    assert "Not sent: the child's safety restriction says Frank Hemmeligsen" in body
    assert "Agenda for the child" in body
    assert "Digital Post" in body
    assert "2 letters" in body
    assert "1 stopped by the safety restriction" in body


def test_letters_page_empty(caseworker, world):
    body = caseworker.get(reverse("letters:list", args=[world.child.pk])).content.decode()
    assert "Nothing has been sent about the child yet." in body


def test_letter_detail_explains_a_blocked_letter(caseworker, world):
    father = _parent(world)
    _restrict(world, persons=[father])
    letter = _send(world, _to_person(father), body="Kære Frank")
    response = caseworker.get(reverse("letters:detail", args=[world.child.pk, letter.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This letter was not sent" in body
    assert "Kære Frank" in body
    assert reverse("participation:safety", args=[world.child.pk]) in body


def test_letter_of_another_child_is_404(caseworker, world):
    other = letter_send(
        actor=None,
        child=world.other_child,
        recipient=Recipient.child(world.other_child),
        kind="other",
        subject="Hej",
        body="Tekst",
        channel="letter",
    )
    response = caseworker.get(reverse("letters:detail", args=[world.child.pk, other.pk]))
    assert response.status_code == 404


def test_letters_page_query_count_is_constant(caseworker, world):
    father = _parent(world)
    _restrict(world, persons=[father])
    _send(world, _to_person(father))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert caseworker.get(reverse("letters:list", args=[world.child.pk])).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(20):
        _send(world, _to_person(father), subject=f"Brev {i}")
        _send(world, Recipient.child(world.child), subject=f"Barn {i}")
    assert count() == small
