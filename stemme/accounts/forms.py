from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The username or password is wrong. Check them and try again "
            "(the password is case-sensitive)."
        ),
        "inactive": _("This account is closed. Contact your administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class ProfileForm(forms.Form):
    """A staff member's own details for children. The service checks the photo and the rules."""

    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_("The number a child can call or text you on."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    introduction = forms.CharField(
        label=_("A few words about you, for children"),
        required=False,
        help_text=_(
            "Written to a child, in plain words: who you are, what you like, how and when the "
            "child can reach you. It goes into the letter that introduces you as a new caseworker."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 600}),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("A friendly photo of your face. JPEG, PNG or WebP, at most 2 MB."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
