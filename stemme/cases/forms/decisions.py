"""Input forms for decisions (the child's view and how it was weighed) and for explaining a
decision to the child."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.cases.forms.common import DateInput, StepForm, _today, decision_label
from stemme.cases.forms.hearing import HEARING_EXCEPTION_CHOICES
from stemme.cases.forms.investigation import EXCEPTION_REASONS, _statements_field
from stemme.cases.models import ChildWish, Decision
from stemme.cases.selectors.hearing import latest_hearing
from stemme.cases.services.hearing import is_complete
from stemme.participation.models import StatementMode

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
    parties_oppose = forms.BooleanField(
        label=_("The decision goes against the parties' wish"),
        required=False,
        help_text=_(
            "Tick it when the parents or the other parties do not agree with the decision "
            "(for example a placement without consent, § 47, or when they answered against it "
            "in the hearing). The decision then needs a finished hearing of the parties "
            "(every party answered or the deadline passed), or a reason why they were not heard "
            "(forvaltningsloven § 19, stk. 2)."
        ),
    )
    hearing_exception_reason = forms.ChoiceField(
        label=_("Why the parties were not heard"),
        choices=HEARING_EXCEPTION_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    hearing_exception = forms.CharField(
        label=_("Explain why the parties were not heard"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you give a reason for not hearing the parties."),
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
        (
            _("Hearing of the parties"),
            ("parties_oppose", "hearing_exception_reason", "hearing_exception"),
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
        # The latest hearing of the parties, shown above its fieldset (decision_form.html).
        self.hearing = latest_hearing(case=self.case) if self.case is not None else None
        today = _today()
        self.hearing_complete = self.hearing is not None and is_complete(self.hearing, on=today)
        self.hearing_deadline_passed = (
            self.hearing is not None
            and self.hearing.answer_due_on is not None
            and self.hearing.answer_due_on < today
        )
        self.fields["hearing_exception"].conditionally_required = True
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
