"""Create forms are idempotent: a form sent twice with its one-time token saves once (issue 13).

The concurrency tests run 20 threads, each with its own database connection, against a
throwaway copy of the migrated test database (a file on SQLite, a database made from the test
database on PostgreSQL): the suite's own test transaction would hide the test's data from the
other connections, and the audit logs' triggers refuse the flush a ``transaction=True`` test
needs (stemme/audit/tests/test_append_only_coverage.py).
"""

import datetime as dt
import itertools
import re
import sqlite3
import threading
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_case, make_child, make_user
from stemme.accounts.models import Municipality, Role, Team
from stemme.core.idempotency import ALREADY_SENT_STATUS, FIELD, new_token
from stemme.core.models import SubmissionToken
from stemme.core.testing import CONNECTION_STATE
from stemme.meetings.models import Meeting
from stemme.participation.models import ChildStatement, NetworkMember, PortalMessage
from stemme.participation.tests.test_registers_views import MEMBER_POST
from stemme.portal.testing import active_account, client_log_in

THREADS = 20
_codes = itertools.count(940)
TODAY = timezone.localdate()


def _statement(token: str | None = None, **changes) -> dict:
    data = {
        "words": "Jeg vil gerne blive boende.",
        "mode": "direct",
        "trusted_adult": "",
        "stated_on": TODAY.isoformat(),
        "informs_ref": "",
        **changes,
    }
    if token is not None:
        data[FIELD] = token
    return data


def _token_in(html: str) -> str:
    found = re.findall(rf'name="{FIELD}" value="([^"]+)"', html)
    assert len(found) == 1, found
    return found[0]


# --- One browser sends the same form twice ------------------------------------------------------


@pytest.fixture
def staff(client, world):
    client.force_login(world.assigned_caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the msgids, whatever da says
    return client


def test_the_same_form_sent_twice_saves_once_and_both_answers_go_to_the_same_place(staff, world):
    url = reverse("participation:statement_add", args=[world.case.pk])
    token = _token_in(staff.get(url).content.decode())

    first = staff.post(url, _statement(token))
    second = staff.post(url, _statement(token))

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("cases:detail", args=[world.case.pk])
    assert ChildStatement.objects.count() == 1
    body = staff.get(second["Location"]).content.decode()
    assert "The form had already been sent. This is what was saved." in body


def test_each_showing_of_a_form_has_a_new_token(staff, world):
    url = reverse("participation:statement_add", args=[world.case.pk])
    first = _token_in(staff.get(url).content.decode())
    assert first != _token_in(staff.get(url).content.decode())


def test_a_form_shown_again_with_errors_still_saves_with_its_token(staff, world):
    url = reverse("participation:statement_add", args=[world.case.pk])
    token = new_token()

    refused = staff.post(url, _statement(token, mode="trusted_adult"))  # the adult is missing
    assert refused.status_code == 200
    assert refused.context["form"].errors["trusted_adult"]
    assert not SubmissionToken.objects.exists()

    saved = staff.post(url, _statement(token))
    assert saved.status_code == 302
    assert ChildStatement.objects.count() == 1


def test_a_refused_request_does_not_use_up_the_token(client, world):
    """A 404 (the child is not the user's) is rolled back with its token row."""
    url = reverse("participation:statement_add", args=[world.case.pk])
    token = new_token()
    client.force_login(world.other_team_caseworker)
    assert client.post(url, _statement(token)).status_code == 404
    client.force_login(world.assigned_caseworker)
    assert client.post(url, _statement(token)).status_code == 302
    assert ChildStatement.objects.count() == 1


def test_a_post_without_a_token_works_as_before(staff, world):
    url = reverse("participation:statement_add", args=[world.case.pk])
    assert staff.post(url, _statement()).status_code == 302
    assert staff.post(url, _statement()).status_code == 302
    assert ChildStatement.objects.count() == 2
    assert not SubmissionToken.objects.exists()


def test_someone_elses_token_saves_nothing_and_says_so(staff, client, world):
    url = reverse("participation:statement_add", args=[world.case.pk])
    token = new_token()
    assert staff.post(url, _statement(token)).status_code == 302
    colleague = Client()
    colleague.force_login(world.leader)  # the team's leader also sees the case
    colleague.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = colleague.post(url, _statement(token))

    assert response.status_code == ALREADY_SENT_STATUS
    assert "The form has already been sent" in response.content.decode()
    assert ChildStatement.objects.count() == 1


def test_a_first_submission_that_redirected_nowhere_answers_already_sent(staff, world):
    """A row without a result (as while the first submission is still running)."""
    token = new_token()
    SubmissionToken.objects.create(token=token, owner=f"user:{world.assigned_caseworker.pk}")
    response = staff.post(
        reverse("participation:statement_add", args=[world.case.pk]), _statement(token)
    )
    assert response.status_code == ALREADY_SENT_STATUS
    assert "The form has already been sent" in response.content.decode()
    assert not ChildStatement.objects.exists()


def test_tokens_older_than_a_day_are_purged_by_the_next_submission(staff, world):
    old = SubmissionToken.objects.create(token=new_token(), owner="user:0")
    recent = SubmissionToken.objects.create(token=new_token(), owner="user:0")
    SubmissionToken.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    staff.post(
        reverse("participation:statement_add", args=[world.case.pk]), _statement(new_token())
    )
    assert not SubmissionToken.objects.filter(pk=old.pk).exists()
    assert SubmissionToken.objects.filter(pk=recent.pk).exists()


def test_network_member_and_meeting_sent_twice_save_once(staff, world):
    network_url = reverse("participation:network_add", args=[world.child.pk])
    member = {**MEMBER_POST, FIELD: new_token()}
    answers = [staff.post(network_url, member) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302], answers[0].content.decode()[:3000]
    assert NetworkMember.objects.filter(child=world.child).count() == 1

    page = staff.get(reverse("meetings:plan", args=[world.case.pk])).content.decode()
    meeting = {
        "kind": "network",
        "purpose_for_child": "Vi taler om, hvem der kan hjælpe dig.",
        "starts_at": (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "place": "Biblioteket",
        FIELD: _token_in(page),
    }
    url = reverse("meetings:plan", args=[world.case.pk])
    answers = [staff.post(url, meeting) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302], answers[0].content.decode()[:3000]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Meeting.objects.filter(case=world.case).count() == 1


def test_the_childs_message_sent_twice_is_one_message(client, world):
    client_log_in(client, active_account(world))
    page = client.get(reverse("portal:tell") + "?vej=three_houses").content.decode()
    data = {"kind": "three_houses", "worries": "Far", FIELD: _token_in(page)}

    first = client.post(reverse("portal:tell"), data)
    second = client.post(reverse("portal:tell"), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert PortalMessage.objects.count() == 1


# --- Every create form carries a token ----------------------------------------------------------

_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)


def _forms_posting_to(html: str, page_url: str, action_url: str) -> list[str]:
    found = []
    for attrs, body in _FORM.findall(html):
        if 'method="post"' not in attrs:
            continue
        action = re.search(r'action="([^"#]*)', attrs)
        target = action.group(1) if action and action.group(1) else page_url
        if target == action_url:
            found.append(body)
    return found


def _create_pages(world):
    from stemme.cases.tests.matrix_plan_goals import make_plan
    from stemme.meetings.tests.factories import plan
    from stemme.portal.testing import parent_person

    meeting = plan(world)
    make_plan(world)  # goals are added to the child's plan
    parent_person(world)  # someone a safety restriction can name
    child, case = world.child.pk, world.case.pk
    return [
        ("participation:statement_add", [case], None),
        ("participation:network_add", [child], ("participation:network", [child])),
        ("participation:bisidder_add", [child], ("participation:network", [child])),
        ("participation:safety", [child], None),
        ("participation:rights_letter", [child], ("participation:rights", [child])),
        ("meetings:plan", [case], None),
        ("meetings:participant_add", [meeting.pk], ("meetings:detail", [meeting.pk])),
        ("meetings:item_add", [meeting.pk], ("meetings:detail", [meeting.pk])),
        ("cases:goal_add", [case], None),
        ("cases:intake_new", [child], None),
        ("cases:intake_new_child", [], None),
        ("children:household", [child], None),
        ("continuity:handover_new", [case], None),
        ("continuity:secondary", [case], None),
    ]


def test_every_create_form_carries_a_token(staff, world):
    missing = []
    for name, args, page in _create_pages(world):
        action_url = reverse(name, args=args)
        page_url = reverse(*page[:1], args=page[1]) if page else action_url
        response = staff.get(page_url)
        if response.status_code != 200:
            staff.force_login(world.leader)  # pages only the leader opens
            response = staff.get(page_url)
            staff.force_login(world.assigned_caseworker)
        assert response.status_code == 200, name
        forms = _forms_posting_to(response.content.decode(), page_url, action_url)
        if not forms or any(f'name="{FIELD}"' not in form for form in forms):
            missing.append(name)
    assert missing == []


def test_the_childs_create_forms_carry_a_token(client, world):
    client_log_in(client, active_account(world))
    for kind in ("mood", "three_houses", "free_text"):
        _token_in(client.get(reverse("portal:tell") + f"?vej={kind}").content.decode())


# --- Many at once: 20 threads send the same form with the same token ------------------------------


@pytest.fixture(scope="session")
def postgres_copy(django_db_setup, django_db_blocker):
    """On PostgreSQL: a database made from the migrated, empty test database (its template must
    have no other session, so this is made before any test transaction of ours), dropped at the
    end of the run. None on SQLite."""
    if connection.vendor != "postgresql":
        yield None
        return
    name = f"{connection.settings_dict['NAME']}_idem_{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                f'CREATE DATABASE "{name}" TEMPLATE "{connection.settings_dict["NAME"]}"'
            )
    yield name
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def shared_db(tmp_path, postgres_copy, db):
    """Switch the test's connection — and so every thread's — to a throwaway copy of the test
    database, outside any transaction, with one caseworker, child and case; afterwards the
    connection and its test transaction are put back as they were."""
    if postgres_copy is None:
        path = tmp_path / "idempotency.sqlite3"
        # A dump, not the backup API: that would wait forever for the test's own transaction.
        copy = sqlite3.connect(path)
        copy.executescript("\n".join(connection.connection.iterdump()))
        copy.close()
        name = str(path)
    else:
        name = postgres_copy
    saved = {key: getattr(connection, key) for key in CONNECTION_STATE if hasattr(connection, key)}
    for key in ("run_on_commit", "savepoint_ids", "atomic_blocks"):
        saved[key] = list(saved.get(key, []))
    test_name = connection.settings_dict["NAME"]
    connection.connection = None  # kept aside, not closed (SQLite: the in-memory database)
    connection.settings_dict["NAME"] = name
    try:
        connection.connect()
        # Unique: on PostgreSQL one copy serves every test of the run.
        town = Municipality.objects.create(
            name=f"Dobbeltby {uuid.uuid4().hex[:8]}", code=f"{next(_codes)}"
        )
        team = Team.objects.create(municipality=town, name="Team Dobbelt")
        caseworker = make_user(town, Role.CASEWORKER, f"dobbelt{uuid.uuid4().hex[:6]}", [team])
        child = make_child(town, first_name="Dora", last_name="Dobbelt")
        case = make_case(child, team, caseworker)
        yield caseworker, case
    finally:
        connection.close()
        connection.settings_dict["NAME"] = test_name
        for key, value in saved.items():
            setattr(connection, key, value)


def _post_at_once(cookies, url: str, data: dict) -> list:
    """POST ``data`` to ``url`` from THREADS threads at the same moment, one session."""
    barrier = threading.Barrier(THREADS)
    answers: list = [None] * THREADS

    def send(index):
        client = Client()
        client.cookies.update(cookies)
        try:
            barrier.wait()
            answers[index] = client.post(url, data)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            answers[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=send, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_twenty_identical_posts_at_once_save_one_statement(shared_db):
    caseworker, case = shared_db
    browser = Client()
    browser.force_login(caseworker)
    url = reverse("participation:statement_add", args=[case.pk])

    answers = _post_at_once(browser.cookies, url, _statement(new_token()))

    assert all(not isinstance(answer, Exception) for answer in answers), answers
    assert [answer.status_code for answer in answers] == [302] * THREADS
    assert {answer["Location"] for answer in answers} == {reverse("cases:detail", args=[case.pk])}
    assert ChildStatement.objects.filter(case=case).count() == 1


def test_twenty_posts_at_once_without_a_token_still_all_save(shared_db):
    """The control: the threads really run at once and each write succeeds (no token, no
    protection — as for a page opened before the tokens existed)."""
    caseworker, case = shared_db
    browser = Client()
    browser.force_login(caseworker)
    url = reverse("participation:statement_add", args=[case.pk])

    answers = _post_at_once(browser.cookies, url, _statement())

    assert [getattr(answer, "status_code", answer) for answer in answers] == [302] * THREADS
    assert ChildStatement.objects.filter(case=case).count() == THREADS


def test_settings_use_a_real_lock_for_sqlite():
    """The SQLite half of the concurrency test relies on IMMEDIATE transactions."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
