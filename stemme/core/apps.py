from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "stemme.core"
    label = "core"

    def ready(self):
        # Models and the registries they fill load only once Django's app registry is ready.
        from django import forms

        from stemme.core.forms import plausible_date

        # Every form's dates and times within years that the deadline arithmetic and the
        # databases handle (stemme.core.forms.FIRST_YEAR … LAST_YEAR).
        for field in (forms.DateField, forms.DateTimeField):
            if plausible_date not in field.default_validators:
                field.default_validators = [*field.default_validators, plausible_date]
