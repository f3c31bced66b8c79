"""Input forms for the steps of a case. They check input shape; the services check the rules."""

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.cases.models import (
    ChildWish,
    Decision,
    FollowUp,
    Intake,
    Investigation,
    InvestigationKind,
    Measure,
    Milestone,
    MilestoneKind,
    Plan,
    Screening,
    StartUpMeeting,
    SupervisionVisit,
)
from stemme.children import cpr
from stemme.children.models import Child, Person, Relation
from stemme.core.forms import VersionedForm
from stemme.deadlines.labels import rule_title
from stemme.participation.models import (
    ChildStatement,
    ConversationMethod,
    OmissionReason,
    StatementMode,
)
from stemme.participation.services.voice import open_conversation_tasks, parental_consent_not_needed


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


# How a case's records read as choices: plain Danish with the short date, never a model repr.
def intake_label(intake) -> str:
    return _("%(kind)s, received %(date)s") % {
        "kind": intake.get_kind_display(),
        "date": f"{timezone.localtime(intake.received_at):%d.%m.%Y}",
    }


def decision_label(decision) -> str:
    return f"{decision.get_paragraph_display()}, {decision.decided_on:%d.%m.%Y}"


def measure_label(measure) -> str:
    return _("%(description)s, started %(date)s") % {
        "description": measure.description,
        "date": f"{measure.started_on:%d.%m.%Y}",
    }


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


# The legal basis each measure's paragraph gives, filled into "Hjemmel" when the § is chosen
# (cases/decision_form.js) and when it is left empty; the caseworker may make it more precise
# (stk., nr.).
PARAGRAPH_LEGAL_BASIS = {
    "30": "barnets lov § 30",
    "31": "barnets lov § 31",
    "32": "barnets lov § 32",
    "46": "barnets lov § 46",
    "47": "barnets lov § 47",
    "67": "barnets lov § 67",
    "114": "barnets lov § 114",
    "115": "barnets lov § 115",
    "116": "barnets lov § 116",
    "120": "barnets lov § 120",
    "143": "barnets lov § 143, stk. 1",
}


class DecisionForm(StepForm):
    """The decision, with the child's view (§ 5, stk. 3–4) and how it was weighed (Lundy).

    Rendered in fieldsets by ``cases/decision_form.html``; ``FIELDSETS`` says which field
    goes where.
    """

    today_fields = ("decided_on",)
    plan_decided = forms.TypedChoiceField(
        label=_("Will a barnets plan be made? (§ 32 only)"),
        choices=[("", _("Not relevant")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    child_words = forms.CharField(
        label=_("Add the child's words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the child said about it, in the child's own words."),
    )
    child_words_mode = forms.ChoiceField(
        label=_("How we know it"), required=False, widget=forms.RadioSelect
    )
    child_words_trusted_adult = forms.CharField(
        label=_("The trusted adult (name and relation)"),
        required=False,
        max_length=200,
        help_text=_("Only when the child's view came through a trusted adult."),
    )
    child_words_on = forms.DateField(
        label=_("When the child said it"), required=False, widget=DateInput()
    )
    child_view_exception_reason = forms.ChoiceField(
        label=_("Exception (§ 5, stk. 4): why the child's view could not be obtained"),
        choices=EXCEPTION_REASONS,
        required=False,
        widget=forms.RadioSelect,
    )
    child_wish = forms.ChoiceField(
        label=_("The decision and the child's wish"), widget=forms.RadioSelect
    )

    FIELDSETS = (
        (
            _("The decision"),
            (
                "paragraph",
                "legal_basis",
                "decided_on",
                "purpose",
                "expected_duration",
                "plan_decided",
                "neglect_or_abuse",
                "provisional_reason",
                "reasoning",
            ),
        ),
        (
            _("The child's view"),
            (
                "statements",
                "child_words",
                "child_words_mode",
                "child_words_trusted_adult",
                "child_words_on",
                "child_view_exception_reason",
                "child_view_exception",
                "child_view_obtained_otherwise",
            ),
        ),
        (_("The child's view in the decision"), ("child_view_weighing", "child_wish")),
        (
            _("Explaining the decision to the child"),
            ("explanation_for_child", "explanation_how", "explanation_due_on"),
        ),
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
            "reasoning",
            "child_view_exception_reason",
            "child_view_exception",
            "child_view_obtained_otherwise",
            "child_view_weighing",
            "child_wish",
            "explanation_for_child",
            "explanation_how",
            "explanation_due_on",
        ]
        widgets = {"decided_on": DateInput(), "explanation_due_on": DateInput()}
        labels = {"child_view_exception": _("Why the child's view could not be obtained")}
        help_texts = {
            "explanation_for_child": _(
                "Required when the decision goes against the child's wish; recommended when it "
                "follows it only in part. Write it as you would say it to the child."
            ),
            "explanation_due_on": _("The task stays open until the explanation is given."),
        }

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["statements"] = _statements_field(
            self.case, _("The child's statements in this case")
        )
        self.fields["child_words_mode"].choices = StatementMode.staff_choices()
        self.fields["child_wish"].choices = ChildWish.choices
        self.fields["child_view_weighing"].required = True
        self.initial.setdefault("child_words_mode", StatementMode.DIRECT)
        self.initial.setdefault("child_words_on", _today())
        names = [name for _legend, names in self.FIELDSETS for name in names]
        self.order_fields(names)
        # Choosing the § fills in "Hjemmel" (decision_form.js); left empty, the § gives it.
        self.fields["paragraph"].widget.attrs["data-legal-basis"] = json.dumps(
            PARAGRAPH_LEGAL_BASIS, ensure_ascii=False
        )
        self.fields["legal_basis"].widget.attrs["data-filled-from"] = "id_paragraph"
        self.fields["legal_basis"].required = False
        self.fields["legal_basis"].help_text = _(
            "Filled in from the measure you choose; add stk. and nr. if they apply."
        )
        # Required for some measures only (the service says which): no "(optional)" on them.
        for name in ("purpose", "expected_duration"):
            self.fields[name].conditionally_required = True
            self.fields[name].help_text = _("Required for § 32, § 46, § 47 and § 67.")
        # Required when the decision goes against the child's wish or follows it only in part
        # (the service says so at the field): no "(optional)" on them either.
        for name in ("explanation_for_child", "explanation_how", "explanation_due_on"):
            self.fields[name].conditionally_required = True
        for name in ("explanation_how", "explanation_due_on"):
            self.fields[name].help_text = _(
                "Required when the decision goes against the child's wish or follows it only "
                "in part."
            )
        # Required when an exception (§ 5, stk. 4) is chosen.
        for name in ("child_view_exception", "child_view_obtained_otherwise"):
            self.fields[name].conditionally_required = True
            self.fields[name].help_text = self.fields[name].help_text or _(
                "Required when you choose an exception."
            )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("legal_basis") or "").strip():
            cleaned["legal_basis"] = PARAGRAPH_LEGAL_BASIS.get(cleaned.get("paragraph"), "")
        return cleaned

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean_child_words_mode(self):
        return self.cleaned_data.get("child_words_mode") or "direct"


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
        widgets = {
            "decision": forms.RadioSelect,
            "started_on": DateInput(),
            "parallel_investigation_ends_on": DateInput(),
        }
        labels = {"decision": _("Decision")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.filter(case=self.case).order_by(
            "-decided_on"
        )
        self.fields["decision"].label_from_instance = decision_label


class MeasureEndForm(forms.Form):
    measure = forms.ModelChoiceField(
        queryset=Measure.objects.none(), label=_("Measure"), widget=forms.RadioSelect
    )
    ended_on = forms.DateField(label=_("Ended"), widget=DateInput())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = case.measures.filter(ended_on__isnull=True)
        self.fields["measure"].label_from_instance = measure_label
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
    """Smaller acts that meet a duty. Conversations with the child have their own step."""

    today_fields = ("happened_on",)

    class Meta:
        model = Milestone
        fields = ["kind", "happened_on", "sibling", "sibling_person", "note"]
        widgets = {"happened_on": DateInput(), "kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["kind"].choices = [
            (value, label)
            for value, label in MilestoneKind.choices
            if value != MilestoneKind.CONVERSATION
        ]
        # Siblings: other children of the municipality who share a parent with this child.
        parents = self.case.child.relations.filter(
            relation__in=["mother", "father", "parent"]
        ).values("person_id")
        self.fields["sibling"].queryset = (
            Child.objects.filter(relations__person_id__in=parents)
            .exclude(pk=self.case.child_id)
            .distinct()
        )
        # Or a sibling registered in the child's household (§ 21, stk. 2).

        self.fields["sibling_person"].queryset = Person.objects.filter(
            relations__child=self.case.child,
            relations__relation__in=Relation.household_children(),
        ).distinct()


class ExplanationForm(forms.Form):
    """The decision has been explained to the child."""

    decision = forms.ModelChoiceField(queryset=Decision.objects.none(), label=_("Decision"))
    delivered_on = forms.DateField(label=_("Explained to the child on"), widget=DateInput())
    how = forms.CharField(
        label=_("How it was explained"),
        max_length=200,
        help_text=_("e.g. in a conversation at school, by phone, with the bisidder present"),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = pending_explanations(case)
        self.fields["decision"].label_from_instance = decision_label
        first = self.fields["decision"].queryset.first()
        if first is not None:
            self.initial.setdefault("decision", first.pk)
            self.initial.setdefault("how", first.explanation_how)
        self.initial.setdefault("delivered_on", _today())


def pending_explanations(case):
    return case.decisions.filter(
        explanation_due_on__isnull=False, explanation_delivered_on__isnull=True
    ).order_by("explanation_due_on")


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

        return cpr.validate(self.cleaned_data["cpr"])
