"""Writes about the child's voice: statements, conversations, rights information.

Each write validates, writes its record and records an event whose kind and data are the
deadline engine's facts (``stemme/deadlines/facts.py``), then recomputes the case's obligations,
all in one transaction with the case row locked:

- ``statement.recorded``: the child's view in the child's own words (§ 5, stk. 3). The words are
  kept on the statement, never copied into the append-only event log.
- ``conversation.held`` / ``conversation.omitted``: a conversation with the child, or the reason
  it did not take place, answering a conversation task (``about`` = the task's trigger ref).
- ``rights.informed`` (+ ``party_status.informed`` when the child was told it is a party).
"""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.audit.services import event_record
from stemme.cases.models import Case, Stage
from stemme.cases.services.unit import (
    case_locked,
    fact_record,
    obligations_refresh,
    occurred_at_for,
)
from stemme.deadlines import events
from stemme.deadlines.models import Obligation
from stemme.deadlines.rules import ABUSE_CONVERSATION_RULE, CONVERSATION_RULES
from stemme.letters.services import Recipient, letter_send
from stemme.participation.models import (
    ChildStatement,
    Conversation,
    ConversationMethod,
    InformationMethod,
    OmissionReason,
    RightsInformation,
    RightsTopic,
    StatementMode,
)
from stemme.participation.selectors import restricted_people
from stemme.participation.selectors.voice import rights_letter

# Why the child's view could not be obtained (barnets lov § 5, stk. 4): too young, or another
# reason the caseworker writes down.
CHILD_VIEW_EXCEPTION_REASONS = ("age", "other")
ABUSE_OMISSION_REASONS = (OmissionReason.AGE, OmissionReason.NATURE_OF_CASE)
ALONE_RULE = "samtale-foer-opfoelgning"


# --- The child's own words ---------------------------------------------------------------------

STATEMENT_FIELDS = {
    "words": "words",
    "mode": "mode",
    "trusted_adult": "trusted_adult",
    "stated_on": "stated_on",
}


def child_view_errors(
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
    """The child's view guard: one rule for decisions and for completing a børnefaglig
    undersøgelse (§ 5, stk. 3–4). The child's own words (chosen ``statements`` of this child, or
    words typed now: ``has_words``), or an exception with its reason, why, and how the view was
    sought instead. Returns field errors (empty: the guard is met)."""
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


def statement_validate(
    *,
    words: str,
    mode: str,
    trusted_adult: str,
    stated_on: dt.date | None,
    fields: dict = STATEMENT_FIELDS,
) -> None:
    """Check one statement; ``fields`` names the form fields the errors belong on."""
    errors = {}
    if not (words or "").strip():
        errors[fields["words"]] = _("Write what the child said, in the child's own words.")
    if mode not in StatementMode.values or mode == StatementMode.PORTAL:
        # "portal" is only for what the child wrote in Min sag (portal.services.words).
        errors[fields["mode"]] = _("Choose how we know the child's view.")
    elif mode == StatementMode.TRUSTED_ADULT and not (trusted_adult or "").strip():
        errors[fields["trusted_adult"]] = _(
            "Name the trusted adult the child's view came through, and their relation to the child."
        )
    if stated_on is None:
        errors[fields["stated_on"]] = _("This field is required.")
    elif stated_on > timezone.localdate():
        errors[fields["stated_on"]] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def statement_create(
    *,
    actor,
    child,
    case: Case | None,
    words: str,
    mode: str,
    trusted_adult: str = "",
    stated_on: dt.date,
    informs_ref: str = "",
) -> ChildStatement:
    """Write a validated statement and its event, inside the caller's transaction."""
    statement = ChildStatement.objects.create(
        child=child,
        case=case,
        recorded_by=actor,
        words=words.strip(),
        mode=mode,
        trusted_adult=trusted_adult.strip() if mode == StatementMode.TRUSTED_ADULT else "",
        stated_on=stated_on,
        informs_ref=informs_ref,
    )

    event_record(
        actor=actor,
        municipality=child.municipality,
        child=child,
        case=case,
        kind="statement.recorded",
        ref=statement.ref,
        data={"mode": mode, "informs": informs_ref or None},
        occurred_at=occurred_at_for(stated_on),
    )
    return statement


def statement_record(
    *,
    actor,
    child,
    case: Case | None,
    words: str,
    mode: str,
    trusted_adult: str = "",
    stated_on: dt.date,
    informs_ref: str = "",
) -> ChildStatement:
    """Record the child's view in the child's own words: directly, through a trusted adult
    (named) or by observation, dated and linked to the step it informs (§ 5, stk. 3)."""
    statement_validate(words=words, mode=mode, trusted_adult=trusted_adult, stated_on=stated_on)
    if case is not None and case.child_id != child.pk:
        raise ValidationError(_("The case belongs to another child."))
    if case is not None and not case.is_open:
        raise ValidationError(_("The case is closed."))
    with transaction.atomic():
        if case is not None:
            case = case_locked(case)
        return statement_create(
            actor=actor,
            child=child,
            case=case,
            words=words,
            mode=mode,
            trusted_adult=trusted_adult,
            stated_on=stated_on,
            informs_ref=informs_ref,
        )


def statements_link(*, statements, informs_ref: str) -> list[str]:
    """Link chosen statements to the step they inform (one that already informs another step
    keeps that link; the step's event lists them all). Returns the statements' refs."""
    pks = [statement.pk for statement in statements]
    ChildStatement.objects.filter(pk__in=pks, informs_ref="").update(informs_ref=informs_ref)
    return [statement.ref for statement in statements]


# --- Conversations -----------------------------------------------------------------------------


def open_conversation_tasks(*, case: Case):
    """The case's pending conversation obligations, earliest first."""

    return Obligation.objects.filter(
        case=case, rule_id__in=CONVERSATION_RULES, is_pending=True
    ).order_by("due_at", "rule_id")


def parental_consent_not_needed(*, case: Case) -> bool:
    """Should the conversation be held without the parents' consent and presence (§ 137)?

    Yes when the child has an active safety restriction or a report in the case suspects a
    parent. The conversation form turns it on by default and says why.
    """

    if case.intakes.filter(parent_suspected=True).exists():
        return True
    return restricted_people(child=case.child).active


def conversation_hold(
    *,
    actor,
    case: Case,
    happened_on: dt.date,
    methods,
    about_ref: str = "",
    setting: str = "",
    present: str = "",
    child_alone: bool = False,
    parents_present: bool = False,
    without_parental_consent: bool = False,
    summary: str = "",
    child_words: str = "",
    child_words_mode: str = StatementMode.DIRECT,
    child_words_trusted_adult: str = "",
) -> Conversation:
    """A conversation with the child, answering the task ``about_ref`` (or any task when empty).

    The child's words, when given, are recorded as a statement in the same step.
    """
    methods = list(dict.fromkeys(methods or []))
    errors = {}
    if happened_on > timezone.localdate():
        errors["happened_on"] = _("The date cannot be in the future.")
    if not methods:
        errors["methods"] = _("Choose how you talked with the child (talk, drawing, scale …).")
    elif set(methods) - set(ConversationMethod.values):
        errors["methods"] = _("Unknown method.")
    if child_alone and parents_present:
        errors["parents_present"] = _(
            "The child cannot be alone with the caseworker while a parent is present."
        )
    tasks = {}
    if about_ref:
        tasks = {
            o.rule_id: o for o in open_conversation_tasks(case=case).filter(trigger_ref=about_ref)
        }
        if not tasks:
            errors["about_ref"] = _(
                "That conversation task is no longer open. Reload the page and choose again."
            )
    if ALONE_RULE in tasks and not child_alone and len(tasks) == 1:
        errors["child_alone"] = _(
            "Before a follow-up the conversation must be with the child alone (§ 95)."
        )
    parent_suspected = (
        about_ref.startswith("intake:")
        and case.intakes.filter(pk=about_ref.split(":", 1)[1], parent_suspected=True).exists()
    )
    if parent_suspected and (parents_present or not child_alone):
        errors["child_alone"] = _(
            "A parent is suspected of abuse: talk with the child alone, without the parents "
            "and without their consent (barnets lov § 137, stk. 3)."
        )
    if child_words.strip():
        try:
            statement_validate(
                words=child_words,
                mode=child_words_mode,
                trusted_adult=child_words_trusted_adult,
                stated_on=happened_on,
                fields={
                    "words": "child_words",
                    "mode": "child_words_mode",
                    "trusted_adult": "child_words_trusted_adult",
                    "stated_on": "happened_on",
                },
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = case_locked(case)
        conversation = Conversation.objects.create(
            case=case,
            recorded_by=actor,
            held=True,
            happened_on=happened_on,
            about_ref=about_ref,
            setting=setting.strip(),
            present=present.strip(),
            child_alone=child_alone,
            parents_present=parents_present,
            without_parental_consent=without_parental_consent,
            methods=methods,
            summary=summary.strip(),
        )
        fact_record(
            actor=actor,
            case=case,
            ref=conversation.ref,
            at=occurred_at_for(happened_on),
            fact=events.conversation_held(
                alone=child_alone,
                methods=methods,
                without_parental_consent=without_parental_consent,
                parents_present=parents_present,
                about=about_ref or None,
                underretning=about_ref if about_ref.startswith("intake:") else None,
            ),
        )
        if child_words.strip():
            statement_create(
                actor=actor,
                child=case.child,
                case=case,
                words=child_words,
                mode=child_words_mode,
                trusted_adult=child_words_trusted_adult,
                stated_on=happened_on,
                informs_ref=about_ref or conversation.ref,
            )
        obligations_refresh(case)
    return conversation


def conversation_omit(
    *,
    actor,
    case: Case,
    about_ref: str,
    rule_id: str,
    reason: str,
    text: str = "",
    happened_on: dt.date | None = None,
) -> Conversation:
    """Record why the conversation for one task did not take place (the task is then met).

    For the mandatory conversation about abuse (§ 137) only the child's maturity or the nature
    of the case are reasons; the omission is recorded as a waiver of that duty.
    """
    happened_on = happened_on or timezone.localdate()
    errors = {}
    if rule_id not in CONVERSATION_RULES:
        errors["task"] = _("Choose the conversation task.")
    elif (
        not open_conversation_tasks(case=case)
        .filter(rule_id=rule_id, trigger_ref=about_ref)
        .exists()
    ):
        errors["task"] = _(
            "That conversation task is no longer open. Reload the page and choose again."
        )
    if reason not in OmissionReason.values:
        errors["reason"] = _("Choose why the conversation did not take place.")
    elif rule_id == ABUSE_CONVERSATION_RULE and reason not in ABUSE_OMISSION_REASONS:
        errors["reason"] = _(
            "A conversation about reported abuse can only be left out because of the child's "
            "maturity or the nature of the case (barnets lov § 137)."
        )
    if (reason == OmissionReason.OTHER or rule_id == ABUSE_CONVERSATION_RULE) and not text.strip():
        errors["text"] = _("Explain why the conversation did not take place.")
    if happened_on > timezone.localdate():
        errors["happened_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = case_locked(case)
        conversation = Conversation.objects.create(
            case=case,
            recorded_by=actor,
            held=False,
            happened_on=happened_on,
            about_ref=about_ref,
            omission_reason=reason,
            omission_text=text.strip(),
        )
        at = occurred_at_for(happened_on)
        fact_record(
            actor=actor,
            case=case,
            ref=conversation.ref,
            at=at,
            fact=events.conversation_omitted(
                about=about_ref, rule=rule_id, reason=reason, summary=text.strip()[:160]
            ),
        )
        if rule_id == ABUSE_CONVERSATION_RULE:
            fact_record(
                actor=actor,
                case=case,
                ref=f"waiver:{uuid.uuid4()}",
                at=at,
                fact=events.obligation_waived(
                    rule_id=rule_id,
                    trigger_ref=about_ref,
                    reason=f"{OmissionReason(reason).label}: {text.strip()}",
                ),
            )
        obligations_refresh(case)
    return conversation


# --- Rights information ------------------------------------------------------------------------


def _case_for_child(child) -> Case | None:
    return (
        Case.objects.filter(child=child).exclude(stage=Stage.CLOSED).order_by("-opened_on").first()
    )


def rights_inform(
    *,
    actor,
    child,
    topics,
    method: str,
    given_on: dt.date,
    case: Case | None = None,
    to_child: bool = True,
    to_others: str = "",
    note: str = "",
) -> RightsInformation:
    """Log that the child (and maybe others) was told about their rights: what, how, when."""
    topics = list(dict.fromkeys(topics or []))
    errors = {}
    if not topics:
        errors["topics"] = _("Choose which rights you explained.")
    elif set(topics) - set(RightsTopic.values):
        errors["topics"] = _("Unknown right.")
    if method not in InformationMethod.values:
        errors["method"] = _("Choose how the rights were explained.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("The date cannot be in the future.")
    if not to_child and not to_others.strip():
        errors["to_others"] = _("Say who was told, when it was not the child.")
    if case is not None and case.child_id != child.pk:
        errors["case"] = _("The case belongs to another child.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = case or _case_for_child(child)
        if case is not None:
            case = case_locked(case)
        information = RightsInformation.objects.create(
            child=child,
            case=case,
            recorded_by=actor,
            topics=topics,
            method=method,
            given_on=given_on,
            to_child=to_child,
            to_others=to_others.strip(),
            note=note.strip(),
        )

        at = occurred_at_for(given_on)
        facts = [events.rights_informed(topics=topics, to_child=to_child, method=method)]
        if RightsTopic.PARTY_STATUS in topics and to_child:
            facts.append(
                events.party_status_informed(topics=topics, to_child=to_child, method=method)
            )
        for fact in facts:
            event_record(
                actor=actor,
                municipality=child.municipality,
                child=child,
                case=case,
                kind=fact.kind,
                ref=information.ref,
                data=fact.data,
                occurred_at=at,
            )
        if case is not None:
            obligations_refresh(case)
    return information


def rights_letter_send(*, actor, child, channel: str, case: Case | None = None):
    """Send the child the age-adapted letter about their rights, and log it as rights
    information given by letter. One click for the caseworker."""

    subject, body, topics = rights_letter(child=child)
    with transaction.atomic():
        case = case or _case_for_child(child)
        information = rights_inform(
            actor=actor,
            child=child,
            case=case,
            topics=topics,
            method=InformationMethod.LETTER,
            given_on=timezone.localdate(),
            to_child=True,
        )
        letter = letter_send(
            actor=actor,
            child=child,
            recipient=Recipient.child(child),
            kind="rights",
            subject=subject,
            body=body,
            channel=channel,
            case=case,
            related_ref=information.ref,
        )
        RightsInformation.objects.filter(pk=information.pk).update(note=letter.ref)
    return letter
