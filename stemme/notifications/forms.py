from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Role
from stemme.core.forms import VersionedForm


class PreferencesForm(VersionedForm):
    """What the user wants to be told, one checkbox per kind, and an optional SMS number."""

    urgent_message = forms.BooleanField(
        label=_("Urgent messages from children"),
        required=False,
        help_text=_(
            "At once, when a child marks a message urgent or it may be serious. For a child "
            "whose caseworker you are, you are always told, whatever you choose here; this "
            "choice is about the children in your team's duty inbox. Should everyone in the "
            "team have switched it off and the child have no caseworker, all of you are told: "
            "an urgent message from a child always reaches someone."
        ),
    )
    unread_message = forms.BooleanField(
        label=_("Children's messages still unread"),
        required=False,
        help_text=_(
            "When a child's message has waited unread longer than your municipality allows "
            "and has moved to the team's duty inbox."
        ),
    )
    emergency_access = forms.BooleanField(
        label=_("Emergency access to review"),
        required=False,
        help_text=_("When a colleague has used emergency access that you review as team leader."),
    )
    handover = forms.BooleanField(
        label=_("Cases handed over to me"),
        required=False,
        help_text=_("When a child's case is handed over to you."),
    )
    digest = forms.BooleanField(
        label=_("Daily overview of my duties"),
        required=False,
        help_text=_(
            "One e-mail in the morning with how many duties are overdue and due today, "
            "on days when there are any."
        ),
    )
    sms_number = forms.CharField(
        label=_("Mobile number for SMS"),
        max_length=20,
        required=False,
        help_text=_("Only for notifications from Stemme; it is not shown to anyone."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    by_sms = forms.BooleanField(
        label=_("Also send them by SMS"),
        required=False,
        help_text=_(
            "The same short texts as the e-mails. The daily overview comes by e-mail only."
        ),
    )

    def __init__(self, *args, user, sms_available: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role != Role.TEAM_LEADER:
            del self.fields["emergency_access"]
        if not sms_available:
            del self.fields["sms_number"]
            del self.fields["by_sms"]
