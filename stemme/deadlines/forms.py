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


class HolidaySettingsForm(forms.ModelForm):
    class Meta:
        model = HolidaySettings
        fields = ["grundlovsdag", "juleaftensdag", "nytaarsaftensdag"]
