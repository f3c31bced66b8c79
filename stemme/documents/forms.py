from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.documents.models import DocumentKind, Visibility


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG, docx, xlsx, odt or ods. Pictures are saved without metadata."),
        allow_empty_file=True,  # the service says in Danish that the file is empty
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt,.ods"}
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    document_date = forms.DateField(
        label=_("Date of the document"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sender = forms.CharField(
        label=_("From"),
        required=False,
        max_length=200,
        help_text=_("Who sent or wrote it, e.g. the school."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Visibility.choices,
        initial=Visibility.CASE_TEAM,
        widget=forms.RadioSelect,
        help_text=_(
            "A document for the child or the parents can be downloaded by them in Min sag "
            "(Min sag is the child's and the parents' own login)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_date"].initial = timezone.localdate()


class FilterForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        required=False,
        choices=[("", _("Everyone"))] + list(Visibility.choices),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types"))] + list(DocumentKind.choices)
    )
    orden = forms.ChoiceField(
        label=_("Sort by date"),
        required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "visibility": data["visibility"],
            "kind": data["kind"],
            "order": data["orden"] or "newest",
        }
