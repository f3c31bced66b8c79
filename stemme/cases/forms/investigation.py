"""Input forms for investigations: starting one, completing it (with the child's statements),
the preliminary assessment; which investigation is running."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.cases.forms.common import DateInput, StepForm, _today
from stemme.cases.models import Investigation, InvestigationKind
from stemme.participation.models import ChildStatement


class InvestigationStartForm(StepForm):
    today_fields = ("started_on",)

    class Meta:
        model = Investigation
        fields = ["kind", "started_on"]
        widgets = {"started_on": DateInput(), "kind": forms.RadioSelect}


class StatementChoiceField(forms.ModelMultipleChoiceField):
    """The child's statements in the case as checkboxes: “words” – how we know it, date."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, statement):
        return (
            f"“{statement.words}” – {statement.get_mode_display()}, {statement.stated_on:%d.%m.%Y}"
        )


def _statements_field(case, label):

    field = StatementChoiceField(
        queryset=ChildStatement.objects.filter(case=case).order_by("-stated_on", "-recorded_at"),
        required=False,
        label=label,
        help_text=_("Tick the statements this step builds on. The newest come first."),
    )
    return field


EXCEPTION_REASONS = [
    ("", _("No exception: the child's view is recorded")),
    ("age", _("The child's age or maturity")),
    ("other", _("Other")),
]


class InvestigationCompleteForm(StepForm):
    today_fields = ("completed_on",)
    child_view_exception_reason = forms.ChoiceField(
        label=_("Exception (§ 5, stk. 4): why the child's view could not be obtained"),
        choices=EXCEPTION_REASONS,
        required=False,
        widget=forms.RadioSelect,
    )
    child_view_exception = forms.CharField(
        label=_("Why the child's view could not be obtained"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    child_view_obtained_otherwise = forms.CharField(
        label=_("How the child's view was obtained instead"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Investigation
        fields = [
            "completed_on",
            "child_development",
            "parents_capacity",
            "family_and_network",
            "resources_and_challenges",
            "child_view",
            "parents_view",
            "conclusion",
            "parallel_support",
        ]
        widgets = {"completed_on": DateInput()}
        labels = {"child_view": _("The child's view, in the child's own words")}
        help_texts = {
            "child_view": _(
                "Recorded as the child's own statement. Leave empty if you ticked statements "
                "above or record an exception below."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statements"] = _statements_field(
            self.case, _("The child's statements in this case")
        )
        # What the service requires is required here too (no "(optional)" on it): the
        # conclusion always, and for a BFU the ICS sections and the child's view (from the
        # statements, the child's words or an exception: each alone is not required).
        investigation = running_investigation(self.case)
        self.fields["completed_on"].required = True
        self.fields["conclusion"].required = True
        if investigation is not None and investigation.kind == InvestigationKind.BFU:
            for name in ("child_development", "parents_capacity", "family_and_network"):
                self.fields[name].required = True
            self.fields["child_view"].conditionally_required = True
        self.order_fields(
            [
                "completed_on",
                "child_development",
                "parents_capacity",
                "family_and_network",
                "resources_and_challenges",
                "statements",
                "child_view",
                "child_view_exception_reason",
                "child_view_exception",
                "child_view_obtained_otherwise",
            ]
        )


class PreliminaryAssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput())
    assessment = forms.CharField(
        label=_("Preliminary assessment"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", _today())


def active_bfus(case):
    return case.investigations.filter(kind=InvestigationKind.BFU, completed_on__isnull=True)


def active_bfu(case) -> Investigation | None:
    return active_bfus(case).first()


def running_investigations(case):
    return case.investigations.filter(completed_on__isnull=True).order_by("-started_on")


def running_investigation(case) -> Investigation | None:
    return running_investigations(case).first()
