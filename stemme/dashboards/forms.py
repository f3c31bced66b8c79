"""The period (and, for a leader with several teams, the team) the indicators look at."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.core.forms import DateInput
from stemme.dashboards.selectors import Period
from stemme.deadlines.calendar import add_years

MAX_YEARS = 5
DEFAULT_MONTHS = 12


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the first day as a date, e.g. 2026-01-31.")},
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the last day as a date, e.g. 2026-12-31.")},
    )
    team = forms.TypedChoiceField(
        label=_("Team"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of your teams.")},
    )

    def __init__(self, *args, today, teams=(), **kwargs):
        self.today = today
        self.teams = {team.pk: team for team in teams}
        super().__init__(*args, **kwargs)
        if len(self.teams) > 1:
            self.fields["team"].choices = [("", _("All your teams"))] + [
                (team.pk, team.name) for team in teams
            ]
        else:
            del self.fields["team"]
        default = Period.last_months(DEFAULT_MONTHS, today=today)
        self.initial.setdefault("start", default.start)
        self.initial.setdefault("end", default.end)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        end = data.get("end") or self.today
        start = data.get("start") or Period.last_months(DEFAULT_MONTHS, today=end).start
        if end > self.today:
            self.add_error("end", _("The period cannot end after today."))
        elif start > end:
            self.add_error("start", _("The period must start on or before its last day."))
        elif start < add_years(end, -MAX_YEARS):
            self.add_error("start", _("The period can be at most 5 years long."))
        else:
            data["period"] = Period(start=start, end=end)
        data["team"] = self.teams.get(data.get("team"))
        return data
