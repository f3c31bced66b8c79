"""Portal pages: my caseworkers, my rights, who has looked at my case, my letters, my documents.

Everything is read for ``request.portal_account.child`` only; a parent gets a limited view of
caseworkers, rights and their own letters, and never "who has looked" (it is the child's)."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from stemme.access.selectors import AccessRefused
from stemme.audit.services import access_log_portal
from stemme.documents import services as document_services
from stemme.documents.attachment import attachment_response
from stemme.portal.selectors import caseworkers as caseworker_selectors
from stemme.portal.selectors import documents as document_selectors
from stemme.portal.selectors import letters as letter_selectors
from stemme.portal.selectors import looked as looked_selectors
from stemme.portal.selectors import rights as rights_selectors
from stemme.portal.session import portal_login_required
from stemme.portal.views.common import portal_render

LOOKED_PER_PAGE = 30
LETTERS_PER_PAGE = 20
DOCUMENTS_PER_PAGE = 20


@require_GET
@portal_login_required
def caseworkers(request):
    page = caseworker_selectors.caseworkers_page(child=request.portal_account.child)
    return portal_render(request, "portal/caseworkers.html", {"page": page})


@require_GET
@portal_login_required
def rights(request):
    account = request.portal_account
    page = rights_selectors.rights_page(child=account.child, with_bisiddere=not account.is_parent)
    return portal_render(
        request,
        "portal/rights.html",
        {"page": page, "complaint_weeks": rights_selectors.COMPLAINT_WEEKS},
    )


@require_GET
@portal_login_required
def looked(request):
    account = request.portal_account
    if account.is_parent:
        raise Http404  # the access log is the child's own insight
    insight = looked_selectors.access_insight(
        child=account.child, since=looked_selectors.looked_since()
    )
    lines = Paginator(insight, LOOKED_PER_PAGE).get_page(request.GET.get("side"))
    return portal_render(request, "portal/looked.html", {"lines": lines})


@require_GET
@portal_login_required
def letters(request):
    rows = letter_selectors.letter_list(account=request.portal_account)
    page = Paginator(rows, LETTERS_PER_PAGE).get_page(request.GET.get("side"))
    return portal_render(request, "portal/letters.html", {"letters": page})


@require_GET
@portal_login_required
def letter(request, letter_id):
    found = letter_selectors.letter_for_account(account=request.portal_account, letter_id=letter_id)
    if found is None:  # a letter to someone else, or a guessed id: logged as refused
        raise AccessRefused(requested=f"letter:{letter_id}", purpose="letters")
    return portal_render(request, "portal/letter_detail.html", {"letter": found})


@require_GET
@portal_login_required
def documents(request):
    rows = document_selectors.documents_for_account(account=request.portal_account)
    page = Paginator(rows, DOCUMENTS_PER_PAGE).get_page(request.GET.get("side"))
    return portal_render(request, "portal/documents.html", {"documents": page})


@require_GET
@portal_login_required
def document(request, document_id):
    """A document the caseworker chose to show the holder, as an attachment (the same headers
    as the staff download); the access log gets the account's read before the bytes leave."""
    account = request.portal_account
    found = document_selectors.document_for_account(account=account, document_id=document_id)
    if found is None:  # the case team's own, another child's, or a guessed id: logged as refused
        raise AccessRefused(requested=f"document:{document_id}", purpose="portal_document")
    try:
        handle = document_services.document_download(actor=None, document=found)
    except ValidationError:  # its scan state changed since the list was shown
        return redirect("portal:documents")
    with handle:
        content = handle.read()
    access_log_portal(account=account, purpose="portal_document")
    return attachment_response(document=found, content=content)
