"""Caseload per caseworker, weighted by the case's stage (catalogue: caseload)."""

import statistics
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from stemme.cases.models import AssignmentRole, CaseworkerAssignment, Stage
from stemme.oversight.catalogue import STAGE_WEIGHTS

# The distribution's bands of weighted cases.
BANDS = ((0, 10), (10, 20), (20, 30), (30, 40), (40, None))


@dataclass
class CaseworkerLoad:
    caseworker_id: int
    name: str
    cases: int = 0
    weighted: float = 0.0
    investigations: int = 0


@dataclass(frozen=True)
class Band:
    low: int
    high: int | None
    caseworkers: int


@dataclass(frozen=True)
class Caseload:
    caseworkers: list[CaseworkerLoad]
    without_caseworker: int
    bands: list[Band]

    @property
    def median(self) -> float | None:
        loads = [load.weighted for load in self.caseworkers]
        return statistics.median(loads) if loads else None

    @property
    def highest(self) -> float | None:
        return max((load.weighted for load in self.caseworkers), default=None)

    @property
    def cases(self) -> int:
        return sum(load.cases for load in self.caseworkers)


def _open(scope: QuerySet) -> QuerySet:
    return scope.exclude(stage=Stage.CLOSED)


def caseload(*, scope: QuerySet) -> Caseload:
    """Open cases per current primary caseworker, by stage; two queries (the loads, and the
    open cases with no primary caseworker)."""
    rows = (
        CaseworkerAssignment.objects.filter(
            role=AssignmentRole.PRIMARY,
            ended_on__isnull=True,
            case__in=_open(scope).values("pk"),
        )
        .values("caseworker_id", "caseworker__first_name", "caseworker__last_name", "case__stage")
        .annotate(n=Count("pk"))
        .order_by("caseworker_id", "case__stage")
    )
    loads: dict[int, CaseworkerLoad] = {}
    for row in rows:
        load = loads.setdefault(
            row["caseworker_id"],
            CaseworkerLoad(
                row["caseworker_id"],
                f"{row['caseworker__first_name']} {row['caseworker__last_name']}".strip(),
            ),
        )
        load.cases += row["n"]
        load.weighted += row["n"] * STAGE_WEIGHTS.get(row["case__stage"], 1.0)
        if row["case__stage"] in (Stage.AFDAEKNING, Stage.BFU):
            load.investigations += row["n"]
    ordered = sorted(loads.values(), key=lambda load: (-load.weighted, load.name))
    for load in ordered:
        load.weighted = round(load.weighted, 1)
    primary = CaseworkerAssignment.objects.filter(
        case_id=OuterRef("pk"), role=AssignmentRole.PRIMARY, ended_on__isnull=True
    )
    without = _open(scope).filter(~Exists(primary)).count()
    bands = [
        Band(
            low,
            high,
            sum(
                1
                for load in ordered
                if load.weighted >= low and (high is None or load.weighted < high)
            ),
        )
        for low, high in BANDS
    ]
    return Caseload(caseworkers=ordered, without_caseworker=without, bands=bands)


@dataclass(frozen=True)
class TeamLoad:
    name: str
    open_cases: int
    caseworkers: int

    @property
    def per_caseworker(self) -> float | None:
        return round(self.open_cases / self.caseworkers, 1) if self.caseworkers else None


def caseload_by_team(*, scope: QuerySet) -> list[TeamLoad]:
    """Open cases and caseworkers holding them, per team: counts only. One query."""
    rows = (
        CaseworkerAssignment.objects.filter(
            role=AssignmentRole.PRIMARY, ended_on__isnull=True, case__in=_open(scope).values("pk")
        )
        .values("case__team_id", "case__team__name")
        .annotate(
            cases=Count("case_id", distinct=True), people=Count("caseworker_id", distinct=True)
        )
        .order_by("case__team__name", "case__team_id")
    )
    return [TeamLoad(row["case__team__name"], row["cases"], row["people"]) for row in rows]
