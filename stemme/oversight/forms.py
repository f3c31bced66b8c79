"""The leaders' forms: which cases and period the figures count, the committee pack, the
targets, drawing a sample and answering a review's checklist."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Role
from stemme.core.forms import DateInput, VersionedForm
from stemme.dashboards.forms import PeriodForm
from stemme.oversight.models import Answer, SampleKind

MINE = "mine"
TEAMS = "teams"
MUNICIPALITY = "kommune"


class OverviewForm(PeriodForm):
    """The period, and for a leader the scope: their teams, one of them, the department of one
    of them, or the whole municipality (counts only)."""

    scope = forms.ChoiceField(
        label=_("Cases counted"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the scopes in the list.")},
    )

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, today=today, teams=(), **kwargs)
        self.user = user
        self.user_teams = (
            list(user.teams.select_related("department")) if user.role == Role.TEAM_LEADER else []
        )
        self.departments = {}
        if user.role != Role.TEAM_LEADER:
            del self.fields["scope"]
            return
        choices = [(TEAMS, _("Your teams") if len(self.user_teams) > 1 else _("Your team"))]
        if len(self.user_teams) > 1:
            choices += [(f"team-{team.pk}", team.name) for team in self.user_teams]
        self.departments.update(
            (f"afdeling-{team.department.pk}", team.department)
            for team in self.user_teams
            if team.department is not None
        )
        choices += [
            (key, _("Department %(name)s") % {"name": department.name})
            for key, department in sorted(self.departments.items(), key=lambda item: item[1].name)
        ]
        choices.append((MUNICIPALITY, _("The whole municipality (counts only)")))
        self.fields["scope"].choices = choices
        self.initial.setdefault("scope", TEAMS)

    def clean(self):
        data = super().clean()
        scope = data.get("scope") or (TEAMS if self.user.role == Role.TEAM_LEADER else MINE)
        data["team"] = None
        data["department"] = None
        if scope.startswith("team-"):
            teams = {f"team-{team.pk}": team for team in self.user_teams}
            data["team"] = teams.get(scope)
        elif scope.startswith("afdeling-"):
            data["department"] = self.departments.get(scope)
        data["scope"] = scope
        return data


class FindingsForm(PeriodForm):
    """Which reviews' findings are counted: the period, one of the leader's teams, and the
    reviews of one theme (a themed review)."""

    tema = forms.ChoiceField(
        label=_("Reviews"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the themes in the list.")},
    )

    def __init__(self, *args, today, teams, themes, **kwargs):
        super().__init__(*args, today=today, teams=teams, **kwargs)
        if themes:
            self.fields["tema"].choices = [("", _("All reviews"))] + [
                (theme, _("Theme: %(theme)s") % {"theme": theme}) for theme in themes
            ]
        else:
            del self.fields["tema"]


class SnapshotForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("e.g. Børne- og Ungeudvalget, 4th quarter"),
        error_messages={"required": _("Give the pack a title.")},
    )
    comment = forms.CharField(
        label=_("In focus"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Your comment to the committee: what the figures show and what you do about it."
        ),
    )


class TargetForm(forms.Form):
    green_from = forms.IntegerField(label=_("Green from (%)"), min_value=0, max_value=100)
    amber_from = forms.IntegerField(label=_("Amber from (%)"), min_value=0, max_value=100)

    def __init__(self, *args, higher_is_better: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.higher_is_better = higher_is_better
        if not higher_is_better:
            self.fields["green_from"].label = _("Green up to (%)")
            self.fields["amber_from"].label = _("Amber up to (%)")

    def clean(self):
        data = super().clean()
        green, amber = data.get("green_from"), data.get("amber_from")
        if green is None or amber is None:
            return data
        if self.higher_is_better and amber > green:
            self.add_error("amber_from", _("Amber must start at or below green."))
        if not self.higher_is_better and amber < green:
            self.add_error("amber_from", _("Amber must reach at least as high as green."))
        return data


class DrawForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        widget=DateInput(),
        help_text=_("Any day in the month the reviews belong to."),
        error_messages={"invalid": _("Enter a date, e.g. 2026-12-01.")},
    )
    kind = forms.ChoiceField(label=_("How the cases are drawn"), choices=SampleKind.choices)
    theme = forms.CharField(
        label=_("Theme"),
        required=False,
        max_length=120,
        help_text=_("For a themed review, e.g. the child's voice in decisions."),
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        if month > self.today.replace(day=1):
            raise forms.ValidationError(
                _("A sample cannot be drawn for a month that has not begun.")
            )
        return month


ACTION_ROWS = 3


class ReviewForm(VersionedForm):
    """One answer and note per checklist item the case is asked; the summary; up to three
    actions for the caseworker."""

    summary = forms.CharField(
        label=_("Summary for the caseworker"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, groups, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.today = today
        for group in groups:
            for item in group.items:
                self.fields[f"answer_{item.key}"] = forms.ChoiceField(
                    label=item.question,
                    choices=Answer.choices,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Answer the question (or choose 'not relevant').")
                    },
                )
                self.fields[f"note_{item.key}"] = forms.CharField(
                    label=_("Note"),
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        item_choices = [("", _("The whole case"))] + [
            (item.key, item.question) for group in groups for item in group.items
        ]
        for index in range(ACTION_ROWS):
            self.fields[f"action_{index}_text"] = forms.CharField(
                label=_("What is to be done"),
                required=False,
                max_length=1000,
            )
            self.fields[f"action_{index}_item"] = forms.ChoiceField(
                label=_("About"), required=False, choices=item_choices
            )
            self.fields[f"action_{index}_due"] = forms.DateField(
                label=_("Due"),
                required=False,
                widget=DateInput(),
                error_messages={"invalid": _("Enter the due date as a date, e.g. 2026-12-31.")},
            )

    def item_rows(self):
        """(group, [(item, answer field, note field)]) for the template."""
        return [
            (
                group,
                [
                    (item, self[f"answer_{item.key}"], self[f"note_{item.key}"])
                    for item in group.items
                ],
            )
            for group in self.groups
        ]

    def action_rows(self):
        return [
            (self[f"action_{i}_text"], self[f"action_{i}_item"], self[f"action_{i}_due"])
            for i in range(ACTION_ROWS)
        ]

    def clean(self):
        data = super().clean()
        actions = []
        for index in range(ACTION_ROWS):
            text = (data.get(f"action_{index}_text") or "").strip()
            due = data.get(f"action_{index}_due")
            if not text:
                if due:
                    self.add_error(f"action_{index}_text", _("Write what is to be done."))
                continue
            if due is None:
                if f"action_{index}_due" not in self.errors:
                    self.add_error(f"action_{index}_due", _("Give the action a due date."))
                continue
            if due < self.today:
                self.add_error(f"action_{index}_due", _("The due date cannot be in the past."))
                continue
            actions.append((data.get(f"action_{index}_item") or "", text, due))
        data["actions"] = actions
        data["answers"] = {
            item.key: (data[f"answer_{item.key}"], data.get(f"note_{item.key}") or "")
            for group in self.groups
            for item in group.items
            if data.get(f"answer_{item.key}")
        }
        return data


class SecondReviewForm(forms.Form):
    reviewer = forms.TypedChoiceField(
        label=_("Second reviewer"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose another team leader in the municipality.")},
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewers = {user.pk: user for user in reviewers}
        self.fields["reviewer"].choices = [
            (user.pk, user.get_full_name() or user.username) for user in reviewers
        ]
