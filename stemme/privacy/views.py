"""Staff pages for the right of access (aktindsigt): a page that explains the export and asks for
review, and the export itself as JSON or PDF. Both get the child from ``stemme.access`` (404 when
not visible, 403 for administrators); the export is logged as an EXPORT, so it shows in the
child's own "who has looked" as "took a copy of your case"."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.audit.models import AccessAction
from stemme.privacy import selectors
from stemme.privacy.forms import ExportForm
from stemme.privacy.pdf import right_of_access_pdf

PURPOSE = "right_of_access"


def _page(request, child, form, status=200):
    return render(
        request,
        "privacy/right_of_access.html",
        {"child": child, "form": form, "restricted": selectors.restricted_names_for(child=child)},
        status=status,
    )


@require_GET
@staff_with_child_access
def right_of_access(request, child_id):
    child = access.access_child_by_id(request.user, child_id, purpose=PURPOSE)
    return _page(request, child, ExportForm())


@require_POST
@staff_with_child_access
def export(request, child_id):
    form = ExportForm(request.POST)
    if not form.is_valid():
        child = access.access_child_by_id(request.user, child_id, purpose=PURPOSE)
        return _page(request, child, form, status=400)
    child = access.access_child_by_id(
        request.user, child_id, purpose=PURPOSE, action=AccessAction.EXPORT
    )
    collected = selectors.right_of_access_collect(child=child)
    # The file name holds the opaque id only: downloads lists and disks see no name or CPR.
    stem = f"aktindsigt-{child.pk}-{timezone.localdate():%Y-%m-%d}"
    if form.cleaned_data["format"] == "pdf":
        made_by = request.user.get_full_name() or request.user.username
        content = right_of_access_pdf(collected, made_by=made_by)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
        return response
    text = json.dumps(collected.as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
    return response
