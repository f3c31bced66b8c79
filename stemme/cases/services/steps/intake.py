"""S0–S1: a report (underretning) is received, its urgency assessed within 24 hours, a receipt
sent; the child's own report; a report about a child new to the municipality. Part of the case
steps (see the package docstring).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.cases.models import (
    Case,
    Intake,
    IntakeKind,
    ReporterType,
    Stage,
)
from stemme.cases.services.case import case_open, caseworker_assign
from stemme.cases.services.steps.common import has_active_measure, required_check
from stemme.cases.services.unit import (
    case_locked,
    date_not_future,
    fact_record,
    obligations_refresh,
    occurred_at_for,
    stage_move,
)
from stemme.children.services import child_create, person_add
from stemme.core.conflicts import conflict_of
from stemme.deadlines import events

# --- S0 intake ---------------------------------------------------------------------------------


def intake_register(
    *,
    actor,
    child,
    kind: str,
    received_at: dt.datetime,
    content: str,
    reporter_type: str = "",
    reporter_name: str = "",
    abuse: bool = False,
    parent_suspected: bool = False,
    honour_related: bool = False,
    team=None,
) -> Intake:
    """Register an underretning, a henvendelse or the child's own request (§ 48).

    The report joins the child's open case; without one, a case is opened with the report's
    date as its awareness date, and a caseworker who registers it becomes primary caseworker.
    """
    if kind not in IntakeKind.values:
        raise ValidationError({"kind": _("Choose what kind of contact it is.")})
    if kind == IntakeKind.UNDERRETNING and not reporter_type:
        raise ValidationError({"reporter_type": _("Choose who made the report.")})
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("The date cannot be in the future.")})
    required_check({"content": content.strip()})
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .filter(child=child)
            .exclude(stage=Stage.CLOSED)
            .order_by("-opened_on")
            .first()
        )
        if case is None:
            team = team or (actor.teams.order_by("pk").first() if actor else None)
            if team is None:
                raise ValidationError(_("Choose the team that will handle the case."))
            case = case_open(
                actor=actor,
                child=child,
                team=team,
                opened_on=timezone.localdate(received_at),
                awareness_date=timezone.localdate(received_at),
            )
            if actor is not None and actor.role == Role.CASEWORKER:
                caseworker_assign(
                    actor=actor, case=case, caseworker=actor, started_on=case.opened_on
                )
        case = case_locked(case)
        intake = Intake(
            case=case,
            recorded_by=actor,
            kind=kind,
            reporter_type=reporter_type if kind == IntakeKind.UNDERRETNING else "",
            reporter_name=reporter_name,
            received_at=received_at,
            content=content.strip(),
            abuse=abuse,
            parent_suspected=parent_suspected,
            honour_related=honour_related,
            child_has_measure=has_active_measure(child),
        )
        intake.full_clean()
        intake.save()
        received = {
            IntakeKind.UNDERRETNING: events.underretning_received,
            IntakeKind.HENVENDELSE: events.henvendelse_received,
            IntakeKind.CHILD_REQUEST: events.child_request_received,
        }[kind]
        fact_record(
            actor=actor,
            case=case,
            ref=intake.ref,
            at=received_at,
            fact=received(
                reporter_type=intake.reporter_type,
                abuse=abuse,
                child_has_measure=intake.child_has_measure,
                parent_suspected=parent_suspected,
                summary=content.strip()[:160],
            ),
        )
        if case.stage in (Stage.MEASURE_RUNNING, Stage.FOLLOW_UP, Stage.SUPERVISION):
            pass  # a new report about a child in a running measure does not rewind the case
        elif case.stage != Stage.RECEIVED:
            stage_move(case, Stage.RECEIVED)
        obligations_refresh(case)
    return intake


def intake_assess_urgency(
    *, actor, intake: Intake, is_acute: bool, assessment: str, assessed_at=None
) -> Intake:
    """The assessment within 24 hours of whether the child needs help at once (§ 136)."""
    assessed_at = assessed_at or timezone.now()
    if intake.urgency_assessed_at is not None:
        raise ValidationError(_("The urgency has already been assessed."))
    if assessed_at < intake.received_at:
        raise ValidationError({"assessed_at": _("The assessment cannot be before the report.")})
    required_check({"assessment": assessment.strip()})
    with transaction.atomic():
        case = case_locked(intake.case)
        # Set once: the condition refuses a second assessment that raced past the check above.
        if not Intake.objects.filter(pk=intake.pk, urgency_assessed_at__isnull=True).update(
            urgency_assessed_at=assessed_at,
            urgency_is_acute=is_acute,
            urgency_assessment=assessment.strip(),
        ):
            raise ValidationError(_("The urgency has already been assessed."))
        intake.refresh_from_db()
        fact_record(
            actor=actor,
            case=case,
            ref=intake.ref,
            at=assessed_at,
            fact=events.underretning_urgency_assessed(underretning=intake.ref, acute=is_acute),
        )
        if case.stage == Stage.RECEIVED:
            stage_move(case, Stage.INITIAL_CONVERSATIONS)
        obligations_refresh(case)
    return intake


def intake_send_receipt(*, actor, intake: Intake, sent_on: dt.date) -> Intake:
    """Receipt to a professional reporter (kvittering)."""
    date_not_future(sent_on, "sent_on")
    if intake.receipt_sent_on is not None:
        raise ValidationError(_("The receipt has already been recorded."))
    with transaction.atomic():
        case = case_locked(intake.case)
        if not Intake.objects.filter(pk=intake.pk, receipt_sent_on__isnull=True).update(
            receipt_sent_on=sent_on
        ):
            raise ValidationError(_("The receipt has already been recorded."))
        intake.refresh_from_db()
        fact_record(
            actor=actor,
            case=case,
            ref=intake.ref,
            at=occurred_at_for(sent_on),
            fact=events.underretning_receipt_sent(underretning=intake.ref),
        )
        obligations_refresh(case)
    return intake


def intake_reassess(*, actor, intake: Intake, reassessed_on: dt.date) -> Intake:
    """Reassessment with someone new to the case (§ 137, stk. 1)."""
    date_not_future(reassessed_on, "reassessed_on")
    if intake.reassessed_on is not None:
        raise ValidationError(_("The reassessment has already been recorded."))
    with transaction.atomic():
        case = case_locked(intake.case)
        if not Intake.objects.filter(pk=intake.pk, reassessed_on__isnull=True).update(
            reassessed_on=reassessed_on
        ):
            raise ValidationError(_("The reassessment has already been recorded."))
        intake.refresh_from_db()
        fact_record(
            actor=actor,
            case=case,
            ref=intake.ref,
            at=occurred_at_for(reassessed_on),
            fact=events.underretning_reassessed(underretning=intake.ref),
        )
        obligations_refresh(case)
    return intake


def case_set_awareness_date(
    *, actor, case: Case, awareness_date: dt.date, reason: str, expected_version: int
) -> Case:
    """Change the awareness date (kendskabsdato). It moves the BFU deadline, so give a reason."""
    required_check({"reason": reason.strip()})
    date_not_future(awareness_date, "awareness_date")
    with transaction.atomic():
        case = case_locked(case)
        if case.version != expected_version and case.awareness_date != awareness_date:
            # The case's version also rises with every step, so "who saved" is not looked up.
            raise conflict_of(
                case,
                ["awareness_date"],
                message=_(
                    "Someone else changed the case while you were working on it. "
                    "Reload and try again."
                ),
                ref="",
            )
        old = case.awareness_date
        Case.objects.filter(pk=case.pk).update(
            awareness_date=awareness_date, version=F("version") + 1
        )
        case.refresh_from_db()
        fact_record(
            actor=actor,
            case=case,
            kind="case.awareness_date_changed",
            ref=f"case:{case.pk}",
            at=timezone.now(),
            data={
                "from": old.isoformat() if old else None,
                "to": awareness_date.isoformat(),
                "reason": reason.strip(),
            },
        )
        obligations_refresh(case)
    return case


def intake_register_childs_own_report(
    *,
    actor,
    child,
    received_at: dt.datetime,
    content: str,
    abuse: bool = False,
    parent_suspected: bool = False,
    team=None,
) -> Intake:
    """The child's own underretning (the reporter is "the child themself"), e.g. a message the
    child wrote in Min sag: received when the child sent it, so the 24-hour urgency assessment
    runs from then."""
    return intake_register(
        actor=actor,
        child=child,
        kind=IntakeKind.UNDERRETNING,
        received_at=received_at,
        content=content,
        reporter_type=ReporterType.CHILD,
        abuse=abuse,
        parent_suspected=parent_suspected,
        team=team,
    )


def intake_register_for_new_child(
    *,
    actor,
    cpr: str,
    first_name: str,
    last_name: str,
    gender: str = "",
    parents=(),
    **intake,
) -> Intake:
    """A report about a child the municipality does not know yet: child, case and report in one.

    Done in one transaction so the child is never registered without the case that makes it
    visible to the caseworker who registered it. ``parents`` (optional) are registered around
    the child in the same transaction: dicts of ``children.services.person_add``'s arguments.
    A refused parent is reported under "parent1", "parent2" … and nothing is written.
    """

    if actor is None or actor.municipality_id is None:
        raise ValidationError(_("Only staff of a municipality can register a report."))
    with transaction.atomic():
        child = child_create(
            actor=actor,
            municipality=actor.municipality,
            first_name=first_name,
            last_name=last_name,
            cpr=cpr,
            gender=gender,
        )
        registered = intake_register(actor=actor, child=child, **intake)
        for number, parent in enumerate(parents, start=1):
            try:
                person_add(actor=actor, child=child, **parent)
            except ValidationError as error:
                raise ValidationError({f"parent{number}": error.messages}) from error
        return registered
