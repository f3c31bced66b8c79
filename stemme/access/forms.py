"""Input for the deputy and emergency-access pages. The rules themselves are in services.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemme.access.services import (
    DEPUTY_REASON_MAX,
    EMERGENCY_HOURS,
    EMERGENCY_REASON_MAX,
    EMERGENCY_REASON_MIN,
    REVIEW_NOTE_MAX,
)
from stemme.accounts.models import Role, User
from stemme.core.forms import DateInput


class _CaseworkerField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def leaders_caseworkers(leader):
    """Active caseworkers on one of the leader's teams."""
    return (
        User.objects.filter(
            is_active=True,
            role=Role.CASEWORKER,
            municipality_id=leader.municipality_id,
            teams__in=leader.teams.all(),
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


class DeputyForm(forms.Form):
    covered = _CaseworkerField(
        label=_("Caseworker who is away"),
        queryset=User.objects.none(),
        empty_label=_("Choose …"),
        error_messages={
            "required": _("Choose the caseworker who is away."),
            "invalid_choice": _("Choose a caseworker on one of your teams."),
        },
    )
    deputy = _CaseworkerField(
        label=_("Deputy"),
        help_text=_("Sees every child the caseworker who is away is assigned to, in the period."),
        queryset=User.objects.none(),
        empty_label=_("Choose …"),
        error_messages={
            "required": _("Choose the deputy."),
            "invalid_choice": _("Choose a caseworker on one of your teams."),
        },
    )
    starts_on = forms.DateField(
        label=_("From"),
        widget=DateInput(),
        error_messages={
            "required": _("Give the first day of the deputy period."),
            "invalid": _("Give a valid date."),
        },
    )
    ends_on = forms.DateField(
        label=_("To and including"),
        help_text=_("The access ends by itself after this day. At most one year."),
        widget=DateInput(),
        error_messages={
            "required": _("Give the last day of the deputy period."),
            "invalid": _("Give a valid date."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("For example holiday, illness or leave."),
        max_length=DEPUTY_REASON_MAX,
        error_messages={
            "required": _("Say why a deputy is needed, e.g. holiday or illness."),
            "max_length": _("The reason can be at most %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, leader, **kwargs):
        super().__init__(*args, **kwargs)
        caseworkers = leaders_caseworkers(leader)
        self.fields["covered"].queryset = caseworkers
        self.fields["deputy"].queryset = caseworkers
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())


class EmergencyAccessForm(forms.Form):
    """POST only: the CPR number never reaches a URL or a server log."""

    cpr = forms.CharField(
        label=_("The child's CPR number"),
        max_length=20,
        error_messages={
            "required": _("Type the child's CPR number."),
            "max_length": _("A CPR number has 10 digits, for example 010203-1234."),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric"}
        ),
    )
    reason = forms.CharField(
        label=_("Why do you need access now?"),
        min_length=EMERGENCY_REASON_MIN,
        max_length=EMERGENCY_REASON_MAX,
        error_messages={
            "required": _("Explain why you need access now."),
            "min_length": _(
                "Explain why you need access now, in at least %(limit_value)d characters."
            ),
            "max_length": _("The reason can be at most %(limit_value)d characters."),
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        error_messages={"required": _("Confirm that you understand the access is logged.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Numbers in the texts: translated per request (a lazy text formatted at import would
        # freeze the language of the moment the module was loaded).
        self.fields["reason"].help_text = gettext(
            "At least %(min)d characters. Your team leader and the child's team leader read it."
        ) % {"min": EMERGENCY_REASON_MIN}
        self.fields["confirm"].label = gettext(
            "I understand that the access is logged and shown to my team leader, "
            "and that it ends after %(hours)d hours."
        ) % {"hours": EMERGENCY_HOURS}


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=REVIEW_NOTE_MAX,
        error_messages={"max_length": _("The note can be at most %(limit_value)d characters.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
