"""Writes for the steps of a case, from intake to closure (seed003_spec §1, barnets lov).

Each service validates the step, writes its record, records an event whose kind and data are
the deadline engine's facts (stemme/deadlines/facts.py), moves the case to its next step, and
recomputes the case's obligations — all in one transaction, with the case row locked so two
caseworkers cannot interleave writes to the same case.

Guards stop only what the law makes unambiguous, each with a Danish message:
- a § 46 decision needs a finished børnefaglig undersøgelse or a recorded provisional reason;
- a § 47 decision needs a barnets plan first (§ 91, stk. 2);
- a screening of a report that concerns abuse (or a suspicion of it) can only lead to a
  børnefaglig undersøgelse: not to closing, an afdækning or early preventive help alone
  (§ 20, stk. 1, nr. 2);
- no decision, and no finished børnefaglig undersøgelse, without the child's view in the
  child's own words (a ``participation.ChildStatement`` linked to it) or a § 5, stk. 4 exception
  with its reason and how the view was obtained instead; every decision says how the child's
  view was weighed, and one that goes against the child's wish, or follows it only in part,
  says how and when it will be explained to the child (Lundy: influence).

The time of a step dated with a day only is ``occurred_at_for``: the end of that day, whenever
it is typed. Every step dated the same day shares that instant, so the deadline engine compares
them as the guards compare dates ("a plan made on or before the decision day" passes the § 47
guard and meets ``plan-foer-47``), and entering the same dated steps in any order gives the
same duties. The obligations are computed as of the end of the current day, so a step dated
today counts at once.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.audit.services import event_record
from stemme.cases.models import (
    Case,
    Closure,
    Decision,
    FollowUp,
    FollowUpOutcome,
    Intake,
    IntakeKind,
    Investigation,
    InvestigationKind,
    Measure,
    Milestone,
    MilestoneKind,
    Paragraph,
    Plan,
    PlanKind,
    ReporterType,
    Screening,
    ScreeningOutcome,
    Stage,
    StartUpMeeting,
    SupervisionVisit,
)
from stemme.cases.services.case import case_open, caseworker_assign
from stemme.core.conflicts import conflict_of

CHILD_VIEW_EXCEPTION_REASONS = ("age", "other")


def occurred_at_for(day: dt.date) -> dt.datetime:
    """The one rule for the time of a step dated with a day only: the end of that day
    (23:59:59 in Copenhagen), the instant a date-based deadline on that day expires.

    Not the time of typing: then a plan typed yesterday afternoon and a § 47 decision typed
    this morning, both dated the same past day, would be ordered by when they were typed,
    and the engine would disagree with the guard (which compares the dates). Steps of one day
    share the instant; the engine compares "at or before" and "at or after" inclusively.
    """
    from stemme.deadlines.calendar import end_of_day

    return end_of_day(day)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("child__municipality").get(pk=case.pk)


def _event(*, actor, case: Case, kind: str, ref: str, data: dict, at: dt.datetime) -> None:
    event_record(
        actor=actor,
        municipality=case.child.municipality,
        child=case.child,
        case=case,
        kind=kind,
        ref=ref,
        data=data,
        occurred_at=at,
    )


def _move(case: Case, stage: str, *, closed_on: dt.date | None = None) -> None:
    """Move the case to ``stage`` (no event: the step's own event says what happened)."""
    Case.objects.filter(pk=case.pk).update(
        stage=stage, version=F("version") + 1, closed_on=closed_on
    )
    case.refresh_from_db(fields=["stage", "version", "closed_on"])


def _recompute(case: Case) -> None:
    from stemme.deadlines.services import obligations_recompute

    obligations_recompute(case=case)


def _not_future(day: dt.date, field: str) -> None:
    if day is None:  # a model form's optional date field (e.g. completed_on) left empty
        raise ValidationError({field: _("This field is required.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _required(values: dict) -> None:
    errors = {field: _("This field is required.") for field, value in values.items() if not value}
    if errors:
        raise ValidationError(errors)


def _has_active_measure(child) -> bool:
    return Measure.objects.filter(
        case__child=child,
        ended_on__isnull=True,
        decision__paragraph__in=Paragraph.measures(),
    ).exists()


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
    _required({"content": content.strip()})
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
        case = _locked(case)
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
            child_has_measure=_has_active_measure(child),
        )
        intake.full_clean()
        intake.save()
        event_kind = {
            IntakeKind.UNDERRETNING: "underretning.received",
            IntakeKind.HENVENDELSE: "henvendelse.received",
            IntakeKind.CHILD_REQUEST: "child_request.received",
        }[kind]
        _event(
            actor=actor,
            case=case,
            kind=event_kind,
            ref=intake.ref,
            at=received_at,
            data={
                "reporter_type": intake.reporter_type,
                "abuse": abuse,
                "child_has_measure": intake.child_has_measure,
                "parent_suspected": parent_suspected,
                "summary": content.strip()[:160],
            },
        )
        if case.stage in (Stage.MEASURE_RUNNING, Stage.FOLLOW_UP, Stage.SUPERVISION):
            pass  # a new report about a child in a running measure does not rewind the case
        elif case.stage != Stage.RECEIVED:
            _move(case, Stage.RECEIVED)
        _recompute(case)
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
    _required({"assessment": assessment.strip()})
    with transaction.atomic():
        case = _locked(intake.case)
        # Set once: the condition refuses a second assessment that raced past the check above.
        if not Intake.objects.filter(pk=intake.pk, urgency_assessed_at__isnull=True).update(
            urgency_assessed_at=assessed_at,
            urgency_is_acute=is_acute,
            urgency_assessment=assessment.strip(),
        ):
            raise ValidationError(_("The urgency has already been assessed."))
        intake.refresh_from_db()
        _event(
            actor=actor,
            case=case,
            kind="underretning.urgency_assessed",
            ref=intake.ref,
            at=assessed_at,
            data={"underretning": intake.ref, "acute": is_acute},
        )
        if case.stage == Stage.RECEIVED:
            _move(case, Stage.INITIAL_CONVERSATIONS)
        _recompute(case)
    return intake


def intake_send_receipt(*, actor, intake: Intake, sent_on: dt.date) -> Intake:
    """Receipt to a professional reporter (kvittering)."""
    _not_future(sent_on, "sent_on")
    if intake.receipt_sent_on is not None:
        raise ValidationError(_("The receipt has already been recorded."))
    with transaction.atomic():
        case = _locked(intake.case)
        if not Intake.objects.filter(pk=intake.pk, receipt_sent_on__isnull=True).update(
            receipt_sent_on=sent_on
        ):
            raise ValidationError(_("The receipt has already been recorded."))
        intake.refresh_from_db()
        _event(
            actor=actor,
            case=case,
            kind="underretning.receipt_sent",
            ref=intake.ref,
            at=occurred_at_for(sent_on),
            data={"underretning": intake.ref},
        )
        _recompute(case)
    return intake


def intake_reassess(*, actor, intake: Intake, reassessed_on: dt.date) -> Intake:
    """Reassessment with someone new to the case (§ 137, stk. 1)."""
    _not_future(reassessed_on, "reassessed_on")
    if intake.reassessed_on is not None:
        raise ValidationError(_("The reassessment has already been recorded."))
    with transaction.atomic():
        case = _locked(intake.case)
        if not Intake.objects.filter(pk=intake.pk, reassessed_on__isnull=True).update(
            reassessed_on=reassessed_on
        ):
            raise ValidationError(_("The reassessment has already been recorded."))
        intake.refresh_from_db()
        _event(
            actor=actor,
            case=case,
            kind="underretning.reassessed",
            ref=intake.ref,
            at=occurred_at_for(reassessed_on),
            data={"underretning": intake.ref},
        )
        _recompute(case)
    return intake


def case_set_awareness_date(
    *, actor, case: Case, awareness_date: dt.date, reason: str, expected_version: int
) -> Case:
    """Change the awareness date (kendskabsdato). It moves the BFU deadline, so give a reason."""
    _required({"reason": reason.strip()})
    _not_future(awareness_date, "awareness_date")
    with transaction.atomic():
        case = _locked(case)
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
        _event(
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
        _recompute(case)
    return case


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
    _not_future(screened_on, "screened_on")
    _required(
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
        case = _locked(case)
        screening = Screening.objects.create(
            case=case,
            recorded_by=actor,
            screened_on=screened_on,
            information_weighted=information_weighted.strip(),
            assessment=assessment.strip(),
            outcome=outcome,
        )
        at = occurred_at_for(screened_on)
        _event(
            actor=actor,
            case=case,
            kind="screening.completed",
            ref=screening.ref,
            at=at,
            data={"outcome": outcome, "summary": assessment.strip()[:160]},
        )
        if outcome in (ScreeningOutcome.AFDAEKNING, ScreeningOutcome.BFU):
            _start_investigation(actor=actor, case=case, kind=outcome, started_on=screened_on)
        elif outcome == ScreeningOutcome.EARLY_PREVENTIVE:
            _move(case, Stage.CHOICE_OF_MEASURE)
        else:
            _close(
                actor=actor,
                case=case,
                closed_on=screened_on,
                purpose_achieved=assessment.strip(),
                if_worry_returns="",
            )
        _recompute(case)
    return screening


def investigation_start(*, actor, case: Case, kind: str, started_on: dt.date) -> Investigation:
    _not_future(started_on, "started_on")
    if kind not in InvestigationKind.values:
        raise ValidationError({"kind": _("Choose the kind of investigation.")})
    with transaction.atomic():
        case = _locked(case)
        investigation = _start_investigation(
            actor=actor, case=case, kind=kind, started_on=started_on
        )
        _recompute(case)
    return investigation


def _start_investigation(*, actor, case: Case, kind: str, started_on: dt.date) -> Investigation:
    if case.investigations.filter(kind=kind, completed_on__isnull=True).exists():
        raise ValidationError(_("An investigation of this kind is already running."))
    investigation = Investigation.objects.create(
        case=case, recorded_by=actor, kind=kind, started_on=started_on
    )
    _event(
        actor=actor,
        case=case,
        kind=f"{kind}.started",
        ref=investigation.ref,
        at=occurred_at_for(started_on),
        data={},
    )
    _move(case, Stage.BFU if kind == InvestigationKind.BFU else Stage.AFDAEKNING)
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
    _not_future(completed_on, "completed_on")
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
        _child_view_errors(
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
    from stemme.participation.services import voice

    with transaction.atomic():
        case = _locked(investigation.case)
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
        _event(
            actor=actor,
            case=case,
            kind=f"{investigation.kind}.completed",
            ref=investigation.ref,
            at=occurred_at_for(completed_on),
            data={
                "summary": investigation.conclusion[:160],
                "statements": linked,
                "child_heard": child_heard,
                # The § 5, stk. 4 exception is kept with the event: the investigation record
                # has no fields for it yet.
                "child_view_exception": (
                    {
                        "reason": child_view_exception_reason,
                        "why": child_view_exception.strip(),
                        "obtained_otherwise": child_view_obtained_otherwise.strip(),
                    }
                    if child_view_exception_reason
                    else None
                ),
            },
        )
        _move(case, Stage.CHOICE_OF_MEASURE)
        _recompute(case)
    return investigation


def investigation_preliminary_assessment(
    *, actor, investigation: Investigation, assessed_on: dt.date, assessment: str
) -> Investigation:
    """The preliminary assessment when a BFU cannot be finished within 4 months (§ 20, stk. 3)."""
    _not_future(assessed_on, "assessed_on")
    _required({"assessment": assessment.strip()})
    if investigation.kind != InvestigationKind.BFU or investigation.completed_on:
        raise ValidationError(
            _(
                "A preliminary assessment can only be made while a child welfare investigation "
                "is running."
            )
        )
    with transaction.atomic():
        case = _locked(investigation.case)
        investigation.preliminary_assessment_on = assessed_on
        investigation.preliminary_assessment = assessment.strip()
        investigation.save(update_fields=["preliminary_assessment_on", "preliminary_assessment"])
        _event(
            actor=actor,
            case=case,
            kind="bfu.preliminary_assessment",
            ref=investigation.ref,
            at=occurred_at_for(assessed_on),
            data={"summary": assessment.strip()[:160]},
        )
        _recompute(case)
    return investigation


# --- S5 decision and measures ------------------------------------------------------------------


def _child_view_errors(
    *,
    case: Case,
    statements: list,
    has_words: bool,
    words_field: str,
    reason: str,
    exception: str,
    obtained_otherwise: str,
    required: bool = True,
) -> dict:
    """The child's view guard shared by decisions and investigations (§ 5, stk. 3–4)."""
    errors = {}
    if any(statement.child_id != case.child_id for statement in statements):
        errors["statements"] = _("A chosen statement belongs to another child.")
    if reason:
        if reason not in CHILD_VIEW_EXCEPTION_REASONS:
            errors["child_view_exception_reason"] = _("Choose the reason for the exception.")
        if not exception.strip():
            errors["child_view_exception"] = _(
                "Explain why the child's view could not be obtained (barnets lov § 5, stk. 4)."
            )
        if not obtained_otherwise.strip():
            errors["child_view_obtained_otherwise"] = _(
                "Say how the child's view was obtained instead, e.g. by observation or through "
                "a trusted adult."
            )
    elif (exception.strip() or obtained_otherwise.strip()) and not (statements or has_words):
        errors["child_view_exception_reason"] = _("Choose the reason for the exception.")
    elif required and not statements and not has_words:
        errors[words_field] = _(
            "Record the child's view in the child's own words, or why it could not be obtained "
            "and how it was sought instead (barnets lov § 5, stk. 3–4)."
        )
    return errors


def decision_make(
    *,
    actor,
    case: Case,
    paragraph: str,
    legal_basis: str,
    decided_on: dt.date,
    reasoning: str,
    purpose: str = "",
    expected_duration: str = "",
    plan_decided: bool | None = None,
    neglect_or_abuse: bool = False,
    provisional_reason: str = "",
    statements=(),
    child_words: str = "",
    child_words_mode: str = "direct",
    child_words_trusted_adult: str = "",
    child_words_on: dt.date | None = None,
    child_view: str = "",
    child_view_exception_reason: str = "",
    child_view_exception: str = "",
    child_view_obtained_otherwise: str = "",
    child_view_weighing: str = "",
    child_wish: str = "",
    explanation_for_child: str = "",
    explanation_how: str = "",
    explanation_due_on: dt.date | None = None,
) -> Decision:
    """Record an afgørelse. Guards: see the module docstring.

    The child's view: statements already recorded in the case (``statements``), the child's
    words given here (``child_words`` …, or the older ``child_view`` text, both recorded as
    statements), or the § 5, stk. 4 exception. All are linked to the decision.
    """
    from stemme.cases.models import ChildWish
    from stemme.children.selectors import siblings_under
    from stemme.participation.services import voice

    _not_future(decided_on, "decided_on")
    if paragraph not in Paragraph.values:
        raise ValidationError({"paragraph": _("Choose the measure the decision is about.")})
    _required({"legal_basis": legal_basis.strip(), "reasoning": reasoning.strip()})
    errors = {}
    if paragraph in Paragraph.needs_purpose():
        if not purpose.strip():
            errors["purpose"] = _("The purpose of the measure must be stated in the decision.")
        if not expected_duration.strip():
            errors["expected_duration"] = _(
                "The expected duration of the measure must be stated in the decision."
            )
    if paragraph == Paragraph.SUPPORT_32 and plan_decided is None:
        errors["plan_decided"] = _(
            "Decide whether a barnets plan will be made for this measure (§ 91, stk. 1)."
        )
    statements = list(statements or [])
    child_words = (child_words or "").strip()
    child_view = (child_view or "").strip()
    child_words_on = child_words_on or decided_on
    if child_words:
        try:
            voice.statement_validate(
                words=child_words,
                mode=child_words_mode,
                trusted_adult=child_words_trusted_adult,
                stated_on=child_words_on,
                fields={
                    "words": "child_words",
                    "mode": "child_words_mode",
                    "trusted_adult": "child_words_trusted_adult",
                    "stated_on": "child_words_on",
                },
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    errors.update(
        _child_view_errors(
            case=case,
            statements=statements,
            has_words=bool(child_words or child_view),
            words_field="child_words",
            reason=child_view_exception_reason,
            exception=child_view_exception,
            obtained_otherwise=child_view_obtained_otherwise,
        )
    )
    if not child_view_weighing.strip():
        errors["child_view_weighing"] = _(
            "Say how the child's view was weighed in the decision, and why."
        )
    if child_wish not in ChildWish.values:
        errors["child_wish"] = _("Say whether the decision follows the child's wish.")
    explanation = {
        "explanation_for_child": explanation_for_child.strip(),
        "explanation_how": explanation_how.strip(),
        "explanation_due_on": explanation_due_on,
    }
    if child_wish in (ChildWish.AGAINST, ChildWish.PARTLY) or any(explanation.values()):
        messages = {
            "explanation_for_child": (
                _(
                    "The decision follows the child's wish only in part: write, in plain "
                    "words, how you will explain it to the child."
                )
                if child_wish == ChildWish.PARTLY
                else _(
                    "The decision goes against the child's wish: write, in plain words, how "
                    "you will explain it to the child."
                )
            ),
            "explanation_how": _("Say how the decision will be explained to the child."),
            "explanation_due_on": _("Say by when the decision will be explained to the child."),
        }
        for field, value in explanation.items():
            if not value:
                errors[field] = messages[field]
    if explanation_due_on is not None and explanation_due_on < decided_on:
        errors["explanation_due_on"] = _(
            "The explanation cannot be due before the decision is made."
        )
    if paragraph == Paragraph.PLACEMENT_46 and not provisional_reason.strip():
        finished_bfu = case.investigations.filter(
            kind=InvestigationKind.BFU, completed_on__isnull=False, completed_on__lte=decided_on
        ).exists()
        if not finished_bfu:
            errors["provisional_reason"] = _(
                "A placement needs a finished child welfare investigation. If the child must be "
                "placed before it is finished, state the provisional or emergency reason."
            )
    if paragraph == Paragraph.PLACEMENT_47:
        has_plan = case.plans.filter(made_on__lte=decided_on).exists()
        if not has_plan:
            errors["paragraph"] = _(
                "A placement without consent requires a barnets plan made before the decision "
                "(barnets lov § 91, stk. 2)."
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = _locked(case)
        decision = Decision(
            case=case,
            recorded_by=actor,
            paragraph=paragraph,
            legal_basis=legal_basis.strip(),
            decided_on=decided_on,
            reasoning=reasoning.strip(),
            purpose=purpose.strip(),
            expected_duration=expected_duration.strip(),
            plan_decided=plan_decided if paragraph == Paragraph.SUPPORT_32 else None,
            neglect_or_abuse=neglect_or_abuse if paragraph in Paragraph.placements() else False,
            provisional_reason=provisional_reason.strip(),
            child_view=child_words or child_view,
            child_view_exception_reason=child_view_exception_reason,
            child_view_exception=child_view_exception.strip(),
            child_view_obtained_otherwise=child_view_obtained_otherwise.strip(),
            child_view_weighing=child_view_weighing.strip(),
            child_wish=child_wish,
            explanation_for_child=explanation["explanation_for_child"],
            explanation_how=explanation["explanation_how"],
            explanation_due_on=explanation_due_on,
        )
        decision.full_clean()
        decision.save()
        linked = voice.statements_link(statements=statements, informs_ref=decision.ref)
        for words, mode, adult, on in (
            (child_words, child_words_mode, child_words_trusted_adult, child_words_on),
            (child_view if child_view != child_words else "", "direct", "", decided_on),
        ):
            if words:
                statement = voice.statement_create(
                    actor=actor,
                    child=case.child,
                    case=case,
                    words=words,
                    mode=mode,
                    trusted_adult=adult,
                    stated_on=on,
                    informs_ref=decision.ref,
                )
                linked.append(statement.ref)
        at = occurred_at_for(decided_on)
        _event(
            actor=actor,
            case=case,
            kind="decision.made",
            ref=decision.ref,
            at=at,
            data={
                "paragraph": paragraph,
                "plan_decided": decision.plan_decided,
                "neglect_or_abuse": decision.neglect_or_abuse,
                # § 21, stk. 2: the siblings under 15 in the household on the decision day,
                # as registered on the child (stemme.children), for a placement for neglect
                # or abuse.
                "siblings_under_15": (
                    siblings_under(child=case.child, age=15, on=decided_on)
                    if decision.neglect_or_abuse
                    else []
                ),
                "summary": decision.get_paragraph_display(),
                "statements": linked,
                "child_view_exception": child_view_exception_reason or None,
                "child_wish": child_wish,
                "against_child_wish": child_wish == ChildWish.AGAINST,
                "explanation_due_on": (
                    explanation_due_on.isoformat() if explanation_due_on else None
                ),
            },
        )
        _rights_occasion(actor=actor, case=case, ref=decision.ref, occasion="decision", at=at)
        needs_plan = paragraph == Paragraph.PLACEMENT_46 or (
            paragraph == Paragraph.SUPPORT_32 and plan_decided
        )
        _move(case, Stage.PLAN if needs_plan else Stage.START_UP_MEETING)
        _recompute(case)
    return decision


def _rights_occasion(*, actor, case: Case, ref: str, occasion: str, at: dt.datetime) -> None:
    """A moment to tell the child about their rights again (rule ``rettigheder``)."""
    _event(
        actor=actor,
        case=case,
        kind="rights.occasion",
        ref=ref,
        at=at,
        data={"occasion": occasion},
    )


def explanation_deliver(*, actor, decision: Decision, delivered_on: dt.date, how: str) -> Decision:
    """The decision has been explained to the child (it went against, or partly against, the
    child's wish). Meets the ``forklaring-afgoerelse`` task."""
    _not_future(delivered_on, "delivered_on")
    _required({"how": how.strip()})
    if decision.explanation_due_on is None:
        raise ValidationError(_("No explanation to the child is planned for this decision."))
    if decision.explanation_delivered_on is not None:
        raise ValidationError(_("The explanation has already been given to the child."))
    if delivered_on < decision.decided_on:
        raise ValidationError(
            {"delivered_on": _("The explanation cannot be given before the decision.")}
        )
    with transaction.atomic():
        case = _locked(decision.case)
        updated = Decision.objects.filter(
            pk=decision.pk, explanation_delivered_on__isnull=True
        ).update(explanation_delivered_on=delivered_on, explanation_delivered_how=how.strip())
        if not updated:
            raise ValidationError(_("The explanation has already been given to the child."))
        decision.refresh_from_db()
        _event(
            actor=actor,
            case=case,
            kind="explanation.delivered",
            ref=f"{decision.ref}#explanation",
            at=occurred_at_for(delivered_on),
            data={"about": decision.ref, "how": how.strip()},
        )
        _recompute(case)
    return decision


def measure_start(
    *,
    actor,
    decision: Decision,
    description: str,
    started_on: dt.date,
    provider: str = "",
    parallel_investigation_ends_on: dt.date | None = None,
) -> Measure:
    """The measure actually starts (iværksættes); the first follow-up clock starts here."""
    _not_future(started_on, "started_on")
    _required({"description": description.strip()})
    if started_on < decision.decided_on:
        raise ValidationError({"started_on": _("A measure cannot start before its decision.")})
    if parallel_investigation_ends_on and parallel_investigation_ends_on < started_on:
        raise ValidationError(
            {
                "parallel_investigation_ends_on": _(
                    "The parallel investigation cannot end before the measure starts."
                )
            }
        )
    with transaction.atomic():
        case = _locked(decision.case)
        # § 95 stk. 2 nr. 1: a BFU still running when the measure starts runs alongside it;
        # the first follow-up falls due when it is finished, if that is before 3 months.
        parallel = (
            case.investigations.filter(
                kind=InvestigationKind.BFU, started_on__lte=started_on, completed_on__isnull=True
            )
            .order_by("started_on")
            .first()
        )
        measure = Measure.objects.create(
            case=case,
            decision=decision,
            recorded_by=actor,
            description=description.strip(),
            provider=provider.strip(),
            started_on=started_on,
            parallel_investigation_ends_on=parallel_investigation_ends_on,
        )
        _event(
            actor=actor,
            case=case,
            kind="measure.started",
            ref=measure.ref,
            at=occurred_at_for(started_on),
            data={
                "decision": decision.ref,
                "placement": decision.is_placement,
                "parallel_investigation_ends_on": (
                    parallel_investigation_ends_on.isoformat()
                    if parallel_investigation_ends_on
                    else None
                ),
                "parallel_investigation": parallel.ref if parallel is not None else None,
                "summary": measure.description,
            },
        )
        _recompute(case)
    return measure


def measure_end(*, actor, measure: Measure, ended_on: dt.date) -> Measure:
    _not_future(ended_on, "ended_on")
    with transaction.atomic():
        case = _locked(measure.case)
        _end_measure(actor=actor, case=case, measure=measure, ended_on=ended_on)
        _recompute(case)
    return measure


def _end_measure(*, actor, case: Case, measure: Measure, ended_on: dt.date) -> None:
    if measure.ended_on is not None:
        raise ValidationError(_("The measure has already ended."))
    if ended_on < measure.started_on:
        raise ValidationError({"ended_on": _("A measure cannot end before it started.")})
    # Only if still running: two people ending it at once must not both write (set once).
    if not Measure.objects.filter(pk=measure.pk, ended_on__isnull=True).update(ended_on=ended_on):
        raise ValidationError(_("The measure has already ended."))
    measure.ended_on = ended_on
    _event(
        actor=actor,
        case=case,
        kind="measure.ended",
        ref=measure.ref,
        at=occurred_at_for(ended_on),
        data={
            "decision": f"decision:{measure.decision_id}",
            "placement": measure.decision.is_placement,
            "summary": measure.description,
        },
    )


# --- S6–S10 plan, meetings, follow-up, supervision ---------------------------------------------


def plan_make(*, actor, case: Case, kind: str, made_on: dt.date, summary: str) -> Plan:
    _not_future(made_on, "made_on")
    _required({"summary": summary.strip()})
    if kind not in PlanKind.values:
        raise ValidationError({"kind": _("Choose the kind of plan.")})
    with transaction.atomic():
        case = _locked(case)
        plan = Plan.objects.create(
            case=case, recorded_by=actor, kind=kind, made_on=made_on, summary=summary.strip()
        )
        _event(
            actor=actor,
            case=case,
            kind="plan.made",
            ref=plan.ref,
            at=occurred_at_for(made_on),
            data={"ungeplan": kind == PlanKind.UNGEPLAN, "summary": summary.strip()[:160]},
        )
        _rights_occasion(
            actor=actor, case=case, ref=plan.ref, occasion="plan", at=occurred_at_for(made_on)
        )
        if case.stage == Stage.PLAN:
            _move(case, Stage.START_UP_MEETING)
        _recompute(case)
    return plan


def start_up_meeting_hold(
    *, actor, case: Case, held_on: dt.date, concern_and_change: str, first_follow_up_on: dt.date
) -> StartUpMeeting:
    _not_future(held_on, "held_on")
    _required({"concern_and_change": concern_and_change.strip()})
    if first_follow_up_on <= held_on:
        raise ValidationError(
            {"first_follow_up_on": _("The first follow-up must be after the meeting.")}
        )
    with transaction.atomic():
        case = _locked(case)
        meeting = StartUpMeeting.objects.create(
            case=case,
            recorded_by=actor,
            held_on=held_on,
            concern_and_change=concern_and_change.strip(),
            first_follow_up_on=first_follow_up_on,
        )
        _event(
            actor=actor,
            case=case,
            kind="start_up_meeting.held",
            ref=meeting.ref,
            at=occurred_at_for(held_on),
            data={"next": first_follow_up_on.isoformat()},
        )
        _follow_up_scheduled(
            actor=actor,
            case=case,
            ref=meeting.ref,
            due_on=first_follow_up_on,
            at=occurred_at_for(held_on),
        )
        _move(case, Stage.MEASURE_RUNNING)
        _recompute(case)
    return meeting


def follow_up_hold(
    *,
    actor,
    case: Case,
    held_on: dt.date,
    assessment: str,
    outcome: str,
    next_follow_up_on: dt.date | None,
    talked_with_child_alone: bool = False,
    goals_reviewed: bool = False,
    all_measures_reviewed: bool = False,
    child_wishes_for_frequency: str = "",
) -> FollowUp:
    """A follow-up (§ 95) with its checklist. Unless the case is to close, the next date is set."""
    _not_future(held_on, "held_on")
    _required({"assessment": assessment.strip()})
    if outcome not in FollowUpOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the follow-up.")})
    if outcome != FollowUpOutcome.CLOSE and next_follow_up_on is None:
        raise ValidationError(
            {"next_follow_up_on": _("Set the date of the next follow-up before you finish.")}
        )
    if next_follow_up_on is not None and next_follow_up_on <= held_on:
        raise ValidationError(
            {"next_follow_up_on": _("The next follow-up must be after this one.")}
        )
    with transaction.atomic():
        case = _locked(case)
        follow_up = FollowUp.objects.create(
            case=case,
            recorded_by=actor,
            held_on=held_on,
            talked_with_child_alone=talked_with_child_alone,
            goals_reviewed=goals_reviewed,
            all_measures_reviewed=all_measures_reviewed,
            child_wishes_for_frequency=child_wishes_for_frequency.strip(),
            assessment=assessment.strip(),
            outcome=outcome,
            next_follow_up_on=next_follow_up_on,
        )
        _event(
            actor=actor,
            case=case,
            kind="follow_up.held",
            ref=follow_up.ref,
            at=occurred_at_for(held_on),
            data={
                "outcome": outcome,
                "talked_with_child_alone": talked_with_child_alone,
                "next": next_follow_up_on.isoformat() if next_follow_up_on else None,
                "summary": follow_up.get_outcome_display(),
            },
        )
        if next_follow_up_on is not None:
            _follow_up_scheduled(
                actor=actor,
                case=case,
                ref=follow_up.ref,
                due_on=next_follow_up_on,
                at=occurred_at_for(held_on),
            )
        next_stage = {
            FollowUpOutcome.CLOSE: Stage.CLOSING,
            FollowUpOutcome.NEW_INVESTIGATION: Stage.BFU,
            FollowUpOutcome.NEW_MEASURE: Stage.CHOICE_OF_MEASURE,
        }.get(outcome, Stage.MEASURE_RUNNING)
        _move(case, next_stage)
        _recompute(case)
    return follow_up


def _follow_up_scheduled(*, actor, case: Case, ref: str, due_on: dt.date, at: dt.datetime) -> None:
    """The agreed follow-up date starts the task: talk with the child alone before it."""
    _event(
        actor=actor,
        case=case,
        kind="follow_up.scheduled",
        ref=f"{ref}#next",
        at=at,
        data={"due_on": due_on.isoformat()},
    )


def supervision_visit_record(
    *,
    actor,
    case: Case,
    visited_on: dt.date,
    notes: str,
    talked_with_child: bool = True,
    staff_present: bool = False,
) -> SupervisionVisit:
    """Personrettet tilsyn at the placement (§ 156, stk. 5)."""
    _not_future(visited_on, "visited_on")
    _required({"notes": notes.strip()})
    placed = case.measures.filter(
        decision__paragraph__in=Paragraph.placements(), started_on__lte=visited_on
    ).exclude(ended_on__lt=visited_on)
    if not placed.exists():
        raise ValidationError(_("Supervision visits are for children placed outside the home."))
    with transaction.atomic():
        case = _locked(case)
        visit = SupervisionVisit.objects.create(
            case=case,
            recorded_by=actor,
            visited_on=visited_on,
            talked_with_child=talked_with_child,
            staff_present=staff_present,
            notes=notes.strip(),
        )
        _event(
            actor=actor,
            case=case,
            kind="supervision.held",
            ref=visit.ref,
            at=occurred_at_for(visited_on),
            data={"with_child_conversation": talked_with_child, "staff_present": staff_present},
        )
        _recompute(case)
    return visit


# --- Milestones, waivers, closure --------------------------------------------------------------

_MILESTONE_EVENTS = {
    MilestoneKind.CONVERSATION: "conversation.held",
    MilestoneKind.PARTY_STATUS_INFORMED: "party_status.informed",
    MilestoneKind.UNGEPLAN_DECIDED: "ungeplan.decided",
    MilestoneKind.SIBLING_BFU_DECIDED: "sibling_bfu.decided",
}


def milestone_record(
    *,
    actor,
    case: Case,
    kind: str,
    happened_on: dt.date,
    note: str = "",
    child_alone: bool = False,
    intake: Intake | None = None,
    sibling=None,
    sibling_person=None,
) -> Milestone:
    """A conversation with the child, information given, or a smaller decision that meets a duty.

    The decision on investigating a sibling names a registered child (``sibling``) or a sibling
    registered in the child's household (``sibling_person``, § 21, stk. 2)."""
    _not_future(happened_on, "happened_on")
    if kind not in MilestoneKind.values:
        raise ValidationError({"kind": _("Choose what happened.")})
    if kind == MilestoneKind.SIBLING_BFU_DECIDED and sibling is None and sibling_person is None:
        raise ValidationError({"sibling": _("Choose the sibling.")})
    if (
        sibling_person is not None
        and not case.child.relations.filter(person=sibling_person).exists()
    ):
        raise ValidationError({"sibling_person": _("Choose the sibling.")})
    if intake is not None and intake.case_id != case.pk:
        raise ValidationError({"intake": _("The report belongs to another case.")})
    with transaction.atomic():
        case = _locked(case)
        milestone = Milestone.objects.create(
            case=case,
            recorded_by=actor,
            kind=kind,
            happened_on=happened_on,
            child_alone=child_alone,
            intake=intake,
            sibling=sibling,
            sibling_person=sibling_person,
            note=note.strip(),
        )
        data: dict = {"summary": note.strip()[:160]} if note.strip() else {}
        if kind == MilestoneKind.CONVERSATION:
            data["alone"] = child_alone
            if intake is not None:
                data["underretning"] = intake.ref
        if sibling is not None:
            data["sibling"] = f"child:{sibling.pk}"
        elif sibling_person is not None:
            data["sibling"] = f"person:{sibling_person.pk}"
        _event(
            actor=actor,
            case=case,
            kind=_MILESTONE_EVENTS[kind],
            ref=milestone.ref,
            at=occurred_at_for(happened_on),
            data=data,
        )
        _recompute(case)
    return milestone


def obligation_waive(*, actor, case: Case, rule_id: str, trigger_ref: str, reason: str) -> None:
    """Waive one obligation with a reason; it stays visible as waived, never silently gone."""
    import uuid

    _required({"reason": reason.strip()})
    with transaction.atomic():
        case = _locked(case)
        if not case.obligations.filter(rule_id=rule_id, trigger_ref=trigger_ref).exists():
            raise ValidationError(_("The deadline no longer exists; reload the page."))
        _event(
            actor=actor,
            case=case,
            kind="obligation.waived",
            ref=f"waiver:{uuid.uuid4()}",
            at=timezone.now(),
            data={"rule_id": rule_id, "trigger_ref": trigger_ref, "reason": reason.strip()},
        )
        _recompute(case)


def case_close(
    *, actor, case: Case, closed_on: dt.date, purpose_achieved: str, if_worry_returns: str
) -> Closure:
    """Close the case (S11–S12). Running measures end on the closing date."""
    _not_future(closed_on, "closed_on")
    _required(
        {"purpose_achieved": purpose_achieved.strip(), "if_worry_returns": if_worry_returns.strip()}
    )
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("The case is already closed."))
    with transaction.atomic():
        case = _locked(case)
        closure = _close(
            actor=actor,
            case=case,
            closed_on=closed_on,
            purpose_achieved=purpose_achieved,
            if_worry_returns=if_worry_returns,
        )
        _recompute(case)
    return closure


def _close(*, actor, case, closed_on, purpose_achieved, if_worry_returns) -> Closure:
    for measure in case.measures.filter(ended_on__isnull=True).select_related("decision"):
        _end_measure(actor=actor, case=case, measure=measure, ended_on=closed_on)
    closure = Closure.objects.create(
        case=case,
        recorded_by=actor,
        closed_on=closed_on,
        purpose_achieved=purpose_achieved.strip(),
        if_worry_returns=if_worry_returns.strip(),
    )
    _event(
        actor=actor,
        case=case,
        kind="case.closed",
        ref=closure.ref,
        at=occurred_at_for(closed_on),
        data={"stage": Stage.CLOSED, "summary": purpose_achieved.strip()[:160]},
    )
    _move(case, Stage.CLOSED, closed_on=closed_on)
    return closure


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
    **intake,
) -> Intake:
    """A report about a child the municipality does not know yet: child, case and report in one.

    Done in one transaction so the child is never registered without the case that makes it
    visible to the caseworker who registered it.
    """
    from stemme.children.services import child_create

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
        return intake_register(actor=actor, child=child, **intake)
