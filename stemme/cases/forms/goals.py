"""Input forms for the goals of the child's plan. They check the shape of the input; the
services in ``cases.services.goals`` check the rules (at most 3 goals, dates, stale edits)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.cases.forms.common import DateInput
from stemme.cases.services.goals import RESPONSIBLE_MAX, SUCCESS_MAX, WORDS_MAX
from stemme.core.forms import VersionedForm


class GoalForm(VersionedForm):
    words = forms.CharField(
        label=_("The goal, in the child's own words"),
        help_text=_("Write it the way the child says it, e.g. “I want to go to football again.”"),
        max_length=WORDS_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    success = forms.CharField(
        label=_("What success looks like"),
        help_text=_("How will the child notice that the goal is reached?"),
        max_length=SUCCESS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    responsible = forms.CharField(
        label=_("The adult responsible"),
        help_text=_("Who helps the child with this goal, e.g. “Mum and the contact person”."),
        max_length=RESPONSIBLE_MAX,
        required=False,
    )
    review_on = forms.DateField(
        label=_("Look at it again by"),
        help_text=_("A short horizon: usually within 1–2 months."),
        required=False,
        widget=DateInput(),
    )
    proposed_by_child = forms.BooleanField(label=_("The child proposed this goal"), required=False)


class GoalEndForm(VersionedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
