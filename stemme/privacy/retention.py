"""Retention: which children's records are past their retention period, and what stops deletion.

**What the rules are, and where they come from** (../shared/research/barnets_lov_rules.md R37):

- a municipality may not destroy archive material, on paper or as data, without Rigsarkivet's
  authorisation (arkivbekendtgørelsen § 5, BEK 591/2003);
- all children's case files from before 1970 are kept;
- the retention period for children's cases after 1970 is *not verified*.

So only those two are code; the period is configuration, per municipality, and comes with the
reference of the approval it rests on (``settings.STEMME_RETENTION``). A municipality without a
configured schedule keeps everything — the default. An archive hold (``ArchiveHold``) keeps one
child whatever the schedule says.

A child is *due* when the municipality has a schedule, the child has cases, every case is closed,
the last one closed at least ``closed_case_years`` years ago, no case was opened before 1970 and no
archive hold is active. A due child is *blocked* when rows outside its own records point to it:
the event log and the access log (append-only, so their rows cannot be deleted or re-pointed),
or another child's case (a sibling investigation naming the child). Deleting a blocked child
would mean breaking the audit trail or another child's file, so the job refuses instead.
"""

import datetime as dt
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from stemme.accounts.models import Municipality
from stemme.audit.models import AccessLog, Event
from stemme.cases.models import Case, Stage
from stemme.children.models import Child
from stemme.privacy.models import ArchiveHold
from stemme.privacy.selectors import foreign_keys, owned_rows

ARCHIVE_ALL_BEFORE = dt.date(1970, 1, 1)  # R37: every børnesag from before 1970 is kept


class RetentionConfigError(ValueError):
    """The retention configuration is not usable; the message says what to fix (Danish)."""


@dataclass(frozen=True)
class Schedule:
    closed_case_years: int
    approval: str  # the reference of Rigsarkivet's approval (e.g. a j.nr.)


def schedules() -> dict[str, Schedule]:
    """{kommunekode: Schedule} from ``settings.STEMME_RETENTION`` (a dict, or JSON text)."""
    raw = getattr(settings, "STEMME_RETENTION", {}) or {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            raise RetentionConfigError(f"STEMME_RETENTION er ikke gyldig JSON: {exc.msg}.") from exc
    if not isinstance(raw, dict):
        raise RetentionConfigError("STEMME_RETENTION skal være et objekt med kommunekoder.")
    result = {}
    for code, entry in raw.items():
        if not isinstance(entry, dict):
            raise RetentionConfigError(f"STEMME_RETENTION[{code!r}] skal være et objekt.")
        years = entry.get("closed_case_years")
        approval = str(entry.get("approval") or "").strip()
        if not isinstance(years, int) or isinstance(years, bool) or years < 1:
            raise RetentionConfigError(
                f"STEMME_RETENTION[{code!r}].closed_case_years skal være et helt antal år (≥ 1)."
            )
        if not approval:
            raise RetentionConfigError(
                f"STEMME_RETENTION[{code!r}].approval mangler: sletning kræver Rigsarkivets "
                "godkendelse (arkivbekendtgørelsen § 5); angiv dens journalnummer."
            )
        result[str(code)] = Schedule(closed_case_years=years, approval=approval)
    return result


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class Verdict:
    child_id: str
    municipality: str
    cases: int
    last_closed: dt.date | None
    due_on: dt.date | None
    due: bool
    reason: str
    blockers: list[str] = field(default_factory=list)

    @property
    def deletable(self) -> bool:
        return self.due and not self.blockers


def _keep(child, facts, reason, due_on=None) -> Verdict:
    return Verdict(
        child_id=str(child.pk),
        municipality=child.municipality.code,
        cases=facts["cases"],
        last_closed=facts["last_closed"],
        due_on=due_on,
        due=False,
        reason=reason,
    )


def blockers_for(child: Child) -> list[str]:
    """Rows outside the child's own records that point to the child or its records."""
    owned = owned_rows(child)
    case_ids = set(owned.get(Case, {}))
    blockers = []
    events = Event.objects.filter(Q(child=child) | Q(case_id__in=case_ids)).count()
    if events:
        blockers.append(f"{events} rækker i hændelsesloggen (append-only)")
    accesses = AccessLog.objects.filter(child=child).count()
    if accesses:
        blockers.append(f"{accesses} rækker i adgangsloggen (append-only)")
    foreign = 0
    for model, rows in owned.items():
        fields = {f.attname for f in foreign_keys(model)}
        for row in rows.values():
            on_other_case = "case_id" in fields and row.case_id not in (None, *case_ids)
            of_other_child = "child_id" in fields and row.child_id not in (None, child.pk)
            foreign += on_other_case or of_other_child
    if foreign:
        blockers.append(f"{foreign} poster i andre børns sager nævner barnet")
    return blockers


def retention_plan(
    *, today: dt.date | None = None, municipality: Municipality | None = None
) -> list[Verdict]:
    """A verdict for every child (of one municipality, or all), in a fixed order."""
    today = today or timezone.localdate()
    configured = schedules()
    children = Child.objects.select_related("municipality").order_by("municipality__code", "pk")
    if municipality is not None:
        children = children.filter(municipality=municipality)
    facts = {
        row["child_id"]: row
        for row in Case.objects.filter(child__in=children)
        .values("child_id")
        .annotate(
            cases=Count("pk"),
            still_open=Count("pk", filter=~Q(stage=Stage.CLOSED) | Q(closed_on__isnull=True)),
            last_closed=Max("closed_on"),
            first_opened=Min("opened_on"),
        )
    }
    held = set(
        ArchiveHold.objects.filter(child__in=children, lifted_on__isnull=True).values_list(
            "child_id", flat=True
        )
    )
    verdicts = []
    for child in children:
        fact = facts.get(child.pk, {"cases": 0, "last_closed": None})
        schedule = configured.get(child.municipality.code)
        if schedule is None:
            verdicts.append(
                _keep(child, fact, "ingen slettefrist konfigureret for kommunen (standard: bevar)")
            )
        elif not fact["cases"]:
            verdicts.append(_keep(child, fact, "ingen sager at regne slettefristen fra"))
        elif fact["still_open"]:
            verdicts.append(_keep(child, fact, "en sag er åben"))
        elif fact["first_opened"] < ARCHIVE_ALL_BEFORE:
            verdicts.append(_keep(child, fact, "sag fra før 1970: bevares altid (arkiv)"))
        elif child.pk in held:
            verdicts.append(_keep(child, fact, "markeret til bevaring (arkivhold)"))
        else:
            due_on = _add_years(fact["last_closed"], schedule.closed_case_years)
            if today < due_on:
                verdicts.append(
                    _keep(child, fact, f"slettefristen udløber {due_on:%d.%m.%Y}", due_on=due_on)
                )
                continue
            verdict = _keep(
                child,
                fact,
                f"lukket {fact['last_closed']:%d.%m.%Y}; {schedule.closed_case_years} år "
                f"efter lukning (godkendelse: {schedule.approval})",
                due_on=due_on,
            )
            verdict.due = True
            verdict.blockers = blockers_for(child)
            verdicts.append(verdict)
    return verdicts
