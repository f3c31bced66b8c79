"""Input forms for the journal. They check the shape of the input; the services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.core.forms import BLANK_LABEL, DateInput, ModelMultipleChoiceField, VersionedForm
from stemme.journal.models import NoteKind
from stemme.participation.models import StatementMode


class TimeInput(forms.TimeInput):
    """A time as text ("14:30"): styled like the other fields, typed with the keyboard."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "size": 5, **(attrs or {})}, format="%H:%M")


class PersonChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class NoteContentForm(forms.Form):
    """What a note says: written first, and changed by a correction."""

    happened_on = forms.DateField(label=_("Date"), widget=DateInput())
    happened_time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=TimeInput(),
        help_text=_("When it is known, e.g. 14:30."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of note"), choices=[("", BLANK_LABEL), *NoteKind.choices]
    )
    title = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(
        label=_("The note"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Write what was said and seen as an outsider could picture it. Keep your own "
            "assessment apart: write it as an internal assessment."
        ),
    )
    present = forms.CharField(
        label=_("Who was present"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names and roles, e.g. the class teacher, the health visitor."),
    )
    present_persons = PersonChoiceField(
        label=_("People registered around the child who were present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    child_took_part = forms.BooleanField(label=_("The child took part"), required=False)
    internal = forms.BooleanField(
        label=_("Internal note"),
        required=False,
        help_text=_(
            "For the caseworkers only: never shown in My case, and left out of a right-of-access "
            "export until it is reviewed. An internal assessment is always internal."
        ),
    )

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present_persons"].queryset = persons
        if not persons.exists():
            del self.fields["present_persons"]
        self.initial.setdefault("happened_on", timezone.localdate())

    def content(self) -> dict:
        """The cleaned values the services take."""
        data = self.cleaned_data
        return {
            "happened_on": data["happened_on"],
            "happened_time": data["happened_time"],
            "kind": data["kind"],
            "title": data["title"],
            "text": data["text"],
            "present": data["present"],
            "present_persons": list(data.get("present_persons") or []),
            "child_took_part": data["child_took_part"],
            "internal": data["internal"],
        }


class NoteForm(NoteContentForm):
    """A new note, with the child's own words to file as a statement."""

    child_words = forms.CharField(
        label=_("The child's own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Copy what the child said, word for word. It is filed as the child's statement and "
            "can inform a decision."
        ),
    )
    child_words_mode = forms.ChoiceField(
        label=_("How we know the child's words"),
        choices=StatementMode.staff_choices,
        required=False,
        widget=forms.RadioSelect,
    )
    child_words_trusted_adult = forms.CharField(
        label=_("The trusted adult (name and relation)"),
        max_length=200,
        required=False,
        help_text=_("Only when the child's words came through a trusted adult."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("child_words_mode", StatementMode.DIRECT)

    def words(self) -> dict:
        data = self.cleaned_data
        return {
            "child_words": data["child_words"],
            "child_words_mode": data["child_words_mode"] or StatementMode.DIRECT,
            "child_words_trusted_adult": data["child_words_trusted_adult"],
        }


class CorrectionForm(VersionedForm, NoteContentForm):
    """A correction: the note as it should read, and why."""

    reason = forms.CharField(
        label=_("Why the note is corrected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown with the correction. The earlier text is kept."),
    )

    field_order = [
        "reason",
        "happened_on",
        "happened_time",
        "kind",
        "title",
        "text",
        "present",
        "present_persons",
        "child_took_part",
        "internal",
    ]


class WordsForm(forms.Form):
    """The child's own words from a note, filed as the child's statement."""

    words = forms.CharField(
        label=_("The child's own words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Copy the passage where the child speaks, word for word."),
    )
    mode = forms.ChoiceField(
        label=_("How we know the child's words"),
        choices=StatementMode.staff_choices,
        widget=forms.RadioSelect,
        initial=StatementMode.DIRECT,
    )
    trusted_adult = forms.CharField(
        label=_("The trusted adult (name and relation)"),
        max_length=200,
        required=False,
        help_text=_("Only when the child's words came through a trusted adult."),
    )


YES_NO_ALL = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


class FilterForm(forms.Form):
    """The list's filters (a GET form: nothing is written)."""

    kind = forms.ChoiceField(
        label=_("Kind of note"),
        choices=[("", _("All kinds")), *NoteKind.choices],
        required=False,
    )
    child_took_part = forms.ChoiceField(
        label=_("The child took part"), choices=YES_NO_ALL, required=False
    )
    internal = forms.ChoiceField(label=_("Internal note"), choices=YES_NO_ALL, required=False)
    q = forms.CharField(label=_("Search in subject and text"), max_length=100, required=False)

    def filters(self) -> dict:
        """The valid filters (none when the query string is not valid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        yes_no = {"yes": True, "no": False}
        return {
            "kind": data["kind"],
            "child_took_part": yes_no.get(data["child_took_part"]),
            "internal": yes_no.get(data["internal"]),
            "q": data["q"].strip(),
        }


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search in the journal notes of your cases"),
        min_length=2,
        max_length=100,
        help_text=_("Searches the subject and the text of the notes in the cases you may see."),
    )
