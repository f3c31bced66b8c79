"""Input forms for the child's voice. They check input shape; the services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.core.forms import DateInput
from stemme.letters.models import Channel
from stemme.participation.models import InformationMethod, RightsTopic, StatementMode


class StatementForm(forms.Form):
    words = forms.CharField(
        label=_("In the child's own words"), widget=forms.Textarea(attrs={"rows": 4})
    )
    mode = forms.ChoiceField(
        label=_("How we know it"), choices=StatementMode.staff_choices, widget=forms.RadioSelect
    )
    trusted_adult = forms.CharField(
        label=_("The trusted adult (name and relation)"),
        max_length=200,
        required=False,
        help_text=_("Only when the child's view came through a trusted adult."),
    )
    stated_on = forms.DateField(label=_("When the child said it"), widget=DateInput())
    informs_ref = forms.ChoiceField(label=_("The step it informs"), required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not linked to a step yet"))]
        for investigation in case.investigations.order_by("-started_on"):
            choices.append(
                (
                    investigation.ref,
                    f"{investigation.get_kind_display()} ({investigation.started_on:%d.%m.%Y})",
                )
            )
        for decision in case.decisions.order_by("-decided_on"):
            choices.append(
                (
                    decision.ref,
                    f"{decision.get_paragraph_display()} ({decision.decided_on:%d.%m.%Y})",
                )
            )
        for plan in case.plans.order_by("-made_on"):
            choices.append((plan.ref, f"{plan.get_kind_display()} ({plan.made_on:%d.%m.%Y})"))
        self.fields["informs_ref"].choices = choices
        self.initial.setdefault("mode", StatementMode.DIRECT)
        self.initial.setdefault("stated_on", timezone.localdate())


class RightsForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Rights explained"),
        choices=RightsTopic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    method = forms.ChoiceField(
        label=_("How"), choices=InformationMethod.choices, widget=forms.RadioSelect
    )
    given_on = forms.DateField(label=_("Date"), widget=DateInput())
    to_child = forms.BooleanField(label=_("Told to the child"), required=False)
    to_others = forms.CharField(
        label=_("Also told to"),
        max_length=200,
        required=False,
        help_text=_("e.g. the mother, the foster family, the bisidder"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("topics", list(topics))
        self.initial.setdefault("method", InformationMethod.CONVERSATION)
        self.initial.setdefault("given_on", timezone.localdate())
        self.initial.setdefault("to_child", True)


class RightsLetterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Send by"), choices=Channel.choices, initial=Channel.DIGITAL_POST
    )
