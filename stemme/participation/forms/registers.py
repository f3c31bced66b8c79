"""Input forms for the child's registers. They check input shape; the services check the rules.

The forms are never saved: views hand ``cleaned_data`` to ``services.registers``.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.cases.forms import DateInput
from stemme.children.models import Person
from stemme.core.forms import ModelMultipleChoiceField, VersionedForm
from stemme.participation.models import (
    Bisidder,
    NetworkMember,
    ParticipationProfile,
    RestrictionKind,
)
from stemme.participation.services.registers import PROFILE_FIELDS


def _comfortable_textareas(form, rows=3) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs.setdefault("rows", rows)


class ProfileForm(VersionedForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = ParticipationProfile
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args, profile=None, **kwargs):
        if profile is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(profile, name) for name in PROFILE_FIELDS}
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", profile.version if profile else 0)
        _comfortable_textareas(self)
        self.fields["loyalty_conflict"].help_text = _(
            "The child feels torn between the adults, e.g. parents and a foster family."
        )

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class _PersonChoice(forms.ModelChoiceField):
    def __init__(self, *args, labels=None, **kwargs):
        self.labels = labels or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.labels.get(obj.pk, obj.full_name)


def _relation_labels(relations) -> dict:
    return {
        relation.person_id: f"{relation.person.full_name} ({relation.get_relation_display()})"
        for relation in relations
    }


class NetworkMemberForm(VersionedForm, forms.ModelForm):
    """Add or change someone in the child's network. ``relations`` are the child's
    ChildRelation rows (with ``person``), for linking the member to a registered person."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = NetworkMember
        fields = [
            "name",
            "relation",
            "sphere",
            "importance",
            "child_wants_involved",
            "contact_form",
            "consent_to_share",
            "contact",
            "last_reviewed_on",
        ]
        widgets = {
            "sphere": forms.RadioSelect,
            "importance": forms.RadioSelect,
            "child_wants_involved": forms.RadioSelect,
            "contact_form": forms.RadioSelect,
            "last_reviewed_on": DateInput(),
        }

    def __init__(self, *args, relations=(), member=None, **kwargs):
        if member is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(member, name) for name in self.Meta.fields},
                "person": member.person_id,
                "version": member.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["person"] = _PersonChoice(
            queryset=Person.objects.filter(pk__in=[r.person_id for r in relations]),
            labels=_relation_labels(relations),
            required=False,
            label=_("Registered person"),
            help_text=_("If the person is registered with the child (e.g. a parent)."),
            empty_label=_("Not registered"),
        )
        self.fields["relation"].help_text = _("In the child's words, e.g. 'my aunt', 'coach'.")
        for name in ("sphere", "importance", "child_wants_involved", "contact_form"):
            field = self.fields[name]
            field.choices = [choice for choice in field.choices if choice[0] != ""]
        if not self.is_bound and member is None:
            self.initial.setdefault("last_reviewed_on", timezone.localdate())

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class NetworkRemoveForm(VersionedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class BisidderForm(forms.ModelForm):
    class Meta:
        model = Bisidder
        fields = ["name", "birth_date", "relation", "contact", "chosen_on", "note"]
        widgets = {"birth_date": DateInput(), "chosen_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _comfortable_textareas(self, rows=2)
        self.fields["birth_date"].help_text = _(
            "A bisidder must be 15 or older on the day of a meeting."
        )
        if not self.is_bound:
            self.initial.setdefault("chosen_on", timezone.localdate())


class BisidderEndForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), required=False, max_length=300)


class _PeopleChoice(ModelMultipleChoiceField):
    def __init__(self, *args, labels=None, **kwargs):
        self.labels = labels or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.labels.get(obj.pk, str(obj))


class SafetyRestrictionForm(VersionedForm):
    """Set or change a safety restriction. The people are chosen among the child's registered
    relations and network members."""

    kind = forms.ChoiceField(
        label=_("Why the child must be protected"),
        choices=RestrictionKind.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff see this. It is never sent to anyone."),
    )
    persons = _PeopleChoice(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Registered people"),
    )
    network_members = _PeopleChoice(
        queryset=NetworkMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("People in the child's network"),
    )
    set_on = forms.DateField(label=_("Set on"), widget=DateInput())

    def __init__(self, *args, relations=(), members=(), restriction=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = Person.objects.filter(
            pk__in=[r.person_id for r in relations]
        )
        self.fields["persons"].labels = _relation_labels(relations)
        member_ids = [m.pk for m in members]
        if restriction is not None:
            # A member named earlier and since removed from the map can still be kept named.
            member_ids += [m.pk for m in restriction.network_members.all()]
            self.fields.pop("set_on")
            if not self.is_bound:
                self.initial.update(
                    version=restriction.version,
                    kind=restriction.kind,
                    reason=restriction.reason,
                    persons=[p.pk for p in restriction.persons.all()],
                    network_members=[m.pk for m in restriction.network_members.all()],
                )
        else:
            self.fields.pop("version")
            if not self.is_bound:
                self.initial.setdefault("set_on", timezone.localdate())
        self.fields["network_members"].queryset = NetworkMember.objects.filter(pk__in=member_ids)
        self.fields["network_members"].labels = {m.pk: f"{m.name} ({m.relation})" for m in members}


class SafetyLiftForm(VersionedForm):
    # Named like the model's field, so the conflict page sets it beside the saved value.
    lift_reason = forms.CharField(
        label=_("Why the restriction is lifted"), widget=forms.Textarea(attrs={"rows": 2})
    )
