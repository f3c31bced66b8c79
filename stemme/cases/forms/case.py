"""Input forms about the whole case: closing it, the awareness date, waiving a deadline."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.cases.forms.common import DateInput, _today
from stemme.core.forms import VersionedForm
from stemme.deadlines.labels import rule_title


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed"), widget=DateInput())
    purpose_achieved = forms.CharField(
        label=_("Why the case can be closed"), widget=forms.Textarea(attrs={"rows": 4})
    )
    if_worry_returns = forms.CharField(
        label=_("What the family and the child do if the worry comes back"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("closed_on", _today())


class AwarenessDateForm(VersionedForm):
    awareness_date = forms.DateField(label=_("Awareness date"), widget=DateInput())
    reason = forms.CharField(label=_("Why it changes"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("awareness_date", case.awareness_date)
        self.initial.setdefault("version", case.version)


class WaiveForm(forms.Form):
    obligation = forms.ChoiceField(label=_("Deadline"))
    reason = forms.CharField(
        label=_("Why it does not apply"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, case=None, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["obligation"].choices = [
            (f"{o.rule_id}|{o.trigger_ref}", f"{rule_title(o.rule_id)} ({o.due_date:%d.%m.%Y})")
            for o in case.obligations.filter(is_pending=True).order_by("due_at")
        ]
