"""Writes about cases and caseworker assignments. Each write records an event."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.audit.services import event_record
from stemme.cases.models import AssignmentRole, Case, CaseworkerAssignment, Stage
from stemme.cases.services.unit import obligations_refresh, occurred_at_for
from stemme.deadlines import events


def case_open(
    *, actor, child, team, opened_on: dt.date | None = None, awareness_date: dt.date | None = None
) -> Case:
    if team.municipality_id != child.municipality_id:
        raise ValidationError(_("The team belongs to another municipality than the child."))
    opened_on = opened_on or timezone.localdate()
    with transaction.atomic():
        case = Case.objects.create(
            child=child, team=team, opened_on=opened_on, awareness_date=awareness_date
        )
        event_record(
            actor=actor,
            municipality=child.municipality,
            child=child,
            case=case,
            kind="case.opened",
            data={"team": team.name},
        )
        # The start of the case is an occasion to tell the child about their rights (§§ 3, 5, 6).
        occasion = events.rights_occasion(occasion="case_start")
        event_record(
            actor=actor,
            municipality=child.municipality,
            child=child,
            case=case,
            kind=occasion.kind,
            ref=f"case:{case.pk}#start",
            data=occasion.data,
            occurred_at=occurred_at_for(opened_on),
        )
        obligations_refresh(case)
    return case


def case_change_stage(*, actor, case: Case, stage: str, expected_version: int) -> Case:
    """Move the case to another step. ``expected_version`` guards against concurrent edits."""
    if stage not in Stage.values:
        raise ValidationError(_("Unknown case step."))
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
            stage=stage,
            version=expected_version + 1,
            closed_on=timezone.localdate() if stage == Stage.CLOSED else None,
        )
        if not updated:
            raise ValidationError(
                _(
                    "Someone else changed the case while you were working on it. "
                    "Reload and try again."
                )
            )
        case.refresh_from_db()
        kind, data = "case.stage_changed", {"stage": stage}
        if stage == Stage.CLOSED:
            closed = events.case_closed(stage=stage)
            kind, data = closed.kind, closed.data
        event_record(
            actor=actor,
            municipality=case.child.municipality,
            child=case.child,
            case=case,
            kind=kind,
            data=data,
        )
    return case


def caseworker_assign(
    *, actor, case: Case, caseworker, role: str = AssignmentRole.PRIMARY, started_on=None
) -> CaseworkerAssignment:
    """Make ``caseworker`` the case's primary or secondary caseworker, ending whoever held it."""
    if caseworker.role != Role.CASEWORKER:
        raise ValidationError(_("Only a caseworker can be assigned to a case."))
    if caseworker.municipality_id != case.child.municipality_id:
        raise ValidationError(_("The caseworker belongs to another municipality."))
    started_on = started_on or timezone.localdate()
    with transaction.atomic():
        current = (
            CaseworkerAssignment.objects.select_for_update()
            .filter(case=case, role=role, ended_on__isnull=True)
            .first()
        )
        holds_other_role = (
            CaseworkerAssignment.objects.filter(
                case=case, caseworker=caseworker, ended_on__isnull=True
            )
            .exclude(role=role)
            .exists()
        )
        if holds_other_role:
            raise ValidationError(
                _("The same caseworker cannot be both primary and secondary on a case.")
            )
        if current is not None:
            if current.caseworker_id == caseworker.pk:
                raise ValidationError(_("The caseworker is already assigned in that role."))
            _end(actor=actor, assignment=current, ended_on=started_on)
        assignment = CaseworkerAssignment.objects.create(
            case=case, caseworker=caseworker, role=role, started_on=started_on
        )
        event_record(
            actor=actor,
            municipality=case.child.municipality,
            child=case.child,
            case=case,
            kind="assignment.started",
            data={"caseworker": caseworker.get_full_name(), "role": role},
        )
    return assignment


def caseworker_unassign(*, actor, assignment: CaseworkerAssignment, ended_on=None) -> None:
    with transaction.atomic():
        _end(actor=actor, assignment=assignment, ended_on=ended_on or timezone.localdate())


def _end(*, actor, assignment: CaseworkerAssignment, ended_on: dt.date) -> None:
    if assignment.ended_on is not None:
        raise ValidationError(_("The assignment has already ended."))
    if ended_on < assignment.started_on:
        raise ValidationError(_("An assignment cannot end before it started."))
    assignment.ended_on = ended_on
    assignment.save(update_fields=["ended_on"])
    case = assignment.case
    event_record(
        actor=actor,
        municipality=case.child.municipality,
        child=case.child,
        case=case,
        kind="assignment.ended",
        data={"caseworker": assignment.caseworker.get_full_name(), "role": assignment.role},
    )
