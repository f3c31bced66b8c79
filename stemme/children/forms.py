from django import forms
from django.utils.translation import gettext_lazy as _


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


class CaseworkerFilterForm(forms.Form):
    caseworker = forms.TypedChoiceField(
        label=_("Caseworker"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, caseworkers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = [("", _("All caseworkers"))] + [
            (c.pk, c.get_full_name()) for c in caseworkers
        ]
