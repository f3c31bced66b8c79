from django import forms
from django.utils.translation import gettext_lazy as _


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("json", _("JSON (every field, for systems)")), ("pdf", _("PDF (readable)"))],
        error_messages={
            "required": _("Choose JSON or PDF."),
            "invalid_choice": _("Choose JSON or PDF."),
        },
    )
