"""Format version 2: the records around the case travel, point to each other by key, and are
validated like everything else — all or nothing, with the JSON path of every bad value.

Messages are asserted by their English msgids (the service speaks the active language).
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from stemme.audit.models import Event
from stemme.cases.models import PlanGoal
from stemme.children.models import Child
from stemme.continuity.models import ChildStory, Handover
from stemme.interchange.errors import payload_parse
from stemme.interchange.selectors import municipality_export
from stemme.interchange.services import ImportErrors, cases_export, cases_import
from stemme.interchange.tests.payloads import (
    CASE_ID,
    CHILD_ID,
    FEEDBACK_ID,
    GOAL_ID,
    HANDOVER_ID,
    MEETING_ID,
    MESSAGE_ID,
    NEXT_MEETING_ID,
    PLAN_ID,
    RATING_ID,
    STATEMENT_ID,
    WISH_ID,
    valid_payload,
    valid_v2_payload,
)
from stemme.letters import services as letters
from stemme.letters.models import Letter, LetterStatus
from stemme.meetings.models import AgendaItem, Meeting, MeetingParticipant, NextTimeTopic
from stemme.participation.models import (
    Bisidder,
    NetworkMember,
    ParticipationProfile,
    SafetyRestriction,
)
from stemme.participation.selectors.safety import is_restricted
from stemme.portal.models import (
    ActivationCode,
    GoalRating,
    MeetingFeedback,
    MeetingWish,
    PortalAccount,
    PortalMessage,
)

VERSION_2_TABLES = [
    Meeting,
    MeetingParticipant,
    AgendaItem,
    NextTimeTopic,
    MeetingFeedback,
    MeetingWish,
    Handover,
    PlanGoal,
    GoalRating,
    Letter,
    PortalMessage,
    PortalAccount,
    NetworkMember,
    Bisidder,
    SafetyRestriction,
    SafetyRestriction.persons.through,
    ParticipationProfile,
    ChildStory,
    Event,
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in VERSION_2_TABLES}


def aware(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def failing(payload) -> list[str]:
    before = counts()
    with pytest.raises(ImportErrors) as failure:
        cases_import(payload=payload)
    assert counts() == before, "a failed import must write nothing"
    return failure.value.errors


def child_of(payload) -> dict:
    return payload["children"][0]


def case_of(payload) -> dict:
    return payload["children"][0]["cases"][0]


# --- A valid file ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_version_2_file_imports_every_record_with_its_links():
    result = cases_import(payload=valid_v2_payload())

    for key, expected in {
        "meetings": 2,
        "participants": 4,
        "agenda_items": 2,
        "next_time_topics": 1,
        "feedback": 1,
        "wishes": 1,
        "handovers": 1,
        "plan_goals": 1,
        "ratings": 1,
        "letters": 2,
        "portal_messages": 1,
        "portal_accounts": 1,
        "network": 2,
        "bisiddere": 1,
        "safety_restrictions": 1,
        "participation_profiles": 2,
        "stories": 1,
        "statements": 1,
    }.items():
        assert result.counts[key] == expected, key
    child = Child.objects.get(pk=CHILD_ID)
    mother = child.relations.get(person__first_name="Mona").person
    father = child.relations.get(person__first_name="Fie").person
    member = NetworkMember.objects.get(child=child, name="Mona Importsen")
    assert member.person == mother
    assert member.recorded_by.username == "imp_cw"
    bodil = Bisidder.objects.get(child=child)
    meeting = Meeting.objects.get(pk=MEETING_ID)
    assert str(meeting.case_id) == CASE_ID
    assert meeting.created_at == aware(2026, 2, 6, 9, 0)  # "planned_at" is kept
    assert meeting.version == 1
    people = {p.kind: p for p in meeting.participants.all()}
    assert people["person"].person == mother
    assert people["network"].network_member == member
    assert people["bisidder"].bisidder == bodil
    topic = NextTimeTopic.objects.get(meeting=meeting)
    assert str(topic.used_in_id) == NEXT_MEETING_ID
    carried = AgendaItem.objects.get(meeting_id=NEXT_MEETING_ID)
    assert carried.topic == topic
    assert str(carried.carried_from_id) == MEETING_ID
    handover = Handover.objects.get(pk=HANDOVER_ID)
    assert (handover.from_caseworker.username, handover.to_caseworker.username) == (
        "imp_cw",
        "imp_leader",
    )
    goal = PlanGoal.objects.get(pk=GOAL_ID)
    assert str(goal.plan_id) == PLAN_ID
    assert goal.created_at == aware(2026, 2, 5, 10, 0)
    # The child's words in Min sag keep their times; they hang on an account for the child
    # that has no PIN, no activation code and is not active: credentials never travel.
    message = PortalMessage.objects.get(pk=MESSAGE_ID)
    assert message.created_at == aware(2026, 2, 4, 19, 0)
    assert str(message.statement_id) == STATEMENT_ID
    assert message.answered_by.username == "imp_cw"
    account = PortalAccount.objects.get(child=child)
    assert account.kind == "child"
    assert not account.is_active
    assert account.secret_hash == ""
    assert not ActivationCode.objects.filter(account=account).exists()
    assert {
        MeetingFeedback.objects.get(pk=FEEDBACK_ID).account,
        MeetingWish.objects.get(pk=WISH_ID).account,
        GoalRating.objects.get(pk=RATING_ID).account,
        message.account,
    } == {account}
    assert MeetingWish.objects.get(pk=WISH_ID).bisidder == bodil
    profiles = ParticipationProfile.objects.filter(child=child).order_by("version")
    assert [p.version for p in profiles] == [1, 2]
    assert profiles[0].recorded_at == aware(2026, 2, 2, 10, 0)
    assert timezone.now() - profiles[1].recorded_at < dt.timedelta(minutes=5)
    letter = Letter.objects.get(child=child, case=None)
    assert letter.status == LetterStatus.BLOCKED
    assert letter.person == father
    # Events named the registers by key; in the database they name the new rows.
    restriction = SafetyRestriction.objects.get(child=child)
    refs = set(Event.objects.filter(child=child).values_list("ref", flat=True))
    assert {f"safety:{restriction.pk}", f"network:{member.pk}"} <= refs


@pytest.mark.django_db
def test_the_safety_restriction_survives_the_import_and_blocks_letters():
    cases_import(payload=valid_v2_payload())
    child = Child.objects.get(pk=CHILD_ID)
    father = child.relations.get(person__first_name="Fie").person
    mother = child.relations.get(person__first_name="Mona").person
    friend = NetworkMember.objects.get(child=child, name="Svend Skummel")
    restriction = SafetyRestriction.objects.get(child=child)
    assert restriction.is_active
    assert list(restriction.persons.all()) == [father]
    assert list(restriction.network_members.all()) == [friend]
    assert is_restricted(child=child, person=father)

    def send(recipient):
        return letters.letter_send(
            actor=None,
            child=child,
            recipient=recipient,
            kind="other",
            subject="Om Ella",
            body="Et brev om Ella.",
            channel="letter",
        )

    to_father = send(letters.Recipient(kind="person", name="Fie Farlig", person=father))
    to_friend = send(letters.Recipient(kind="network", name=friend.name, network_member=friend))
    by_name = send(letters.Recipient(kind="provider", name="Fie Farlig"))
    to_mother = send(letters.Recipient(kind="person", name="Mona Importsen", person=mother))

    assert to_father.status == LetterStatus.BLOCKED
    assert to_friend.status == LetterStatus.BLOCKED
    assert by_name.status == LetterStatus.BLOCKED
    assert to_mother.status == LetterStatus.SENT
    assert Event.objects.filter(kind="letter.blocked", ref=to_father.ref).exists()


@pytest.mark.django_db
def test_a_version_2_dry_run_writes_nothing():
    before = counts()

    result = cases_import(payload=valid_v2_payload(), dry_run=True)

    assert result.counts["meetings"] == 2
    assert counts() == before


@pytest.mark.django_db
def test_importing_a_version_2_file_twice_is_refused():
    cases_import(payload=valid_v2_payload())

    errors = "\n".join(failing(valid_v2_payload()))

    for path, noun, value in [
        ("children[0].cases[0].meetings[0].id", "meeting", MEETING_ID),
        ("children[0].cases[0].handovers[0].id", "handover", HANDOVER_ID),
        ("children[0].cases[0].plan_goals[0].id", "plan goal", GOAL_ID),
        ("children[0].cases[0].portal_messages[0].id", "message from a child", MESSAGE_ID),
        ("children[0].statements[0].id", "child's statement", STATEMENT_ID),
    ]:
        assert f"{path}: {noun} with id {value} already exists in the database" in errors


@pytest.mark.django_db
def test_the_export_of_an_imported_file_holds_the_same_records(world):
    cases_import(payload=valid_v2_payload())
    from stemme.accounts.models import Municipality, User

    document = cases_export(
        municipality=Municipality.objects.get(code="777"),
        user=User.objects.get(username="imp_leader"),
    )

    child = next(c for c in document["children"] if c["id"] == CHILD_ID)
    keys = {r["key"]: r["first_name"] for r in child["relations"]}
    network = {n["key"]: n["name"] for n in child["network"]}
    [restriction] = child["safety_restrictions"]
    assert [keys[k] for k in restriction["persons"]] == ["Fie"]
    assert [network[k] for k in restriction["network_members"]] == ["Svend Skummel"]
    case = child["cases"][0]
    held, following = case["meetings"]
    assert held["planned_at"] == "2026-02-06T09:00:00+01:00"
    assert following["agenda_items"][0]["topic"] == {"meeting": MEETING_ID, "index": 0}
    assert held["next_time_topics"] == [{"text": "Fodbold", "used_in": NEXT_MEETING_ID}]
    assert [keys[p["person"]] for p in held["participants"] if p["person"]] == ["Mona"]
    assert case["plan_goals"][0]["ratings"][0]["given_at"] == "2026-02-12T18:00:00+01:00"
    assert case["portal_messages"][0]["statement"] == STATEMENT_ID
    assert [s["id"] for s in child["statements"]] == [STATEMENT_ID]
    assert "safety:s1" in {e["ref"] for e in child["events"]}
    assert "secret" not in str(document)
    assert "login_id" not in str(document)


@pytest.mark.django_db
def test_a_version_1_file_keeps_version_1_rules_for_refs():
    """Version 1 had no meetings or registers in the file: their refs were not checked."""
    payload = valid_payload()
    case_of(payload)["events"].append(
        {
            "kind": "meeting.planned",
            "ref": "meeting:0b7d5c1e-3f2a-4c6b-9d8e-000000000000",
            "occurred_at": "2026-02-03T09:00:00+01:00",
            "data": {"due_on": "2026-02-10", "kind": "network"},
        }
    )
    child_of(payload)["events"].append(
        {"kind": "network.changed", "ref": "network:17", "occurred_at": "2026-02-03T09:00:00Z"}
    )

    cases_import(payload=payload)

    assert Event.objects.filter(ref="network:17").exists()


# --- Invalid version-2 files -------------------------------------------------------------------


def _participant_unknown_person(p):
    case_of(p)["meetings"][0]["participants"][1]["person"] = "ukendt"


def _restriction_unknown_person(p):
    child_of(p)["safety_restrictions"][0]["persons"] = ["nobody"]


def _restriction_unknown_member(p):
    child_of(p)["safety_restrictions"][0]["network_members"] = ["n9"]


def _duplicate_relation_key(p):
    child_of(p)["relations"][1]["key"] = "mor"


def _network_unknown_person(p):
    child_of(p)["network"][0]["person"] = "x"


def _letter_unknown_bisidder(p):
    case_of(p)["letters"][0]["bisidder"] = "b9"


def _wish_unknown_bisidder(p):
    case_of(p)["meetings"][0]["wishes"][0]["bisidder"] = "b9"


def _duplicate_profile_version(p):
    child_of(p)["participation_profiles"][1]["version"] = 1


def _duplicate_story_version(p):
    child_of(p)["stories"].append({"version": 1, "text": "Igen."})


def _carried_from_unknown_meeting(p):
    case_of(p)["meetings"][1]["agenda_items"][0]["carried_from"] = CASE_ID


def _topic_index_out_of_range(p):
    case_of(p)["meetings"][1]["agenda_items"][0]["topic"]["index"] = 5


def _used_in_unknown_meeting(p):
    case_of(p)["meetings"][0]["next_time_topics"][0]["used_in"] = CHILD_ID


def _two_feedbacks(p):
    feedback = case_of(p)["meetings"][0]["feedback"]
    feedback.append({**feedback[0], "id": "4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f8a"})


def _goal_of_unknown_plan(p):
    case_of(p)["plan_goals"][0]["plan"] = CASE_ID


def _message_unknown_statement(p):
    case_of(p)["portal_messages"][0]["statement"] = CASE_ID


def _event_unknown_meeting(p):
    case_of(p)["events"][2]["ref"] = f"meeting:{CASE_ID}"


def _event_unknown_register_key(p):
    child_of(p)["events"][1]["ref"] = "safety:s9"


def _event_other_childs_network(p):
    child_of(p)["events"][2]["ref"] = f"network:child:{CASE_ID}"


def _event_unknown_child_letter(p):
    child_of(p)["events"][3]["ref"] = f"letter:{CASE_ID}"


def _duplicate_meeting_id(p):
    case_of(p)["meetings"][1]["id"] = MEETING_ID


def _handover_unknown_user(p):
    case_of(p)["handovers"][0]["to_caseworker"] = "nobody"


def _meeting_without_place(p):
    del case_of(p)["meetings"][0]["place"]


def _unknown_importance(p):
    child_of(p)["network"][0]["importance"] = 7


def _absurd_duration(p):
    case_of(p)["meetings"][0]["duration_minutes"] = 99999


def _bad_key(p):
    child_of(p)["relations"][0]["key"] = "p 1"


def _cpr_in_other_digits(p):
    child_of(p)["cpr"] = "\u0660\u0661\u0660\u0663\u0661\u0664\u0664\u0661\u0662\u0663"


def _impossible_meeting_time(p):
    case_of(p)["meetings"][0]["starts_at"] = "2026-02-30T14:00:00+01:00"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("breaker", "expected"),
    [
        (
            _participant_unknown_person,
            "children[0].cases[0].meetings[0].participants[1].person: «ukendt» is not a key of "
            "the child's relations",
        ),
        (
            _restriction_unknown_person,
            "children[0].safety_restrictions[0].persons[0]: «nobody» is not a key of the "
            "child's relations",
        ),
        (
            _restriction_unknown_member,
            "children[0].safety_restrictions[0].network_members[0]: «n9» is not a key of the "
            "child's network",
        ),
        (
            _duplicate_relation_key,
            "children[0].relations[1].key: the key «mor» appears more than once in relations",
        ),
        (
            _network_unknown_person,
            "children[0].network[0].person: «x» is not a key of the child's relations",
        ),
        (
            _letter_unknown_bisidder,
            "children[0].cases[0].letters[0].bisidder: «b9» is not a key of the child's bisiddere",
        ),
        (
            _wish_unknown_bisidder,
            "children[0].cases[0].meetings[0].wishes[0].bisidder: «b9» is not a key",
        ),
        (
            _duplicate_profile_version,
            "children[0].participation_profiles[1].version: version 1 appears more than once",
        ),
        (_duplicate_story_version, "children[0].stories[1].version: version 1 appears"),
        (
            _carried_from_unknown_meeting,
            f"children[0].cases[0].meetings[1].agenda_items[0].carried_from: the meeting "
            f"{CASE_ID} is not one of the child's meetings in the file",
        ),
        (
            _topic_index_out_of_range,
            f"children[0].cases[0].meetings[1].agenda_items[0].topic.index: the meeting "
            f"{MEETING_ID} has no topic for next time with index 5 (it has 1)",
        ),
        (
            _used_in_unknown_meeting,
            "children[0].cases[0].meetings[0].next_time_topics[0].used_in: the meeting",
        ),
        (
            _two_feedbacks,
            "children[0].cases[0].meetings[0].feedback[1]: a meeting has at most one feedback",
        ),
        (
            _goal_of_unknown_plan,
            f"children[0].cases[0].plan_goals[0].plan: plan {CASE_ID} is not among the case's "
            "records.plans",
        ),
        (
            _message_unknown_statement,
            f"children[0].cases[0].portal_messages[0].statement: the statement {CASE_ID} is "
            "not one of the child's statements in the file",
        ),
        (
            _event_unknown_meeting,
            f"children[0].cases[0].events[2].ref: refers to meeting:{CASE_ID}, which is not "
            "among the case's meetings",
        ),
        (
            _event_unknown_register_key,
            "children[0].events[1].ref: refers to safety:s9, which is not an entry of the "
            "child's safety_restrictions",
        ),
        (_event_other_childs_network, "children[0].events[2].ref: network:child:"),
        (
            _event_unknown_child_letter,
            f"children[0].events[3].ref: refers to letter:{CASE_ID}, which is not among the "
            "child's letters without a case",
        ),
        (
            _duplicate_meeting_id,
            f"children[0].cases[0].meetings[1].id: id {MEETING_ID} appears more than once in "
            "the file (meeting)",
        ),
        (
            _handover_unknown_user,
            "children[0].cases[0].handovers[0].to_caseworker: the username «nobody» is neither",
        ),
        (_meeting_without_place, "children[0].cases[0].meetings[0].place: the field is missing"),
        (
            _unknown_importance,
            "children[0].network[0].importance: invalid value 7; allowed values: 3, 2, 1",
        ),
        (
            _absurd_duration,
            "children[0].cases[0].meetings[0].duration_minutes: must be at most 32767",
        ),
        (_bad_key, "children[0].relations[0].key: must be a key of letters, digits"),
        (_cpr_in_other_digits, "children[0].cpr: must be a CPR number of 10 digits"),
        (
            _impossible_meeting_time,
            "children[0].cases[0].meetings[0].starts_at: is not a valid time",
        ),
    ],
)
def test_invalid_version_2_files_name_the_value_and_write_nothing(world, breaker, expected):
    payload = valid_v2_payload()
    breaker(payload)

    errors = failing(payload)

    assert any(error.startswith(expected) for error in errors), errors
    where = expected.split(": ")[0]
    assert sum(error.startswith(f"{where}: ") for error in errors) == 1, "one message per problem"


# --- Hostile values ----------------------------------------------------------------------------


def _issues(payload) -> list[tuple[str, str]]:
    with pytest.raises(ImportErrors) as failure:
        cases_import(payload=payload)
    return [(issue.path, issue.code) for issue in failure.value.issues]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda p: child_of(p).update(first_name="El\x00la"), ("children[0].first_name", "nul")),
        (
            lambda p: child_of(p)["events"][0]["data"].update({"n\x00": 1}),
            ("children[0].events[0].data.n\x00", "nul"),
        ),
        (
            lambda p: case_of(p)["meetings"][0].update(place="Sko\udc80len"),
            ("children[0].cases[0].meetings[0].place", "surrogate"),
        ),
        (
            lambda p: child_of(p)["events"][0]["data"].update(score=float("nan")),
            ("children[0].events[0].data.score", "number"),
        ),
        (
            lambda p: child_of(p)["events"][0]["data"].update(big=2**70),
            ("children[0].events[0].data.big", "number"),
        ),
        (
            lambda p: case_of(p)["meetings"][0].update(summary_for_child="x" * 300_000),
            ("children[0].cases[0].meetings[0].summary_for_child", "too_long"),
        ),
        (
            lambda p: child_of(p)["events"][0].update(data={"k": {"k": {}}} | _deep(60)),
            ("children[0].events[0].data.d.d.d", "too_deep"),
        ),
        (
            lambda p: child_of(p)["events"][0].update(data={"when": dt.date(2026, 1, 1)}),
            ("children[0].events[0].data.when", "type"),
        ),
        (
            lambda p: child_of(p)["events"][0].update(
                data={f"k{i}": "x" * 20 for i in range(5000)}
            ),
            ("children[0].events[0].data", "too_large"),
        ),
    ],
)
def test_values_no_database_stores_are_refused_with_their_path(world, change, expected):
    payload = valid_v2_payload()
    change(payload)
    before = counts()

    issues = _issues(payload)

    path, code = expected
    assert any(found.startswith(path) and kind == code for found, kind in issues), issues
    assert counts() == before


def _deep(levels: int) -> dict:
    value: dict = {}
    for _level in range(levels):
        value = {"d": value}
    return value


@pytest.mark.django_db
def test_a_payload_that_is_not_an_object_is_an_error_not_a_crash():
    with pytest.raises(ImportErrors) as failure:
        cases_import(payload=["not", "a", "file"])
    assert failure.value.errors[0].startswith("the file: must be an object")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("[" * 200_000 + "]" * 200_000, "too_deep"),
        ('{"version": ' + "9" * 5000 + "}", "number"),
        (b'{"a": "\xff"}', "encoding"),
        ('{"a": 1', "json"),
    ],
)
def test_parsing_refuses_absurd_json_with_a_message(raw, code):
    with pytest.raises(ImportErrors) as failure:
        payload_parse(raw)
    assert failure.value.issues[0].code == code


def test_parsing_refuses_a_file_too_large():
    with pytest.raises(ImportErrors) as failure:
        payload_parse(b"{}" * 100, max_bytes=10)
    assert failure.value.issues[0].code == "too_large"
    assert "Split it into several files" in failure.value.errors[0]


# --- The export reads a fixed number of queries -------------------------------------------------


def _meetings(world, count: int) -> None:
    from stemme.interchange.tests.conftest import plan_meeting
    from stemme.meetings import services as meetings

    person = world.child.relations.first().person if world.child.relations.exists() else None
    for number in range(count):
        meeting = plan_meeting(world, world.case, hours=24 * (number + 1))
        meetings.meeting_agenda_item_add(
            actor=world.assigned_caseworker,
            meeting=meeting,
            text=f"Punkt {number}",
            from_child=True,
        )
        if person is not None:
            meetings.meeting_participant_add(
                actor=world.assigned_caseworker,
                meeting=meeting,
                kind="person",
                person=person,
                role_for_child="Mor",
            )
        meetings.meeting_send_agenda(
            actor=world.assigned_caseworker, meeting=meeting, channel="portal"
        )


def _export_queries(world) -> int:
    with CaptureQueriesContext(connection) as queries:
        document, _children = municipality_export(municipality=world.municipality)
    return len(queries), document


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_the_number_of_meetings(history):
    _meetings(history, 2)
    few, document = _export_queries(history)
    _meetings(history, 10)

    many, bigger = _export_queries(history)

    zenia = lambda doc: next(c for c in doc["children"] if c["first_name"] == "Zenia")  # noqa: E731
    assert (
        len(zenia(bigger)["cases"][0]["meetings"])
        == len(zenia(document)["cases"][0]["meetings"]) + 10
    )
    assert many == few
    assert few < 60


def test_parsing_refuses_a_field_name_twice_in_one_object_with_its_path():
    raw = (
        '{"version": 2, "version": 2, "children": [{"id": "a"}, '
        '{"id": "b", "cases": [{"status": "open", "status": "closed"}]}]}'
    )
    with pytest.raises(ImportErrors) as failure:
        payload_parse(raw)
    issues = [(issue.path, issue.code) for issue in failure.value.issues]
    assert issues == [
        ("version", "duplicate_key"),
        ("children[1].cases[0].status", "duplicate_key"),
    ]
    with translation.override("da"), pytest.raises(ImportErrors) as failure:
        payload_parse(raw)
    assert str(failure.value.issues[1]) == (
        "children[1].cases[0].status: feltet “status” forekommer mere end én gang i samme "
        "objekt; hvert felt må kun forekomme én gang"
    )


def test_parsing_keeps_equal_field_names_in_different_objects():
    assert payload_parse('{"a": {"id": 1}, "b": {"id": 2}}') == {"a": {"id": 1}, "b": {"id": 2}}


def test_a_problem_with_the_whole_file_is_named_in_danish():
    from stemme.interchange.errors import ImportIssue

    with translation.override("da"):
        assert str(ImportIssue("", "skal være et objekt")) == "filen: skal være et objekt"
