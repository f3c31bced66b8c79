"""Input forms for a new report: the intake, its urgency and dates, the screening, and the
child when the child is not registered yet."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.cases.forms.common import DateInput, DateTimeInput, StepForm, _today, intake_label
from stemme.cases.models import Intake, Screening
from stemme.children import cpr
from stemme.children.models import Relation


class IntakeForm(StepForm):
    class Meta:
        model = Intake
        fields = [
            "kind",
            "reporter_type",
            "reporter_name",
            "received_at",
            "content",
            "abuse",
            "parent_suspected",
            "honour_related",
        ]
        widgets = {"received_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0))
        self.fields["reporter_type"].required = False


class UrgencyForm(forms.Form):
    intake = forms.ModelChoiceField(
        queryset=Intake.objects.none(), label=_("Report"), widget=forms.RadioSelect
    )
    is_acute = forms.TypedChoiceField(
        label=_("Does the child need help at once?"),
        choices=[("yes", _("Yes, act today")), ("no", _("No, not acute"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    assessment = forms.CharField(label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intake"].queryset = case.intakes.filter(urgency_assessed_at__isnull=True)
        self.fields["intake"].label_from_instance = intake_label


class IntakeDateForm(forms.Form):
    """Receipt sent / reassessed: which report, and when."""

    intake = forms.ModelChoiceField(
        queryset=Intake.objects.none(), label=_("Report"), widget=forms.RadioSelect
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, case=None, pending_field="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intake"].queryset = case.intakes.filter(**{f"{pending_field}__isnull": True})
        self.fields["intake"].label_from_instance = intake_label
        self.initial.setdefault("on", _today())


class ScreeningForm(StepForm):
    today_fields = ("screened_on",)

    class Meta:
        model = Screening
        fields = ["screened_on", "information_weighted", "assessment", "outcome"]
        widgets = {"screened_on": DateInput(), "outcome": forms.RadioSelect}


class NewChildForm(forms.Form):
    """The child a new report is about, when the child is not registered yet."""

    cpr = forms.CharField(
        label=_("CPR number"), max_length=11, help_text=_("10 digits, for example 010203-1234.")
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)

    def clean_cpr(self):

        return cpr.validate(self.cleaned_data["cpr"])


class ParentForm(forms.Form):
    """A parent of a child new to the municipality, registered with the report: optional, and
    short (name, CPR number if known, custody). The rest — siblings, other adults, contact
    details — goes on the child's "People around the child" page afterwards."""

    relation = forms.ChoiceField(
        label=_("Relation to the child"),
        choices=[
            (Relation.MOTHER, Relation.MOTHER.label),
            (Relation.FATHER, Relation.FATHER.label),
            (Relation.PARENT, Relation.PARENT.label),
        ],
        required=False,  # a post without it (an older page, a script) means the default
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    has_custody = forms.BooleanField(label=_("Has custody (forældremyndighed)"), required=False)

    def clean_cpr(self):
        raw = self.cleaned_data["cpr"]
        return cpr.validate(raw) if raw.strip() else ""

    def clean(self):
        data = super().clean()
        given = any(
            str(data.get(name) or "").strip() for name in ("first_name", "last_name", "cpr")
        ) or data.get("has_custody")
        if given:
            for name in ("first_name", "last_name"):
                if not str(data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        data["given"] = bool(given)
        data["relation"] = data.get("relation") or self.initial.get("relation") or Relation.PARENT
        return data

    def parent(self) -> dict | None:
        """The parent to register, or None when the caseworker left the fieldset empty."""
        data = self.cleaned_data
        if not data.get("given"):
            return None
        names = ("relation", "first_name", "last_name", "cpr", "has_custody")
        return {name: data[name] for name in names}
