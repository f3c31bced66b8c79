"""S5: decisions, their explanation to the child, and measures started and ended. Part of the case
steps (see the package docstring).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stemme.audit.models import Event
from stemme.cases.models import (
    Case,
    ChildWish,
    Decision,
    InvestigationKind,
    Measure,
    Paragraph,
    Stage,
)
from stemme.cases.services.hearing import decision_hearing_errors, decision_hearing_record
from stemme.cases.services.steps.common import required_check
from stemme.cases.services.unit import (
    case_locked,
    date_not_future,
    fact_record,
    obligations_refresh,
    occurred_at_for,
    stage_move,
)
from stemme.children.selectors import siblings_under
from stemme.deadlines import events
from stemme.participation.services import voice

# --- S5 decision and measures ------------------------------------------------------------------


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
    parties_oppose: bool = False,
    hearing_exception_reason: str = "",
    hearing_exception: str = "",
) -> Decision:
    """Record an afgørelse. Guards: see the module docstring.

    ``parties_oppose``: the decision goes against the parties' wish. It then needs a complete
    hearing of the parties (forvaltningsloven § 19), or a reason in § 19, stk. 2 why not
    (``hearing_exception_reason`` and ``hearing_exception``); see ``services.hearing``.

    The child's view: statements already recorded in the case (``statements``), the child's
    words given here (``child_words`` …, or the older ``child_view`` text, both recorded as
    statements), or the § 5, stk. 4 exception. All are linked to the decision.
    """

    date_not_future(decided_on, "decided_on")
    if paragraph not in Paragraph.values:
        raise ValidationError({"paragraph": _("Choose the measure the decision is about.")})
    required_check({"legal_basis": legal_basis.strip(), "reasoning": reasoning.strip()})
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
        voice.child_view_errors(
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
    errors.update(
        decision_hearing_errors(
            case=case,
            parties_oppose=bool(parties_oppose),
            exception_reason=hearing_exception_reason or "",
            exception=hearing_exception or "",
            on=decided_on,
        )
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = case_locked(case)
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
        decision_hearing_record(
            actor=actor,
            case=case,
            decision=decision,
            parties_oppose=bool(parties_oppose),
            exception_reason=hearing_exception_reason or "",
            exception=hearing_exception or "",
        )
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
        fact_record(
            actor=actor,
            case=case,
            ref=decision.ref,
            at=at,
            fact=events.decision_made(
                paragraph=paragraph,
                plan_decided=decision.plan_decided,
                neglect_or_abuse=decision.neglect_or_abuse,
                # § 21, stk. 2: the siblings under 15 in the household on the decision day,
                # as registered on the child (stemme.children), for a placement for neglect
                # or abuse.
                siblings_under_15=(
                    siblings_under(child=case.child, age=15, on=decided_on)
                    if decision.neglect_or_abuse
                    else []
                ),
                summary=decision.get_paragraph_display(),
                statements=linked,
                child_view_exception=child_view_exception_reason or None,
                child_wish=child_wish,
                explanation_due_on=explanation_due_on,
            ),
        )
        rights_occasion_record(actor=actor, case=case, ref=decision.ref, occasion="decision", at=at)
        needs_plan = paragraph == Paragraph.PLACEMENT_46 or (
            paragraph == Paragraph.SUPPORT_32 and plan_decided
        )
        stage_move(case, Stage.PLAN if needs_plan else Stage.START_UP_MEETING)
        obligations_refresh(case)
    return decision


def rights_occasion_record(*, actor, case: Case, ref: str, occasion: str, at: dt.datetime) -> None:
    """A moment to tell the child about their rights again (rule ``rettigheder``)."""
    fact_record(
        actor=actor,
        case=case,
        ref=ref,
        at=at,
        fact=events.rights_occasion(occasion=occasion),
    )


def explanation_deliver(*, actor, decision: Decision, delivered_on: dt.date, how: str) -> Decision:
    """The decision has been explained to the child (it went against, or partly against, the
    child's wish). Meets the ``forklaring-afgoerelse`` task."""
    date_not_future(delivered_on, "delivered_on")
    required_check({"how": how.strip()})
    if decision.explanation_due_on is None:
        raise ValidationError(_("No explanation to the child is planned for this decision."))
    if decision.explanation_delivered_on is not None:
        raise ValidationError(_("The explanation has already been given to the child."))
    if delivered_on < decision.decided_on:
        raise ValidationError(
            {"delivered_on": _("The explanation cannot be given before the decision.")}
        )
    with transaction.atomic():
        case = case_locked(decision.case)
        updated = Decision.objects.filter(
            pk=decision.pk, explanation_delivered_on__isnull=True
        ).update(explanation_delivered_on=delivered_on, explanation_delivered_how=how.strip())
        if not updated:
            raise ValidationError(_("The explanation has already been given to the child."))
        decision.refresh_from_db()
        fact_record(
            actor=actor,
            case=case,
            ref=f"{decision.ref}#explanation",
            at=occurred_at_for(delivered_on),
            fact=events.explanation_delivered(about=decision.ref, how=how.strip()),
        )
        obligations_refresh(case)
    return decision


def decision_notified_record(*, actor, decision: Decision, received_on: dt.date) -> bool:
    """A party has received the decision (a decision letter handed over or shown in Min sag):
    the 4 weeks to complain (``klagefrist-4-uger``) run from here. Recorded once per decision,
    from the first party who received it; returns whether it was recorded now."""
    date_not_future(received_on, "received_on")
    with transaction.atomic():
        case = case_locked(decision.case)
        ref = f"{decision.ref}#notified"
        if Event.objects.filter(case=case, ref=ref).exists():  # the ref is this fact's own
            return False
        fact_record(
            actor=actor,
            case=case,
            ref=ref,
            at=occurred_at_for(received_on),
            fact=events.decision_notified(about=decision.ref),
        )
        obligations_refresh(case)
    return True


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
    date_not_future(started_on, "started_on")
    required_check({"description": description.strip()})
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
        case = case_locked(decision.case)
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
        fact_record(
            actor=actor,
            case=case,
            ref=measure.ref,
            at=occurred_at_for(started_on),
            fact=events.measure_started(
                decision=decision.ref,
                placement=decision.is_placement,
                parallel_investigation_ends_on=parallel_investigation_ends_on,
                parallel_investigation=parallel.ref if parallel is not None else None,
                summary=measure.description,
            ),
        )
        obligations_refresh(case)
    return measure


def measure_end(*, actor, measure: Measure, ended_on: dt.date) -> Measure:
    date_not_future(ended_on, "ended_on")
    with transaction.atomic():
        case = case_locked(measure.case)
        measure_end_write(actor=actor, case=case, measure=measure, ended_on=ended_on)
        obligations_refresh(case)
    return measure


def measure_end_write(*, actor, case: Case, measure: Measure, ended_on: dt.date) -> None:
    if measure.ended_on is not None:
        raise ValidationError(_("The measure has already ended."))
    if ended_on < measure.started_on:
        raise ValidationError({"ended_on": _("A measure cannot end before it started.")})
    # Only if still running: two people ending it at once must not both write (set once).
    if not Measure.objects.filter(pk=measure.pk, ended_on__isnull=True).update(ended_on=ended_on):
        raise ValidationError(_("The measure has already ended."))
    measure.ended_on = ended_on
    fact_record(
        actor=actor,
        case=case,
        ref=measure.ref,
        at=occurred_at_for(ended_on),
        fact=events.measure_ended(
            decision=f"decision:{measure.decision_id}",
            placement=measure.decision.is_placement,
            summary=measure.description,
        ),
    )
