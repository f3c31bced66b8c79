from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.children import cpr as cpr_numbers
from stemme.children.models import Relation
from stemme.core.forms import DateInput, VersionedForm


class ChildSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or CPR number"),
        min_length=2,
        max_length=100,
        strip=True,
        error_messages={
            "required": _("Type a name or a CPR number to search for."),
            "min_length": _("Type at least 2 characters."),
            "max_length": _("The search text can be at most 100 characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class HouseholdChildForm(forms.Form):
    """A sibling or another child of the household, with the birth date (§ 21, stk. 2)."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    relation = forms.ChoiceField(label=_("Relation to the child"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["relation"].choices = [
            (value, label)
            for value, label in Relation.choices
            if value in Relation.household_children()
        ]


class CaseworkerFilterForm(forms.Form):
    caseworker = forms.TypedChoiceField(
        label=_("Caseworker"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, caseworkers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = [("", _("All caseworkers"))] + [
            (c.pk, c.get_full_name()) for c in caseworkers
        ]


def relation_choices() -> list:
    """The relations grouped as a caseworker thinks of them (a drop-down with headings)."""
    labels = dict(Relation.choices)
    groups = [
        (_("Parents and custody"), ["mother", "father", "parent", "guardian"]),
        (
            _("Other adults"),
            [
                "step_parent",
                "foster_parent",
                "grandparent",
                "other_family",
                "other_adult",
                "friend",
                "teacher",
                "coach",
                "health_visitor",
                "other",
            ],
        ),
        (_("Siblings and other children"), sorted(Relation.household_children(), key=_order)),
    ]
    return [("", _("Choose …"))] + [
        (heading, [(value, labels[value]) for value in values]) for heading, values in groups
    ]


def _order(value: str) -> int:
    return list(Relation.values).index(value)


class PersonForm(forms.Form):
    """Someone around the child: a parent, a custody holder, another adult, a sibling."""

    relation = forms.ChoiceField(label=_("Relation to the child"))
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        required=False,
        help_text=_("10 digits, for example 010203-1234. Gives the date of birth."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("Needed for a sibling or another child of the household (§ 21, stk. 2)."),
        widget=DateInput(),
    )
    has_custody = forms.BooleanField(label=_("Has custody (forældremyndighed)"), required=False)
    started_on = forms.DateField(label=_("Relation since"), required=False, widget=DateInput())
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relation"].choices = relation_choices()
        # Required for a child of the household (the help text says so): not "(optional)".
        self.fields["birth_date"].conditionally_required = True

    def clean_cpr(self):
        raw = self.cleaned_data["cpr"]
        return cpr_numbers.validate(raw) if raw.strip() else ""


class PersonEditForm(VersionedForm, PersonForm):
    def __init__(self, *args, saved_cpr: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = True
        if saved_cpr:
            self.fields["cpr"].help_text = _(
                "Saved: %(masked)s. Leave the field empty to keep it, or write a new number."
            ) % {"masked": cpr_numbers.mask(saved_cpr)}


class RelationEndForm(VersionedForm):
    ended_on = forms.DateField(label=_("The relation ended on"), widget=DateInput())
    end_reason = forms.CharField(
        label=_("Why the relation ended"),
        max_length=200,
        help_text=_("For example: moved out, the placement ended, registered by mistake."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = True
