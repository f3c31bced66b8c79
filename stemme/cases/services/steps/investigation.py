"""S2–S4: the screening of a report, and the investigations (afdækning, børnefaglig undersøgelse)
started and completed. Part of the case steps (see the package docstring).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stemme.cases.models import (
    Case,
    Investigation,
    InvestigationKind,
    Screening,
    ScreeningOutcome,
    Stage,
)
from stemme.cases.services.steps.closure import closure_write
from stemme.cases.services.steps.common import required_check
from stemme.cases.services.unit import (
    case_locked,
    date_not_future,
    fact_record,
    obligations_refresh,
    occurred_at_for,
    stage_move,
)
from stemme.deadlines import events
from stemme.participation.services import voice

# --- S2 screening, S3/S4 investigations --------------------------------------------------------


def screening_record(
    *,
    actor,
    case: Case,
    screened_on: dt.date,
    information_weighted: str,
    assessment: str,
    outcome: str,
) -> Screening:
    """The written screening (§ 18). Its outcome carries forward: an afdækning or BFU starts."""
    date_not_future(screened_on, "screened_on")
    required_check(
        {"information_weighted": information_weighted.strip(), "assessment": assessment.strip()}
    )
    if outcome not in ScreeningOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the screening.")})
    if outcome != ScreeningOutcome.BFU and case.intakes.filter(abuse=True).exists():
        raise ValidationError(
            {
                "outcome": _(
                    "The report concerns abuse or a suspicion of abuse, so a child welfare "
                    "investigation must follow: the case cannot be closed, or go on to an "
                    "afdækning or early preventive help alone (barnets lov § 20, stk. 1, nr. 2)."
                )
            }
        )
    with transaction.atomic():
        case = case_locked(case)
        screening = Screening.objects.create(
            case=case,
            recorded_by=actor,
            screened_on=screened_on,
            information_weighted=information_weighted.strip(),
            assessment=assessment.strip(),
            outcome=outcome,
        )
        at = occurred_at_for(screened_on)
        fact_record(
            actor=actor,
            case=case,
            ref=screening.ref,
            at=at,
            fact=events.screening_completed(outcome=outcome, summary=assessment.strip()[:160]),
        )
        if outcome in (ScreeningOutcome.AFDAEKNING, ScreeningOutcome.BFU):
            _start_investigation(actor=actor, case=case, kind=outcome, started_on=screened_on)
        elif outcome == ScreeningOutcome.EARLY_PREVENTIVE:
            stage_move(case, Stage.CHOICE_OF_MEASURE)
        else:
            closure_write(
                actor=actor,
                case=case,
                closed_on=screened_on,
                purpose_achieved=assessment.strip(),
                if_worry_returns="",
            )
        obligations_refresh(case)
    return screening


def investigation_start(*, actor, case: Case, kind: str, started_on: dt.date) -> Investigation:
    date_not_future(started_on, "started_on")
    if kind not in InvestigationKind.values:
        raise ValidationError({"kind": _("Choose the kind of investigation.")})
    with transaction.atomic():
        case = case_locked(case)
        investigation = _start_investigation(
            actor=actor, case=case, kind=kind, started_on=started_on
        )
        obligations_refresh(case)
    return investigation


def _start_investigation(*, actor, case: Case, kind: str, started_on: dt.date) -> Investigation:
    if case.investigations.filter(kind=kind, completed_on__isnull=True).exists():
        raise ValidationError(_("An investigation of this kind is already running."))
    investigation = Investigation.objects.create(
        case=case, recorded_by=actor, kind=kind, started_on=started_on
    )
    fact_record(
        actor=actor,
        case=case,
        ref=investigation.ref,
        at=occurred_at_for(started_on),
        fact=events.bfu_started() if kind == InvestigationKind.BFU else events.afdaekning_started(),
    )
    stage_move(case, Stage.BFU if kind == InvestigationKind.BFU else Stage.AFDAEKNING)
    return investigation


INVESTIGATION_SECTIONS = (
    "child_development",
    "parents_capacity",
    "family_and_network",
    "resources_and_challenges",
    "child_view",
    "parents_view",
    "conclusion",
    "parallel_support",
)


def investigation_complete(
    *,
    actor,
    investigation: Investigation,
    completed_on: dt.date,
    statements=(),
    child_view_exception_reason: str = "",
    child_view_exception: str = "",
    child_view_obtained_otherwise: str = "",
    **sections: str,
) -> Investigation:
    """Finish an afdækning or BFU. A BFU covers the ICS triangle and ends in a conclusion, and
    it is not finished without the child's view (§ 5, stk. 3; § 22): statements recorded in the
    case (``statements``), the child's view written in ``child_view`` (recorded as a direct
    statement), or a § 5, stk. 4 exception with its reason and how the view was sought."""
    unknown = set(sections) - set(INVESTIGATION_SECTIONS)
    if unknown:
        raise ValueError(f"Unknown investigation sections: {sorted(unknown)}")
    date_not_future(completed_on, "completed_on")
    if investigation.completed_on is not None:
        raise ValidationError(_("The investigation is already completed."))
    if completed_on < investigation.started_on:
        raise ValidationError(
            {"completed_on": _("The investigation cannot be completed before it started.")}
        )
    required = ["conclusion"]
    if investigation.kind == InvestigationKind.BFU:
        required += ["child_development", "parents_capacity", "family_and_network"]
    errors = {
        field: _("This field is required.")
        for field in required
        if not (sections.get(field) or "").strip()
    }
    statements = list(statements or [])
    child_view = (sections.get("child_view") or "").strip()
    errors.update(
        voice.child_view_errors(
            case=investigation.case,
            statements=statements,
            has_words=bool(child_view),
            words_field="child_view",
            reason=child_view_exception_reason,
            exception=child_view_exception,
            obtained_otherwise=child_view_obtained_otherwise,
            required=investigation.kind == InvestigationKind.BFU,
        )
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = case_locked(investigation.case)
        for field, value in sections.items():
            setattr(investigation, field, (value or "").strip())
        investigation.completed_on = completed_on
        investigation.save()
        linked = voice.statements_link(statements=statements, informs_ref=investigation.ref)
        # The child was heard in person when the view is in the child's own words, typed here
        # or a statement told directly: it answers the conversation task of the investigation.
        child_heard = bool(child_view) or any(
            statement.mode == "direct" for statement in statements
        )
        if child_view:
            statement = voice.statement_create(
                actor=actor,
                child=case.child,
                case=case,
                words=child_view,
                mode="direct",
                stated_on=completed_on,
                informs_ref=investigation.ref,
            )
            linked.append(statement.ref)
        completed = (
            events.bfu_completed
            if investigation.kind == InvestigationKind.BFU
            else events.afdaekning_completed
        )
        fact_record(
            actor=actor,
            case=case,
            ref=investigation.ref,
            at=occurred_at_for(completed_on),
            fact=completed(
                summary=investigation.conclusion[:160],
                statements=linked,
                child_heard=child_heard,
                # The § 5, stk. 4 exception is kept with the event: the investigation record
                # has no fields for it yet.
                child_view_exception=(
                    {
                        "reason": child_view_exception_reason,
                        "why": child_view_exception.strip(),
                        "obtained_otherwise": child_view_obtained_otherwise.strip(),
                    }
                    if child_view_exception_reason
                    else None
                ),
            ),
        )
        stage_move(case, Stage.CHOICE_OF_MEASURE)
        obligations_refresh(case)
    return investigation


def investigation_preliminary_assessment(
    *, actor, investigation: Investigation, assessed_on: dt.date, assessment: str
) -> Investigation:
    """The preliminary assessment when a BFU cannot be finished within 4 months (§ 20, stk. 3)."""
    date_not_future(assessed_on, "assessed_on")
    required_check({"assessment": assessment.strip()})
    if investigation.kind != InvestigationKind.BFU or investigation.completed_on:
        raise ValidationError(
            _(
                "A preliminary assessment can only be made while a child welfare investigation "
                "is running."
            )
        )
    with transaction.atomic():
        case = case_locked(investigation.case)
        investigation.preliminary_assessment_on = assessed_on
        investigation.preliminary_assessment = assessment.strip()
        investigation.save(update_fields=["preliminary_assessment_on", "preliminary_assessment"])
        fact_record(
            actor=actor,
            case=case,
            ref=investigation.ref,
            at=occurred_at_for(assessed_on),
            fact=events.bfu_preliminary_assessment(summary=assessment.strip()[:160]),
        )
        obligations_refresh(case)
    return investigation
