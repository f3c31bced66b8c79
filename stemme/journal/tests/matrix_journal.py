"""Access-matrix entries for the journal's pages (collected by stemme/access/tests)."""

import datetime as dt

from django.utils import timezone

from stemme.access.testing import STAFF_CHILD_LIST, Entry, child_page

TODAY = timezone.localdate().isoformat()
# A note with a time of day is dated yesterday: 09:30 today lies in the future before 09:30.
YESTERDAY = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
CASE = {"case_id": "case.pk"}
NOTE = {"case_id": "case.pk", "note_id": "note.pk"}


def _note(world):
    """A note written and corrected once (version 2), not internal: it is in the
    right-of-access export with both versions (stemme/privacy/tests)."""
    from stemme.journal import services

    note = services.note_write(
        actor=world.assigned_caseworker,
        case=world.case,
        happened_on=timezone.localdate(),
        kind="phone",
        title="Opkald fra skolen",
        text="Klasselæreren ringede om fravær.",
    )
    note = services.note_correct(
        actor=world.assigned_caseworker,
        note=note,
        expected_version=1,
        reason="Stavefejl",
        happened_on=note.happened_on,
        kind="phone",
        title="Opkald fra skolen",
        text="Klasselæreren ringede om fraværet.",
    )
    return {"note": note}


ENTRIES = {
    "journal:list": [
        child_page(kwargs=CASE),
        child_page(kwargs=CASE, setup=_note, data={"kind": "phone", "q": "skole"}),
    ],
    "journal:new": [
        child_page(kwargs=CASE),
        child_page(
            method="post",
            kwargs=CASE,
            data={
                "happened_on": TODAY,
                "kind": "conversation",
                "title": "Samtale med barnet",
                "text": "Vi talte om skolen.",
                "child_took_part": "on",
            },
            writes=True,
        ),
    ],
    "journal:detail": [child_page(kwargs=NOTE, setup=_note)],
    "journal:correct": [
        child_page(kwargs=NOTE, setup=_note),
        child_page(
            method="post",
            kwargs=NOTE,
            setup=_note,
            data={
                "version": "2",
                "reason": "Tidspunktet manglede",
                "happened_on": YESTERDAY,
                "happened_time": "09:30",
                "kind": "phone",
                "title": "Opkald fra skolen",
                "text": "Klasselæreren ringede om fraværet.",
            },
            writes=True,
        ),
    ],
    "journal:words": [
        child_page(
            method="post",
            kwargs=NOTE,
            setup=_note,
            data={"words": "Jeg kan godt lide min lærer.", "mode": "direct"},
            writes=True,
        ),
    ],
    # Across the user's cases: everyone with a child-data role gets the page; a hit shows the
    # child's name only to those who may see the child (nothing for another team).
    "journal:search": [
        Entry(status=STAFF_CHILD_LIST),
        Entry(
            method="post",
            data={"q": "skolen"},
            setup=_note,
            status=STAFF_CHILD_LIST,
            shows_child=True,
            logs_access=True,
        ),
    ],
}
