"""Form helpers shared by every app's views."""

import functools
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

# The dates a form accepts. Beyond them the deadline arithmetic and the conversion to UTC
# overflow (year 1 and 9999 are valid Python dates), so every form date or time outside is
# refused as a field error; CoreConfig.ready makes this a default validator of Django's
# DateField and DateTimeField, so no form can forget it.
FIRST_YEAR, LAST_YEAR = 1900, 2199


class DateInput(forms.DateInput):
    """A date picker; the value in ISO form, the only one the browser's picker reads."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def plausible_date(value) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(first)d and %(last)d."),
            code="implausible_date",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class FormRenderer(DjangoTemplates):
    """Django's form renderer, with the plain widgets — select boxes, inputs, text areas —
    written in Python: through Django's templates every option of a select box is an include of
    two templates (~0.3 ms each), so a filter form cost a list page ~15 ms (docs/performance.md).
    The HTML is byte for byte what Django's templates write (tested against them); a widget with
    a template of its own, or one an app overrides, goes through the templates."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        write = _WRITERS.get(template_name)
        html = write(widget) if write and widget and self._is_djangos_own(template_name) else None
        if html is not None:
            return html
        return super().render(template_name, context, request=request)

    @functools.cache  # noqa: B019 one renderer per process; a handful of template names
    def _is_djangos_own(self, template_name) -> bool:
        origin = Path(self.get_template(template_name).origin.name)
        return origin.is_relative_to(Path(forms.__file__).parent / "templates")


_OPTION = "django/forms/widgets/select_option.html"


def _plain_options(widget) -> bool:
    return all(
        option["template_name"] == _OPTION
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


def _text(value) -> str:
    """``{{ value }}`` in a template: localized, then escaped unless already safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _as_string(value) -> str:
    """``{{ value|stringformat:'s' }}`` in a template (the filter keeps a safe value safe)."""
    return _text(value if isinstance(value, SafeData) else str(value))


def _attrs_html(attrs) -> str:
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select_html(widget) -> str | None:
    if not _plain_options(widget):
        return None
    parts = [f'<select name="{_text(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(
            f'\n  <option value="{_as_string(option["value"])}"{_attrs_html(option["attrs"])}>'
            f"{_text(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 every value above is escaped


def _input_html(widget) -> str:
    value = "" if widget["value"] is None else f' value="{_as_string(widget["value"])}"'
    return mark_safe(  # noqa: S308 every value is escaped
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs_html(widget['attrs'])}>"
    )


def _textarea_html(widget) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    attrs = _attrs_html(widget["attrs"])
    return mark_safe(  # noqa: S308 every value is escaped
        f'<textarea name="{_text(widget["name"])}"{attrs}>\n{value}</textarea>'
    )


_INPUT_TYPES = (
    "checkbox color date datetime email file hidden number password search tel text time url"
)
_WRITERS = {
    "django/forms/widgets/select.html": _select_html,
    "django/forms/widgets/textarea.html": _textarea_html,
    **{f"django/forms/widgets/{name}.html": _input_html for name in _INPUT_TYPES.split()},
}


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


class VersionedForm(forms.Form):
    """A form that edits a versioned record (core/conflicts.py): it sends back, hidden, the
    ``version`` the editor started from. Every edit form inherits it, so the field has one
    name everywhere; a ModelForm puts it first: ``class F(VersionedForm, forms.ModelForm)``."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# Django's label for "nothing chosen" in a choice field. It never reaches a page (tidy_choices).
BLANK_LABEL = "---------"


def tidy_choices(form) -> None:
    """Choices as a caseworker expects them, for a form about to be shown.

    - A required choice shown as radio buttons has no "---------" button: one is chosen by
      the user (a pre-selected "---------" would be a choice the form refuses).
    - A drop-down's "---------" reads "Vælg …" when a choice is required and "Ikke angivet"
      when not.
    - A required choice with only one possible answer is chosen for the user.

    Call it after the form has its querysets and choices (the view's last word on the form).
    """
    for name, field in form.fields.items():
        if not isinstance(field, forms.ChoiceField) or isinstance(
            field, forms.ModelMultipleChoiceField
        ):
            continue
        radio = isinstance(field.widget, forms.RadioSelect)
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                if radio and field.required:
                    field.empty_label = None
                else:
                    field.empty_label = _choose_label(field)
            only = list(field.queryset[:2]) if field.required else []
            if len(only) == 1:
                field.empty_label = None
                _choose_for_the_user(form, name, only[0].pk)
            continue
        choices = [
            (value, _choose_label(field) if label == BLANK_LABEL else label)
            for value, label in field.choices
            if not (label == BLANK_LABEL and radio and field.required)
        ]
        if choices != list(field.choices):
            field.choices = choices
        real = [value for value, _label in choices if value not in ("", None)]
        if field.required and len(real) == 1 and len(choices) == 1:
            _choose_for_the_user(form, name, real[0])


def _choose_label(field) -> str:
    return _("Choose …") if field.required else _("Not stated")


def _choose_for_the_user(form, name, value) -> None:
    if not form.is_bound and form.initial.get(name) in (None, ""):
        form.initial[name] = value
