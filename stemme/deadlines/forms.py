from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.core.forms import DateInput, VersionedForm
from stemme.deadlines.labels import rule_title
from stemme.deadlines.models import HolidaySettings
from stemme.deadlines.rules import RULES
from stemme.deadlines.selectors import WorklistFilter


class RuleOverrideForm(VersionedForm):
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


class HolidaySettingsForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = HolidaySettings
        fields = ["grundlovsdag", "juleaftensdag", "nytaarsaftensdag"]


class WorklistFilterForm(forms.Form):
    """The worklist's filters: a GET form that works without JavaScript.

    A team leader picks among the caseworkers on their teams (or the cases nobody holds); a
    caseworker's list is always their own, and they choose their role in the case.
    """

    UNASSIGNED = "ingen"

    caseworker = forms.ChoiceField(label=_("Caseworker"), required=False)
    role = forms.ChoiceField(
        label=_("Role in the case"),
        required=False,
        choices=[
            ("", _("Primary or secondary")),
            ("primary", _("Primary caseworker")),
            ("secondary", _("Secondary caseworker")),
        ],
    )
    duty = forms.ChoiceField(label=_("Duty"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All open")),
            ("overdue", _("Overdue")),
            ("today", _("Due today")),
            ("week", _("The next 7 days")),
            ("later", _("Later")),
            ("met", _("Met")),
        ],
    )
    due_from = forms.DateField(label=_("Due from"), required=False, widget=DateInput())
    due_to = forms.DateField(label=_("Due until and including"), required=False, widget=DateInput())
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Due date")),
            ("child", _("Child")),
            ("caseworker", _("Caseworker")),
            ("duty", _("Duty")),
        ],
    )

    def __init__(self, *args, caseworkers=None, **kwargs):
        """``caseworkers``: the people the viewer may filter by (a leader's team members), or
        None for a caseworker, whose list is their own."""

        super().__init__(*args, **kwargs)
        if caseworkers is None:
            del self.fields["caseworker"]
        else:
            self.fields["caseworker"].choices = [
                ("", _("All caseworkers")),
                *((str(c.pk), c.get_full_name()) for c in caseworkers),
                (self.UNASSIGNED, _("No primary caseworker")),
            ]
        titles = sorted(((rule.id, rule_title(rule.id)) for rule in RULES), key=lambda r: r[1])
        self.fields["duty"].choices = [("", _("All duties")), *titles]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("due_from"), cleaned.get("due_to")
        if start and end and end < start:
            self.add_error("due_to", _("The end date must be on or after the start date."))
        return cleaned

    def filters(self, *, viewer):
        """The selector's filter; an invalid form gives the unfiltered list."""

        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        chosen = data.get("caseworker") or ""
        caseworker_id = None
        if "caseworker" not in self.fields:
            caseworker_id = viewer.pk
        elif chosen and chosen != self.UNASSIGNED:
            caseworker_id = int(chosen)
        return WorklistFilter(
            caseworker_id=caseworker_id,
            unassigned=chosen == self.UNASSIGNED,
            role=data.get("role") or "",
            rule_id=data.get("duty") or "",
            status=data.get("status") or "open",
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
            sort=data.get("sort") or "due",
        )
