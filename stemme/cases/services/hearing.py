"""Writes for the hearing of the parties (partshøring, forvaltningsloven § 19).

Before a decision that goes against the parties' wish, the parties are told what the planned
decision is and what we attach weight to, and get a deadline to answer. The parties are the
persons with custody of the child (``ChildRelation.has_custody``, relation not ended) and, from
age 10, the child in the case types of barnets lov § 3 (``PARTY_CASE_PARAGRAPHS``). Each
party's answer is recorded once; a party who has not answered when the deadline has passed is
silent. The hearing is complete when every party answered or the deadline has passed.

A decision that the caseworker marks as against the parties' wish needs a complete hearing, or
a recorded reason in forvaltningsloven § 19, stk. 2 why not (``decision_hearing_errors`` and
``decision_hearing_record``, called by ``steps.decision.decision_make``).

Facts: ``hearing.sent`` starts the task ``partshoering-svar`` (due on the answer deadline);
``hearing.answered`` per answer; ``hearing.closed`` (all answered, closed after the deadline,
or a decision made on it) meets the task; ``hearing.waived`` records a decision made without.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.cases.models import Case, Decision, Hearing, HearingException, HearingParty, Paragraph
from stemme.cases.selectors.hearing import latest_hearing
from stemme.cases.services.unit import (
    case_locked,
    date_not_future,
    fact_record,
    obligations_refresh,
    occurred_at_for,
)
from stemme.children.models import ChildRelation
from stemme.children.selectors import age_on
from stemme.deadlines import events
from stemme.deadlines.rules import PARTY_CASE_PARAGRAPHS

CHILD_PARTY_AGE = 10  # barnets lov § 3, stk. 1
ANSWER_MAX = 5000
BASIS_MAX = 5000


def hearing_parties(*, case: Case, paragraph: str, on: dt.date) -> list[dict]:
    """Who is heard about a decision on ``paragraph``: the custody holders, then the child
    when 10 or older in a § 3 case type. Each: person (or None), is_child, name, role."""
    relations = (
        ChildRelation.objects.filter(child=case.child, has_custody=True)
        .filter(ended_on__isnull=True)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    parties = [
        {
            "person": relation.person,
            "is_child": False,
            "name": relation.person.full_name,
            "role": _("%(relation)s (custody)") % {"relation": relation.get_relation_display()},
        }
        for relation in relations
    ]
    child = case.child
    if str(paragraph) in PARTY_CASE_PARAGRAPHS and age_on(child.birth_date, on) >= CHILD_PARTY_AGE:
        parties.append(
            {
                "person": None,
                "is_child": True,
                "name": child.full_name,
                "role": _("The child (a party from age 10, barnets lov § 3)"),
            }
        )
    return parties


def is_complete(hearing: Hearing, *, on: dt.date | None = None) -> bool:
    """Every party answered, or the answer deadline has passed (or it was closed)."""
    if hearing.is_waived:
        return False
    if hearing.closed_on is not None:
        return True
    on = on or timezone.localdate()
    if hearing.answer_due_on is not None and hearing.answer_due_on < on:
        return True
    parties = list(hearing.parties.all())
    return bool(parties) and all(party.answered_on is not None for party in parties)


def _refuse_closed(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(_("The case is closed; no hearing can be started."))


def hearing_start(
    *,
    actor,
    case: Case,
    paragraph: str,
    basis: str,
    answer_due_on: dt.date | None,
    sent_on: dt.date | None = None,
) -> Hearing:
    """Send the planned decision to the parties, with a deadline to answer."""
    today = timezone.localdate()
    sent_on = sent_on or today
    basis = (basis or "").strip()
    errors = {}
    if paragraph not in Paragraph.values:
        errors["paragraph"] = _("Choose the decision you plan to make.")
    if not basis:
        errors["basis"] = _("Write what the planned decision is and what we attach weight to.")
    elif len(basis) > BASIS_MAX:
        errors["basis"] = _("Keep it shorter: at most %(max)d characters.") % {"max": BASIS_MAX}
    if answer_due_on is None:
        errors["answer_due_on"] = _("Give the parties a deadline to answer.")
    elif answer_due_on <= today or answer_due_on <= sent_on:
        errors["answer_due_on"] = _(
            "The answer deadline must be after today: the parties need time to answer."
        )
    if errors:
        raise ValidationError(errors)
    date_not_future(sent_on, "sent_on")
    with transaction.atomic():
        case = case_locked(case)
        _refuse_closed(case)
        parties = hearing_parties(case=case, paragraph=paragraph, on=sent_on)
        if not parties:
            raise ValidationError(
                _(
                    "The child has no registered person with custody, and the child is not a "
                    "party: register who has custody on the child's page first."
                )
            )
        hearing = Hearing.objects.create(
            case=case,
            recorded_by=actor,
            paragraph=paragraph,
            basis=basis,
            sent_on=sent_on,
            answer_due_on=answer_due_on,
        )
        rows = HearingParty.objects.bulk_create(
            HearingParty(hearing=hearing, position=index, **party)
            for index, party in enumerate(parties)
        )
        fact_record(
            actor=actor,
            case=case,
            ref=hearing.ref,
            at=occurred_at_for(sent_on),
            fact=events.hearing_sent(
                due_on=answer_due_on,
                parties=[row.ref for row in rows],
                paragraph=paragraph,
            ),
        )
        obligations_refresh(case)
    return hearing


def _close(*, actor, case: Case, hearing: Hearing, on: dt.date, reason: str, **extra) -> None:
    Hearing.objects.filter(pk=hearing.pk).update(closed_on=on, **extra)
    hearing.closed_on = on
    for key, value in extra.items():
        setattr(hearing, key, value)
    silent = [
        party.ref for party in hearing.parties.filter(answered_on__isnull=True).order_by("position")
    ]
    fact_record(
        actor=actor,
        case=case,
        ref=f"{hearing.ref}#closed",
        at=occurred_at_for(on),
        fact=events.hearing_closed(
            about=hearing.ref,
            reason=reason,
            silent=silent or None,
            decision=f"decision:{extra['decision_id']}" if "decision_id" in extra else None,
        ),
    )


def hearing_answer(
    *, actor, party: HearingParty, answer: str, answered_on: dt.date
) -> HearingParty:
    """Record a party's answer. Each party answers once; the last answer closes the hearing."""
    answer = (answer or "").strip()
    errors = {}
    if not answer:
        errors["answer"] = _("Write what the party answered.")
    elif len(answer) > ANSWER_MAX:
        errors["answer"] = _("Keep it shorter: at most %(max)d characters.") % {"max": ANSWER_MAX}
    if errors:
        raise ValidationError(errors)
    date_not_future(answered_on, "answered_on")
    with transaction.atomic():
        hearing = Hearing.objects.get(pk=party.hearing_id)
        case = case_locked(hearing.case_id)
        hearing = Hearing.objects.get(pk=party.hearing_id)
        if hearing.closed_on is not None:
            raise ValidationError(_("The hearing is closed; no more answers can be recorded."))
        if answered_on < hearing.sent_on:
            raise ValidationError(
                {"answered_on": _("The answer cannot be given before the hearing was sent.")}
            )
        # Set once: two people recording the same answer at once must not both write.
        if not HearingParty.objects.filter(pk=party.pk, answered_on__isnull=True).update(
            answered_on=answered_on, answer=answer
        ):
            raise ValidationError(_("This party's answer has already been recorded."))
        party.refresh_from_db()
        fact_record(
            actor=actor,
            case=case,
            ref=party.ref,
            at=occurred_at_for(answered_on),
            fact=events.hearing_answered(
                about=hearing.ref, party=party.ref, answered_on=answered_on
            ),
        )
        if not hearing.parties.filter(answered_on__isnull=True).exists():
            _close(actor=actor, case=case, hearing=hearing, on=answered_on, reason="answered")
        obligations_refresh(case)
    return party


def hearing_close(*, actor, hearing: Hearing) -> Hearing:
    """Close the hearing after its deadline: the parties who did not answer were silent."""
    today = timezone.localdate()
    with transaction.atomic():
        case = case_locked(hearing.case_id)
        hearing = Hearing.objects.get(pk=hearing.pk)
        if hearing.closed_on is not None:
            raise ValidationError(_("The hearing is already closed."))
        if hearing.answer_due_on is None or hearing.answer_due_on >= today:
            raise ValidationError(
                _("The answer deadline has not passed yet; the parties may still answer.")
            )
        _close(actor=actor, case=case, hearing=hearing, on=today, reason="deadline")
        obligations_refresh(case)
    return hearing


def decision_hearing_errors(
    *,
    case: Case,
    parties_oppose: bool,
    exception_reason: str,
    exception: str,
    on: dt.date,
) -> dict:
    """Why a decision against the parties' wish may not be made yet (field -> message)."""
    if not parties_oppose:
        return {}
    if exception_reason:
        if exception_reason not in HearingException.values:
            return {"hearing_exception_reason": _("Choose a reason from the list.")}
        if not (exception or "").strip():
            return {
                "hearing_exception": _(
                    "Explain why the parties were not heard before the decision "
                    "(forvaltningsloven § 19, stk. 2)."
                )
            }
        return {}
    hearing = latest_hearing(case=case)
    if hearing is None or hearing.decision_id is not None:
        return {
            "parties_oppose": _(
                "The decision goes against the parties' wish: hear the parties first "
                "(forvaltningsloven § 19), or give the reason why they are not heard."
            )
        }
    if not is_complete(hearing, on=on):
        return {
            "parties_oppose": _(
                "The hearing of the parties is still running: wait until every party has "
                "answered or the deadline (%(due)s) has passed."
            )
            % {"due": hearing.answer_due_on.strftime("%d-%m-%Y")}
        }
    return {}


def decision_hearing_record(
    *,
    actor,
    case: Case,
    decision: Decision,
    parties_oppose: bool,
    exception_reason: str,
    exception: str,
) -> None:
    """Inside the decision's transaction: link the hearing to the decision (closing it), or
    record the reason the parties were not heard."""
    if not parties_oppose:
        return
    if exception_reason:
        Hearing.objects.create(
            case=case,
            recorded_by=actor,
            paragraph=decision.paragraph,
            basis=decision.reasoning,
            sent_on=decision.decided_on,
            exception_reason=exception_reason,
            exception=exception.strip(),
            decision=decision,
        )
        fact_record(
            actor=actor,
            case=case,
            ref=f"{decision.ref}#hearing",
            at=occurred_at_for(decision.decided_on),
            fact=events.hearing_waived(decision=decision.ref, reason=exception_reason),
        )
        return
    hearing = latest_hearing(case=case)
    if hearing.closed_on is None:
        _close(
            actor=actor,
            case=case,
            hearing=hearing,
            on=decision.decided_on,
            reason="decision",
            decision_id=decision.pk,
        )
    else:
        Hearing.objects.filter(pk=hearing.pk).update(decision=decision)
