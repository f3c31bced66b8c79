"""Reads for "my caseworkers": who works on the child's case, how and when to reach them, and
who to call when they are away. Scoped to the account's own child; one query."""

from dataclasses import dataclass, field

from stemme.cases.models import AssignmentRole, CaseworkerAssignment, Stage


@dataclass(frozen=True)
class Worker:
    user: object
    primary: bool


@dataclass(frozen=True)
class DutyPhone:
    """A team's duty phone: who answers when the child's own caseworker is away."""

    team: str
    phone: str
    hours: str


@dataclass
class CaseworkersPage:
    workers: list[Worker] = field(default_factory=list)  # primary first
    main: Worker | None = None  # the one "When <name> is away" is about
    covers: list[Worker] = field(default_factory=list)  # the others, who know the case too
    duty: list[DutyPhone] = field(default_factory=list)


def caseworkers_page(*, child) -> CaseworkersPage:
    """The child's current caseworkers on open cases (primary first, each person once) and the
    duty phones of the teams those cases belong to (one query)."""
    assignments = (
        CaseworkerAssignment.objects.filter(case__child=child, ended_on__isnull=True)
        .exclude(case__stage=Stage.CLOSED)
        .select_related("caseworker", "case__team")
        .order_by("role", "started_on", "pk")  # "primary" sorts before "secondary"
    )
    primary: dict[int, bool] = {}
    users: dict[int, object] = {}
    duty: dict[int, DutyPhone] = {}
    for assignment in assignments:
        users.setdefault(assignment.caseworker_id, assignment.caseworker)
        is_primary = assignment.role == AssignmentRole.PRIMARY
        primary[assignment.caseworker_id] = primary.get(assignment.caseworker_id) or is_primary
        team = assignment.case.team
        if team.duty_phone.strip() and team.pk not in duty:
            duty[team.pk] = DutyPhone(
                team=team.name, phone=team.duty_phone.strip(), hours=team.duty_hours.strip()
            )
    workers = sorted(
        (Worker(user=user, primary=primary[pk]) for pk, user in users.items()),
        key=lambda worker: not worker.primary,  # stable: keeps the order of the query
    )
    return CaseworkersPage(
        workers=workers,
        main=workers[0] if workers else None,
        covers=workers[1:],
        duty=list(duty.values()),
    )
