"""Letters made from a template and stored as text on the Letter when made: the decision
letters (one per person with custody, and one in plain words for a child of 10 or more) and
the receipt to a professional reporter. They go through ``letter_send`` (safety restriction)
and wait as *ready to send* until their channel confirms them (``channels.py``).

Rules used (../shared/research/barnets_lov_rules.md): R1 (barnets lov § 3: from age 10 the
child is a party in the listed case types, with klageret), R33 (complaint within 4 weeks of
receiving the decision, to the municipality, which reconsiders before Ankestyrelsen) and R9
(receipt to a professional reporter within 6 working days).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from stemme.cases.models import Decision, Intake, IntakeKind, ReporterType
from stemme.children.models import ChildRelation
from stemme.children.selectors import age_on
from stemme.letters.models import Channel, Letter, LetterKind, RecipientKind
from stemme.letters.services.channels import MAKING_CHANNELS
from stemme.letters.services.sending import Recipient, letter_send
from stemme.participation.selectors.safety import restricted_people
from stemme.participation.selectors.voice import statements_informing_decision

CHILD_LETTER_AGE = 10
# Barnets lov § 3 (R1): the decisions in which a child of 10 or more is a party and may complain.
CHILD_PARTY_PARAGRAPHS = {"32", "46", "47", "67", "114", "115", "116", "120", "143"}

# What each paragraph is about, in plain Danish (for the parents' letter and the child's).
PLAIN_PARAGRAPH = {
    "30": ("et tidligt forebyggende tilbud", "et tilbud om hjælp"),
    "31": ("en tidlig forebyggende indsats", "hjælp til dig og din familie"),
    "32": ("en støttende indsats til barnet og familien", "hjælp til dig og din familie"),
    "46": ("anbringelse uden for hjemmet med samtykke", "at du skal bo et andet sted end hjemme"),
    "47": (
        "anbringelse uden for hjemmet uden samtykke",
        "at du skal bo et andet sted end hjemme",
    ),
    "67": ("anbringelse uden for hjemmet for længere tid", "at du skal blive boende, hvor du bor"),
    "114": ("støtte efter det fyldte 18. år (ungestøtte)", "hjælp efter du er fyldt 18 år"),
    "115": ("støtte efter det fyldte 18. år (ungestøtte)", "hjælp efter du er fyldt 18 år"),
    "116": ("støtte efter det fyldte 18. år (ungestøtte)", "hjælp efter du er fyldt 18 år"),
    "120": ("at anbringelsen fortsætter efter det fyldte 18. år", "at du kan blive boende"),
    "143": ("en foreløbig afgørelse truffet af formanden", "en afgørelse, der gælder lige nu"),
}


# Stored with the letter, in Danish like the letter text (the templates in texts/).
SUBJECTS = {
    "decision": "Afgørelse om %(what)s",
    "decision_child": "Det har vi besluttet",
    "receipt": "Kvittering for din underretning",
}


def _child_words(decision: Decision) -> list[str]:
    """What the child said, as the decision recorded it: the statements it was made with (words
    typed on the decision form are filed as statements too), or the older free text."""
    words = [s.words for s in statements_informing_decision(decision=decision) if s.words.strip()]
    if not words and decision.child_view.strip():
        words = [decision.child_view.strip()]
    return words


def _decision_context(decision: Decision, child, child_age: int) -> dict:
    plain, plain_child = PLAIN_PARAGRAPH.get(decision.paragraph, ("", ""))
    return {
        "decision": decision,
        "child_words": _child_words(decision),
        "child": child,
        "paragraph_plain": plain,
        "paragraph_child": plain_child,
        "child_may_complain": (
            child_age >= CHILD_LETTER_AGE and decision.paragraph in CHILD_PARTY_PARAGRAPHS
        ),
        "municipality": child.municipality,
    }


def _custody_persons(child):
    relations = ChildRelation.objects.filter(child=child, has_custody=True).select_related("person")
    return [relation.person for relation in relations.order_by("person__last_name", "pk")]


def decision_letters_made(decision: Decision) -> bool:
    return Letter.objects.filter(
        related_ref=decision.ref, kind__in=[LetterKind.DECISION, LetterKind.DECISION_CHILD]
    ).exists()


def _channel_check(channel: str) -> None:
    if channel not in MAKING_CHANNELS:
        raise ValidationError({"channel": _("Choose how the letter is sent.")})


def decision_letters_make(*, actor, decision: Decision, channel: str = Channel.LETTER) -> list:
    """One decision letter per person with custody, and one in plain words for the child when
    10 or more on the decision date. Made once per decision; a recipient named by the safety
    restriction gets a *blocked* letter (``letter_send``)."""
    case = decision.case
    child = case.child
    _channel_check(channel)
    persons = _custody_persons(child)
    child_age = age_on(child.birth_date, decision.decided_on) if child.birth_date else 0
    context = _decision_context(decision, child, child_age)
    if not persons and child_age < CHILD_LETTER_AGE:
        raise ValidationError(
            _("Nobody with custody is registered, so there is nobody to write to.")
        )
    with transaction.atomic():
        # Lock the decision so two caseworkers cannot make the letters twice.
        Decision.objects.select_for_update().get(pk=decision.pk)
        if decision_letters_made(decision):
            raise ValidationError(_("The decision letters have already been made."))
        restricted = restricted_people(child=child)
        letters = []
        with translation.override("da"):  # the letter is stored in Danish
            subject = SUBJECTS["decision"] % {"what": decision.get_paragraph_display()}
        for person in persons:
            body = render_to_string(
                "letters/texts/decision.txt", {**context, "recipient_name": person.full_name}
            )
            letters.append(
                letter_send(
                    actor=actor,
                    child=child,
                    case=case,
                    recipient=Recipient(
                        kind=RecipientKind.PERSON, name=person.full_name, person=person
                    ),
                    kind=LetterKind.DECISION,
                    subject=subject,
                    body=body,
                    channel=channel,
                    related_ref=decision.ref,
                    restricted=restricted,
                )
            )
        if child_age >= CHILD_LETTER_AGE:
            body = render_to_string("letters/texts/decision_child.txt", context)
            letters.append(
                letter_send(
                    actor=actor,
                    child=child,
                    case=case,
                    recipient=Recipient.child(child),
                    kind=LetterKind.DECISION_CHILD,
                    subject=SUBJECTS["decision_child"],
                    body=body,
                    channel=channel,
                    related_ref=decision.ref,
                )
            )
    return letters


def receipt_due(intake: Intake) -> bool:
    """A professional reporter's underretning gets a receipt (R9)."""
    return (
        intake.kind == IntakeKind.UNDERRETNING
        and intake.reporter_type == ReporterType.PROFESSIONAL
        and bool(intake.reporter_name.strip())
    )


def receipt_letter_make(*, actor, intake: Intake, channel: str = Channel.LETTER) -> Letter:
    """The receipt to a professional reporter, once per underretning. Making the letter does
    not record that the receipt was sent (``underretning.receipt_sent``): that is recorded when
    its delivery is confirmed (``delivered.py``: posted, handed over, or a channel's
    confirmation), or by the caseworker on the case if it went another way."""
    _channel_check(channel)
    if not receipt_due(intake):
        raise ValidationError(_("Only a professional reporter's report gets a receipt."))
    case = intake.case
    child = case.child
    with transaction.atomic():
        Intake.objects.select_for_update().get(pk=intake.pk)
        if Letter.objects.filter(related_ref=intake.ref, kind=LetterKind.RECEIPT).exists():
            raise ValidationError(_("The receipt has already been made."))
        received: dt.datetime = intake.received_at
        body = render_to_string(
            "letters/texts/receipt.txt",
            {
                "intake": intake,
                "child": child,
                "received": received,
                "municipality": child.municipality,
            },
        )
        return letter_send(
            actor=actor,
            child=child,
            case=case,
            recipient=Recipient(kind=RecipientKind.REPORTER, name=intake.reporter_name),
            kind=LetterKind.RECEIPT,
            subject=SUBJECTS["receipt"],
            body=body,
            channel=channel,
            related_ref=intake.ref,
        )
