from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.deadlines.models import HolidaySettings


class RuleOverrideForm(forms.Form):
    rule_id = forms.CharField(widget=forms.HiddenInput)
    duration = forms.IntegerField(
        label=_("Duration"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_("Empty: the default from the law or guidance."),
    )
    enabled = forms.BooleanField(label=_("In use"), required=False, initial=True)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    # The override's version the page showed (0: none yet); a newer one gives the conflict page.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HolidaySettingsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HolidaySettings
        fields = ["grundlovsdag", "juleaftensdag", "nytaarsaftensdag"]
