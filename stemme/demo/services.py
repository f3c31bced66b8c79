"""Writing the demo plan to the database.

The demo writer bypasses the per-row services (``child_create``, ``case_open``, ...) on purpose:
they write one row and one event at a time, and 10,000 children would take minutes. Instead it
``bulk_create``s the plan table by table in one transaction, and because it is the service that
records this (imported) history, it writes the plan's events itself, with ``occurred_at`` set to
when each thing happened in the case and ``actor`` to the caseworker or leader who did it.
"""

import datetime as dt
import functools
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q

from stemme.accounts.models import Municipality, Team, User
from stemme.audit.event_kinds import EVENT_KINDS
from stemme.audit.models import Event
from stemme.cases.models import Case, CaseworkerAssignment
from stemme.children.models import Child, ChildRelation, Person
from stemme.demo.plan import (
    DEMO_MUNICIPALITY_CODE,
    DEMO_MUNICIPALITY_NAME,
    DEMO_PASSWORD,
    DemoPlan,
    build_demo_plan,
)

# Django already splits a bulk insert to stay under SQLite's 999 variables per statement; this
# bounds the rows per batch on PostgreSQL too, and the Python objects held per batch.
BATCH_SIZE = 800


class DemoDataExists(Exception):
    """The database already holds the demo municipality (or one of the demo's usernames).

    The message is Danish: the seed_demo command shows it to the operator as it is.
    """


@dataclass(frozen=True)
class DemoSeedResult:
    created: bool
    counts: dict[str, int]
    plan_seconds: float = 0.0
    write_seconds: float = 0.0


@functools.cache
def _demo_password_hash() -> str:
    # One hash for every demo user: hashing takes a good fraction of a second each time, and all
    # demo users share the published password anyway.
    return make_password(DEMO_PASSWORD)


def demo_exists() -> bool:
    return Municipality.objects.filter(
        Q(name=DEMO_MUNICIPALITY_NAME) | Q(code=DEMO_MUNICIPALITY_CODE)
    ).exists()


def demo_seed(*, children: int, seed: int, today: dt.date, if_empty: bool) -> DemoSeedResult:
    """Build and write the demo municipality; with ``if_empty``, only into an empty database.

    Raises DemoDataExists when the demo municipality is already there (and ``if_empty`` is off).
    """
    if if_empty and Municipality.objects.exists():
        return DemoSeedResult(created=False, counts={})
    if demo_exists():  # checked before spending seconds on the plan; demo_write checks again
        raise DemoDataExists(f"{DEMO_MUNICIPALITY_NAME} findes allerede")
    started = time.perf_counter()
    plan = build_demo_plan(children=children, seed=seed, today=today)
    planned = time.perf_counter()
    counts = demo_write(plan)
    return DemoSeedResult(
        created=True,
        counts=counts,
        plan_seconds=planned - started,
        write_seconds=time.perf_counter() - planned,
    )


def demo_write(plan: DemoPlan, *, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Write ``plan`` in one transaction and return the number of rows per table."""
    unknown = {event.kind for event in plan.events} - EVENT_KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown event kinds in the demo plan: {sorted(unknown)}")
    password = _demo_password_hash()

    def bulk(model, rows: list) -> list:
        return model.objects.bulk_create(rows, batch_size=batch_size)

    with transaction.atomic():
        if demo_exists():
            raise DemoDataExists(f"{DEMO_MUNICIPALITY_NAME} findes allerede")
        usernames = [staff.username for staff in plan.staff]
        taken = sorted(
            User.objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        if taken:
            raise DemoDataExists(f"brugernavnene findes allerede: {', '.join(taken)}")

        municipality = Municipality.objects.create(
            name=plan.municipality.name,
            code=plan.municipality.code,
            caseworkers_see_team_children=plan.municipality.caseworkers_see_team_children,
        )
        teams = bulk(
            Team, [Team(municipality_id=municipality.pk, name=team.name) for team in plan.teams]
        )
        team_ids = {team.key: row.pk for team, row in zip(plan.teams, teams, strict=True)}

        users = bulk(
            User,
            [
                User(
                    username=staff.username,
                    password=password,
                    municipality_id=municipality.pk,
                    role=staff.role,
                    first_name=staff.first_name,
                    last_name=staff.last_name,
                    email=staff.email,
                    job_title=staff.job_title,
                    phone=staff.phone,
                )
                for staff in plan.staff
            ],
        )
        user_ids = {staff.username: row.pk for staff, row in zip(plan.staff, users, strict=True)}
        membership = User.teams.through
        bulk(
            membership,
            [
                membership(user_id=user_ids[staff.username], team_id=team_ids[key])
                for staff in plan.staff
                for key in staff.team_keys
            ],
        )

        bulk(
            Child,
            [
                Child(
                    id=child.id,
                    municipality_id=municipality.pk,
                    first_name=child.first_name,
                    last_name=child.last_name,
                    birth_date=child.birth_date,
                    cpr=child.cpr,
                    gender=child.gender,
                )
                for child in plan.children
            ],
        )
        persons = bulk(
            Person,
            [
                Person(
                    municipality_id=municipality.pk,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    phone=person.phone,
                    email=person.email,
                    address=person.address,
                )
                for person in plan.persons
            ],
        )
        # bulk_create fills in the new primary keys (RETURNING on SQLite and PostgreSQL).
        person_ids = [row.pk for row in persons]
        bulk(
            ChildRelation,
            [
                ChildRelation(
                    child_id=relation.child_id,
                    person_id=person_ids[relation.person_key],
                    relation=relation.relation,
                    has_custody=relation.has_custody,
                    note=relation.note,
                )
                for relation in plan.relations
            ],
        )
        bulk(
            Case,
            [
                Case(
                    id=case.id,
                    child_id=case.child_id,
                    team_id=team_ids[case.team_key],
                    stage=case.stage,
                    opened_on=case.opened_on,
                    awareness_date=case.awareness_date,
                    closed_on=case.closed_on,
                    version=case.version,
                )
                for case in plan.cases
            ],
        )
        bulk(
            CaseworkerAssignment,
            [
                CaseworkerAssignment(
                    case_id=assignment.case_id,
                    caseworker_id=user_ids[assignment.caseworker],
                    role=assignment.role,
                    started_on=assignment.started_on,
                    ended_on=assignment.ended_on,
                )
                for assignment in plan.assignments
            ],
        )
        bulk(
            Event,
            [
                Event(
                    occurred_at=event.occurred_at,
                    actor_id=user_ids[event.actor] if event.actor else None,
                    municipality_id=municipality.pk,
                    child_id=event.child_id,
                    case_id=event.case_id,
                    kind=event.kind,
                    data=event.data,
                )
                for event in plan.events
            ],
        )
    return plan.counts()
