"""Form helpers shared by every app's views."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The dates a form accepts. Beyond them the deadline arithmetic and the conversion to UTC
# overflow (year 1 and 9999 are valid Python dates), so every form date or time outside is
# refused as a field error; CoreConfig.ready makes this a default validator of Django's
# DateField and DateTimeField, so no form can forget it.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def plausible_date(value) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(first)d and %(last)d."),
            code="implausible_date",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, without its crash on an id beyond 64 bits: Django checks each id with an
    exact lookup (safe from overflow) but then fetches them with ``__in``, which raised
    OverflowError on SQLite and an error on PostgreSQL. Such an id is not one of the choices."""

    def _check_values(self, value):
        for pk in value:
            try:
                too_big = abs(int(str(pk))) >= 2**63
            except ValueError:
                continue  # not a number: Django refuses it as an invalid choice
            if too_big:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
