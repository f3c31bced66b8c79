import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemme.audit.models import AccessLog, Event
from stemme.cases.models import AssignmentRole, CaseworkerAssignment
from stemme.cases.services import steps
from stemme.continuity import services
from stemme.continuity.models import ChildStory, Handover
from stemme.continuity.tests.conftest import add_children
from stemme.letters.models import Letter, LetterStatus
from stemme.participation.models import SafetyRestriction


@pytest.fixture
def en(client):
    client.cookies["stemme_language"] = "en"
    return client


def _login(client, user):
    client.force_login(user)
    return client


# --- the leader's screen --------------------------------------------------------------------------


def test_leavers_lists_the_team_caseworkers_with_caseloads(en, world):
    add_children(world, 2)
    response = _login(en, world.leader).get(reverse("continuity:leavers"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tove Tildelt" in body
    assert "Karl Kollega" in body
    assert "Sofie Syd" not in body  # another team
    assert reverse("continuity:leaver", args=[world.assigned_caseworker.pk]) in body


def test_leaver_screen_shows_every_child_with_handover_status(en, world, today):
    cases = add_children(world, 3)
    services.handover_start(
        actor=world.leader,
        case=cases[1],
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
    )
    url = reverse("continuity:leaver", args=[world.assigned_caseworker.pk])
    response = _login(en, world.leader).get(url)
    body = response.content.decode()

    assert response.status_code == 200
    for name in ("Zenia Hemmeligsen", "Barn00 Testesen", "Barn01 Testesen", "Barn02 Testesen"):
        assert name in body
    assert "Otto Sydbarn" not in body
    assert "1 of 4 children handed over; 3 without a new caseworker." in body
    assert "Karl Kollega" in body
    assert "Letter introducing the new caseworker" in body
    assert body.count('name="to_caseworker"') == 3
    # Every child shown is in the access log.
    logged = set(
        AccessLog.objects.filter(user=world.leader, purpose="caseworker_leaving").values_list(
            "child_id", flat=True
        )
    )
    assert logged == {world.child.pk} | {case.child_id for case in cases}


def test_reassigning_through_the_leaver_screen_starts_the_handover(en, world, today):
    url = reverse("continuity:leaver", args=[world.assigned_caseworker.pk])
    response = _login(en, world.leader).post(
        url,
        {
            "case_id": str(world.case.pk),
            "role": "primary",
            "to_caseworker": world.same_team_caseworker.pk,
            "changes_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    handover = Handover.objects.get(case=world.case)
    assert handover.from_caseworker == world.assigned_caseworker
    assert handover.to_caseworker == world.same_team_caseworker
    current = CaseworkerAssignment.objects.get(case=world.case, role="primary", ended_on=None)
    assert current.caseworker == world.same_team_caseworker
    assert Event.objects.filter(kind="caseworker.changed", ref=handover.ref).exists()

    body = en.get(url).content.decode()
    assert "1 of 1 children handed over; 0 without a new caseworker." in body
    assert reverse("continuity:handover", args=[world.case.pk, handover.pk]) in body


def test_a_refused_reassignment_shows_the_error_on_the_row(en, world, today):
    url = reverse("continuity:leaver", args=[world.assigned_caseworker.pk])
    response = _login(en, world.leader).post(
        url,
        {
            "case_id": str(world.case.pk),
            "role": "primary",
            "to_caseworker": world.assigned_caseworker.pk,  # the one who leaves
            "changes_on": today.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "already assigned in that role" in response.content.decode()
    assert not Handover.objects.exists()


def test_reassigning_a_child_no_longer_on_the_caseload_is_refused(en, world, today):
    services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
    )
    url = reverse("continuity:leaver", args=[world.assigned_caseworker.pk])
    response = _login(en, world.leader).post(
        url,
        {
            "case_id": str(world.case.pk),
            "role": "primary",
            "to_caseworker": world.same_team_caseworker.pk,
            "changes_on": today.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "no longer on Tove Tildelt" in response.content.decode()
    assert Handover.objects.count() == 1


def test_leaver_screen_access(client, world):
    url = reverse("continuity:leaver", args=[world.assigned_caseworker.pk])
    assert _login(client, world.assigned_caseworker).get(url).status_code == 403
    assert _login(client, world.administrator).get(url).status_code == 403
    # The leader of another team cannot open this team's caseworker, nor one of another
    # municipality.
    assert _login(client, world.other_leader).get(url).status_code == 404
    other = reverse("continuity:leaver", args=[world.other_municipality_caseworker.pk])
    assert _login(client, world.leader).get(other).status_code == 404
    assert _login(client, world.leader).get(url).status_code == 200


def _hand_over_with_story(world, case, today):
    services.handover_start(
        actor=world.leader, case=case, to_caseworker=world.same_team_caseworker, changes_on=today
    )
    services.story_update(actor=None, child=case.child, expected_version=0, text="Historie")


def _rows_and_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().count("<tr id="), len(queries)


def test_leaver_screen_query_count_is_constant(client, world, today):
    cases = add_children(world, 4)
    for case in cases[:2]:
        _hand_over_with_story(world, case, today)
    url = reverse("continuity:leaver", args=[world.assigned_caseworker.pk])
    client.force_login(world.leader)
    client.get(url)  # warm up
    rows, few = _rows_and_queries(client, url)
    assert rows == 5

    more = add_children(world, 25)
    for case in more[:5]:
        _hand_over_with_story(world, case, today)
    rows, many = _rows_and_queries(client, url)
    assert rows == 30
    assert many == few


# --- a handover -----------------------------------------------------------------------------------


def test_handover_page_shows_the_checklist_letter_and_photo_link(en, world, handover):
    url = reverse("continuity:handover", args=[world.case.pk, handover.pk])
    response = _login(en, world.same_team_caseworker).get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "The child was told in advance" in body
    assert "Handover meeting with the child" in body
    assert "6 steps open" in body
    assert "Karl Kollega" in body
    assert "has no photo yet" in body
    assert "Your story goes with you" in body  # the prefilled letter


def test_handover_page_photo_is_shown_when_there_is_one(en, world, handover):
    karl = world.same_team_caseworker
    karl.photo = "staff-photos/karl.jpg"
    karl.save()
    url = reverse("continuity:handover", args=[world.case.pk, handover.pk])
    body = _login(en, world.leader).get(url).content.decode()
    assert reverse("accounts:photo", args=[karl.pk]) in body
    assert 'alt="Photo of Karl Kollega"' in body


def test_handover_of_another_case_is_404(client, world, handover):
    other_case = add_children(world, 1)[0]
    url = reverse("continuity:handover", args=[other_case.pk, handover.pk])
    assert _login(client, world.leader).get(url).status_code == 404


def test_recording_a_step_on_the_handover_page(en, world, handover, today):
    url = reverse("continuity:handover", args=[world.case.pk, handover.pk])
    action = reverse("continuity:handover_step", args=[world.case.pk, handover.pk, "meeting"])
    client = _login(en, world.same_team_caseworker)
    assert f'action="{action}#step-meeting"' in client.get(url).content.decode()
    response = client.post(
        action,
        {
            "meeting-version": "1",
            "meeting-meeting_on": "",
            "meeting-no_meeting_reason": "Barnet ønskede at møde den nye rådgiver alene.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    handover.refresh_from_db()
    assert handover.no_meeting_reason.startswith("Barnet ønskede")
    body = en.get(url).content.decode()
    assert "Not done, explained" in body


def test_a_stale_step_form_is_refused(en, world, handover, today):
    services.handover_update(
        actor=world.leader, handover=handover, expected_version=1, child_told_on=today
    )
    url = reverse("continuity:handover_step", args=[world.case.pk, handover.pk, "told"])
    response = _login(en, world.leader).post(
        url, {"told-version": "1", "told-child_not_told_reason": "Syg"}
    )
    assert response.status_code == 409  # the conflict page shows both versions
    assert "Syg" in response.content.decode()
    handover.refresh_from_db()
    assert handover.child_not_told_reason == ""


def test_sending_the_letter_from_the_handover_page(en, world, handover):
    url = reverse("continuity:handover_letter", args=[world.case.pk, handover.pk])
    response = _login(en, world.same_team_caseworker).post(
        url,
        {
            "version": "1",
            "channel": "letter",
            "text": "Hej Zenia. Jeg hedder Karl og er din nye rådgiver.",
        },
    )
    assert response.status_code == 302
    letter = Letter.objects.get(related_ref=handover.ref)
    assert letter.body.startswith("Hej Zenia")
    handover.refresh_from_db()
    assert handover.letter_sent_on is not None


def test_a_refused_step_shows_the_page_again_with_the_error(en, world, handover, today):
    url = reverse("continuity:handover_step", args=[world.case.pk, handover.pk, "told"])
    response = _login(en, world.leader).post(
        url,
        {
            "told-version": "1",
            "told-child_told_on": today.isoformat(),
            "told-child_not_told_reason": "Syg",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Give either a date or a reason, not both." in body
    assert "<details open>" in body
    handover.refresh_from_db()
    assert handover.child_told_on is None


def test_an_unknown_step_and_a_get_are_refused(en, world, handover):
    client = _login(en, world.leader)
    unknown = reverse("continuity:handover_step", args=[world.case.pk, handover.pk, "nope"])
    assert client.post(unknown, {"nope-version": "1"}).status_code == 404
    letter = reverse("continuity:handover_letter", args=[world.case.pk, handover.pk])
    assert client.get(letter).status_code == 405


def test_notifying_parents_reports_the_blocked_one(en, world, handover, parents, today):
    restriction = SafetyRestriction.objects.create(
        child=world.child, kind="honour", reason="Trusler", set_on=today
    )
    restriction.persons.add(parents[1].person)
    url = reverse("continuity:handover", args=[world.case.pk, handover.pk])
    client = _login(en, world.leader)
    page = client.get(url).content.decode()
    assert "Named by the safety restriction: gets nothing" in page
    response = client.post(
        reverse("continuity:handover_parents", args=[world.case.pk, handover.pk]),
        {"version": "1", "channel": "digital_post"},
        follow=True,
    )
    body = response.content.decode()
    assert "Notices sent: 1. Stopped by the safety restriction: 1." in body
    statuses = sorted(
        Letter.objects.filter(related_ref=handover.ref).values_list("status", flat=True)
    )
    assert statuses == [LetterStatus.BLOCKED, LetterStatus.SENT]


def test_handover_new_page(en, world, today):
    url = reverse("continuity:handover_new", args=[world.case.pk])
    client = _login(en, world.assigned_caseworker)
    page = client.get(url).content.decode()
    assert "Karl Kollega" in page
    assert "Sofie Syd" not in page
    response = client.post(
        url, {"to_caseworker": world.same_team_caseworker.pk, "changes_on": today.isoformat()}
    )
    handover = Handover.objects.get()
    assert response["Location"] == reverse("continuity:handover", args=[world.case.pk, handover.pk])


def test_handover_new_is_forbidden_for_a_caseworker_not_on_the_case(client, world):
    world.municipality.caseworkers_see_team_children = True
    world.municipality.save()
    url = reverse("continuity:handover_new", args=[world.case.pk])
    assert _login(client, world.same_team_caseworker).get(url).status_code == 403


# --- secondary caseworker and the case panel ------------------------------------------------------


def test_case_panel_warns_about_a_missing_secondary_caseworker(en, world, today):
    steps.investigation_start(
        actor=world.assigned_caseworker, case=world.case, kind="bfu", started_on=today
    )
    client = _login(en, world.assigned_caseworker)
    case_url = reverse("cases:detail", args=[world.case.pk])
    body = client.get(case_url).content.decode()
    assert "Secondary caseworker missing" in body
    secondary_url = reverse("continuity:secondary", args=[world.case.pk])
    assert secondary_url in body

    response = client.post(secondary_url, {"caseworker": world.same_team_caseworker.pk})
    assert response.status_code == 302
    assert CaseworkerAssignment.objects.filter(
        case=world.case, role=AssignmentRole.SECONDARY, caseworker=world.same_team_caseworker
    ).exists()
    assert "Secondary caseworker missing" not in client.get(case_url).content.decode()


def test_case_panel_links_an_open_handover(en, world, handover):
    body = _login(en, world.leader).get(reverse("cases:detail", args=[world.case.pk]))
    body = body.content.decode()
    assert reverse("continuity:handover", args=[world.case.pk, handover.pk]) in body
    assert "6 steps open" in body


def test_case_panel_query_count_does_not_grow_with_handovers(client, world, today):
    client.force_login(world.leader)
    url = reverse("cases:detail", args=[world.case.pk])
    services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=today,
    )
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    services.handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.assigned_caseworker,
        changes_on=today,
    )
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    assert len(two) == len(one)


# --- my story so far and the child panel ----------------------------------------------------------


def test_story_page_saves_versions(en, world, today):
    url = reverse("continuity:story", args=[world.child.pk])
    client = _login(en, world.assigned_caseworker)
    assert "No story yet." in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "text": "Jeg bor hos mor. Jeg elsker at spille fodbold.",
            "made_with_child": "on",
            "child_approved_on": today.isoformat(),
            "version": "0",
        },
    )
    assert response.status_code == 302
    response = client.post(url, {"text": "Ny version", "version": "1"})
    assert response.status_code == 302
    assert list(ChildStory.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
    stale = client.post(url, {"text": "For sent", "version": "1"})
    assert stale.status_code == 409
    assert "For sent" in stale.content.decode()
    assert "Ny version" in stale.content.decode()
    page = client.get(url).content.decode()
    assert "Version 1" in page
    assert "Version 2" in page


def test_story_page_returns_to_the_handover(en, world, handover):
    back = reverse("continuity:handover", args=[world.case.pk, handover.pk])
    url = reverse("continuity:story", args=[world.child.pk])
    response = _login(en, world.leader).post(url, {"text": "A", "version": "0", "next": back})
    assert response["Location"] == back
    evil = _login(en, world.leader).post(
        url, {"text": "B", "version": "1", "next": "https://evil.example/"}
    )
    assert evil["Location"] == url


def test_child_panel_shows_story_and_changes(en, world, handover):
    services.story_update(
        actor=None,
        child=world.child,
        expected_version=0,
        text="Zenias historie",
        made_with_child=True,
    )
    body = _login(en, world.leader).get(reverse("children:detail", args=[world.child.pk]))
    body = body.content.decode()
    assert "Zenias historie" in body
    assert "written with the child" in body
    assert "1 change of caseworker in the last 24 months." in body
