"""Input forms for continuity. They check the shape of the input; the services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import User
from stemme.cases.models import AssignmentRole
from stemme.continuity.models import Handover
from stemme.core.forms import DateInput, VersionedForm
from stemme.letters.models import Channel


class CaseworkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class HandoverStartForm(forms.Form):
    to_caseworker = CaseworkerChoiceField(
        label=_("New caseworker"), queryset=User.objects.none(), empty_label=_("Choose …")
    )
    changes_on = forms.DateField(
        label=_("The new caseworker takes over on"),
        widget=DateInput,
        help_text=_("Tell the child before this day, if you can."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_caseworker"].queryset = candidates
        if not self.is_bound:
            self.initial.setdefault("changes_on", timezone.localdate())


class LeaverReassignForm(HandoverStartForm):
    """One row of the leaving caseworker's screen."""

    case_id = forms.UUIDField(widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=AssignmentRole.choices, widget=forms.HiddenInput)


class SecondaryForm(forms.Form):
    caseworker = CaseworkerChoiceField(
        label=_("Secondary caseworker"), queryset=User.objects.none(), empty_label=_("Choose …")
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = candidates


# The handover checklist: each step's form sets its date (done) or its reason (not done).
STEP_FIELDS = {
    "told": ("child_told_on", "child_not_told_reason"),
    "letter": ("no_letter_reason",),
    "meeting": ("meeting_on", "no_meeting_reason"),
    "story": ("no_story_reason",),
    "parents": ("parents_notified_on", "parents_not_notified_reason"),
    "providers": ("providers_notified_on", "providers_not_notified_reason"),
}

STEP_HELP = {
    "meeting_on": _(
        "The day the old and the new caseworker meet the child together, if possible. "
        "A date ahead is shown in the letter to the child."
    ),
    "providers_notified_on": _(
        "Foster family, residential institution, school or other providers around the child."
    ),
}


def step_form(key: str, handover: Handover, data=None) -> forms.ModelForm:
    """The form for one step of the checklist, prefixed with the step's key, with the version
    of the handover it starts from."""
    fields = STEP_FIELDS[key]

    class Meta:
        model = Handover
        widgets = {name: DateInput for name in fields if name.endswith("_on")} | {
            name: forms.Textarea(attrs={"rows": 2}) for name in fields if name.endswith("reason")
        }

    Meta.fields = fields
    form_class = type("HandoverStepForm", (VersionedForm, forms.ModelForm), {"Meta": Meta})
    form = form_class(data, instance=handover, prefix=key, initial={"version": handover.version})
    for name in fields:
        form.fields[name].required = False
        if name in STEP_HELP:
            form.fields[name].help_text = STEP_HELP[name]
    return form


CHILD_CHANNELS = [
    (value, label)
    for value, label in Channel.choices
    if value in {Channel.LETTER, Channel.DIGITAL_POST, Channel.BY_HAND, Channel.EMAIL}
]


class LetterForm(VersionedForm):
    channel = forms.ChoiceField(label=_("How the child gets the letter"), choices=CHILD_CHANNELS)
    text = forms.CharField(
        label=_("The letter"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain words the child understands. The photo is printed with the letter."),
    )


class NotifyParentsForm(VersionedForm):
    channel = forms.ChoiceField(
        label=_("How the parents are notified"),
        choices=[
            (value, label)
            for value, label in Channel.choices
            if value in {Channel.DIGITAL_POST, Channel.LETTER, Channel.EMAIL}
        ],
    )


class StoryForm(VersionedForm):
    text = forms.CharField(
        label=_("My story so far"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Written with the child, in the child's words where possible: what has happened, "
            "what matters to the child, what the child wants a new caseworker to know."
        ),
    )
    made_with_child = forms.BooleanField(label=_("Written together with the child"), required=False)
    child_approved_on = forms.DateField(
        label=_("The child agreed to it on"), required=False, widget=DateInput
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
