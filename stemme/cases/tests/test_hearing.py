"""The hearing of the parties (partshøring, forvaltningsloven § 19): services, the decision's
guard, the deadline engine's task, and the staff pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from stemme.audit.models import Event
from stemme.cases.models import Hearing, HearingParty
from stemme.cases.selectors import hearing as selectors
from stemme.cases.services import hearing as services
from stemme.cases.services import steps
from stemme.cases.tests.matrix_hearing import add_custody_holder, send_hearing
from stemme.deadlines.models import Obligation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english():
    """The services' messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def start(world, **overrides):
    values = {
        "paragraph": "46",
        "basis": "Vi lægger vægt på skolens bekymring.",
        "answer_due_on": days(14),
        **overrides,
    }
    return services.hearing_start(actor=world.assigned_caseworker, case=world.case, **values)


def answer(world, party, text="Vi er uenige.", on=None):
    return services.hearing_answer(
        actor=world.assigned_caseworker, party=party, answer=text, answered_on=on or TODAY
    )


def move_back(hearing, *, sent=20, due=6):
    """Let time pass: the hearing was sent ``sent`` days ago, due ``due`` days ago."""
    Hearing.objects.filter(pk=hearing.pk).update(sent_on=days(-sent), answer_due_on=days(-due))
    hearing.refresh_from_db()
    return hearing


def decide(world, **overrides):
    kwargs = {
        "paragraph": "32",
        "legal_basis": "barnets lov § 32, stk. 1, nr. 3",
        "decided_on": TODAY,
        "reasoning": "Familien har brug for støtte i hjemmet.",
        "purpose": "En stabil hverdag.",
        "expected_duration": "6 måneder",
        "plan_decided": True,
        "child_view": "Jeg vil gerne have hjælp.",
        "child_view_weighing": "Barnets ønske er fulgt.",
        "child_wish": "followed",
        **overrides,
    }
    return steps.decision_make(actor=world.assigned_caseworker, case=world.case, **kwargs)


def pending(case, rule_id="partshoering-svar"):
    return list(Obligation.objects.filter(case=case, rule_id=rule_id, is_pending=True))


# --- who is heard ------------------------------------------------------------------------------


def test_parties_are_the_custody_holders_and_the_child_from_10_in_a_section_3_case(world):
    add_custody_holder(world)
    add_custody_holder(world, first_name="Jens", relation="father")
    hearing = start(world)
    parties = list(hearing.parties.order_by("position"))
    assert [party.name for party in parties] == [
        "Jens Hemmeligsen",
        "Mette Hemmeligsen",
        "Zenia Hemmeligsen",
    ]
    assert [party.is_child for party in parties] == [False, False, True]
    assert parties[0].person is not None
    assert parties[2].person is None


def test_an_ended_relation_or_no_custody_is_not_a_party(world):
    from stemme.children.models import ChildRelation

    ended = add_custody_holder(world)
    ChildRelation.objects.filter(pk=ended.pk).update(ended_on=days(-1))
    add_custody_holder(world, first_name="Ulla", relation="grandparent").__class__.objects.filter(
        person__first_name="Ulla"
    ).update(has_custody=False)
    parties = services.hearing_parties(case=world.case, paragraph="46", on=TODAY)
    assert [party["name"] for party in parties] == ["Zenia Hemmeligsen"]


def test_the_child_under_10_or_outside_section_3_is_not_a_party(world):
    add_custody_holder(world)
    assert len(services.hearing_parties(case=world.case, paragraph="30", on=TODAY)) == 1
    assert len(services.hearing_parties(case=world.case, paragraph="46", on=TODAY)) == 2
    before_10 = dt.date(2024, 3, 14)  # the child (born 2014-03-15) is 9
    assert len(services.hearing_parties(case=world.case, paragraph="46", on=before_10)) == 1


# --- sending -----------------------------------------------------------------------------------


def test_sending_records_the_hearing_and_its_event(world):
    add_custody_holder(world)
    hearing = start(world)
    assert hearing.sent_on == TODAY
    assert hearing.answer_due_on == days(14)
    assert hearing.parties.count() == 2
    event = Event.objects.get(kind="hearing.sent")
    assert event.ref == hearing.ref
    assert event.data["due_on"] == days(14).isoformat()
    assert event.data["paragraph"] == "46"
    assert len(event.data["parties"]) == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"paragraph": "99"}, "paragraph"),
        ({"basis": "   "}, "basis"),
        ({"basis": "x" * 5001}, "basis"),
        ({"answer_due_on": None}, "answer_due_on"),
        ({"answer_due_on": TODAY}, "answer_due_on"),
        ({"answer_due_on": days(-3)}, "answer_due_on"),
    ],
)
def test_bad_input_is_refused(world, overrides, field):
    add_custody_holder(world)
    with pytest.raises(ValidationError) as info:
        start(world, **overrides)
    assert field in info.value.message_dict
    assert not Hearing.objects.exists()
    assert not Event.objects.filter(kind="hearing.sent").exists()


def test_no_parties_is_refused(world):
    with pytest.raises(ValidationError) as info:
        start(world, paragraph="30")  # no custody holder; the child is no party under § 30
    assert "no registered person with custody" in info.value.messages[0]
    assert not Hearing.objects.exists()


# --- answers and silence -----------------------------------------------------------------------


def test_an_answer_is_recorded_once(world):
    hearing = send_hearing(world)
    party = hearing.parties.order_by("position").first()
    answer(world, party, text="  Vi er ikke enige.  ")
    party.refresh_from_db()
    assert party.answered_on == TODAY
    assert party.answer == "Vi er ikke enige."
    with pytest.raises(ValidationError) as info:
        answer(world, HearingParty.objects.get(pk=party.pk), text="Igen")
    assert "already been recorded" in info.value.messages[0]
    # a stale copy (double submit) cannot overwrite it either
    stale = HearingParty.objects.get(pk=party.pk)
    stale.answered_on = None
    with pytest.raises(ValidationError):
        answer(world, stale, text="Igen")
    party.refresh_from_db()
    assert party.answer == "Vi er ikke enige."
    assert Event.objects.filter(kind="hearing.answered").count() == 1


def test_bad_answers_are_refused(world):
    hearing = send_hearing(world)
    party = hearing.parties.first()
    with pytest.raises(ValidationError) as info:
        answer(world, party, text=" ")
    assert "answer" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        answer(world, party, on=days(1))
    assert "answered_on" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        answer(world, party, on=days(-1))
    assert "answered_on" in info.value.message_dict


def test_the_last_answer_closes_the_hearing_and_meets_the_task(world):
    hearing = send_hearing(world)
    [task] = pending(world.case)
    assert task.due_date == days(14)
    assert task.legal_basis == "forvaltningsloven § 19"
    assert task.trigger_ref == hearing.ref
    first, second = hearing.parties.order_by("position")
    answer(world, first)
    assert pending(world.case)
    answer(world, second, text="Jeg vil gerne blive hjemme.")
    hearing.refresh_from_db()
    assert hearing.closed_on == TODAY
    assert services.is_complete(hearing)
    assert not pending(world.case)
    closed = Event.objects.get(kind="hearing.closed")
    assert closed.data == {"about": hearing.ref, "reason": "answered"}
    met = Obligation.objects.get(case=world.case, rule_id="partshoering-svar")
    assert met.status == "met"


def test_closing_after_the_deadline_records_silence(world):
    hearing = send_hearing(world)
    with pytest.raises(ValidationError) as info:
        services.hearing_close(actor=world.assigned_caseworker, hearing=hearing)
    assert "not passed yet" in info.value.messages[0]
    first, second = hearing.parties.order_by("position")
    answer(world, first)
    move_back(hearing)
    assert services.is_complete(hearing)
    services.hearing_close(actor=world.assigned_caseworker, hearing=hearing)
    closed = Event.objects.get(kind="hearing.closed")
    assert closed.data["reason"] == "deadline"
    assert closed.data["silent"] == [second.ref]
    with pytest.raises(ValidationError):
        services.hearing_close(actor=world.assigned_caseworker, hearing=hearing)
    with pytest.raises(ValidationError) as info:
        answer(world, second)
    assert "closed" in info.value.messages[0]


# --- the decision's guard ----------------------------------------------------------------------


def test_a_decision_not_against_the_parties_needs_no_hearing(world):
    decision = decide(world)
    assert decision.pk
    assert not Hearing.objects.exists()


def test_an_adverse_decision_without_a_hearing_is_refused(world):
    with pytest.raises(ValidationError) as info:
        decide(world, parties_oppose=True)
    assert "hear the parties first" in info.value.message_dict["parties_oppose"][0]
    assert not world.case.decisions.exists()


def test_an_adverse_decision_while_the_hearing_runs_is_refused(world):
    send_hearing(world)
    with pytest.raises(ValidationError) as info:
        decide(world, parties_oppose=True)
    assert "still running" in info.value.message_dict["parties_oppose"][0]


def test_an_adverse_decision_after_the_deadline_is_made_and_closes_the_hearing(world):
    hearing = move_back(send_hearing(world))
    assert pending(world.case)  # the deadline passed: the task is overdue
    decision = decide(world, parties_oppose=True)
    hearing.refresh_from_db()
    assert hearing.decision == decision
    assert hearing.closed_on == TODAY
    assert Event.objects.get(kind="hearing.closed").data["decision"] == decision.ref
    assert not pending(world.case)
    # the hearing is used: the next adverse decision needs a new one
    with pytest.raises(ValidationError):
        decide(world, parties_oppose=True)


def test_an_adverse_decision_with_a_reason_in_section_19_2_is_made(world):
    with pytest.raises(ValidationError) as info:
        decide(world, parties_oppose=True, hearing_exception_reason="urgency")
    assert "hearing_exception" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        decide(
            world, parties_oppose=True, hearing_exception_reason="nonsense", hearing_exception="x"
        )
    assert "hearing_exception_reason" in info.value.message_dict
    decision = decide(
        world,
        parties_oppose=True,
        hearing_exception_reason="urgency",
        hearing_exception="Barnet var i akut fare.",
    )
    waived = Hearing.objects.get()
    assert waived.is_waived
    assert waived.decision == decision
    assert waived.exception == "Barnet var i akut fare."
    assert Event.objects.get(kind="hearing.waived").data == {
        "decision": decision.ref,
        "reason": "urgency",
    }
    # the decision's own event is as before
    assert "parties_oppose" not in Event.objects.get(kind="decision.made").data


# --- pages -------------------------------------------------------------------------------------


def test_the_pages_send_answer_and_show_silence(client, world):
    add_custody_holder(world)
    client.force_login(world.assigned_caseworker)
    url = reverse("cases:hearings", kwargs={"case_id": world.case.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "Mette Hemmeligsen" in page.content.decode()
    response = client.post(
        url,
        {"paragraph": "46", "basis": "Vi lægger vægt på trivslen.", "answer_due_on": days(10)},
    )
    hearing = Hearing.objects.get()
    detail = reverse(
        "cases:hearing_detail", kwargs={"case_id": world.case.pk, "hearing_id": hearing.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == detail
    party = hearing.parties.order_by("position").first()
    answer_url = reverse(
        "cases:hearing_answer", kwargs={"case_id": world.case.pk, "hearing_id": hearing.pk}
    )
    bad = client.post(answer_url, {"p0-party": party.pk, "p0-answer": "", "p0-answered_on": TODAY})
    assert bad.status_code == 200
    assert "form-errors" in bad.content.decode()
    assert client.post(answer_url, {"nothing": "x"}).status_code == 200
    ok = client.post(
        answer_url, {"p0-party": party.pk, "p0-answer": "Uenig.", "p0-answered_on": TODAY}
    )
    assert ok.status_code == 302
    move_back(hearing)
    page = client.get(detail).content.decode()
    assert "Uenig." in page
    assert page.count("data-silent") == 1  # the child did not answer by the deadline
    close = reverse(
        "cases:hearing_close", kwargs={"case_id": world.case.pk, "hearing_id": hearing.pk}
    )
    assert client.post(close).status_code == 302
    assert Hearing.objects.get().closed_on == TODAY
    assert client.get(detail).content.decode().count("data-silent") == 1


def test_the_decision_form_shows_the_hearing(client, world):
    hearing = send_hearing(world)
    client.force_login(world.assigned_caseworker)
    page = client.get(
        reverse("cases:step", kwargs={"case_id": world.case.pk, "step": "afgoerelse"})
    )
    text = page.content.decode()
    assert 'id="hearing-panel"' in text
    assert "Mette Hemmeligsen" in text
    assert str(hearing.pk) in text
    assert 'name="parties_oppose"' in text


def test_the_hearing_pages_read_in_constant_queries(client, world, django_assert_max_num_queries):
    hearing = send_hearing(world)
    for _ in range(3):
        add_custody_holder(world, first_name="Ekstra")
    client.force_login(world.assigned_caseworker)
    with django_assert_max_num_queries(8):
        assert len(selectors.hearings_of_case(case=world.case)) == 1
        selectors.latest_hearing(case=world.case).parties.all()[0]
    detail = reverse(
        "cases:hearing_detail", kwargs={"case_id": world.case.pk, "hearing_id": hearing.pk}
    )
    assert client.get(detail).status_code == 200
