from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core import validators
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Role, Team
from stemme.accounts.services import ANSWER_DAYS, ESCALATE_HOURS
from stemme.core.forms import ModelMultipleChoiceField, VersionedForm


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
        # Django sets the username's max_length without its validator, so a longer name
        # reached authenticate() and django-axes, whose failure log holds 255 characters: a
        # 500 on PostgreSQL (django-axes issue #1381). Refused here, it never gets there.
        username = self.fields["username"]
        username.validators.append(validators.MaxLengthValidator(username.max_length))


class ProfileForm(VersionedForm):
    """A staff member's own details for children. The service checks the photo and the rules."""

    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_("The number a child can call or text you on."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    reachable = forms.CharField(
        label=_("When children can reach you"),
        max_length=150,
        required=False,
        help_text=_(
            "Shown to children in Min sag next to your phone, e.g. Monday to Thursday 9-12."
        ),
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


def _between(message) -> dict:
    """One clear message for every way a number can be wrong (empty, not a number, too small,
    too large)."""
    return dict.fromkeys(("required", "invalid", "min_value", "max_value"), message)


class PortalSettingsForm(VersionedForm):
    """The municipality's Min sag settings. The service checks the same bounds."""

    escalate_after_hours = forms.IntegerField(
        label=_("Hours before an unread message from a child goes to the team's duty inbox"),
        min_value=ESCALATE_HOURS[0],
        max_value=ESCALATE_HOURS[1],
        help_text=_("From 1 to 168 hours (one week)."),
        error_messages=_between(_("Choose a whole number of hours from 1 to 168.")),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    answer_within_days = forms.IntegerField(
        label=_("Working days within which a child can expect an answer"),
        min_value=ANSWER_DAYS[0],
        max_value=ANSWER_DAYS[1],
        help_text=_("From 1 to 10 working days. Children are told this when they write."),
        error_messages=_between(_("Choose a whole number of working days from 1 to 10.")),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    alarm_words = forms.CharField(
        label=_("Words that mark a message as possibly serious"),
        help_text=_(
            "One word or phrase per line. End a word with * to catch every word that begins "
            "so (slå* finds slår and slået). A message with one of them goes at once to the "
            'caseworker and the team\'s duty inbox, marked "may be serious". Only staff see '
            "the mark. Missing a real alarm is worse than a false one."
        ),
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "required": _(
                "Keep at least one word: the list catches alarms a child did not mark urgent."
            )
        },
    )


class TeamDutyForm(VersionedForm):
    """A team's duty phone, shown to children as "who to call when your caseworker is away"."""

    duty_phone = forms.CharField(
        label=_("Duty phone"),
        max_length=20,
        required=False,
        help_text=_("A number children and parents can call when their caseworker is away."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    duty_hours = forms.CharField(
        label=_("When the duty phone is answered"),
        max_length=100,
        required=False,
        help_text=_("In plain words, e.g. Monday to Friday 9-15."),
    )
    duty_opens = forms.TimeField(
        label=_("The duty inbox is read from"),
        help_text=_(
            "On working days. A child who marks a message urgent is told honestly when an "
            "adult reads it, and to call 112 or 116 111 outside these hours."
        ),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Write a time, e.g. 09:00."),
            "invalid": _("Write a time, e.g. 09:00."),
        },
    )
    duty_closes = forms.TimeField(
        label=_("The duty inbox is read until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Write a time, e.g. 15:00."),
            "invalid": _("Write a time, e.g. 15:00."),
        },
    )


class TeamDepartmentForm(VersionedForm):
    """The department (afdeling) a team belongs to, in words: the leadership figures count a
    department between a team and the whole municipality."""

    department = forms.CharField(
        label=_("Department"),
        max_length=100,
        required=False,
        help_text=_(
            "Write the name of an existing department or a new one. Leave it empty if the team "
            "is not part of a department."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "departments"}),
        error_messages={"max_length": _("Keep it short: at most %(limit_value)d characters.")},
    )


def _code_field(label, help_text, *, digits_only: bool) -> forms.CharField:
    attrs = {
        "autocomplete": "one-time-code",
        "autocapitalize": "off",
        "autocorrect": "off",
        "spellcheck": "false",
    }
    if digits_only:
        attrs["inputmode"] = "numeric"
    return forms.CharField(
        label=label,
        max_length=40,
        help_text=help_text,
        error_messages={"required": _("Write the code from your authenticator app.")},
        widget=forms.TextInput(attrs=attrs),
    )


class MFASetupForm(forms.Form):
    """The first code from a newly added authenticator app; the service checks it."""

    code = _code_field(
        _("The 6-digit code your app shows"),
        _("The code changes every 30 seconds. Write the one your app shows now."),
        digits_only=True,
    )


class EnrolmentCodeForm(forms.Form):
    """The one-time enrolment code from an administrator; the service checks it."""

    code = forms.CharField(
        label=_("Enrolment code"),
        max_length=40,
        help_text=_("The code has 12 letters and digits, e.g. abcd-efgh-jkmn."),
        error_messages={"required": _("Write the enrolment code you got from your administrator.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "off",
                "autocorrect": "off",
                "spellcheck": "false",
            }
        ),
    )


class MFAVerifyForm(forms.Form):
    """The second step of the login: a code from the app or a recovery code."""

    code = _code_field(
        _("Code from your authenticator app"),
        _(
            "The 6 digits your app shows for Stemme. Without your phone: one of your recovery "
            "codes (each works once)."
        ),
        digits_only=False,
    )


class RecoveryCodesRenewForm(forms.Form):
    """Proof that the user still has the authenticator app before new recovery codes."""

    code = _code_field(
        _("Code from your authenticator app"),
        _("To make new recovery codes, write the code your app shows now."),
        digits_only=True,
    )


class RecoveryCodesSavedForm(forms.Form):
    saved = forms.BooleanField(
        label=_("I have saved my recovery codes somewhere safe"),
        error_messages={
            "required": _("Save the codes first, then tick the box. They are not shown again.")
        },
    )


class StaffPasswordChangeForm(PasswordChangeForm):
    """Django's form (current password, the password policy, the new one twice), with the
    browser told which field is which for password managers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].widget.attrs.update({"autocomplete": "current-password"})
        if self.user.must_change_password:
            # The password to type is the one the administrator gave, not an "old" one.
            self.fields["old_password"].label = _("Initial password from your administrator")
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs.update({"autocomplete": "new-password"})
            self.fields[name].widget.attrs.pop("autofocus", None)
        # One plain sentence per rule; Django's own help text is an HTML list, which cannot
        # sit inside the help paragraph of core/_field.html.
        self.fields["new_password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        # An initial password from an administrator is replaced by one only the user knows.
        if self.user.must_change_password and password and self.user.check_password(password):
            raise forms.ValidationError(
                _("Choose a new password, not the one you got from your administrator."),
                code="password_unchanged",
            )
        return password


# --- Staff administration (views/staff.py; the service checks the rules) ------------------------


class _TeamsField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class StaffFilterForm(forms.Form):
    """The staff list's filters: a GET form that works without JavaScript."""

    q = forms.CharField(
        label=_("Search by name or username"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("yes", _("Active")),
            ("no", _("Deactivated")),
            ("all", _("Active and deactivated")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Name")),
            ("username", _("Username")),
            ("role", _("Role")),
            ("last_login", _("Last login")),
        ],
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]
        self.fields["team"].choices = [
            ("", _("All teams")),
            *((str(team.pk), team.name) for team in teams),
        ]
        self._teams = {str(team.pk): team for team in teams}

    def filters(self) -> dict:
        """The selector's arguments; an invalid form filters nothing (shows active staff)."""
        data = self.cleaned_data if self.is_valid() else {}
        active = data.get("active") or "yes"
        return {
            "search": data.get("q", ""),
            "role": data.get("role", ""),
            "team": self._teams.get(data.get("team", "")),
            "active": "" if active == "all" else active,
            "sort": data.get("sort", ""),
        }


class StaffForm(VersionedForm):
    """A staff account's details. ``username`` only when the account is created."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        error_messages={"required": _("Write the first name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        error_messages={"required": _("Write the last name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=40,
        help_text=_(
            "What they log in with: small letters a-z, digits, dots, hyphens or underscores, "
            "e.g. mette.hansen. It cannot be changed later."
        ),
        error_messages={"required": _("Write a username.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Write a valid e-mail address, e.g. navn@kommune.dk.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role.")},
    )
    teams = _TeamsField(
        label=_("Teams"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A caseworker belongs to at least one team."),
    )
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=100,
        required=False,
        help_text=_("e.g. Socialrådgiver"),
    )

    def __init__(self, *args, municipality, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.filter(municipality=municipality).order_by(
            "name"
        )
        if not creating:
            del self.fields["username"]
            self.order_fields(["first_name", "last_name", "email", "role", "teams", "job_title"])
        else:
            del self.fields["version"]


class StaffDeactivateForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, deactivate the account"),
        error_messages={
            "required": _("Tick the box to confirm that the account is to be deactivated.")
        },
    )
