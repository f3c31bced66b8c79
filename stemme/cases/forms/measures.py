"""Input forms for measures and what follows them: start and end, the plan, the start-up
meeting, follow-ups, supervision visits, milestones."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.cases.forms.common import DateInput, StepForm, _today, decision_label, measure_label
from stemme.cases.models import (
    Decision,
    FollowUp,
    Measure,
    Milestone,
    MilestoneKind,
    Plan,
    StartUpMeeting,
    SupervisionVisit,
)
from stemme.children.models import Child, Person, Relation


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
            relation__in=["mother", "father", "parent"], ended_on__isnull=True
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
            relations__ended_on__isnull=True,
        ).distinct()
