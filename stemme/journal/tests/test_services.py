"""The journal's writes: a note, a correction that keeps every version, the child's words filed
as the child's statement; the refusals, in Danish."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemme.audit.models import Event
from stemme.cases.services import steps
from stemme.children.services import person_link_to_child
from stemme.core.conflicts import EditConflict
from stemme.journal import services
from stemme.journal.models import JournalNote, JournalNoteVersion, NoteKind
from stemme.participation.models import ChildStatement

pytestmark = pytest.mark.django_db


def write(world, **values):
    values = {
        "actor": world.assigned_caseworker,
        "case": world.case,
        "happened_on": timezone.localdate(),
        "kind": NoteKind.PHONE,
        "title": "Opkald fra skolen",
        "text": "Klasselæreren ringede.",
        **values,
    }
    return services.note_write(**values)


def correct(world, note, **values):
    values = {
        "actor": world.assigned_caseworker,
        "note": note,
        "expected_version": note.version,
        "reason": "Navnet var stavet forkert",
        "happened_on": note.happened_on,
        "kind": note.kind,
        "title": note.title,
        "text": note.text + " Rettet.",
        **values,
    }
    return services.note_correct(**values)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_a_note_is_written_with_its_first_version_and_an_event(world):
    note = write(
        world,
        happened_on=timezone.localdate() - dt.timedelta(days=1),  # 09:15 today may lie ahead
        happened_time=dt.time(9, 15),
        present="Klasselærer Hans",
    )
    assert note.version == 1
    assert note.author == world.assigned_caseworker
    [version] = note.versions.all()
    assert (version.version, version.text, version.reason) == (1, "Klasselæreren ringede.", "")
    event = Event.objects.get(ref=note.ref)
    assert event.kind == "journal.note_written"
    assert event.case == world.case
    # The event names the note, never its text (the event log is append-only and exported).
    assert event.data == {
        "kind": "phone",
        "internal": False,
        "child_took_part": False,
        "version": 1,
    }


def test_bad_input_is_refused_in_danish(world):
    with pytest.raises(ValidationError) as excinfo:
        write(
            world,
            happened_on=timezone.localdate() + dt.timedelta(days=1),
            kind="gossip",
            title="  ",
            text="",
        )
    errors = errors_of(excinfo)
    assert errors["happened_on"] == ["Datoen kan ikke ligge i fremtiden."]
    assert errors["kind"] == ["Vælg hvilken slags notat det er."]
    assert errors["title"] == ["Skriv et kort emne for notatet."]
    assert errors["text"] == ["Skriv notatet."]
    assert not JournalNote.objects.exists()


def test_no_date_and_a_too_long_subject_are_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        write(world, happened_on=None, title="x" * 201)
    errors = errors_of(excinfo)
    assert errors["happened_on"] == ["Skriv datoen, notatet handler om."]
    assert errors["title"] == ["Emnet må højst være på 200 tegn."]


def test_an_internal_assessment_is_always_internal_and_without_the_child(world):
    note = write(world, kind=NoteKind.INTERNAL_ASSESSMENT, internal=False)
    assert note.internal is True
    with pytest.raises(ValidationError) as excinfo:
        write(world, kind=NoteKind.INTERNAL_ASSESSMENT, child_took_part=True)
    assert "child_took_part" in errors_of(excinfo)
    # Any other kind is internal only when the caseworker says so.
    assert write(world, kind=NoteKind.OBSERVATION).internal is False
    assert write(world, kind=NoteKind.MEETING, internal=True).internal is True


def test_only_people_around_this_child_can_be_present(world):
    mother = person_link_to_child(
        actor=world.assigned_caseworker,
        child=world.child,
        first_name="Mona",
        last_name="Hemmeligsen",
        relation="mother",
        has_custody=True,
    )
    mother = getattr(mother, "person", mother)
    stranger = person_link_to_child(
        actor=world.other_team_caseworker,
        child=world.other_child,
        first_name="Sven",
        last_name="Sydbarn",
        relation="father",
        has_custody=True,
    )
    stranger = getattr(stranger, "person", stranger)
    note = write(world, present_persons=[mother])
    assert list(note.present_persons.all()) == [mother]
    assert note.versions.get().present_names == "Mona Hemmeligsen"
    with pytest.raises(ValidationError) as excinfo:
        write(world, present_persons=[stranger])
    assert errors_of(excinfo)["present_persons"] == [
        "Vælg kun personer, der er registreret omkring dette barn."
    ]


def test_the_childs_words_are_filed_as_a_statement_and_linked(world):
    note = write(
        world,
        kind=NoteKind.CONVERSATION,
        child_took_part=True,
        child_words="Jeg vil gerne blive boende hos mor.",
    )
    statement = note.statement
    assert statement is not None
    assert statement.words == "Jeg vil gerne blive boende hos mor."
    assert (statement.child, statement.case, statement.mode) == (world.child, world.case, "direct")
    assert statement.stated_on == note.happened_on
    assert Event.objects.filter(kind="statement.recorded", ref=statement.ref).exists()
    assert list(statement.journal_notes.all()) == [note]


def test_words_through_a_trusted_adult_need_the_adult(world):
    with pytest.raises(ValidationError) as excinfo:
        write(world, child_words="Jeg er glad", child_words_mode="trusted_adult")
    assert "child_words_trusted_adult" in errors_of(excinfo)
    assert not JournalNote.objects.exists()
    assert not ChildStatement.objects.exists()


def test_the_childs_words_are_filed_later_once(world):
    note = write(world)
    statement = services.note_words_file(
        actor=world.assigned_caseworker, note=note, words="Min lærer er sød."
    )
    note.refresh_from_db()
    assert note.statement == statement
    with pytest.raises(ValidationError) as excinfo:
        services.note_words_file(actor=world.assigned_caseworker, note=note, words="Igen.")
    assert errors_of(excinfo)["words"] == [
        "Barnets ord fra dette notat er allerede registreret som barnets udsagn."
    ]
    assert ChildStatement.objects.count() == 1


def test_a_note_can_be_written_in_a_closed_case_but_not_the_childs_words(world):
    steps.case_close(
        actor=world.assigned_caseworker,
        case=world.case,
        closed_on=timezone.localdate(),
        purpose_achieved="Ja",
        if_worry_returns="Ring",
    )
    world.case.refresh_from_db()
    assert write(world).pk
    with pytest.raises(ValidationError) as excinfo:
        write(world, child_words="Hej")
    assert "child_words" in errors_of(excinfo)


# --- Corrections ---------------------------------------------------------------------------------


def test_a_correction_keeps_the_old_text_with_who_when_and_why(world):
    note = write(world)
    corrected = correct(world, note, actor=world.leader, text="Klasselæreren ringede kl. 9.")
    assert corrected.version == 2
    assert corrected.text == "Klasselæreren ringede kl. 9."
    versions = list(JournalNoteVersion.objects.filter(note=note).order_by("version"))
    assert [(v.version, v.text) for v in versions] == [
        (1, "Klasselæreren ringede."),
        (2, "Klasselæreren ringede kl. 9."),
    ]
    assert versions[1].reason == "Navnet var stavet forkert"
    assert versions[1].written_by == world.leader
    assert versions[0].written_by == world.assigned_caseworker
    event = Event.objects.get(kind="journal.note_corrected")
    assert (event.ref, event.actor, event.data["version"]) == (note.ref, world.leader, 2)


def test_a_correction_needs_a_reason(world):
    note = write(world)
    with pytest.raises(ValidationError) as excinfo:
        correct(world, note, reason="   ")
    assert errors_of(excinfo)["reason"] == [
        "Skriv hvorfor notatet rettes. Den tidligere tekst gemmes og vises med begrundelsen."
    ]
    note.refresh_from_db()
    assert note.version == 1


def test_a_correction_that_changes_nothing_is_refused(world):
    note = write(world)
    with pytest.raises(ValidationError):
        correct(world, note, text=note.text)
    assert note.versions.count() == 1


def test_two_caseworkers_correcting_at_once_never_overwrite_silently(world):
    note = write(world)
    first = correct(world, note, text="Første rettelse.")
    assert first.version == 2
    # The second started from version 1 too: refused with the saved version beside theirs.
    with pytest.raises(EditConflict) as excinfo:
        correct(world, note, actor=world.leader, expected_version=1, text="Anden rettelse.")
    conflict = excinfo.value
    assert conflict.version == 2
    assert conflict.saved["text"] == "Første rettelse."
    assert conflict.saved_by == world.assigned_caseworker
    note.refresh_from_db()
    assert (note.version, note.text) == (2, "Første rettelse.")
    # Saved anyway, consciously, on the current version: a third version, nothing lost.
    third = correct(world, note, actor=world.leader, expected_version=2, text="Anden rettelse.")
    assert [v.text for v in third.versions.order_by("version")] == [
        "Klasselæreren ringede.",
        "Første rettelse.",
        "Anden rettelse.",
    ]


def test_the_same_correction_sent_twice_is_saved_once(world):
    note = write(world)
    correct(world, note, expected_version=1, text="Rettet tekst.")
    again = correct(world, note, expected_version=1, text="Rettet tekst.")
    assert again.version == 2
    assert note.versions.count() == 2
    assert Event.objects.filter(kind="journal.note_corrected").count() == 1


def test_a_correction_can_make_a_note_internal_but_not_an_assessment_public(world):
    note = write(world)
    assert correct(world, note, internal=True).internal is True
    assessment = write(world, kind=NoteKind.INTERNAL_ASSESSMENT)
    assert correct(world, assessment, internal=False).internal is True
