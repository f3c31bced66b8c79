"""Portal pages: my caseworkers, my rights, who has looked at my case, my letters.

Everything is read for ``request.portal_account.child`` only; a parent gets a limited view of
caseworkers, rights and their own letters, and never "who has looked" (it is the child's)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.views.decorators.http import require_GET

from stemme.access.selectors import AccessRefused
from stemme.portal.selectors import caseworkers as caseworker_selectors
from stemme.portal.selectors import letters as letter_selectors
from stemme.portal.selectors import looked as looked_selectors
from stemme.portal.selectors import rights as rights_selectors
from stemme.portal.session import portal_login_required
from stemme.portal.views.common import portal_render

LOOKED_PER_PAGE = 30
LETTERS_PER_PAGE = 20


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
