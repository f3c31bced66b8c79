"""Staff pages of a case's documents: the list (filters, sorting, pages), the upload form and
the download. Every page gets the case from ``stemme.access`` (404 when not visible; logged)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.core.forms import apply_errors, tidy_choices
from stemme.core.idempotency import once_per_token
from stemme.documents import selectors, services
from stemme.documents.attachment import attachment_response
from stemme.documents.forms import FilterForm, UploadForm
from stemme.documents.models import Document

LIST_PURPOSE = "case_overview"
UPLOAD_PURPOSE = "case_step"
DOWNLOAD_PURPOSE = "document_download"


def _list_url(case) -> str:
    return reverse("documents:list", kwargs={"case_id": case.pk})


@require_GET
@staff_with_child_access
def document_list(request, case_id):
    """The case's documents: filters by who may see them and by type, sorted by date, pages."""
    case = access.access_case_by_id(request.user, case_id, purpose=LIST_PURPOSE)
    filter_form = FilterForm(request.GET or None)
    filters = filter_form.filters() if request.GET else {}
    paginator = Paginator(
        selectors.documents_for_case(case=case, **filters), settings.STEMME_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("side"))
    query = QueryDict(mutable=True)
    query.update({key: value for key, value in request.GET.items() if key in filter_form.fields})
    tidy_choices(filter_form)
    return render(
        request,
        "documents/document_list.html",
        {
            "case": case,
            "child": case.child,
            "filter_form": filter_form,
            "filtered": bool(filters.get("visibility") or filters.get("kind")),
            "page": page,
            "query": query.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def document_upload(request, case_id):
    case = access.access_case_by_id(request.user, case_id, purpose=UPLOAD_PURPOSE)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_upload(
                actor=request.user,
                case=case,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                document_date=form.cleaned_data["document_date"],
                sender=form.cleaned_data["sender"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The document “%(title)s” is saved.") % {"title": document.title}
            )
            return redirect(_list_url(case))
    tidy_choices(form)
    return render(
        request, "documents/document_form.html", {"case": case, "child": case.child, "form": form}
    )


@require_GET
@staff_with_child_access
def document_download(request, case_id, document_id):
    """The file as an attachment, with the content type found by the upload check; logged (the
    access log, purpose ``document_download``)."""
    case = access.access_case_by_id(request.user, case_id, purpose=DOWNLOAD_PURPOSE)
    document = selectors.document_of_case(case=case, document_id=document_id)
    if document is None:
        raise access.nested_refused(
            under=case,
            kind="document",
            nested_id=document_id,
            purpose=DOWNLOAD_PURPOSE,
            own=Document.objects.filter(case=case),
        )
    try:
        handle = services.document_download(actor=request.user, document=document)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_list_url(case))
    with handle:
        content = handle.read()  # at most STEMME_DOCUMENT_MAX_BYTES
    return attachment_response(document=document, content=content)
