"""Internal notes never leave unreviewed: the right-of-access export leaves them out (and their
versions), says how many, and keeps every other note with all its versions."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from stemme.journal import services
from stemme.journal.models import NoteKind
from stemme.privacy.selectors import right_of_access_collect

pytestmark = pytest.mark.django_db


def write(world, **values):
    return services.note_write(
        actor=world.assigned_caseworker,
        case=world.case,
        happened_on=timezone.localdate(),
        **{"kind": NoteKind.PHONE, "title": "Opkald", "text": "Tekst.", **values},
    )


def _ids(collected, label) -> set[str]:
    return {
        record.pk
        for section in collected.sections
        if section.model == label
        for record in section.records
    }


def test_internal_notes_and_their_versions_are_left_out_and_counted(world):
    public = write(world, title="Opkald fra skolen", text="Skolen ringede.")
    services.note_correct(
        actor=world.assigned_caseworker,
        note=public,
        expected_version=1,
        reason="Fejl",
        happened_on=public.happened_on,
        kind="phone",
        title=public.title,
        text="Skolen ringede i dag.",
    )
    write(world, kind=NoteKind.INTERNAL_ASSESSMENT, title="Vurdering", text="HEMMELIG VURDERING")
    marked = write(
        world, kind=NoteKind.MEETING, internal=True, title="Netværksmøde", text="INTERNT REFERAT"
    )
    services.note_correct(
        actor=world.assigned_caseworker,
        note=marked,
        expected_version=1,
        reason="Fejl",
        happened_on=marked.happened_on,
        kind="meeting",
        title=marked.title,
        text="INTERNT REFERAT 2",
        internal=True,
    )

    collected = right_of_access_collect(child=world.child)

    assert _ids(collected, "journal.JournalNote") == {str(public.pk)}
    versions = {str(v.pk) for v in public.versions.all()}
    assert _ids(collected, "journal.JournalNoteVersion") == versions
    text = json.dumps(collected.as_dict(), default=str)
    assert "HEMMELIG VURDERING" not in text
    assert "INTERNT REFERAT" not in text
    assert "Skolen ringede." in text  # the first version of the public note, kept
    assert "2 interne notater er udeladt og kræver gennemgang før udlevering." in collected.review


def test_an_export_without_internal_notes_says_nothing_about_them(world):
    write(world)
    collected = right_of_access_collect(child=world.child)
    assert not any("intern" in line for line in collected.review)


def test_the_export_file_says_so_too(client, world):
    write(world, kind=NoteKind.INTERNAL_ASSESSMENT, title="Vurdering", text="HEMMELIG")
    client.force_login(world.assigned_caseworker)
    response = client.post(
        reverse("privacy:export", kwargs={"child_id": world.child.pk}), {"format": "json"}
    )
    document = json.loads(response.content)
    assert "HEMMELIG" not in response.content.decode()
    assert (
        "1 internt notat er udeladt og kræver gennemgang før udlevering."
        in document["for_review_by_the_authority"]
    )
