"""The case-write unit: the one contract every write to a case follows, wherever it lives
(cases, participation, meetings, continuity, the portal).

Inside the caller's transaction:

1. ``case_locked(case)`` — lock the case row, so two writes to one case queue instead of
   interleaving (and the deadline engine sees each write whole);
2. write the step's own record;
3. ``fact_record(...)`` — the event that says what happened: its kind and data are the deadline
   engine's facts, made by one typed function per kind (``fact=events.decision_made(...)``,
   stemme/deadlines/events/), dated ``occurred_at_for(day)`` when the step has
   a day and no time;
4. ``stage_move(case, stage)`` — when the step moves the case on (no event of its own: the
   step's event says what happened);
5. ``obligations_refresh(case)`` — recompute the case's duties from its facts.

``date_not_future`` is the one rule for a date that says when something happened.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.audit.models import Event
from stemme.audit.services import event_record
from stemme.cases.models import Case
from stemme.deadlines.events import FactData


def case_locked(case: Case | object) -> Case:
    """The case (or the case with this primary key), re-read with its row locked."""
    pk = case.pk if isinstance(case, Case) else case
    return Case.objects.select_for_update().select_related("child__municipality").get(pk=pk)


def occurred_at_for(day: dt.date) -> dt.datetime:
    """The one rule for the time of a step dated with a day only: the end of that day
    (23:59:59 in Copenhagen), the instant a date-based deadline on that day expires.

    Not the time of typing: then a plan typed yesterday afternoon and a § 47 decision typed
    this morning, both dated the same past day, would be ordered by when they were typed,
    and the engine would disagree with the guard (which compares the dates). Steps of one day
    share the instant; the engine compares "at or before" and "at or after" inclusively.
    """
    from stemme.deadlines.calendar import end_of_day  # deadlines imports cases: no cycle

    return end_of_day(day)


def fact_record(
    *,
    actor,
    kind: str = "",
    case: Case | None = None,
    child=None,
    ref: str = "",
    data: dict | None = None,
    at: dt.datetime | None = None,
    fact: FactData | None = None,
) -> Event:
    """Record what happened to a case (or, without a case, to a child's registers).

    A fact the deadline engine reads comes as ``fact`` (``stemme.deadlines.events``), which
    gives the kind and data; other events give ``kind`` and ``data``."""
    if fact is not None:
        kind, data = fact.kind, fact.data
    if not kind:
        raise TypeError("fact_record() needs a kind or a fact")
    child = case.child if case is not None else child
    return event_record(
        actor=actor,
        municipality=child.municipality,
        child=child,
        case=case,
        kind=kind,
        ref=ref,
        data=data or {},
        occurred_at=at,
    )


def stage_move(case: Case, stage: str, *, closed_on: dt.date | None = None) -> None:
    """Move the case to ``stage`` (no event: the step's own event says what happened)."""
    Case.objects.filter(pk=case.pk).update(
        stage=stage, version=F("version") + 1, closed_on=closed_on
    )
    case.refresh_from_db(fields=["stage", "version", "closed_on"])


def obligations_refresh(case: Case) -> None:
    """Recompute the case's duties from its facts, in the write's transaction."""
    from stemme.deadlines.services import obligations_recompute  # deadlines imports cases

    obligations_recompute(case=case)


def date_not_future(day: dt.date | None, field: str, *, required: bool = True) -> None:
    """A date that says when something happened: not after today (and, when ``required``,
    given). The error names ``field``, so the form shows it at the field."""
    if day is None:
        if required:  # a model form's optional date field (e.g. completed_on) left empty
            message = _("This field is required.")
            raise ValidationError({field: ValidationError(message, code="required")})
        return
    if day > timezone.localdate():
        message = _("The date cannot be in the future.")
        raise ValidationError({field: ValidationError(message, code="future_date")})
