"""The right-of-access export contains every record about the child and every access to it.

Proved generically: for every model with a foreign-key path to the child (directly, or through a
case, a meeting, a plan goal, a portal account …), every row linked to the child must be in the
export under its model and id; every event of the child and every access-log row about the child
must be there too. Two children are checked: the protected child of the test world after every
access-matrix entry has built what its page needs (meetings, wishes, letters, restrictions,
handovers, messages …) plus what no matrix entry makes, and every child of the demo municipality
(all the statutory steps, conversations, portal accounts …). Together they must give rows in
every model linked to a child, so a new model is not silently left out of the proof.
"""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from stemme.access.selectors import children_visible_to
from stemme.access.tests import test_access_matrix as matrix
from stemme.accounts.models import User
from stemme.audit.models import AccessAction, AccessLog, Event
from stemme.cases.models import Case, PlanGoal
from stemme.cases.services import steps
from stemme.children.models import Child, ChildRelation, Person

# Models shown in sections of their own, or that are never "about" one child.
NOT_RECORDS = {Event, AccessLog, Child}


def _linked_rows(child) -> dict[str, set[str]]:
    """{model label: ids} of every row with a foreign-key path to ``child``, breadth first from
    the child over the reverse foreign keys (written apart from the export's own walk)."""
    found: dict = {Child: {child.pk}}
    frontier = [Child]
    while frontier:
        target = frontier.pop()
        for model in apps.get_models():
            if model in NOT_RECORDS or model is Person:
                continue
            fks = [
                f.attname
                for f in model._meta.concrete_fields
                if f.many_to_one and f.related_model is target
            ]
            if not fks:
                continue
            condition = Q()
            for name in fks:
                condition |= Q(**{f"{name}__in": list(found[target])})
            ids = set(model._default_manager.filter(condition).values_list("pk", flat=True))
            if ids - found.get(model, set()):
                found[model] = found.get(model, set()) | ids
                frontier.append(model)
    found.pop(Child)
    return {model._meta.label: {str(pk) for pk in ids} for model, ids in found.items() if ids}


def _models_linked_to_a_child() -> set[str]:
    """Every model with a foreign-key path to Child (whether or not it has rows)."""
    linked = {Child}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in linked or model in NOT_RECORDS or model is Person:
                continue
            if any(
                f.many_to_one and f.related_model in linked for f in model._meta.concrete_fields
            ):
                linked.add(model)
                changed = True
    return {model._meta.label for model in linked - {Child}}


def _export(client, user, child) -> dict:
    client.force_login(user)
    response = client.post(
        reverse("privacy:export", kwargs={"child_id": child.pk}), {"format": "json"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def _withheld(linked: dict[str, set[str]]) -> dict[str, set[str]]:
    """The rows an export leaves out until reviewed: a model's WITHHELD_FROM_ACCESS_EXPORT rows
    (internal journal notes) and the rows that hang on them (their versions), found apart from
    the export's own code."""
    withheld: dict[str, set[str]] = {}
    for label, ids in linked.items():
        model = apps.get_model(label)
        condition = getattr(model, "WITHHELD_FROM_ACCESS_EXPORT", None)
        if condition is not None:
            found = model._default_manager.filter(condition, pk__in=list(ids))
            withheld[label] = {str(pk) for pk in found.values_list("pk", flat=True)}
    for label, ids in linked.items():
        model = apps.get_model(label)
        for field in model._meta.concrete_fields:
            gone = field.many_to_one and withheld.get(field.related_model._meta.label)
            if gone:
                hanging = model._default_manager.filter(
                    pk__in=list(ids), **{f"{field.attname}__in": list(gone)}
                )
                withheld.setdefault(label, set()).update(
                    str(pk) for pk in hanging.values_list("pk", flat=True)
                )
    return withheld


def _assert_complete(document: dict, child) -> None:
    exported = {label: {r["id"] for r in rows} for label, rows in document["records"].items()}
    linked = _linked_rows(child)
    withheld = _withheld(linked)
    for label, ids in linked.items():
        missing = ids - exported.get(label, set()) - withheld.get(label, set())
        assert not missing, (label, "rows about the child missing from the export", missing)
        assert not (withheld.get(label, set()) & exported.get(label, set())), (label, "withheld")
    assert document["child"]["id"] == str(child.pk)
    # Every person a record of the child points to.
    person_ids = {p["id"] for p in document["persons"]}
    relations = ChildRelation.objects.filter(child=child)
    relation_people = {str(pk) for pk in relations.values_list("person_id", flat=True)}
    assert relation_people
    assert relation_people <= person_ids
    # Every event of the child and of the child's cases.
    cases = Case.objects.filter(child=child)
    events = Event.objects.filter(Q(child=child) | Q(case__in=cases))
    assert {e["id"] for e in document["events"]} == set(events.values_list("pk", flat=True))
    # Every access to the child, row by row and as the portal shows it.
    logs = AccessLog.objects.filter(child=child)
    assert {r["id"] for r in document["access_log"]} >= set(logs.values_list("pk", flat=True))
    assert sum(line["times"] for line in document["access_insight"]) == logs.count()
    # No secrets.
    text = json.dumps(document)
    for secret in ("secret_hash", "code_hash", "pbkdf2_sha256", "password"):
        assert secret not in text


# Which models each world gives rows (checked by the tests below).
WORLD_COVERS = {
    "access.EmergencyAccess",
    "cases.Case",
    "cases.CaseworkerAssignment",
    "cases.Closure",
    "cases.Decision",
    "cases.GoalRating",
    "cases.Hearing",
    "cases.HearingParty",
    "cases.Intake",
    "cases.Plan",
    "cases.PlanGoal",
    "children.ChildRelation",
    "children.PortalAccount",
    "continuity.ChildStory",
    "continuity.Handover",
    "deadlines.Obligation",
    "documents.Document",
    "journal.JournalNote",
    "journal.JournalNoteVersion",
    "letters.Letter",
    "meetings.AgendaItem",
    "meetings.Meeting",
    "meetings.MeetingFeedback",
    "meetings.MeetingParticipant",
    "meetings.MeetingWish",
    "participation.Bisidder",
    "participation.ChildStatement",
    "participation.NetworkMember",
    "participation.ParticipationProfile",
    "participation.PortalMessage",
    "participation.SafetyRestriction",
    "oversight.Review",
    "oversight.ReviewAction",
    "oversight.ReviewAnswer",
    "portal.ActivationCode",
    "privacy.ArchiveHold",
}
DEMO_COVERS = {
    "cases.FollowUp",
    "cases.Investigation",
    "cases.Measure",
    "cases.Milestone",
    "cases.Screening",
    "cases.StartUpMeeting",
    "cases.SupervisionVisit",
    "meetings.NextTimeTopic",
    "participation.Conversation",
    "participation.RightsInformation",
    # Invited to the demo's finished youth-survey rounds (the answers have no link to a child).
    "survey.Invitation",
}


# --- The test world's child, made rich ----------------------------------------------------------


def _things_no_matrix_entry_makes(world) -> None:
    from stemme.cases.services import goals
    from stemme.continuity.services import story_update
    from stemme.meetings.tests.factories import held_with_summary
    from stemme.oversight.services import review_record, sample_draw
    from stemme.participation.services import registers
    from stemme.portal.services import meetings as portal_meetings
    from stemme.portal.services.plan import goal_rate
    from stemme.portal.testing import active_account
    from stemme.privacy.services import archive_hold_set

    tove = world.assigned_caseworker
    registers.profile_update(
        actor=tove, child=world.child, expected_version=0, communication="Tegner gerne"
    )
    story_update(actor=tove, child=world.child, expected_version=0, text="Zenias historie")
    account = active_account(world)
    portal_meetings.meeting_feedback_give(
        account=account, meeting=held_with_summary(world), smiley=4, words="Godt 👍"
    )
    steps.plan_make(
        actor=tove, case=world.case, kind="barnets_plan", made_on=timezone.localdate(), summary="X"
    )
    goal = goals.goal_add(actor=tove, case=world.case, words="Gå i skole hver dag")
    goal_rate(account=account, goal=goal, rating=3, words="Det går")
    archive_hold_set(actor=world.leader, child=world.child, reason="Udvalgt til bevaring")
    review = next(
        r
        for r in sample_draw(actor=world.leader, month=timezone.localdate(), kind="random")
        if r.case_id == world.case.pk
    )
    review_record(
        actor=world.leader,
        review=review,
        version=review.version,
        answers={"r5": ("no", "Barnets ord mangler")},
        summary="Gennemgået",
        actions=[("r5", "Skriv barnets ord ind", timezone.localdate() + dt.timedelta(days=7))],
    )


@pytest.fixture
def rich_world(world_with_report):
    world = world_with_report
    _things_no_matrix_entry_makes(world)
    for entries in matrix.MATRIX.values():
        for entry in entries:
            if entry.setup is None:
                continue
            try:
                with transaction.atomic():
                    entry.setup(world)
            except Exception:  # noqa: BLE001, S112 - a setup that clashes with an earlier one
                continue
    steps.case_close(
        actor=world.assigned_caseworker,
        case=world.case,
        closed_on=timezone.localdate(),
        purpose_achieved="Ja",
        if_worry_returns="Ring til os",
    )
    return world


world_with_report = matrix.world_with_report


def test_the_export_holds_every_record_and_every_access_of_a_rich_child(client, rich_world):
    world = rich_world
    # Some ordinary access first, by two people.
    client.force_login(world.leader)
    client.get(reverse("children:detail", kwargs={"child_id": world.child.pk}))

    document = _export(client, world.assigned_caseworker, world.child)

    _assert_complete(document, world.child)
    assert set(_linked_rows(world.child)) >= WORLD_COVERS
    own = [r for r in document["access_log"] if r["action"] == AccessAction.EXPORT]
    assert len(own) == 1  # the export includes its own access
    assert own[0]["purpose"] == "right_of_access"
    assert any(line["what_key"] == "export" for line in document["access_insight"])
    assert all("Tove" not in line["who"] for line in document["access_insight"])  # no names
    # The safety restriction's person is flagged for review.
    flagged = [p for p in document["persons"] if p.get("_review")]
    assert flagged
    assert document["for_review_by_the_authority"]


@pytest.fixture
def demo(db):
    from stemme.demo.services import demo_seed

    demo_seed(children=10, seed=1, today=dt.date(2026, 1, 15), if_empty=False)
    return User.objects.get(username="leder")


def test_the_export_of_every_demo_child_is_complete(client, demo):
    staff = list(User.objects.filter(municipality=demo.municipality).order_by("username"))
    children = list(Child.objects.filter(municipality=demo.municipality))
    assert len(children) == 10
    covered = set()
    for child in children:
        user = next(u for u in staff if children_visible_to(u).filter(pk=child.pk).exists())
        _assert_complete(_export(client, user, child), child)
        covered |= set(_linked_rows(child))
    assert covered >= DEMO_COVERS


def test_together_the_two_worlds_cover_every_model_about_a_child():
    """A new model linked to a child must get rows in one of the two worlds above (add it to
    what they build, and to the list); otherwise the completeness tests would pass without
    ever looking at it."""
    assert _models_linked_to_a_child() <= WORLD_COVERS | DEMO_COVERS


def test_the_portal_account_and_goal_ratings_of_the_child_are_in_the_export(client, rich_world):
    document = _export(client, rich_world.assigned_caseworker, rich_world.child)
    goal_ids = set(PlanGoal.objects.filter(plan__case=rich_world.case).values_list("pk", flat=True))
    assert {r["id"] for r in document["records"]["cases.PlanGoal"]} == {str(pk) for pk in goal_ids}
    assert document["records"]["cases.GoalRating"]
    assert document["records"]["meetings.MeetingFeedback"][0]["words"] == "Godt 👍"


def test_records_of_another_child_are_not_exported(client, rich_world):
    document = _export(client, rich_world.assigned_caseworker, rich_world.child)
    other_case = str(Case.objects.get(child=rich_world.other_child).pk)
    text = json.dumps(document)
    assert str(rich_world.other_child.pk) not in text
    assert other_case not in text
    assert rich_world.other_child.first_name not in text


def test_the_export_is_dated_for_review(client, world):
    document = _export(client, world.assigned_caseworker, world.child)
    generated = dt.datetime.fromisoformat(document["generated_at"])
    assert abs((timezone.now() - generated).total_seconds()) < 60
    assert document["format"] == "stemme-right-of-access-1"
