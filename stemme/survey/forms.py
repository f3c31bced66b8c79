"""Forms of the youth survey: opening a round, "what we will do", paper answers (CSV), and a
page of the questionnaire in Min sag."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.core.forms import DateInput
from stemme.survey import scales
from stemme.survey.models import AnsweredWith

AGE_CHOICES = [(age, str(age)) for age in range(12, 18)]
CSV_MAX_BYTES = 5 * 1024 * 1024


class WaveForm(forms.Form):
    title = forms.CharField(label=_("Name of the round"), max_length=100)
    opens_on = forms.DateField(label=_("Opens"), widget=DateInput())
    closes_on = forms.DateField(
        label=_("Closes"),
        widget=DateInput(),
        help_text=_("The last day the young people can answer. At most three months."),
    )
    min_age = forms.TypedChoiceField(label=_("From age"), choices=AGE_CHOICES, coerce=int)
    max_age = forms.TypedChoiceField(label=_("To age"), choices=AGE_CHOICES, coerce=int)
    with_wellbeing = forms.BooleanField(
        label=_("Include the wellbeing questions"),
        required=False,
        help_text=_(
            "Four short questions about how the young people are (no national figure: compared "
            "across your own rounds)."
        ),
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: all your teams."),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["min_age"].initial = 12
        self.fields["max_age"].initial = 17


class ActionForm(forms.Form):
    finding = forms.CharField(
        label=_("What the young people said"),
        max_length=300,
        help_text=_("e.g. Only 4 of 10 know what will be talked about before a meeting."),
    )
    action = forms.CharField(
        label=_("What we will do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    text_for_children = forms.CharField(
        label=_("The same, in words for the young people"),
        max_length=300,
        help_text=_("Shown in Min sag to the young people who were invited."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ItemForm(forms.Form):
    dimension = forms.ChoiceField(
        label=_("Area"),
        choices=[
            ("relation", _("Relation with the caseworker")),
            ("information", _("Information about the case")),
            ("influence", _("Influence")),
            ("rights", _("Information about rights")),
            ("plan", _("The plan")),
            ("open", _("In your own words")),
        ],
    )
    scale = forms.ChoiceField(
        label=_("Answers"),
        choices=[
            ("fits", _("Fits very well … fits very badly, or don't know")),
            ("yes_no", _("Yes / no / don't know")),
            ("open", _("Free text")),
        ],
    )
    text_younger = forms.CharField(
        label=_("Wording for 12-13-year-olds"),
        max_length=300,
        help_text=_("Short words, one idea. Write as the young person would say it."),
    )
    text_older = forms.CharField(label=_("Wording for 14-17-year-olds"), max_length=300)


class PaperForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file with paper answers"),
        help_text=_("One row per questionnaire. The columns are described below."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.')
            ) from None


class StartForm(forms.Form):
    answered_with = forms.ChoiceField(
        label=_("Who is answering?"),
        choices=[
            (AnsweredWith.ALONE, _("I answer on my own")),
            (AnsweredWith.ADULT, _("I answer with an adult I trust (not my caseworker)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one.")},
    )


class PageForm(forms.Form):
    """The questions of one page. Nothing chosen is a skipped question, never an error."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            item = question.item
            if item.scale == "open":
                self.fields[item.code] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=scales.OPEN_MAX_CHARS,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    initial=question.value,
                )
            else:
                self.fields[item.code] = forms.TypedChoiceField(
                    label=question.text,
                    required=False,
                    choices=question.choices,
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    initial=question.value,
                )
