"""Input forms for meetings. They check the shape of the input; the services check the rules."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.cases.forms import DateInput, DateTimeInput
from stemme.children.models import Person
from stemme.core.forms import VersionedForm, tidy_choices
from stemme.deadlines.calendar import COPENHAGEN
from stemme.letters.models import Channel
from stemme.meetings.models import Meeting, ParticipantKind, SummaryHow, Understood
from stemme.meetings.selectors import default_meeting_start
from stemme.participation.models import Bisidder, NetworkMember


class MeetingForm(VersionedForm, forms.ModelForm):
    """Plan a meeting, or change what was prepared with the child."""

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "purpose_for_child",
            "starts_at",
            "duration_minutes",
            "place",
            "child_chose_place_time",
            "child_attends",
            "seating_wish",
            "child_wants_to_say",
            "child_hopes",
            "information_to",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "purpose_for_child": forms.Textarea(attrs={"rows": 3}),
            "child_wants_to_say": forms.Textarea(attrs={"rows": 3}),
            "child_hopes": forms.Textarea(attrs={"rows": 3}),
            "information_to": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "purpose_for_child": _(
                'Write it the way you would say it to the child, e.g. "We will talk about how '
                'school is going and what could make it better."'
            ),
            "child_chose_place_time": _("Ask the child where and when suits them best."),
            "information_to": _("Agree with the child who may be told afterwards what was said."),
        }

    def __init__(self, *args, default_start: dt.datetime | None = None, **kwargs):
        """``default_start``: when a new meeting starts unless the caseworker changes it (the
        next working day at 9, ``selectors.default_meeting_start``)."""
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].widget.attrs.update({"min": 5, "max": 480, "step": 5})
        # A ModelForm's initial already holds the empty instance's None, so set, not setdefault.
        adding = not self.is_bound and self.instance._state.adding
        if adding and not self.initial.get("starts_at"):
            self.initial["starts_at"] = default_start or default_meeting_start()
        tidy_choices(self)

    def _post_clean(self):
        # The service validates the meeting (model full_clean would need a case).
        pass


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Who"), choices=ParticipantKind.choices)
    person = forms.ModelChoiceField(
        label=_("Registered person"), queryset=Person.objects.none(), required=False
    )
    network_member = forms.ModelChoiceField(
        label=_("Network member"), queryset=NetworkMember.objects.none(), required=False
    )
    bisidder = forms.ModelChoiceField(
        label=_("Bisidder"), queryset=Bisidder.objects.none(), required=False
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Not needed when you choose a registered person, network member or bisidder."),
    )
    role_for_child = forms.CharField(
        label=_("What this person does at the meeting, in words for the child"),
        max_length=300,
        help_text=_('E.g. "Your teacher. Tells how things are going at school."'),
    )

    def __init__(self, *args, child=None, **kwargs):
        super().__init__(*args, prefix="participant", **kwargs)
        if child is not None:
            # People around the child now: a relation that ended is not offered.
            self.fields["person"].queryset = Person.objects.filter(
                relations__child=child, relations__ended_on__isnull=True
            )
            self.fields["network_member"].queryset = NetworkMember.objects.filter(
                child=child, removed_on__isnull=True
            )
            self.fields["bisidder"].queryset = Bisidder.objects.filter(
                child=child, ended_on__isnull=True
            )
        tidy_choices(self)


class AgendaItemForm(forms.Form):
    text = forms.CharField(label=_("Agenda item"), max_length=300)
    from_child = forms.BooleanField(label=_("The child's own item"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="item", **kwargs)


class SendAgendaForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How the child gets it"), choices=Channel.choices, initial=Channel.DIGITAL_POST
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="agenda", **kwargs)


class InviteForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How invitations are sent"), choices=Channel.choices, initial=Channel.DIGITAL_POST
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="invite", **kwargs)


class HoldForm(forms.Form):
    held_on = forms.DateField(label=_("The meeting was held on"), widget=DateInput())

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        """``held_on`` starts at the meeting's own date (today if that is still to come)."""
        super().__init__(*args, prefix="hold", **kwargs)
        today = timezone.localdate()
        planned = timezone.localdate(meeting.starts_at) if meeting and meeting.starts_at else today
        self.initial.setdefault("held_on", min(planned, today))


class SummaryForm(VersionedForm):
    summary_for_child = forms.CharField(
        label=_("What we decided and why, in words for the child"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    child_understood = forms.ChoiceField(
        label=_("Did the child understand what was decided?"),
        choices=Understood.choices,
        widget=forms.RadioSelect,
    )
    understood_note = forms.CharField(
        label=_("About the child's understanding"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_time_topics = forms.CharField(
        label=_("What the child wants to talk about next time"),
        help_text=_("One topic per line. They go on the agenda of the next meeting."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The meeting's version the summary was written from: a newer one gives the conflict page.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="summary", **kwargs)

    def clean_next_time_topics(self):
        text = self.cleaned_data["next_time_topics"]
        return [line.strip() for line in text.splitlines() if line.strip()]


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(label=_("Given to the child on"), widget=DateInput())
    how = forms.ChoiceField(label=_("How"), choices=SummaryHow.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="deliver", **kwargs)
        self.initial.setdefault("delivered_on", timezone.localdate())


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the meeting is cancelled"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="cancel", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class MeetingMoveForm(VersionedForm):
    """Move a meeting from the week page: a new day and time (the length stays). ``uge`` is the
    week the page showed, where the answer returns."""

    day = forms.DateField(label=_("New day"), widget=DateInput())
    time = forms.TimeField(label=_("New time"), widget=TimeInput())
    uge = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, meeting: Meeting, week: str = "", **kwargs):
        # One form per meeting on the week page: the ids name the meeting, the field names don't.
        kwargs.setdefault("auto_id", f"move-{meeting.pk}-%s")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            starts_at = timezone.localtime(meeting.starts_at)
            self.initial.update(
                {
                    "day": starts_at.date(),
                    "time": starts_at.time().replace(second=0, microsecond=0),
                    "version": meeting.version,
                    "uge": week,
                }
            )

    def starts_at(self) -> dt.datetime:
        """The new start, in Copenhagen time (call after ``is_valid``)."""
        return dt.datetime.combine(
            self.cleaned_data["day"], self.cleaned_data["time"], tzinfo=COPENHAGEN
        )
