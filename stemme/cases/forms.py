"""Input forms for the steps of a case. They check input shape; the services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.cases.models import (
    Decision,
    FollowUp,
    Intake,
    Investigation,
    InvestigationKind,
    Measure,
    Milestone,
    Plan,
    Screening,
    StartUpMeeting,
    SupervisionVisit,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _today():
    return timezone.localdate()


class StepForm(forms.ModelForm):
    """Dates default to today; text areas are a comfortable size."""

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if (
                isinstance(field, forms.DateField)
                and not self.is_bound
                and name in self.today_fields
            ):
                self.initial.setdefault(name, _today())
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)

    today_fields: tuple[str, ...] = ()


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
    intake = forms.ModelChoiceField(queryset=Intake.objects.none(), label=_("Report"))
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


class IntakeDateForm(forms.Form):
    """Receipt sent / reassessed: which report, and when."""

    intake = forms.ModelChoiceField(queryset=Intake.objects.none(), label=_("Report"))
    on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, case=None, pending_field="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intake"].queryset = case.intakes.filter(**{f"{pending_field}__isnull": True})
        self.initial.setdefault("on", _today())


class ScreeningForm(StepForm):
    today_fields = ("screened_on",)

    class Meta:
        model = Screening
        fields = ["screened_on", "information_weighted", "assessment", "outcome"]
        widgets = {"screened_on": DateInput(), "outcome": forms.RadioSelect}


class InvestigationStartForm(StepForm):
    today_fields = ("started_on",)

    class Meta:
        model = Investigation
        fields = ["kind", "started_on"]
        widgets = {"started_on": DateInput(), "kind": forms.RadioSelect}


class InvestigationCompleteForm(StepForm):
    today_fields = ("completed_on",)

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


class PreliminaryAssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput())
    assessment = forms.CharField(
        label=_("Preliminary assessment"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", _today())


class DecisionForm(StepForm):
    today_fields = ("decided_on",)
    plan_decided = forms.TypedChoiceField(
        label=_("Will a barnets plan be made? (§ 32 only)"),
        choices=[("", _("Not relevant")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Decision
        fields = [
            "paragraph",
            "legal_basis",
            "decided_on",
            "purpose",
            "expected_duration",
            "plan_decided",
            "neglect_or_abuse",
            "provisional_reason",
            "child_view",
            "child_view_exception",
            "reasoning",
        ]
        widgets = {"decided_on": DateInput()}


class MeasureStartForm(StepForm):
    today_fields = ("started_on",)

    class Meta:
        model = Measure
        fields = [
            "decision",
            "description",
            "provider",
            "started_on",
            "parallel_investigation_ends_on",
        ]
        widgets = {"started_on": DateInput(), "parallel_investigation_ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.filter(case=self.case)


class MeasureEndForm(forms.Form):
    measure = forms.ModelChoiceField(queryset=Measure.objects.none(), label=_("Measure"))
    ended_on = forms.DateField(label=_("Ended"), widget=DateInput())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = case.measures.filter(ended_on__isnull=True)
        self.initial.setdefault("ended_on", _today())


class PlanForm(StepForm):
    today_fields = ("made_on",)

    class Meta:
        model = Plan
        fields = ["kind", "made_on", "summary"]
        widgets = {"made_on": DateInput(), "kind": forms.RadioSelect}


class StartUpMeetingForm(StepForm):
    today_fields = ("held_on",)

    class Meta:
        model = StartUpMeeting
        fields = ["held_on", "concern_and_change", "first_follow_up_on"]
        widgets = {"held_on": DateInput(), "first_follow_up_on": DateInput()}


class FollowUpForm(StepForm):
    today_fields = ("held_on",)

    class Meta:
        model = FollowUp
        fields = [
            "held_on",
            "talked_with_child_alone",
            "goals_reviewed",
            "all_measures_reviewed",
            "child_wishes_for_frequency",
            "assessment",
            "outcome",
            "next_follow_up_on",
        ]
        widgets = {
            "held_on": DateInput(),
            "next_follow_up_on": DateInput(),
            "outcome": forms.RadioSelect,
        }


class SupervisionVisitForm(StepForm):
    today_fields = ("visited_on",)

    class Meta:
        model = SupervisionVisit
        fields = ["visited_on", "talked_with_child", "staff_present", "notes"]
        widgets = {"visited_on": DateInput()}


class MilestoneForm(StepForm):
    today_fields = ("happened_on",)

    class Meta:
        model = Milestone
        fields = ["kind", "happened_on", "child_alone", "intake", "sibling", "note"]
        widgets = {"happened_on": DateInput(), "kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from stemme.children.models import Child

        self.fields["intake"].queryset = self.case.intakes.all()
        # Siblings: other children of the municipality who share a parent with this child.
        parents = self.case.child.relations.filter(
            relation__in=["mother", "father", "parent"]
        ).values("person_id")
        self.fields["sibling"].queryset = (
            Child.objects.filter(relations__person_id__in=parents)
            .exclude(pk=self.case.child_id)
            .distinct()
        )


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


class AwarenessDateForm(forms.Form):
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
        from stemme.deadlines.labels import rule_title

        super().__init__(*args, **kwargs)
        self.fields["obligation"].choices = [
            (f"{o.rule_id}|{o.trigger_ref}", f"{rule_title(o.rule_id)} ({o.due_date:%d.%m.%Y})")
            for o in case.obligations.filter(is_pending=True).order_by("due_at")
        ]


def active_bfu(case) -> Investigation | None:
    return case.investigations.filter(kind=InvestigationKind.BFU, completed_on__isnull=True).first()


def running_investigation(case) -> Investigation | None:
    return case.investigations.filter(completed_on__isnull=True).order_by("-started_on").first()


class NewChildForm(forms.Form):
    """The child a new report is about, when the child is not registered yet."""

    cpr = forms.CharField(
        label=_("CPR number"), max_length=11, help_text=_("10 digits, for example 010203-1234.")
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)

    def clean_cpr(self):
        from stemme.children import cpr

        return cpr.validate(self.cleaned_data["cpr"])
