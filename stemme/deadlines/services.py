"""Derive and store a case's obligations from its events, and change a municipality's rules.

The bridge between the database and the pure engine: events → ``Fact`` → ``derive_obligations``
→ ``Obligation`` rows. Called by every step service inside its transaction (explicitly; no
signals), by the import, and in bulk by ``manage.py recompute_obligations``.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.accounts.models import Municipality
from stemme.audit.models import Event
from stemme.audit.services import event_record
from stemme.cases.models import Case, Stage
from stemme.core.bulk import insert_rows
from stemme.core.conflicts import conflict_of
from stemme.deadlines import rules as engine_rules
from stemme.deadlines.calendar import HolidayOptions, end_of_day
from stemme.deadlines.engine import Status, derive_obligations
from stemme.deadlines.facts import FACT_KINDS, CaseFacts, Fact
from stemme.deadlines.models import (
    DeadlineTally,
    HolidaySettings,
    Obligation,
    RecomputeState,
    RuleOverride,
)
from stemme.operations.tasks import enqueue_on_commit


class _EventRow(NamedTuple):
    pk: int
    case_id: object
    kind: str
    ref: str
    data: dict
    occurred_at: dt.datetime


def facts_from_events(events: Iterable[Event]) -> list[Fact]:
    facts = []
    for event in events:
        if event.kind not in FACT_KINDS:
            continue
        ref = event.ref or f"event:{event.pk}"
        # A decision under §§ 114-116 or 120 is itself the decision on ungestøtte: the
        # engine's ``ungestoette-18`` matcher reads the paragraph.
        facts.append(Fact(kind=event.kind, at=event.occurred_at, ref=ref, attrs=event.data))
    return facts


def rule_config_for(municipality) -> engine_rules.RuleConfig:
    overrides = {
        override.rule_id: engine_rules.RuleOverride(
            duration=override.duration, enabled=override.enabled
        )
        for override in RuleOverride.objects.filter(municipality=municipality)
    }
    settings = HolidaySettings.objects.filter(municipality=municipality).first()
    holidays = (
        HolidayOptions(
            grundlovsdag=settings.grundlovsdag,
            juleaftensdag=settings.juleaftensdag,
            nytaarsaftensdag=settings.nytaarsaftensdag,
        )
        if settings
        else HolidayOptions()
    )
    return engine_rules.RuleConfig(overrides=overrides, holidays=holidays)


def case_facts(*, case: Case, events: Iterable[Event]) -> CaseFacts:
    return CaseFacts(
        case_ref=f"case:{case.pk}",
        child_ref=f"child:{case.child_id}",
        child_birth_date=case.child.birth_date,
        awareness_date=case.awareness_date,
        facts=tuple(facts_from_events(events)),
    )


def _values(case: Case, item) -> dict:
    # A closed case has nothing left to do: an obligation it never met keeps its status (an
    # overdue duty stays a recorded failure) but is no longer pending on anyone's worklist.
    return {
        "case": case.pk,
        "child": case.child_id,
        "rule_id": item.rule_id,
        "trigger_ref": item.trigger_ref,
        "legal_basis": item.legal_basis,
        "verification": str(item.verification),
        "unit": str(item.unit),
        "started_at": item.started_at,
        "due_at": item.due_at,
        "due_date": item.due_date,
        "status": str(item.status),
        "is_pending": case.stage != Stage.CLOSED
        and item.status in (Status.OPEN, Status.OVERDUE)
        # A period that runs out (the 4 weeks to complain) is shown, but is nobody's task.
        and not engine_rules.RULES_BY_ID[item.rule_id].window,
        "met_by_ref": item.met_by_ref or "",
        "met_at": item.met_at,
        "met_late": item.met_late,
        "waived_reason": item.waived_reason or "",
    }


def _as_of(as_of: dt.datetime | None) -> dt.datetime:
    """The end of the (current) day: a step dated today happens at the end of today (see
    ``cases.services.unit.occurred_at_for``) and must count at once. Pages compare due
    times with the clock, so an hour deadline later today still shows as due today."""
    return end_of_day(timezone.localdate(as_of or timezone.now()))


def obligations_recompute(*, case: Case, as_of: dt.datetime | None = None) -> list[Obligation]:
    """Replace the case's obligations with what its events give. Idempotent."""
    as_of = _as_of(as_of)
    case = Case.objects.select_related("child").get(pk=case.pk)
    events = Event.objects.filter(case=case).order_by("occurred_at", "pk")
    derived = derive_obligations(
        case_facts(case=case, events=events),
        as_of=as_of,
        config=rule_config_for(case.child.municipality_id),
    )
    with transaction.atomic():
        old = Obligation.objects.filter(case=case)
        before = _tally(old.values_list("rule_id", "due_date", "status", "met_late"))
        old.delete()
        created = Obligation.objects.bulk_create(
            Obligation(**{f"{k}_id" if k in ("case", "child") else k: v for k, v in values.items()})
            for values in (_values(case, item) for item in derived)
        )
        after = _tally((row.rule_id, row.due_date, row.status, row.met_late) for row in created)
        _tally_add(team_id=case.team_id, before=before, after=after)
        return created


# Obligations a tally leaves out, as "met on time" does: their deadline no longer applies.
_NOT_TALLIED = (str(Status.WAIVED), str(Status.LAPSED))


def _tally(rows) -> dict[tuple[str, dt.date], tuple[int, int]]:
    """(rule, month of the deadline) → (duties counted, met on time) of obligation rows given
    as (rule_id, due_date, status, met_late)."""
    counts: dict = defaultdict(lambda: [0, 0])
    for rule_id, due_date, status, met_late in rows:
        if status in _NOT_TALLIED:
            continue
        count = counts[(rule_id, due_date.replace(day=1))]
        count[0] += 1
        count[1] += status == Status.MET and not met_late
    return {key: (due, on_time) for key, (due, on_time) in counts.items()}


def _tally_add(*, team_id: int, before: dict, after: dict) -> None:
    """Add the difference ``after - before`` to the team's tallies: increments in the database
    (two writers of one team never overwrite each other's), in one order of keys (two writers
    never wait for each other crosswise). Never below zero."""
    changes = []
    for key in sorted(before.keys() | after.keys()):
        due = after.get(key, (0, 0))[0] - before.get(key, (0, 0))[0]
        on_time = after.get(key, (0, 0))[1] - before.get(key, (0, 0))[1]
        if due or on_time:
            changes.append((team_id, *key, due, on_time))
    if not changes:
        return
    table = connection.ops.quote_name(DeadlineTally._meta.db_table)
    # PostgreSQL's GREATEST is SQLite's two-argument MAX; the upsert itself is the same.
    larger = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (team_id, rule_id, month, due, on_time) "  # noqa: S608 - names are ours
            f"VALUES (%s, %s, %s, {larger}(%s, 0), {larger}(%s, 0)) "
            f"ON CONFLICT (team_id, rule_id, month) DO UPDATE SET "
            f"due = {larger}({table}.due + %s, 0), on_time = {larger}({table}.on_time + %s, 0)",
            [(*change, change[3], change[4]) for change in changes],
        )


def deadline_tallies_rebuild(*, municipality) -> int:
    """Count the municipality's tallies again from its obligations, as a recompute of them all
    does (a change of the rules, the nightly ``recompute_obligations``); returns the rows
    written."""
    municipality_id = getattr(municipality, "pk", municipality)
    rows = (
        Obligation.objects.filter(case__team__municipality_id=municipality_id)
        .exclude(status__in=_NOT_TALLIED)
        .annotate(month=TruncMonth("due_date"))
        .values("case__team_id", "rule_id", "month")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=Q(status=Status.MET, met_late=False)))
        .order_by()
    )
    with transaction.atomic():
        DeadlineTally.objects.filter(team__municipality_id=municipality_id).delete()
        created = DeadlineTally.objects.bulk_create(
            (
                DeadlineTally(
                    team_id=row["case__team_id"],
                    rule_id=row["rule_id"],
                    month=_as_date(row["month"]),
                    due=row["due"],
                    on_time=row["on_time"],
                )
                for row in rows
            ),
            batch_size=2000,
        )
    return len(created)


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# Cases recomputed at a time by obligations_recompute_all: what it holds in memory.
RECOMPUTE_BATCH_SIZE = 2_000


def obligations_recompute_all(*, municipality, as_of: dt.datetime | None = None) -> int:
    """Recompute every case of a municipality in a few queries (for import, seeding, the nightly
    job that turns open into overdue, and the worker after a change of the rules). Returns the
    number of obligations written.

    One transaction, begun by locking the municipality's row: a change of its rules waits for
    it, and two recomputes run one after the other (the second sees the first's rows), so
    the rules and events read are the ones the rows are written from. The cases are derived a
    batch at a time (their events read, their obligations inserted), so memory stays flat in
    the municipality's size."""
    as_of = _as_of(as_of)
    written = 0
    with transaction.atomic():
        _lock_settings(municipality)
        began = timezone.now()
        config = rule_config_for(municipality)
        Obligation.objects.filter(case__child__municipality=municipality).delete()
        case_ids = list(
            Case.objects.filter(child__municipality=municipality)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(case_ids), RECOMPUTE_BATCH_SIZE):
            batch = case_ids[start : start + RECOMPUTE_BATCH_SIZE]
            written += _cases_recompute(batch, as_of=as_of, config=config)
        deadline_tallies_rebuild(municipality=municipality)
        RecomputeState.objects.update_or_create(
            municipality_id=getattr(municipality, "pk", municipality), defaults={"done_at": began}
        )
    return written


def _cases_recompute(case_ids: list, *, as_of: dt.datetime, config) -> int:
    """Derive and insert the obligations of a batch of cases (whose old rows are deleted)."""
    cases = Case.objects.filter(pk__in=case_ids).select_related("child").order_by("pk")
    events_by_case: dict = defaultdict(list)
    # Plain rows, not model instances: 100,000+ events make instantiation the slow part.
    for row in (
        Event.objects.filter(case_id__in=case_ids, kind__in=FACT_KINDS)
        .values_list(*_EventRow._fields)
        .order_by("occurred_at", "pk")
        .iterator(chunk_size=5000)
    ):
        event = _EventRow(*row)
        events_by_case[event.case_id].append(event)
    rows = []
    for case in cases:
        derived = derive_obligations(
            case_facts(case=case, events=events_by_case.get(case.pk, ())),
            as_of=as_of,
            config=config,
        )
        rows += [_values(case, item) for item in derived]
    # Tens of thousands of rows: the plain bulk INSERT, not bulk_create (see core/bulk.py).
    if rows:
        columns = list(rows[0])
        insert_rows(Obligation, columns, (tuple(row.values()) for row in rows))
    return len(rows)


def obligations_recompute_soon(*, municipality) -> None:
    """The municipality's rules changed: every deadline is recomputed by the worker once the
    change has committed (minutes at a large municipality: too long for a request, and a
    rolled-back change asks for nothing). Until then ``selectors.recompute_pending_since`` says
    since when."""
    # The tasks module imports this one (its task calls the recompute): imported on use.
    from stemme.deadlines.tasks import recompute_obligations

    RecomputeState.objects.update_or_create(
        municipality_id=getattr(municipality, "pk", municipality),
        defaults={"requested_at": timezone.now()},
    )
    enqueue_on_commit(recompute_obligations, getattr(municipality, "pk", municipality))


def _lock_settings(municipality) -> None:
    """Changes to a municipality's rules queue on its row, so a version check cannot race a
    first save (there is no row to lock before it)."""
    Municipality.objects.select_for_update().filter(
        pk=getattr(municipality, "pk", municipality)
    ).first()


def _refuse_stale(current, expected_version: int | None, mine: dict, **conflict) -> int:
    """The version to write next. A save from an older page (``expected_version``; 0 when the
    page showed no row) that would change a value saved since then is refused."""
    current_version = current.version if current is not None else 0
    stale = expected_version is not None and expected_version != current_version
    if stale and current is not None and any(getattr(current, n) != v for n, v in mine.items()):
        raise conflict_of(current, list(mine), **conflict)
    return current_version + 1


def holiday_settings_set(
    *,
    actor,
    municipality,
    grundlovsdag: bool,
    juleaftensdag: bool,
    nytaarsaftensdag: bool,
    expected_version: int | None = None,
) -> HolidaySettings:
    """Which extra days count as holidays for working-day deadlines. Logged; the deadlines are
    recomputed by the worker after the commit (``obligations_recompute_soon``).
    ``expected_version`` (0: the page showed the defaults) refuses a stale overwrite."""
    values = {
        "grundlovsdag": grundlovsdag,
        "juleaftensdag": juleaftensdag,
        "nytaarsaftensdag": nytaarsaftensdag,
    }
    with transaction.atomic():
        _lock_settings(municipality)
        current = HolidaySettings.objects.filter(municipality=municipality).first()
        # Not the event ref "holidays": every municipality's holiday events share it.
        version = _refuse_stale(current, expected_version, values, ref="")
        settings, _created = HolidaySettings.objects.update_or_create(
            municipality=municipality, defaults={**values, "version": version}
        )
        event_record(
            actor=actor,
            municipality=municipality,
            kind="rule_override.changed",
            ref="holidays",
            data={
                "grundlovsdag": grundlovsdag,
                "juleaftensdag": juleaftensdag,
                "nytaarsaftensdag": nytaarsaftensdag,
            },
        )
        obligations_recompute_soon(municipality=municipality)
    return settings


def rule_override_set(
    *,
    actor,
    municipality,
    rule_id: str,
    duration: int | None,
    enabled: bool,
    reason: str,
    expected_version: int | None = None,
) -> RuleOverride:
    """Change a rule for the municipality. Logged, validated by the engine; the deadlines are
    recomputed by the worker after the commit (``obligations_recompute_soon``).
    ``expected_version`` (0: the page showed no change of the rule) refuses a stale overwrite."""
    if not reason.strip():
        raise ValidationError({"reason": _("State why the rule is changed.")})
    rule = engine_rules.RULES_BY_ID.get(rule_id)
    if rule is None:
        raise ValidationError(_("Unknown rule."))
    if not enabled and rule.verification == engine_rules.Verification.LAW:
        raise ValidationError(
            {"enabled": _("A duty the law sets cannot be switched off. Waive single deadlines.")}
        )
    if duration is not None and rule.duration == 0:
        raise ValidationError(
            {"duration": _("This duty falls due at the event itself; it has no duration.")}
        )
    if duration is not None and duration <= 0:
        raise ValidationError({"duration": _("The duration must be a positive whole number.")})
    trial = engine_rules.RuleConfig(
        overrides={rule_id: engine_rules.RuleOverride(duration=duration, enabled=enabled)}
    )
    try:
        engine_rules.effective_rules(trial)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        _lock_settings(municipality)
        current = RuleOverride.objects.filter(municipality=municipality, rule_id=rule_id).first()
        values = {"duration": duration, "enabled": enabled, "reason": reason.strip()}
        version = _refuse_stale(
            current,
            expected_version,
            values,
            saved_by=current.changed_by if current else None,
            saved_at=current.changed_at if current else None,
        )
        override, _created = RuleOverride.objects.update_or_create(
            municipality=municipality,
            rule_id=rule_id,
            defaults={**values, "changed_by": actor, "version": version},
        )
        event_record(
            actor=actor,
            municipality=municipality,
            kind="rule_override.changed",
            ref=f"rule:{rule_id}",
            data={"rule_id": rule_id, "duration": duration, "enabled": enabled, "reason": reason},
        )
        obligations_recompute_soon(municipality=municipality)
    return override
