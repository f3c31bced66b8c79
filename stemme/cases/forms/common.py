"""What the case's step forms share: the date inputs, how a case's records read as choices,
and ``StepForm``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.core.forms import DateInput  # noqa: F401 - the step forms take it from here


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _today():
    return timezone.localdate()


# How a case's records read as choices: plain Danish with the short date, never a model repr.
def intake_label(intake) -> str:
    return _("%(kind)s, received %(date)s") % {
        "kind": intake.get_kind_display(),
        "date": f"{timezone.localtime(intake.received_at):%d.%m.%Y}",
    }


def decision_label(decision) -> str:
    return f"{decision.get_paragraph_display()}, {decision.decided_on:%d.%m.%Y}"


def measure_label(measure) -> str:
    return _("%(description)s, started %(date)s") % {
        "description": measure.description,
        "date": f"{measure.started_on:%d.%m.%Y}",
    }


class StepForm(forms.ModelForm):
    """Dates default to today; text areas are a comfortable size."""

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if (
                isinstance(field, forms.DateField)
                and not self.is_bound
                and name in self.today_fields
            ):
                self.initial.setdefault(name, _today())
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)

    today_fields: tuple[str, ...] = ()
