"""Reads of obligations: the worklist, a case's obligations, each child's next deadline."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case as DbCase
from django.db.models import Count, F, IntegerField, Min, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Concat
from django.utils import timezone

from stemme.accounts.models import Role, User
from stemme.cases.models import CaseworkerAssignment
from stemme.deadlines.calendar import HolidayOptions
from stemme.deadlines.labels import rule_title
from stemme.deadlines.models import (
    HolidaySettings,
    Obligation,
    ObligationStatus,
    RecomputeState,
    RuleOverride,
)
from stemme.deadlines.rules import RULES

# "Denne uge" on the worklist is the next 7 days, not the calendar week: on a Friday, Monday's
# 24-hour deadline is already close.
WEEK_DAYS = 7
BUCKETS = ("overdue", "today", "week", "later")


def urgency(obligation: Obligation, *, now: dt.datetime) -> str:
    """overdue / today / week (the next 7 days) / later, by the clock now (a stored status goes
    stale)."""
    if not obligation.is_pending:
        return "done"
    if obligation.due_at < now:
        return "overdue"
    today = timezone.localdate(now)
    if obligation.due_date == today:
        return "today"
    if obligation.due_date <= today + dt.timedelta(days=WEEK_DAYS):
        return "week"
    return "later"


def _bucket(*, now: dt.datetime) -> DbCase:
    """``urgency`` in SQL: 0 overdue, 1 today, 2 the next 7 days, 3 later, 4 no longer pending."""
    today = timezone.localdate(now)
    return DbCase(
        When(is_pending=False, then=Value(4)),
        When(due_at__lt=now, then=Value(0)),
        When(due_date__lte=today, then=Value(1)),
        When(due_date__lte=today + dt.timedelta(days=WEEK_DAYS), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


BUCKET_KEYS = {0: "overdue", 1: "today", 2: "week", 3: "later", 4: "done"}


@dataclass(frozen=True)
class WorklistFilter:
    """What the worklist's filter form asks for; the defaults are the unfiltered list.

    ``caseworker_id``: only cases this person currently holds (``role``: as primary, as
    secondary, or either); ``unassigned``: only cases without a current primary caseworker.
    ``status``: "open" (every pending one), one of ``BUCKETS``, or "met".
    """

    caseworker_id: int | None = None
    unassigned: bool = False
    role: str = ""
    rule_id: str = ""
    status: str = "open"
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    sort: str = "due"


SORTS = ("due", "child", "caseworker", "duty")


@dataclass
class Worklist:
    groups: dict = field(default_factory=dict)  # urgency -> the obligations on this page
    counts: dict = field(default_factory=dict)  # urgency -> how many in the whole filtered set
    total: int = 0
    page: object = None  # django.core.paginator.Page over the whole filtered set

    @property
    def sections(self) -> list[tuple[str, int, list]]:
        """(urgency, count over the filtered set, rows on this page), in order."""
        return [(key, self.counts[key], items) for key, items in self.groups.items()]

    @property
    def page_numbers(self) -> list:
        """Page numbers for the links, with "…" for the gaps."""
        return list(
            self.page.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1)
        )


def _holder(role: str) -> Subquery:
    """The full name of the case's current caseworker in ``role``, in the row's own query."""

    return Subquery(
        CaseworkerAssignment.objects.filter(
            case_id=OuterRef("case_id"), role=role, ended_on__isnull=True
        )
        .annotate(name=Concat("caseworker__first_name", Value(" "), "caseworker__last_name"))
        .values("name")[:1]
    )


def _duty_order() -> DbCase:
    """The rules in the alphabetical order of their (translated) titles."""

    ordered = sorted((rule.id for rule in RULES), key=lambda rule_id: rule_title(rule_id).lower())
    return DbCase(
        *(When(rule_id=rule_id, then=Value(i)) for i, rule_id in enumerate(ordered)),
        default=Value(len(ordered)),
        output_field=IntegerField(),
    )


def worklist(
    *,
    cases: QuerySet,
    filters: WorklistFilter | None = None,
    page_number=1,
    page_size: int | None = None,
    now: dt.datetime | None = None,
) -> Worklist:
    """Obligations on ``cases`` (already limited by access), filtered, grouped by urgency and
    paged: two queries whatever the number of rows (the counts per group, and the page)."""

    filters = filters or WorklistFilter()
    now = now or timezone.now()
    page_size = page_size or settings.STEMME_PAGE_SIZE
    rows = Obligation.objects.filter(case__in=cases).annotate(bucket=_bucket(now=now))
    if filters.status == "met":
        rows = rows.filter(status=ObligationStatus.MET)
    else:
        rows = rows.filter(is_pending=True)
        if filters.status in BUCKETS:
            rows = rows.filter(bucket=BUCKETS.index(filters.status))
    if filters.caseworker_id is not None:
        held = CaseworkerAssignment.objects.filter(
            caseworker_id=filters.caseworker_id, ended_on__isnull=True
        )
        if filters.role in ("primary", "secondary"):
            held = held.filter(role=filters.role)
        rows = rows.filter(case_id__in=held.values("case_id"))
    if filters.unassigned:
        rows = rows.exclude(
            case_id__in=CaseworkerAssignment.objects.filter(
                role="primary", ended_on__isnull=True
            ).values("case_id")
        )
    if filters.rule_id:
        rows = rows.filter(rule_id=filters.rule_id)
    if filters.due_from:
        rows = rows.filter(due_date__gte=filters.due_from)
    if filters.due_to:
        rows = rows.filter(due_date__lte=filters.due_to)

    counts = dict.fromkeys(BUCKETS, 0)
    for row in rows.order_by().values("bucket").annotate(n=Count("pk")):
        counts[BUCKET_KEYS[row["bucket"]]] = row["n"]
    total = sum(counts.values())
    if filters.status == "met":
        counts = {"done": total}

    due = ("-due_at",) if filters.status == "met" else ("due_at",)
    order = {
        "due": (),
        "child": ("child__first_name", "child__last_name", "child_id"),
        "caseworker": (F("primary_name").asc(nulls_last=True),),
        "duty": ("duty_order",),
    }[filters.sort if filters.sort in SORTS else "due"]
    page_rows = (
        rows.select_related("child")
        .annotate(
            primary_name=_holder("primary"),
            secondary_name=_holder("secondary"),
            **({"duty_order": _duty_order()} if filters.sort == "duty" else {}),
        )
        .order_by("bucket", *order, *due, "rule_id", "pk")
    )
    paginator = Paginator(page_rows, page_size)
    paginator.count = total  # known from the counts: no separate COUNT query
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list)
    result = Worklist(counts=counts, total=total, page=page)
    result.groups = {key: [] for key in counts}
    for obligation in page.object_list:
        obligation.urgency = BUCKET_KEYS[obligation.bucket]
        result.groups[obligation.urgency].append(obligation)
    return result


def holiday_options_for(*, municipality):
    """The municipality's closing days as the calendar reads them (one query)."""

    settings_row = HolidaySettings.objects.filter(municipality=municipality).first()
    if settings_row is None:
        return HolidayOptions()
    return HolidayOptions(
        grundlovsdag=settings_row.grundlovsdag,
        juleaftensdag=settings_row.juleaftensdag,
        nytaarsaftensdag=settings_row.nytaarsaftensdag,
    )


def worklist_caseworkers(*, viewer) -> list | None:
    """Whom the viewer may filter the worklist by: a team leader's active caseworkers on their
    teams; None for a caseworker, whose worklist is their own."""

    if viewer.role != Role.TEAM_LEADER:
        return None
    return list(
        User.objects.filter(
            role=Role.CASEWORKER,
            is_active=True,
            municipality_id=viewer.municipality_id,
            teams__in=viewer.teams.all(),
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def obligations_for_case(*, case) -> list[Obligation]:
    return list(Obligation.objects.filter(case=case).order_by("-is_pending", "due_at", "rule_id"))


def obligations_for_child(*, child, now: dt.datetime | None = None) -> list[Obligation]:
    """The child's obligations across cases: pending first, then the 10 most recently met."""
    now = now or timezone.now()
    rows = list(Obligation.objects.filter(child=child).order_by("-is_pending", "due_at"))
    pending = [o for o in rows if o.is_pending]
    done = sorted((o for o in rows if not o.is_pending), key=lambda o: o.due_at, reverse=True)
    for obligation in rows:
        obligation.urgency = urgency(obligation, now=now)
    return pending + done[:10]


def next_deadlines(*, child_ids) -> dict:
    """The earliest pending due time per child, in one query."""
    rows = (
        Obligation.objects.filter(child_id__in=child_ids, is_pending=True)
        .values("child_id")
        .annotate(next_due=Min("due_at"))
    )
    return {row["child_id"]: row["next_due"] for row in rows}


@dataclass
class RuleRow:
    rule: object
    title: str
    override: object | None
    effective_duration: int | None
    enabled: bool


def rules_for_municipality(*, municipality) -> list[RuleRow]:
    """Every rule with its default and the municipality's override, for the settings page."""

    overrides = {o.rule_id: o for o in RuleOverride.objects.filter(municipality=municipality)}
    rows = []
    for rule in RULES:
        override = overrides.get(rule.id)
        rows.append(
            RuleRow(
                rule=rule,
                title=rule_title(rule.id),
                override=override,
                effective_duration=(
                    override.duration if override and override.duration else rule.duration
                ),
                enabled=override.enabled if override else True,
            )
        )
    return rows


def recompute_pending_since(*, municipality) -> dt.datetime | None:
    """When a change of the rules asked for the deadlines to be recomputed, while the worker has
    not yet done it; None when the deadlines follow the current rules."""
    state = RecomputeState.objects.filter(municipality=municipality).first()
    return state.requested_at if state is not None and state.is_pending else None
