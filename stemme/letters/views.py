"""Staff pages about letters: everything sent about a child, and what the safety restriction
stopped. Every page gets the child from ``stemme.access`` (404 when not visible; logged)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.letters import selectors
from stemme.letters.models import Letter


@require_GET
@staff_with_child_access
def letter_list(request, child_id):
    child = access.access_child_by_id(request.user, child_id, purpose="letters")
    paginator = Paginator(selectors.letters_for_child(child=child), settings.STEMME_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("side"))
    return render(
        request,
        "letters/letter_list.html",
        {"child": child, "page": page, "counts": selectors.letter_counts(child=child)},
    )


@require_GET
@staff_with_child_access
def letter_detail(request, child_id, letter_id):
    child = access.access_child_by_id(request.user, child_id, purpose="letters")
    letter = selectors.letters_for_child(child=child).filter(pk=letter_id).first()
    if letter is None:
        raise access.nested_refused(
            under=child,
            kind="letter",
            nested_id=letter_id,
            purpose="letters",
            own=Letter.objects.filter(child=child),
        )
    return render(request, "letters/letter_detail.html", {"child": child, "letter": letter})
