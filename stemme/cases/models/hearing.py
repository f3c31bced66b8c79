"""Hearing of the parties (partshøring, forvaltningsloven § 19) before a decision."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from stemme.cases.models.case import Case, StepRecord
from stemme.cases.models.decision import Decision, Paragraph


class HearingException(models.TextChoices):
    """Why a decision against the parties' wish is made without hearing them first
    (forvaltningsloven § 19, stk. 2)."""

    KNOWN = (
        "known",
        _("The parties already know the information, or have had the chance to comment"),
    )
    URGENCY = "urgency", _("The case must be decided so quickly that we cannot wait for an answer")
    PURPOSE = "purpose", _("Hearing the parties would defeat the purpose of the decision")
    OTHER = "other", _("Another reason in forvaltningsloven § 19, stk. 2")


class Hearing(StepRecord):
    """Partshøring (forvaltningsloven § 19): before a decision against the parties' wish, the
    parties are told what the planned decision is and what we attach weight to, and get a
    deadline to answer. A row with ``exception_reason`` records that a decision was made
    without a hearing, and why (§ 19, stk. 2); it has no parties."""

    ref_prefix = "hearing"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="hearings")
    paragraph = models.CharField(_("planned decision"), max_length=3, choices=Paragraph.choices)
    basis = models.TextField(_("what we attach weight to"))
    sent_on = models.DateField(_("sent on"))
    answer_due_on = models.DateField(_("answer deadline"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    exception_reason = models.CharField(
        _("why the parties were not heard"),
        max_length=10,
        choices=HearingException.choices,
        blank=True,
    )
    exception = models.TextField(_("explanation"), blank=True)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
    )

    class Meta:
        verbose_name = _("hearing of the parties")
        verbose_name_plural = _("hearings of the parties")
        ordering = ["-sent_on", "-recorded_at"]

    @property
    def is_waived(self) -> bool:
        return bool(self.exception_reason)


class HearingParty(models.Model):
    """A party heard: a person with custody, or the child (a party from age 10 in the case
    types of barnets lov § 3). The name and role are kept as they were when it was sent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(
        "children.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    is_child = models.BooleanField(_("the child"), default=False)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=100, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party heard")
        verbose_name_plural = _("parties heard")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    @property
    def ref(self) -> str:
        return f"hearing_party:{self.pk}"
