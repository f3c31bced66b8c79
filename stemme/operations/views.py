"""The health endpoints (public, for load balancers and monitoring) and the administrator's
dead-letter list."""

import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from stemme.accounts.models import Role
from stemme.operations import health, selectors, services
from stemme.operations.models import DeadLetter
from stemme.operations.tasks import task_label

HEALTH_TOKEN_HEADER = "HTTP_X_HEALTH_TOKEN"  # noqa: S105 - a header's name, not a secret


@require_GET
@never_cache
def live(request):
    """The process answers. Touches nothing else, the database included."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def ready(request):
    """200 when every readiness check passes, else 503; the checks one by one only for a
    request carrying the health token (``X-Health-Token``)."""
    checks = health.readiness()
    ok = all(check.ok for check in checks)
    body = {"status": "ok" if ok else "error"}
    if _token_matches(request):
        body["checks"] = {check.name: {"ok": check.ok, "detail": check.detail} for check in checks}
    return JsonResponse(body, status=200 if ok else 503)


def _token_matches(request) -> bool:
    expected = settings.STEMME_HEALTH_TOKEN
    given = request.META.get(HEALTH_TOKEN_HEADER, "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _administrator(request) -> None:
    if request.user.role != Role.ADMINISTRATOR or request.user.municipality_id is None:
        raise PermissionDenied


@require_GET
@login_required
def dead_letters(request):
    """Background tasks that failed on every attempt: the task, when, how often, the error's
    kind. No arguments are shown (ids of other municipalities' records)."""
    _administrator(request)
    page = Paginator(selectors.dead_letters_open(), settings.STEMME_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "operations/dead_letters.html",
        {
            "page": page,
            "rows": [(letter, task_label(letter.task_path)) for letter in page.object_list],
            "handled": [
                (letter, task_label(letter.task_path))
                for letter in selectors.dead_letters_handled()
            ],
        },
    )


@require_POST
@login_required
def dead_letter_retry(request, letter_id):
    _administrator(request)
    try:
        done = services.dead_letter_retry(actor=request.user, letter_id=letter_id)
    except DeadLetter.DoesNotExist as missing:
        raise Http404 from missing
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if done:
            messages.success(request, _("The task is queued again."))
        else:
            messages.info(request, _("The task was already handled."))
    return redirect("operations:dead_letters")


@require_POST
@login_required
def dead_letter_remove(request, letter_id):
    _administrator(request)
    try:
        done = services.dead_letter_remove(actor=request.user, letter_id=letter_id)
    except DeadLetter.DoesNotExist as missing:
        raise Http404 from missing
    if done:
        messages.success(request, _("The task is removed from the list."))
    else:
        messages.info(request, _("The task was already handled."))
    return redirect("operations:dead_letters")
