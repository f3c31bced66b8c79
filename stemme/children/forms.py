from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.children.models import Relation


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
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
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
