"""Input forms for a conversation with the child, or why it is left out."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.cases.forms.common import DateInput, _today
from stemme.deadlines.labels import rule_title
from stemme.participation.models import ConversationMethod, OmissionReason, StatementMode
from stemme.participation.services.voice import open_conversation_tasks, parental_consent_not_needed


def _task_label(obligation) -> str:

    return _("%(task)s (due %(date)s)") % {
        "task": rule_title(obligation.rule_id),
        "date": obligation.due_date.strftime("%d.%m.%Y"),
    }


class ConversationForm(forms.Form):
    """A conversation with the child (§ 5, stk. 3), answering one of the case's conversation
    tasks, with the child's own words in the same step."""

    about_ref = forms.ChoiceField(
        label=_("Which task does the conversation answer?"),
        required=False,
        widget=forms.RadioSelect,
    )
    happened_on = forms.DateField(label=_("Date"), widget=DateInput())
    setting = forms.CharField(
        label=_("Where and how"),
        max_length=200,
        required=False,
        help_text=_("e.g. at school, in the car, at home, by video"),
    )
    present = forms.CharField(label=_("Who was present"), max_length=300, required=False)
    child_alone = forms.BooleanField(label=_("The child alone with the caseworker"), required=False)
    parents_present = forms.BooleanField(label=_("A parent was present"), required=False)
    without_parental_consent = forms.BooleanField(
        label=_("Held without the consent or presence of the parents (§ 5, stk. 3; § 137)"),
        required=False,
    )
    methods = forms.MultipleChoiceField(
        label=_("How you talked"), widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label=_("What you talked about"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    child_words = forms.CharField(
        label=_("The child's own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded as the child's statement, linked to the task."),
    )
    child_words_mode = forms.ChoiceField(
        label=_("How we know it"), required=False, widget=forms.RadioSelect
    )
    child_words_trusted_adult = forms.CharField(
        label=_("The trusted adult (name and relation)"), required=False, max_length=200
    )

    def __init__(self, *args, case=None, **kwargs):

        super().__init__(*args, **kwargs)
        self.case = case
        tasks = list(open_conversation_tasks(case=case))
        labels: dict[str, list[str]] = {}  # one choice per trigger; it may start two tasks
        for obligation in tasks:
            labels.setdefault(obligation.trigger_ref, []).append(_task_label(obligation))
        choices = [(ref, " + ".join(names)) for ref, names in labels.items()]
        choices.append(("", _("Not about a specific task (answers every open task)")))
        self.fields["about_ref"].choices = choices
        self.fields["methods"].choices = ConversationMethod.choices
        self.fields["child_words_mode"].choices = StatementMode.staff_choices()
        self.without_consent_reason = parental_consent_not_needed(case=case)
        self.initial.setdefault("about_ref", choices[0][0])
        self.initial.setdefault("happened_on", _today())
        self.initial.setdefault("methods", [ConversationMethod.TALK])
        self.initial.setdefault("child_words_mode", StatementMode.DIRECT)
        if self.without_consent_reason:
            self.initial.setdefault("without_parental_consent", True)
            self.initial.setdefault("child_alone", True)
        about = self.initial.get("about_ref", "")
        if any(o.trigger_ref == about and o.rule_id == "samtale-foer-opfoelgning" for o in tasks):
            self.initial.setdefault("child_alone", True)

    def clean_child_words_mode(self):
        return self.cleaned_data.get("child_words_mode") or "direct"


class ConversationOmitForm(forms.Form):
    """Why the conversation for one task did not take place."""

    task = forms.ChoiceField(label=_("Conversation task"), widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Why it did not take place"), widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “Other reason” and for a conversation about reported abuse."),
    )

    def __init__(self, *args, case=None, **kwargs):

        super().__init__(*args, **kwargs)
        tasks = list(open_conversation_tasks(case=case))
        self.fields["task"].choices = [
            (f"{o.rule_id}|{o.trigger_ref}", _task_label(o)) for o in tasks
        ]
        self.fields["reason"].choices = OmissionReason.choices
        if len(tasks) == 1:
            self.initial.setdefault("task", f"{tasks[0].rule_id}|{tasks[0].trigger_ref}")
