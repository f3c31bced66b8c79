import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemme.audit.models import Event
from stemme.cases.models import Case, Stage
from stemme.deadlines.models import Obligation
from stemme.letters.models import Letter, LetterKind, LetterStatus, RecipientKind
from stemme.meetings import services
from stemme.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
    NextTimeTopic,
    ParticipantKind,
)
from stemme.meetings.tests.factories import (
    bisidder,
    held_with_summary,
    in_days,
    network_member,
    parent,
    plan,
    restrict,
)

pytestmark = pytest.mark.django_db


def _obligation(meeting, rule_id):
    trigger = meeting.ref
    return Obligation.objects.get(case=meeting.case, rule_id=rule_id, trigger_ref=trigger)


def _events(meeting, kind):
    return Event.objects.filter(case=meeting.case, kind=kind).order_by("pk")


# --- planning ----------------------------------------------------------------------------------


def test_plan_records_the_meeting_the_fact_and_the_agenda_task(world):
    meeting = plan(world, days=10)

    assert meeting.status == MeetingStatus.PLANNED
    event = _events(meeting, "meeting.planned").get()
    assert event.ref == meeting.ref
    assert event.data == {
        "due_on": timezone.localdate(meeting.starts_at).isoformat(),
        "kind": "follow_up",
    }
    kinds = list(meeting.participants.values_list("kind", flat=True))
    assert kinds == [ParticipantKind.CHILD, ParticipantKind.CASEWORKER]
    task = _obligation(meeting, "moede-dagsorden")
    assert task.is_pending
    assert task.due_date == timezone.localdate(meeting.starts_at) - dt.timedelta(days=2)


def test_plan_without_the_child_taking_part_lists_only_the_caseworker(world):
    meeting = plan(world, child_attends=False)
    assert list(meeting.participants.values_list("kind", flat=True)) == ["caseworker"]


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"purpose_for_child": "  "}, "purpose_for_child"),
        ({"place": ""}, "place"),
        ({"kind": "party"}, "kind"),
        ({"duration_minutes": 2}, "duration_minutes"),
        ({"duration_minutes": 600}, "duration_minutes"),
        ({"starts_at": None}, "starts_at"),
    ],
)
def test_plan_refuses_bad_input(world, override, field):
    with pytest.raises(ValidationError) as error:
        plan(world, **override)
    assert field in error.value.message_dict
    assert not Meeting.objects.exists()
    assert not Event.objects.filter(kind="meeting.planned").exists()


def test_plan_refuses_a_closed_case(world):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.CLOSED)
    world.case.refresh_from_db()
    with pytest.raises(ValidationError):
        plan(world)
    assert not Meeting.objects.exists()


def test_the_childs_topics_from_last_time_prefill_the_next_agenda(world):
    first = held_with_summary(world, topics=["Min fodboldtræning", "  ", "Weekender hos far"])
    assert list(first.next_time_topics.values_list("text", flat=True)) == [
        "Min fodboldtræning",
        "Weekender hos far",
    ]

    second = plan(world, days=20)

    items = list(second.agenda_items.all())
    assert [item.text for item in items] == ["Min fodboldtræning", "Weekender hos far"]
    assert all(item.from_child and item.carried_from_id == first.pk for item in items)
    assert set(NextTimeTopic.objects.values_list("used_in", flat=True)) == {second.pk}
    # Used once: a third meeting does not get them again.
    third = plan(world, days=30)
    assert not third.agenda_items.exists()


def test_topics_of_another_child_are_not_carried_over(world):
    held_with_summary(world, topics=["Zenias emne"])
    from conftest import make_case

    other_case = make_case(world.child, world.team, world.assigned_caseworker)
    # Same child, another case: still the child's topic.
    meeting = plan(world, case=other_case)
    assert list(meeting.agenda_items.values_list("text", flat=True)) == ["Zenias emne"]
    other = plan(
        world,
        case=Case.objects.get(child=world.other_child),
        actor=world.other_team_caseworker,
    )
    assert not other.agenda_items.exists()


def test_removing_a_carried_item_or_cancelling_gives_the_topic_back(world):
    held_with_summary(world, topics=["Skolen", "Far"])
    second = plan(world, days=20)
    school = second.agenda_items.get(text="Skolen")

    services.meeting_agenda_item_remove(actor=world.assigned_caseworker, item=school)
    assert NextTimeTopic.objects.get(text="Skolen").used_in is None
    assert NextTimeTopic.objects.get(text="Far").used_in_id == second.pk

    services.meeting_cancel(actor=world.assigned_caseworker, meeting=second, reason="Syg")
    assert not NextTimeTopic.objects.filter(used_in__isnull=False).exists()
    third = plan(world, days=25)
    assert sorted(third.agenda_items.values_list("text", flat=True)) == ["Far", "Skolen"]


# --- changing what was prepared ----------------------------------------------------------------


def test_update_changes_fields_and_moving_plans_again_under_the_same_ref(world):
    meeting = plan(world, days=10)
    old_due = _obligation(meeting, "moede-dagsorden").due_date

    meeting = services.meeting_update(
        actor=world.assigned_caseworker,
        meeting=meeting,
        expected_version=meeting.version,
        starts_at=in_days(14),
        seating_wish="Ved vinduet",
    )

    assert meeting.seating_wish == "Ved vinduet"
    planned = list(_events(meeting, "meeting.planned"))
    assert [event.ref for event in planned] == [meeting.ref, meeting.ref]
    assert planned[-1].data["due_on"] == timezone.localdate(in_days(14)).isoformat()
    assert _obligation(meeting, "moede-dagsorden").due_date == old_due + dt.timedelta(days=4)
    assert _events(meeting, "meeting.changed").get().data["fields"] == [
        "seating_wish",
        "starts_at",
    ]


def test_update_without_moving_does_not_plan_again(world):
    meeting = plan(world)
    services.meeting_update(
        actor=world.assigned_caseworker,
        meeting=meeting,
        expected_version=meeting.version,
        place="Skolen",
    )
    assert _events(meeting, "meeting.planned").count() == 1


def test_update_refuses_a_stale_version(world):
    meeting = plan(world)
    services.meeting_update(
        actor=world.assigned_caseworker, meeting=meeting, expected_version=1, place="Skolen"
    )
    with pytest.raises(ValidationError, match="Someone else changed the meeting"):
        services.meeting_update(
            actor=world.assigned_caseworker, meeting=meeting, expected_version=1, place="Hjemme"
        )
    meeting.refresh_from_db()
    assert meeting.place == "Skolen"


def test_a_held_meeting_cannot_be_moved_and_a_cancelled_one_not_changed(world):
    meeting = plan(world)
    meeting = services.meeting_hold(
        actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_update(
            actor=world.assigned_caseworker,
            meeting=meeting,
            expected_version=meeting.version,
            starts_at=in_days(3),
        )
    assert "starts_at" in error.value.message_dict

    other = plan(world)
    other = services.meeting_cancel(actor=world.assigned_caseworker, meeting=other, reason="Syg")
    with pytest.raises(ValidationError, match="cancelled"):
        services.meeting_update(
            actor=world.assigned_caseworker,
            meeting=other,
            expected_version=other.version,
            place="Skolen",
        )


# --- participants -------------------------------------------------------------------------------


def test_participants_need_a_role_in_words_for_the_child(world):
    meeting = plan(world)
    with pytest.raises(ValidationError) as error:
        services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind="professional",
            name="Lærer Lise",
            role_for_child=" ",
        )
    assert "role_for_child" in error.value.message_dict

    teacher = services.meeting_participant_add(
        actor=world.assigned_caseworker,
        meeting=meeting,
        kind="professional",
        name="Lærer Lise",
        role_for_child="Din lærer. Fortæller, hvordan det går i skolen.",
    )
    assert teacher.position == 3
    assert _events(meeting, "meeting.changed").get().data["change"] == "participant_added"


def test_a_person_must_be_linked_to_the_child(world):
    meeting = plan(world)
    mother = parent(world)
    participant = services.meeting_participant_add(
        actor=world.assigned_caseworker,
        meeting=meeting,
        kind="person",
        person=mother,
        role_for_child="Din mor. Fortæller, hvordan det går derhjemme.",
    )
    assert participant.name == "Mona Hemmeligsen"
    with pytest.raises(ValidationError, match="already on the list"):
        services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind="person",
            person=mother,
            role_for_child="Igen",
        )
    with pytest.raises(ValidationError) as error:
        services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind="person",
            role_for_child="Uden person",
        )
    assert "person" in error.value.message_dict

    from stemme.children.models import Person

    stranger = Person.objects.create(
        municipality=world.municipality, first_name="Fremmed", last_name="Person"
    )
    with pytest.raises(ValidationError, match="not linked"):
        services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind="person",
            person=stranger,
            role_for_child="Nogen",
        )


def test_network_member_must_be_the_childs(world):
    meeting = plan(world)
    other = network_member(world, child=world.other_child)
    with pytest.raises(ValidationError, match="network"):
        services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind="network",
            network_member=other,
            role_for_child="Nabo",
        )
    own = network_member(world)
    participant = services.meeting_participant_add(
        actor=world.assigned_caseworker,
        meeting=meeting,
        kind="network",
        network_member=own,
        role_for_child="Din nabo, som du stoler på.",
    )
    assert participant.name == "Nina Naboven"


def test_the_child_only_once(world):
    meeting = plan(world)
    with pytest.raises(ValidationError, match="already on the list"):
        services.meeting_participant_add(
            actor=world.assigned_caseworker, meeting=meeting, kind="child", role_for_child="Dig"
        )


def test_a_bisidder_must_be_15_on_the_meeting_date(world):
    meeting = plan(world, days=10)
    day = timezone.localdate(meeting.starts_at)
    turns_15_day_after = bisidder(
        world, name="Ung Ven", birth_date=day.replace(year=day.year - 15) + dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind="bisidder",
            bisidder=turns_15_day_after,
            role_for_child="Din ven, som støtter dig.",
        )
    assert "15" in error.value.message_dict["bisidder"][0]

    turns_15_that_day = bisidder(
        world, name="Jævnaldrende", birth_date=day.replace(year=day.year - 15)
    )
    participant = services.meeting_participant_add(
        actor=world.assigned_caseworker,
        meeting=meeting,
        kind="bisidder",
        bisidder=turns_15_that_day,
        role_for_child="Din bisidder. Er der for dig.",
    )
    assert participant.bisidder_id == turns_15_that_day.pk


def test_age_on_counts_whole_years():
    assert services.age_on(dt.date(2010, 5, 10), dt.date(2025, 5, 9)) == 14
    assert services.age_on(dt.date(2010, 5, 10), dt.date(2025, 5, 10)) == 15
    assert services.age_on(dt.date(2008, 2, 29), dt.date(2023, 2, 28)) == 14
    assert services.age_on(dt.date(2008, 2, 29), dt.date(2023, 3, 1)) == 15


def test_participant_remove_and_no_changes_after_the_meeting(world):
    meeting = plan(world)
    caseworker = meeting.participants.get(kind="caseworker")
    services.meeting_participant_remove(actor=world.assigned_caseworker, participant=caseworker)
    assert list(meeting.participants.values_list("kind", flat=True)) == ["child"]

    services.meeting_hold(
        actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
    )
    child = meeting.participants.get()
    with pytest.raises(ValidationError, match="held"):
        services.meeting_participant_remove(actor=world.assigned_caseworker, participant=child)
    with pytest.raises(ValidationError, match="held"):
        services.meeting_agenda_item_add(
            actor=world.assigned_caseworker, meeting=meeting, text="For sent", from_child=False
        )


# --- agenda -------------------------------------------------------------------------------------


def test_agenda_items_add_move_reorder_remove(world):
    meeting = plan(world)
    first = services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Skolen", from_child=False
    )
    second = services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Mit værelse", from_child=True
    )
    with pytest.raises(ValidationError):
        services.meeting_agenda_item_add(
            actor=world.assigned_caseworker, meeting=meeting, text=" ", from_child=True
        )

    services.meeting_agenda_item_move(actor=world.assigned_caseworker, item=second, direction="up")
    assert list(meeting.agenda_items.values_list("text", flat=True)) == ["Mit værelse", "Skolen"]
    services.meeting_agenda_reorder(
        actor=world.assigned_caseworker, meeting=meeting, item_ids=[first.pk, second.pk]
    )
    assert list(meeting.agenda_items.values_list("text", flat=True)) == ["Skolen", "Mit værelse"]
    with pytest.raises(ValidationError):
        services.meeting_agenda_reorder(
            actor=world.assigned_caseworker, meeting=meeting, item_ids=[first.pk, first.pk]
        )
    with pytest.raises(ValidationError):
        services.meeting_agenda_item_move(
            actor=world.assigned_caseworker, item=first, direction="x"
        )

    services.meeting_agenda_item_remove(actor=world.assigned_caseworker, item=first)
    assert list(meeting.agenda_items.values_list("from_child", flat=True)) == [True]


# --- sending ------------------------------------------------------------------------------------


def test_send_agenda_writes_to_the_child_and_meets_the_agenda_task(world):
    meeting = plan(world, days=10, seating_wish="Ved siden af min bisidder")
    services.meeting_agenda_item_add(
        actor=world.assigned_caseworker, meeting=meeting, text="Mit værelse", from_child=True
    )

    letter = services.meeting_send_agenda(
        actor=world.assigned_caseworker, meeting=meeting, channel="digital_post"
    )

    assert letter.kind == LetterKind.MEETING_AGENDA
    assert letter.recipient_kind == RecipientKind.CHILD
    assert letter.status == LetterStatus.SENT
    assert letter.related_ref == meeting.ref
    for text in (
        "Vi taler om, hvordan det går i skolen.",
        "Ungdomsklubben",
        "Mit værelse",
        "Jeg vil gerne skifte klasse.",
        "Ved siden af min bisidder",
        "Tove Tildelt",
    ):
        assert text in letter.body
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is not None
    assert meeting.agenda_sent_before
    event = _events(meeting, "meeting.agenda_sent").get()
    assert event.ref == f"{meeting.ref}#agenda"
    assert event.data["about"] == meeting.ref
    task = _obligation(meeting, "moede-dagsorden")
    assert not task.is_pending
    assert task.status == "met"


def test_send_agenda_refuses_a_bad_channel_and_a_cancelled_meeting(world):
    meeting = plan(world)
    with pytest.raises(ValidationError):
        services.meeting_send_agenda(
            actor=world.assigned_caseworker, meeting=meeting, channel="pigeon"
        )
    services.meeting_cancel(actor=world.assigned_caseworker, meeting=meeting, reason="Syg")
    with pytest.raises(ValidationError, match="cancelled"):
        services.meeting_send_agenda(
            actor=world.assigned_caseworker, meeting=meeting, channel="digital_post"
        )
    assert not Letter.objects.exists()


def test_invitations_go_out_except_to_the_restricted_parent(world):
    meeting = plan(world, days=20)
    father = parent(world, first_name="Farid", relation="father")
    mother = parent(world, first_name="Mona", relation="mother")
    supporter = bisidder(world, birth_date=dt.date(1980, 1, 1))
    for kind, field, value, role in (
        ("person", "person", father, "Din far."),
        ("person", "person", mother, "Din mor."),
        ("bisidder", "bisidder", supporter, "Din bisidder."),
    ):
        services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind=kind,
            role_for_child=role,
            **{field: value},
        )
    restrict(world, persons=[father])

    result = services.meeting_invite(actor=world.assigned_caseworker, meeting=meeting)

    assert [participant.person_id for participant, _letter in result.blocked] == [father.pk]
    assert sorted(participant.name for participant, _letter in result.sent) == [
        "Bodil Bisidder",
        "Mona Hemmeligsen",
    ]
    letters = Letter.objects.filter(kind=LetterKind.MEETING_INVITATION)
    assert letters.get(person=father).status == LetterStatus.BLOCKED
    assert letters.filter(status=LetterStatus.SENT).count() == 2
    assert Event.objects.filter(kind="letter.blocked").count() == 1
    # The child's own words are not in the adults' invitations.
    assert all("skifte klasse" not in letter.body for letter in letters)


def test_invite_needs_someone_to_invite(world):
    meeting = plan(world)
    with pytest.raises(ValidationError, match="No one"):
        services.meeting_invite(actor=world.assigned_caseworker, meeting=meeting)


# --- held, summary, delivered -------------------------------------------------------------------


def test_hold_starts_the_summary_task(world):
    meeting = plan(world)
    meeting = services.meeting_hold(
        actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
    )
    assert meeting.status == MeetingStatus.HELD
    assert _events(meeting, "meeting.held").get().ref == meeting.ref
    assert _obligation(meeting, "moede-opsummering").is_pending
    with pytest.raises(ValidationError, match="already"):
        services.meeting_hold(
            actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
        )


def test_hold_refuses_the_future_and_a_cancelled_meeting(world):
    meeting = plan(world)
    with pytest.raises(ValidationError) as error:
        services.meeting_hold(
            actor=world.assigned_caseworker,
            meeting=meeting,
            held_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert "held_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.meeting_hold(
            actor=world.assigned_caseworker,
            meeting=meeting,
            held_on=timezone.localdate() - dt.timedelta(days=30),
        )
    services.meeting_cancel(actor=world.assigned_caseworker, meeting=meeting, reason="Syg")
    with pytest.raises(ValidationError, match="cancelled"):
        services.meeting_hold(
            actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_summary_needs_a_held_meeting_and_its_fields(world):
    meeting = plan(world)
    with pytest.raises(ValidationError, match="held"):
        services.meeting_record_summary(
            actor=world.assigned_caseworker,
            meeting=meeting,
            summary_for_child="Noget",
            child_understood="yes",
        )
    services.meeting_hold(
        actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_record_summary(
            actor=world.assigned_caseworker,
            meeting=meeting,
            summary_for_child=" ",
            child_understood="maybe",
        )
    assert set(error.value.message_dict) == {"summary_for_child", "child_understood"}


def test_summary_topics_are_replaced_and_a_stale_version_refused(world):
    meeting = held_with_summary(world, topics=["A", "B"])
    meeting = services.meeting_record_summary(
        actor=world.assigned_caseworker,
        meeting=meeting,
        summary_for_child="Rettet",
        child_understood="partly",
        understood_note="Vi talte om det igen.",
        next_time_topics=["C"],
        expected_version=meeting.version,
    )
    assert list(meeting.next_time_topics.values_list("text", flat=True)) == ["C"]
    with pytest.raises(ValidationError, match="Someone else"):
        services.meeting_record_summary(
            actor=world.assigned_caseworker,
            meeting=meeting,
            summary_for_child="Igen",
            child_understood="yes",
            expected_version=meeting.version - 1,
        )


def test_the_summary_cannot_be_given_before_it_is_written(world):
    meeting = plan(world)
    services.meeting_hold(
        actor=world.assigned_caseworker, meeting=meeting, held_on=timezone.localdate()
    )
    with pytest.raises(ValidationError, match="Write the summary"):
        services.meeting_deliver_summary(
            actor=world.assigned_caseworker,
            meeting=meeting,
            delivered_on=timezone.localdate(),
            how="conversation",
        )
    assert not Event.objects.filter(kind="meeting.summary_delivered").exists()


def test_deliver_summary_by_letter_meets_the_summary_task(world):
    meeting = held_with_summary(world, topics=["Fodbold"], understood="partly")

    meeting = services.meeting_deliver_summary(
        actor=world.assigned_caseworker,
        meeting=meeting,
        delivered_on=timezone.localdate(),
        how="digital_post",
    )

    letter = Letter.objects.get(kind=LetterKind.MEETING_SUMMARY)
    assert letter.recipient_kind == RecipientKind.CHILD
    assert "kontaktperson" in letter.body
    assert "Fodbold" in letter.body
    event = _events(meeting, "meeting.summary_delivered").get()
    assert event.ref == f"{meeting.ref}#summary"
    assert event.data["about"] == meeting.ref
    assert event.data["understood"] == "partly"
    task = _obligation(meeting, "moede-opsummering")
    assert not task.is_pending
    assert task.status == "met"
    with pytest.raises(ValidationError, match="already"):
        services.meeting_deliver_summary(
            actor=world.assigned_caseworker,
            meeting=meeting,
            delivered_on=timezone.localdate(),
            how="conversation",
        )


def test_deliver_summary_in_a_conversation_sends_no_letter(world):
    meeting = held_with_summary(world)
    services.meeting_deliver_summary(
        actor=world.assigned_caseworker,
        meeting=meeting,
        delivered_on=timezone.localdate(),
        how="conversation",
    )
    assert not Letter.objects.exists()
    assert not _obligation(meeting, "moede-opsummering").is_pending


def test_deliver_summary_guards(world):
    meeting = held_with_summary(world)
    for kwargs in (
        {"how": "telepathy", "delivered_on": timezone.localdate()},
        {"how": "conversation", "delivered_on": timezone.localdate() + dt.timedelta(days=1)},
        {"how": "conversation", "delivered_on": timezone.localdate() - dt.timedelta(days=1)},
    ):
        with pytest.raises(ValidationError):
            services.meeting_deliver_summary(
                actor=world.assigned_caseworker, meeting=meeting, **kwargs
            )
    planned = plan(world)
    with pytest.raises(ValidationError, match="held"):
        services.meeting_deliver_summary(
            actor=world.assigned_caseworker,
            meeting=planned,
            delivered_on=timezone.localdate(),
            how="conversation",
        )


# --- cancelling ---------------------------------------------------------------------------------


def test_cancel_ends_the_agenda_task(world):
    meeting = plan(world)
    with pytest.raises(ValidationError) as error:
        services.meeting_cancel(actor=world.assigned_caseworker, meeting=meeting, reason="")
    assert "reason" in error.value.message_dict

    meeting = services.meeting_cancel(
        actor=world.assigned_caseworker, meeting=meeting, reason="Barnet er syg"
    )

    assert meeting.status == MeetingStatus.CANCELLED
    assert _events(meeting, "meeting.cancelled").get().ref == meeting.ref
    assert not _obligation(meeting, "moede-dagsorden").is_pending
    with pytest.raises(ValidationError, match="already"):
        services.meeting_cancel(actor=world.assigned_caseworker, meeting=meeting, reason="Igen")


def test_a_held_meeting_cannot_be_cancelled(world):
    meeting = held_with_summary(world)
    with pytest.raises(ValidationError, match="held"):
        services.meeting_cancel(actor=world.assigned_caseworker, meeting=meeting, reason="Ups")


def test_every_write_is_one_transaction_with_its_event(world):
    """A refused write leaves neither rows nor events behind."""
    meeting = plan(world)
    before = (Event.objects.count(), AgendaItem.objects.count())
    with pytest.raises(ValidationError):
        services.meeting_participant_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            kind="bisidder",
            bisidder=bisidder(world, birth_date=timezone.localdate()),
            role_for_child="Baby",
        )
    assert (Event.objects.count(), AgendaItem.objects.count()) == before
