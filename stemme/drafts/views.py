"""The autosave of long forms: the browser posts the form's fields here while the user types
(static/stemme/js/keep-work.js); without JavaScript the same post is a plain form post."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.accounts.middleware import session_touched
from stemme.drafts import services, web
from stemme.meetings import selectors as meetings

# The pages whose long forms keep a draft, what in their address names the child's case, and
# the purpose their own view logs (the autosave logs the same).
PAGES = {
    "cases:step": ("case_id", "case_step"),
    "continuity:handover": ("case_id", "handover"),
    "continuity:story": ("child_id", "child_story"),
    "meetings:detail": ("meeting_id", "meeting_after"),
}


def _page_object(user, page_path: str) -> str:
    """What the page is about ("case:<id>"), if the user may see it (logged), else Http404."""
    try:
        match = resolve(page_path)
    except Resolver404 as exc:
        raise Http404 from exc
    if match.view_name not in PAGES:
        raise Http404
    name, purpose = PAGES[match.view_name]
    value = match.kwargs[name]
    if name == "case_id":
        return f"case:{access.access_case_by_id(user, value, purpose=purpose).pk}"
    if name == "child_id":
        return f"child:{access.access_child_by_id(user, value, purpose=purpose).pk}"
    return f"meeting:{meetings.access_meeting_by_id(user, value, purpose=purpose).pk}"


@require_POST
@staff_with_child_access
def autosave(request):
    """Keep the form's fields as the user's draft (only for a page they may see)."""
    page = web.page_path(request.POST.get(web.PAGE_FIELD, ""))
    key = request.POST.get(web.FORM_FIELD, "")
    if not page or not web.page_path(key.split("#", 1)[0]) or len(key) > 600:
        raise Http404
    object_ref = _page_object(request.user, page)
    fields = web.posted_fields(request.POST)
    if web.too_long(fields):
        return HttpResponseBadRequest(content_type="text/plain")
    services.draft_save(
        author=request.user, page_path=page, form_key=key, fields=fields, object_ref=object_ref
    )
    session_touched(request)  # typing is using Stemme
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(status=204)
    messages.success(request, _("Your draft is kept."))
    return redirect(page)


@require_POST
@login_required
def discard(request):
    """ "Delete the draft": the user's drafts on the page are thrown away; the page shows what
    is saved."""
    page = web.page_path(request.POST.get(web.PAGE_FIELD, ""))
    if not page:
        raise Http404
    services.drafts_discard_page(author=request.user, page_path=page)
    messages.success(request, _("The draft is deleted."))
    return redirect(page)
