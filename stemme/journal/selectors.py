"""Reads of the journal, each in a fixed number of queries. The caller has the case from
``stemme.access`` (logged); the search across cases reads only the cases the user may see."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from stemme.access.selectors import cases_visible_to
from stemme.children.models import Person
from stemme.journal.models import JournalNote

SEARCH_MIN_LENGTH = 2
SEARCH_LIMIT = 50
NEWEST_FIRST = (
    F("happened_on").desc(),
    F("happened_time").desc(nulls_last=True),
    F("created_at").desc(),
)


def _matching(notes: QuerySet, q: str) -> QuerySet:
    q = (q or "").strip()
    if not q:
        return notes
    return notes.filter(Q(title__icontains=q) | Q(text__icontains=q))


def notes_for_case(
    *,
    case,
    kind: str = "",
    child_took_part: bool | None = None,
    internal: bool | None = None,
    q: str = "",
) -> QuerySet[JournalNote]:
    """The case's notes, newest first, filtered (a page of them: one count and one query)."""
    notes = JournalNote.objects.filter(case=case).select_related("author")
    if kind:
        notes = notes.filter(kind=kind)
    if child_took_part is not None:
        notes = notes.filter(child_took_part=child_took_part)
    if internal is not None:
        notes = notes.filter(internal=internal)
    return _matching(notes, q).order_by(*NEWEST_FIRST)


def note_of_case(*, case, note_id) -> JournalNote | None:
    """One note of the case with its author, people present and filed statement (2 queries)."""
    return (
        JournalNote.objects.filter(case=case, pk=note_id)
        .select_related("author", "statement")
        .prefetch_related("present_persons")
        .first()
    )


def note_versions(*, note: JournalNote) -> list:
    """Every version of the note, newest first, with who wrote it (1 query)."""
    return list(note.versions.select_related("written_by").order_by("-version"))


@dataclass
class CaseJournal:
    count: int
    latest: list


def case_journal(*, case, limit: int = 3) -> CaseJournal:
    """The case page's journal panel: how many notes, and the newest (2 queries)."""
    notes = JournalNote.objects.filter(case=case)
    return CaseJournal(
        count=notes.count(),
        latest=list(notes.select_related("author").order_by(*NEWEST_FIRST)[:limit]),
    )


def notes_search(*, user, q: str, limit: int = SEARCH_LIMIT) -> tuple[list, bool]:
    """Notes whose subject or text holds ``q``, in the cases ``user`` may see (the same rule as
    ``access_case_by_id``, so every hit opens), newest first: at most ``limit``, and whether
    there were more (1 query)."""
    q = (q or "").strip()
    if len(q) < SEARCH_MIN_LENGTH:
        return [], False
    notes = _matching(
        JournalNote.objects.filter(case__in=cases_visible_to(user)).select_related(
            "case__child", "author"
        ),
        q,
    ).order_by(*NEWEST_FIRST)
    found = list(notes[: limit + 1])
    return found[:limit], len(found) > limit


def persons_of_child(*, child) -> QuerySet[Person]:
    """The people registered around the child, for "who was present"."""
    return (
        Person.objects.filter(relations__child=child).distinct().order_by("first_name", "last_name")
    )
