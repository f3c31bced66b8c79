"""The plain widgets written in Python (core.forms.FormRenderer) against Django's own
templates: the same bytes for every kind of select box, input and text area Stemme's forms use,
and for arbitrary choices and values."""

import datetime as dt

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.base import Origin
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from stemme.core.forms import FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()


def both(widget: forms.Widget, name: str, value, attrs=None) -> tuple[str, str]:
    return (
        widget.render(name, value, attrs=attrs, renderer=DJANGO),
        widget.render(name, value, attrs=attrs, renderer=OURS),
    )


def test_the_settings_use_it():
    form = forms.Form()
    assert isinstance(form.renderer, FormRenderer)


def test_a_filter_select_with_a_chosen_value():
    widget = forms.Select(choices=[("", "Alle"), ("a", "Ansvarlig"), ("b", "Sekundær")])
    django_html, ours = both(widget, "role", "a", {"id": "id_role", "aria-describedby": "x"})
    assert ours == django_html
    assert '<option value="a" selected>Ansvarlig</option>' in ours


def test_groups_multiple_and_attributes_true_and_false():
    widget = forms.SelectMultiple(
        choices=[
            ("Frister", [(1, "24 timer"), (2, "4 måneder")]),
            ("Andet", [(3, gettext_lazy("Other"))]),
            (4, "Uden gruppe"),
        ],
        attrs={"required": True, "disabled": False, "data-n": 7},
    )
    django_html, ours = both(widget, "rules", [1, 3], {"id": "id_rules"})
    assert ours == django_html
    assert "<optgroup" in ours
    assert "disabled" not in ours
    assert "required" in ours


def test_escaping_safe_values_and_dates():
    widget = forms.Select(
        choices=[
            ('"><script>', "<b>fed</b> & 'citat'"),
            (mark_safe("a&amp;b"), mark_safe("<i>sikker</i>")),
            (dt.date(2026, 12, 7), dt.date(2026, 12, 7)),
            (None, 1234.5),
            (True, False),
        ]
    )
    django_html, ours = both(widget, 'navn"<', '"><script>', {"title": "<x>"})
    assert ours == django_html
    assert "<script>" not in ours.replace("&lt;script&gt;", "")


def test_a_model_choice_field_and_a_null_boolean():
    boolean = forms.NullBooleanSelect()
    assert both(boolean, "ja", True)[0] == both(boolean, "ja", True)[1]
    assert both(boolean, "ja", None)[0] == both(boolean, "ja", None)[1]


def test_an_option_template_of_its_own_goes_through_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/attrs.html"

    widget = Custom(choices=[("a", "A")])
    assert both(widget, "x", "a")[0] == both(widget, "x", "a")[1]


INPUTS = [
    forms.TextInput,
    forms.EmailInput,
    forms.NumberInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.FileInput,
    forms.CheckboxInput,
    forms.Textarea,
]


def test_inputs_and_text_areas_with_and_without_values():
    for widget_class in INPUTS:
        for value in (None, "", 'Ærø <&> "citat"', 0, 12.5, True, False, dt.date(2026, 1, 2)):
            widget = widget_class(attrs={"class": "wide", "required": True, "autofocus": False})
            django_html, ours = both(widget, "felt", value, {"id": "id_felt"})
            assert ours == django_html, (widget_class, value)


def test_a_password_input_never_writes_its_value():
    django_html, ours = both(forms.PasswordInput(), "kode", "hemmelig")
    assert ours == django_html
    assert "hemmelig" not in ours


def test_a_widget_template_an_app_overrides_is_used():
    class Overridden:
        origin = Origin("/srv/anden-app/templates/django/forms/widgets/text.html")

        def render(self, context, request=None):
            return f"<eget felt {context['widget']['name']}>"

    renderer = FormRenderer()
    renderer.get_template = lambda _name: Overridden()
    assert forms.TextInput().render("navn", "x", renderer=renderer) == "<eget felt navn>"


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
choice_value = st.one_of(text, st.integers(), st.none(), st.booleans())


@settings(max_examples=150, deadline=None)
@given(
    choices=st.lists(
        st.one_of(
            st.tuples(choice_value, text),
            st.tuples(text.filter(bool), st.lists(st.tuples(choice_value, text), max_size=3)),
        ),
        max_size=6,
    ),
    name=text,
    value=st.one_of(choice_value, st.lists(choice_value, max_size=3)),
    attrs=st.dictionaries(
        st.text(alphabet="abcdefgh-", min_size=1, max_size=6),
        st.one_of(text, st.booleans(), st.integers()),
        max_size=3,
    ),
    multiple=st.booleans(),
)
def test_the_same_bytes_as_django_for_any_choices(choices, name, value, attrs, multiple):
    widget = (forms.SelectMultiple if multiple else forms.Select)(choices=choices)
    if not multiple and isinstance(value, list):
        value = value[0] if value else None
    django_html, ours = both(widget, name, value, attrs)
    assert ours == django_html


@settings(max_examples=150, deadline=None)
@given(
    widget_class=st.sampled_from(INPUTS),
    name=text,
    value=st.one_of(text, st.integers(), st.none(), st.booleans(), st.floats(allow_nan=False)),
    attrs=st.dictionaries(
        st.text(alphabet="abcdefgh-", min_size=1, max_size=6),
        st.one_of(text, st.booleans(), st.integers()),
        max_size=3,
    ),
)
def test_the_same_bytes_as_django_for_any_input(widget_class, name, value, attrs):
    django_html, ours = both(widget_class(), name, value, attrs)
    assert ours == django_html
