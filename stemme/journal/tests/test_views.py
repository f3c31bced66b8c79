"""The journal's pages: access, the list's filters and pages, the search within the user's
access, the correction's conflict page, a create form sent twice, and fixed query counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_case, make_child
from stemme.audit.models import AccessAction, AccessLog
from stemme.core.idempotency import FIELD, new_token
from stemme.journal import services
from stemme.journal.models import JournalNote, NoteKind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def write(world, case=None, **values):
    values = {
        "actor": world.assigned_caseworker,
        "case": case or world.case,
        "happened_on": TODAY,
        "kind": NoteKind.PHONE,
        "title": "Opkald fra skolen",
        "text": "Klasselæreren ringede.",
        **values,
    }
    return services.note_write(**values)


def url(name, case, note=None) -> str:
    kwargs = {"case_id": case.pk}
    if note is not None:
        kwargs["note_id"] = note.pk
    return reverse(f"journal:{name}", kwargs=kwargs)


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def staff(client, world):
    client.force_login(world.assigned_caseworker)
    return client


# --- Access ---------------------------------------------------------------------------------------


def test_another_teams_caseworker_gets_404_and_a_denied_row(client, world):
    note = write(world)
    client.force_login(world.other_team_caseworker)
    for name in ("list", "new", "detail", "correct"):
        target = url(name, world.case, note if name in ("detail", "correct") else None)
        last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        assert client.get(target).status_code == 404, name
        rows = AccessLog.objects.filter(pk__gt=last)
        assert [(row.action, row.child_id) for row in rows] == [(AccessAction.DENIED, None)]
    assert "Opkald fra skolen" not in body(client.get(url("detail", world.case, note)))


def test_a_note_of_another_case_is_refused_under_this_case(staff, world):
    other_case = make_case(
        make_child(world.municipality, first_name="Ida"), world.team, world.assigned_caseworker
    )
    note = write(world, case=other_case)
    response = staff.get(url("detail", world.case, note))
    assert response.status_code == 404
    denied = AccessLog.objects.filter(action=AccessAction.DENIED).get()
    assert denied.criterion == f"case:{world.case.pk}/journal_note:{note.pk}"


def test_every_page_logs_the_access(staff, world):
    note = write(world)
    for target in (
        url("list", world.case),
        url("detail", world.case, note),
        url("new", world.case),
    ):
        before = AccessLog.objects.filter(child=world.child).count()
        assert staff.get(target).status_code == 200
        assert AccessLog.objects.filter(child=world.child).count() == before + 1, target


# --- The list -------------------------------------------------------------------------------------


def test_the_list_is_newest_first_with_filters_and_search(staff, world):
    write(
        world,
        title="Gammel samtale",
        kind=NoteKind.CONVERSATION,
        child_took_part=True,
        happened_on=TODAY - dt.timedelta(days=3),
    )
    write(
        world,
        title="Intern vurdering af skolen",
        kind=NoteKind.INTERNAL_ASSESSMENT,
        text="Vi vurderer at skolen bør inddrages.",
    )
    write(
        world,
        title="Ny observation",
        kind=NoteKind.OBSERVATION,
        happened_on=TODAY - dt.timedelta(days=1),
    )
    page = body(staff.get(url("list", world.case)))
    titles = re.findall(r'journal/[0-9a-f-]+/">([^<]+)</a>', page)
    assert titles == ["Intern vurdering af skolen", "Ny observation", "Gammel samtale"]
    only = lambda **query: re.findall(  # noqa: E731
        r'journal/[0-9a-f-]+/">([^<]+)</a>', body(staff.get(url("list", world.case), query))
    )
    assert only(kind="conversation") == ["Gammel samtale"]
    assert only(child_took_part="yes") == ["Gammel samtale"]
    assert only(internal="yes") == ["Intern vurdering af skolen"]
    assert only(internal="no") == ["Ny observation", "Gammel samtale"]
    assert only(q="SKOLEN") == ["Intern vurdering af skolen"]
    # A query string that is not valid shows the whole list, not an error.
    assert len(only(kind="nonsense", side="x")) == 3


def test_the_list_pages_and_keeps_the_filters(staff, world, settings):
    settings.STEMME_PAGE_SIZE = 2
    for index in range(5):
        write(world, title=f"Notat {index}", happened_on=TODAY - dt.timedelta(days=index))
    page = body(staff.get(url("list", world.case), {"kind": "phone"}))
    assert "Notat 0" in page
    assert "Notat 2" not in page
    assert "kind=phone&amp;side=2" in page
    last = body(staff.get(url("list", world.case), {"kind": "phone", "side": 3}))
    assert "Notat 4" in last


def _queries(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def test_the_pages_run_a_fixed_number_of_queries(staff, world, django_assert_max_num_queries):
    note = write(world)
    services.note_correct(
        actor=world.assigned_caseworker,
        note=note,
        expected_version=1,
        reason="Fejl",
        happened_on=TODAY,
        kind="phone",
        title=note.title,
        text="Rettet.",
    )
    targets = [url("list", world.case), url("detail", world.case, note)]
    case_page = reverse("cases:detail", kwargs={"case_id": world.case.pk})
    few = {target: _queries(staff, target) for target in [*targets, case_page]}
    for index in range(12):
        more = write(world, title=f"Notat {index}", child_words=f"Ord {index}" if index % 2 else "")
        services.note_correct(
            actor=world.assigned_caseworker,
            note=more,
            expected_version=1,
            reason="Fejl",
            happened_on=TODAY,
            kind="phone",
            title=more.title,
            text="Rettet.",
        )
    for index in range(6):
        services.note_correct(
            actor=world.assigned_caseworker,
            note=note,
            expected_version=2 + index,
            reason=f"Fejl {index}",
            happened_on=TODAY,
            kind="phone",
            title=note.title,
            text=f"Rettet {index}.",
        )
    for target, count in few.items():
        with django_assert_max_num_queries(count):
            staff.get(target)


# --- The case page --------------------------------------------------------------------------------


def test_the_case_page_shows_the_journal_panel(staff, world):
    note = write(world, kind=NoteKind.INTERNAL_ASSESSMENT, title="Vores vurdering")
    page = body(staff.get(reverse("cases:detail", kwargs={"case_id": world.case.pk})))
    assert url("list", world.case) in page
    assert url("new", world.case) in page
    assert url("detail", world.case, note) in page


# --- Writing: a new note sent twice, a correction, the child's words ----------------------------


def _new_note(token=None, **changes) -> dict:
    data = {
        "happened_on": (TODAY - dt.timedelta(days=1)).isoformat(),  # 10:00 today may lie ahead
        "happened_time": "10:00",
        "kind": "conversation",
        "title": "Samtale i skolen",
        "text": "Vi talte om frikvartererne.",
        "child_took_part": "on",
        "child_words": "Jeg leger mest alene.",
        "child_words_mode": "direct",
        **changes,
    }
    if token:
        data[FIELD] = token
    return data


def test_a_new_note_sent_twice_is_saved_once(staff, world):
    token = new_token()
    first = staff.post(url("new", world.case), _new_note(token))
    assert first.status_code == 302
    second = staff.post(url("new", world.case), _new_note(token))
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    note = JournalNote.objects.get()
    assert note.statement.words == "Jeg leger mest alene."
    assert first["Location"] == url("detail", world.case, note)


def test_a_new_note_with_errors_is_shown_again_in_danish(staff, world):
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    response = staff.post(
        url("new", world.case), _new_note(happened_on=tomorrow, child_words_mode="trusted_adult")
    )
    assert response.status_code == 200
    page = body(response)
    assert "Datoen kan ikke ligge i fremtiden." in page
    assert "Angiv navnet på den betroede voksne" in page
    assert not JournalNote.objects.exists()


def test_two_caseworkers_correcting_at_once_get_the_conflict_page(client, world):
    note = write(world)
    form = {
        "version": "1",
        "reason": "Fejl i teksten",
        "happened_on": TODAY.isoformat(),
        "kind": "phone",
        "title": note.title,
    }
    client.force_login(world.assigned_caseworker)
    assert (
        client.post(url("correct", world.case, note), {**form, "text": "Tove retter."}).status_code
        == 302
    )
    client.force_login(world.leader)
    refused = client.post(url("correct", world.case, note), {**form, "text": "Lene retter."})
    assert refused.status_code == 409
    page = body(refused)
    assert "Tove retter." in page
    assert "Lene retter." in page
    note.refresh_from_db()
    assert (note.version, note.text) == (2, "Tove retter.")


def test_the_note_page_shows_every_version_with_who_and_why(staff, world):
    note = write(world)
    services.note_correct(
        actor=world.leader,
        note=note,
        expected_version=1,
        reason="Forkert klokkeslæt",
        happened_on=TODAY,
        kind="phone",
        title=note.title,
        text="Klasselæreren ringede kl. 10.",
    )
    page = body(staff.get(url("detail", world.case, note)))
    assert "Forkert klokkeslæt" in page
    assert "Klasselæreren ringede." in page  # the old text, kept
    assert "Klasselæreren ringede kl. 10." in page
    assert world.leader.get_full_name() in page


def test_the_childs_words_are_filed_from_the_note_page(staff, world):
    note = write(world)
    response = staff.post(
        url("words", world.case, note),
        {"words": "Jeg savner min hund.", "mode": "direct", FIELD: new_token()},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.statement.words == "Jeg savner min hund."
    page = body(staff.get(url("detail", world.case, note)))
    assert "Jeg savner min hund." in page
    assert url("words", world.case, note) not in page  # filed: no form any more


def test_words_refused_show_the_note_page_with_the_error(staff, world):
    note = write(world)
    response = staff.post(url("words", world.case, note), {"words": "", "mode": "direct"})
    assert response.status_code == 200
    assert note.title in body(response)


# --- The search across cases ----------------------------------------------------------------------


def test_the_search_finds_only_notes_in_cases_the_user_may_see(client, world):
    write(world, title="Skolen ringede om Zenia")
    south_case = world.other_child.cases.get()
    write(world, case=south_case, actor=world.other_team_caseworker, title="Skolen ringede om Otto")
    client.force_login(world.assigned_caseworker)
    page = body(client.post(reverse("journal:search"), {"q": "skolen"}))
    assert "Skolen ringede om Zenia" in page
    assert "Skolen ringede om Otto" not in page
    assert world.other_child.first_name not in page
    search = AccessLog.objects.get(action=AccessAction.SEARCH, user=world.assigned_caseworker)
    assert (search.criterion, search.result_count) == ("skolen", 1)
    assert AccessLog.objects.filter(
        action=AccessAction.VIEW, child=world.child, purpose="child_search"
    ).exists()
    client.force_login(world.other_team_caseworker)
    page = body(client.post(reverse("journal:search"), {"q": "skolen"}))
    assert "Skolen ringede om Otto" in page
    assert "Zenia" not in page


def test_the_search_needs_two_characters(staff, world):
    write(world)
    page = body(staff.post(reverse("journal:search"), {"q": "s"}))
    assert "Opkald fra skolen" not in page
    assert not AccessLog.objects.filter(action=AccessAction.SEARCH).exists()


def test_the_search_runs_a_fixed_number_of_queries(staff, world, django_assert_max_num_queries):
    write(world, title="Skolen 1")
    with CaptureQueriesContext(connection) as few:
        staff.post(reverse("journal:search"), {"q": "skolen"})
    for index in range(2, 15):
        child = make_child(world.municipality, first_name=f"Barn{index}")
        case = make_case(child, world.team, world.assigned_caseworker)
        write(world, case=case, title=f"Skolen {index}")
    with django_assert_max_num_queries(len(few)):
        page = body(staff.post(reverse("journal:search"), {"q": "skolen"}))
    assert "Skolen 14" in page
