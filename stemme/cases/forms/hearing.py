"""Input forms for the hearing of the parties (partshøring, forvaltningsloven § 19). They check
the input's shape; ``cases.services.hearing`` checks the rules (deadline, parties, answer once)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.cases.forms.common import DateInput, _today
from stemme.cases.models import HearingException, Paragraph
from stemme.cases.services.hearing import ANSWER_MAX, BASIS_MAX


class HearingForm(forms.Form):
    paragraph = forms.ChoiceField(label=_("The planned decision"), choices=Paragraph.choices)
    basis = forms.CharField(
        label=_("What we plan to decide, and what we attach weight to"),
        help_text=_(
            "The parties get this text. Write the information the decision will build on, in "
            "words the parties can understand."
        ),
        max_length=BASIS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    answer_due_on = forms.DateField(
        label=_("Answer deadline"),
        help_text=_("Usually 14 days or more, so the parties have time to answer."),
        widget=DateInput(),
    )


class HearingAnswerForm(forms.Form):
    party = forms.UUIDField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=_("The party's answer"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("answered_on", _today())


HEARING_EXCEPTION_CHOICES = [
    ("", _("No exception: the parties are heard")),
    *HearingException.choices,
]
