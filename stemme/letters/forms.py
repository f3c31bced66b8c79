"""The letters' one form: the day a party received a decision letter sent by post."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.core.forms import DateInput


class LetterReceivedForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"),
        widget=DateInput(),
        help_text=_(
            "The day the party had the letter, e.g. as they told you on the phone. The 4 weeks "
            "to complain are counted from the first party's day."
        ),
    )
