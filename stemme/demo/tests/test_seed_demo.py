"""The demo generator: a reproducible plan, valid synthetic data, and a writer and command that
leave the database consistent."""

import collections
import datetime as dt
import functools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from stemme.access.selectors import children_visible_to
from stemme.accounts.models import Municipality, Role, Team, User
from stemme.audit.event_kinds import EVENT_KINDS
from stemme.audit.models import Event
from stemme.cases.models import AssignmentRole, Case, CaseworkerAssignment, Stage
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child, ChildRelation, Gender, Person, Relation
from stemme.demo.plan import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DemoPlan,
    build_demo_plan,
    cpr_mod11_sum,
)
from stemme.demo.services import DemoDataExists, demo_write

TODAY = dt.date(2026, 1, 15)


@functools.cache
def plan_for(children: int, seed: int = 1) -> DemoPlan:
    """Plans are pure, so tests share them instead of rebuilding."""
    return build_demo_plan(children=children, seed=seed, today=TODAY)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def table_counts() -> dict[str, int]:
    models = [Municipality, Team, User, Child, Person, ChildRelation, Case, CaseworkerAssignment]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["Event"] = Event.objects.count()
    counts["memberships"] = User.teams.through.objects.count()
    return counts


# --- The plan ----------------------------------------------------------------------------------


def test_same_arguments_give_the_same_plan():
    first = build_demo_plan(children=30, seed=7, today=TODAY)
    second = build_demo_plan(children=30, seed=7, today=TODAY)
    assert first == second
    assert [child.id for child in first.children] == [child.id for child in second.children]


def test_another_seed_gives_another_plan():
    first = build_demo_plan(children=30, seed=7, today=TODAY)
    other = build_demo_plan(children=30, seed=8, today=TODAY)
    assert first != other
    assert {child.cpr for child in first.children} != {child.cpr for child in other.children}
    assert {child.id for child in first.children}.isdisjoint({child.id for child in other.children})


def test_too_few_children_is_refused():
    with pytest.raises(ValueError, match="at least"):
        build_demo_plan(children=9, seed=1, today=TODAY)


def test_the_plan_uses_only_values_the_models_accept():
    plan = plan_for(200)
    assert {staff.role for staff in plan.staff} == set(Role.values)
    assert {child.gender for child in plan.children} <= {*Gender.values, ""}
    assert {relation.relation for relation in plan.relations} <= set(Relation.values)
    assert {case.stage for case in plan.cases} <= set(Stage.values)
    assert {assignment.role for assignment in plan.assignments} <= set(AssignmentRole.values)
    assert {event.kind for event in plan.events} <= EVENT_KINDS.keys()


def test_cpr_numbers_are_valid_synthetic_and_unique():
    plan = plan_for(1000)
    numbers = [child.cpr for child in plan.children]
    assert len(set(numbers)) == len(numbers)
    for child in plan.children:
        assert cpr_numbers.validate(child.cpr) == child.cpr
        assert cpr_numbers.birth_date(child.cpr) == child.birth_date
        # Fails the old modulus-11 check, so it cannot be mistaken for a real person's number.
        assert cpr_mod11_sum(child.cpr) % 11 != 0
        last_digit = int(child.cpr[-1])
        if child.gender == Gender.BOY:
            assert last_digit % 2 == 1
        if child.gender == Gender.GIRL:
            assert last_digit % 2 == 0


def test_children_are_0_to_17_years_old_and_spread():
    plan = plan_for(1000)
    ages = [age_on(child.birth_date, TODAY) for child in plan.children]
    assert min(ages) >= 0
    assert max(ages) <= 17
    assert len(set(ages)) == 18
    assert all(child.birth_date <= TODAY for child in plan.children)


def test_every_child_has_parents_and_a_network():
    plan = plan_for(200)
    relations = collections.defaultdict(list)
    for relation in plan.relations:
        relations[relation.child_id].append(relation)
    for child in plan.children:
        linked = relations[child.id]
        assert any(r.relation in Relation.parental() and r.has_custody for r in linked)
        assert 1 <= sum(r.relation not in Relation.parental() for r in linked) <= 4
    person_keys = [relation.person_key for relation in plan.relations]
    assert sorted(person_keys) == list(range(len(plan.persons)))


def test_assignment_invariants():
    plan = plan_for(1000)
    staff = {member.username: member for member in plan.staff}
    by_case = collections.defaultdict(list)
    for assignment in plan.assignments:
        by_case[assignment.case_id].append(assignment)
        assert staff[assignment.caseworker].role == Role.CASEWORKER
        assert assignment.ended_on is None or assignment.ended_on >= assignment.started_on
    for case in plan.cases:
        assignments = by_case[case.id]
        current = [a for a in assignments if a.ended_on is None]
        assert len(current) == len({a.role for a in current}), "one current per role"
        for assignment in assignments:
            assert assignment.started_on >= case.opened_on
            assert staff[assignment.caseworker].team_keys == (case.team_key,)
        if case.stage == Stage.CLOSED:
            assert not current
            assert case.closed_on is not None
            assert all(a.ended_on <= case.closed_on for a in assignments)
        else:
            assert case.closed_on is None
            assert [a.role for a in current].count(AssignmentRole.PRIMARY) == 1
        # Primary caseworkers follow each other without gaps or overlaps.
        primaries = sorted(
            (a for a in assignments if a.role == AssignmentRole.PRIMARY), key=lambda a: a.started_on
        )
        for before, after in zip(primaries, primaries[1:], strict=False):
            assert before.ended_on == after.started_on


def test_caseloads_secondaries_and_changes_are_realistic():
    plan = plan_for(2000)
    open_cases = [case for case in plan.cases if case.stage != Stage.CLOSED]
    by_case = collections.defaultdict(list)
    for assignment in plan.assignments:
        by_case[assignment.case_id].append(assignment)
    loads = collections.Counter(
        a.caseworker for a in plan.assignments if a.role == "primary" and a.ended_on is None
    )
    assert 15 <= min(loads.values()) <= max(loads.values()) <= 25
    with_secondary = [
        case
        for case in open_cases
        if any(a.role == "secondary" and a.ended_on is None for a in by_case[case.id])
    ]
    assert 0.25 < len(with_secondary) / len(open_cases) < 0.45
    older = [case for case in open_cases if (TODAY - case.opened_on).days > 365]
    changed = [case for case in older if sum(a.role == "primary" for a in by_case[case.id]) > 1]
    assert 0.3 < len(changed) / len(older) < 0.5
    closed = [case for case in plan.cases if case.stage == Stage.CLOSED]
    assert 0.1 < len(closed) / len(plan.children) < 0.2
    assert len(open_cases) == len(plan.children)
    teams = collections.Counter(s.team_keys for s in plan.staff if s.role == Role.CASEWORKER)
    assert all(8 <= size <= 10 for size in teams.values())


def test_events_are_ordered_dated_in_the_past_and_match_the_case():
    plan = plan_for(300)
    occurred = [event.occurred_at for event in plan.events]
    assert occurred == sorted(occurred)
    assert all(event.occurred_at.tzinfo is not None for event in plan.events)
    assert all(event.occurred_at.date() < TODAY for event in plan.events)
    by_case = collections.defaultdict(list)
    for event in plan.events:
        if event.case_id:
            by_case[event.case_id].append(event)
    for case in plan.cases:
        events = by_case[case.id]
        kinds = [event.kind for event in events]
        assert kinds[:2] == ["underretning.received", "case.opened"]
        assert events[0].occurred_at.date() == case.awareness_date
        assert events[1].occurred_at.date() == case.opened_on
        changes = [
            e.data["stage"] for e in events if e.kind in ("case.stage_changed", "case.closed")
        ]
        assert (changes[-1] if changes else Stage.RECEIVED) == case.stage
        assert case.version == 1 + len(changes)
        if case.stage == Stage.CLOSED:
            assert kinds[-1] == "case.closed"
            assert events[-1].occurred_at.date() == case.closed_on
    per_child = collections.Counter(event.child_id for event in plan.events)
    assert set(per_child) == {child.id for child in plan.children}
    assert 8 <= sum(per_child.values()) / len(per_child) <= 20


def test_fixed_logins_and_the_first_caseworkers_caseload():
    plan = plan_for(200)
    staff = {member.username: member for member in plan.staff}
    assert [username for username, _ in DEMO_LOGINS] == [
        "raadgiver",
        "raadgiver2",
        "leder",
        "admin",
    ]
    assert staff["raadgiver"].role == Role.CASEWORKER
    assert staff["raadgiver2"].role == Role.CASEWORKER
    assert staff["leder"].role == Role.TEAM_LEADER
    assert staff["admin"].role == Role.ADMINISTRATOR
    assert staff["raadgiver"].team_keys == staff["leder"].team_keys == (0,)
    assert staff["raadgiver2"].team_keys == (1,)
    assert staff["admin"].team_keys == ()
    leaders = collections.Counter(s.team_keys for s in plan.staff if s.role == Role.TEAM_LEADER)
    assert set(leaders.values()) == {1}
    assert len(leaders) == len(plan.teams)
    assert all(s.email.endswith("@stemmeby.dk") and s.phone and s.job_title for s in plan.staff)

    cases = {case.id: case for case in plan.cases}
    mine = [a for a in plan.assignments if a.caseworker == "raadgiver" and a.role == "primary"]
    current = [cases[a.case_id] for a in mine if a.ended_on is None]
    assert 15 <= len(current) <= 25
    assert len({case.stage for case in current}) >= 8
    current_ids = {case.id for case in current}
    secondaries = [
        a
        for a in plan.assignments
        if a.case_id in current_ids and a.role == "secondary" and a.ended_on is None
    ]
    assert len(secondaries) >= 2
    taken_over = {a.case_id for a in plan.assignments if a.case_id in current_ids and a.ended_on}
    assert taken_over, "raadgiver took over at least one case from a colleague"


@pytest.mark.parametrize("children", [10, 11, 40])
def test_fixed_logins_exist_for_small_demos(children):
    plan = build_demo_plan(children=children, seed=3, today=TODAY)
    usernames = {member.username for member in plan.staff}
    assert {username for username, _ in DEMO_LOGINS} <= usernames
    assert any(a.caseworker == "raadgiver" and a.ended_on is None for a in plan.assignments)


# --- Writing it --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_writing_a_small_plan():
    plan = plan_for(40)
    counts = demo_write(plan)

    municipality = Municipality.objects.get(name="Stemmeby Kommune")
    assert municipality.code == "999"
    assert municipality.caseworkers_see_team_children is False
    assert counts == plan.counts()
    assert table_counts() == {
        "Municipality": 1,
        "Team": len(plan.teams),
        "User": len(plan.staff),
        "Child": 40,
        "Person": len(plan.persons),
        "ChildRelation": len(plan.relations),
        "Case": len(plan.cases),
        "CaseworkerAssignment": len(plan.assignments),
        "Event": len(plan.events),
        "memberships": len(plan.staff) - 1,  # everyone but the administrator is on a team
    }
    assert set(Event.objects.values_list("kind", flat=True)) <= EVENT_KINDS.keys()
    assert not Event.objects.exclude(municipality=municipality).exists()
    # Actors are the staff who did it; the timeline reads like the services wrote it.
    assert not Event.objects.filter(actor__isnull=True).exists()
    assert Case.objects.filter(stage=Stage.CLOSED, closed_on__isnull=True).count() == 0

    # The rows pass the models' own validation.
    for child in Child.objects.all():
        child.full_clean()
    for person in Person.objects.all():
        person.full_clean()
    for case in Case.objects.all():
        case.full_clean()
    # Every open case's team is its current primary caseworker's team.
    for assignment in CaseworkerAssignment.objects.filter(
        role=AssignmentRole.PRIMARY, ended_on__isnull=True
    ).select_related("case", "caseworker"):
        assert assignment.case.team in assignment.caseworker.teams.all()
    assert (
        Case.objects.exclude(stage=Stage.CLOSED)
        .annotate(
            primaries=Count(
                "assignments",
                filter=Q(assignments__role="primary", assignments__ended_on__isnull=True),
            )
        )
        .exclude(primaries=1)
        .count()
        == 0
    )


@pytest.mark.django_db
def test_written_logins_work_and_see_what_their_role_allows():
    demo_write(plan_for(40))
    users = {
        user.username: user
        for user in User.objects.filter(username__in=[u for u, _ in DEMO_LOGINS])
    }
    assert len(users) == 4
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
    # One hash for everybody (hashing is slow): the same salt and hash string.
    assert len(set(User.objects.values_list("password", flat=True))) == 1

    raadgiver, raadgiver2 = users["raadgiver"], users["raadgiver2"]
    assert list(raadgiver.teams.values_list("name", flat=True)) == ["Team Nord"]
    assert list(raadgiver2.teams.values_list("name", flat=True)) == ["Team Syd"]
    assert list(users["leder"].teams.values_list("name", flat=True)) == ["Team Nord"]

    mine = set(children_visible_to(raadgiver).values_list("pk", flat=True))
    theirs = set(children_visible_to(raadgiver2).values_list("pk", flat=True))
    assert mine
    assert theirs
    assert mine.isdisjoint(theirs)
    assert mine <= set(children_visible_to(users["leder"]).values_list("pk", flat=True))
    assert not children_visible_to(users["admin"]).exists()


@pytest.mark.django_db
def test_writing_twice_is_refused():
    demo_write(plan_for(40))
    before = table_counts()
    with pytest.raises(DemoDataExists):
        demo_write(plan_for(40))
    assert table_counts() == before


@pytest.mark.django_db
def test_a_taken_demo_username_stops_the_write_before_anything_is_written():
    User.objects.create_user(username="admin", password="another-password-123")
    before = table_counts()
    with pytest.raises(DemoDataExists, match="admin"):
        demo_write(plan_for(40))
    assert table_counts() == before


# --- The command -------------------------------------------------------------------------------


def run_seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_creates_the_demo_and_prints_a_summary():
    output = run_seed("--children", "20", "--seed", "2", "--today", "2026-01-15")
    assert Child.objects.count() == 20
    assert "Stemmeby Kommune" in output
    assert "raadgiver" in output
    assert "events" in output


@pytest.mark.django_db
def test_if_empty_leaves_a_populated_database_unchanged():
    run_seed("--children", "20", "--today", "2026-01-15")
    before = table_counts()
    output = run_seed("--children", "30", "--if-empty")
    assert "springes over" in output
    assert table_counts() == before


@pytest.mark.django_db
def test_if_empty_skips_any_municipality_not_only_the_demo():
    Municipality.objects.create(name="Andenby Kommune", code="902")
    run_seed("--children", "20", "--if-empty")
    assert not Municipality.objects.filter(name="Stemmeby Kommune").exists()


@pytest.mark.django_db
def test_second_run_without_if_empty_fails():
    run_seed("--children", "20", "--today", "2026-01-15")
    before = table_counts()
    with pytest.raises(CommandError, match="Stemmeby Kommune findes allerede"):
        run_seed("--children", "20", "--today", "2026-01-15")
    assert table_counts() == before


@pytest.mark.parametrize(
    "args",
    [
        ["--children", "5"],
        ["--children", "tyve"],
        ["--today", "15-01-2026"],
        ["--seed", "x"],
    ],
)
@pytest.mark.django_db
def test_bad_arguments_are_command_errors(args):
    with pytest.raises(CommandError):
        run_seed(*args)
    assert not Municipality.objects.exists()
