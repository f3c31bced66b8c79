from django import forms
from django.utils.translation import gettext_lazy as _


class ActivateForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your letter"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    secret = forms.CharField(
        label=_("Choose a PIN or a passphrase"),
        help_text=_("At least 6 digits, or at least 12 characters, for example three words."),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    secret_again = forms.CharField(
        label=_("Type it again"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class LoginForm(forms.Form):
    login_id = forms.CharField(
        label=_("User number"),
        help_text=_("It is in your letter, for example KM7-4QX."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "characters"}),
    )
    secret = forms.CharField(
        label=_("PIN or passphrase"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class IssueForm(forms.Form):
    """Staff: who gets a code ("child" or a person id of a parent)."""

    who = forms.CharField(max_length=40)


class SmsNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Your mobile number"),
        max_length=20,
        required=False,
        help_text=_("Leave it empty if you do not want an SMS."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
