"""Create forms are idempotent: a one-time token per shown form (issue 13).

A double click, a browser retry or a request replayed on a slow line sent the same create form
twice and made two statements, two meetings, two network members. Each create form carries a
fresh random token (``{% submission_token %}``, stemme/core/templatetags/stemme.py) and its view
is wrapped in ``once_per_token``: the token is inserted as a ``SubmissionToken`` row in the same
transaction as the view's write, before the view runs.

- The unique token serialises concurrent duplicates: on PostgreSQL the second INSERT waits for
  the first transaction and then fails; on SQLite every write transaction begins IMMEDIATE, so
  the second request only starts after the first has committed and finds its row.
- A duplicate gets the redirect the first submission got (its ``Location`` is kept in the row),
  or — if the first redirected nowhere — a Danish "already sent" page (409). Never a second
  record, never a 500.
- A submission that fails (an exception: rolled back) or re-shows the form with errors (the
  row is deleted again) leaves no row, so the re-shown form still works.
- A POST without a token (a page opened before this existed, a test, a script) runs as before.

Rows older than a day are purged by the next submission, a bounded batch at a time.
"""

import datetime as dt
import functools
import re
import secrets

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.core.models import SubmissionToken

#: The hidden input's name.
FIELD = "submission_token"
#: How long a token is remembered: far longer than any retry, short enough to stay a small table.
KEEP = dt.timedelta(days=1)
#: At most this many old rows are deleted by one submission.
PURGE_BATCH = 200
#: What ``new_token`` makes (43 URL-safe characters); anything else is ignored as no token.
_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{32,64}")
ALREADY_SENT_STATUS = 409


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _owner(request) -> str:
    account = getattr(request, "portal_account", None)
    if account is not None:
        return f"portal:{account.pk}"
    return f"user:{request.user.pk}"


def _purge() -> None:
    # SKIP LOCKED (PostgreSQL; SQLite has one writer anyway): concurrent submissions never wait
    # for, or deadlock on, each other's purge.
    cutoff = timezone.now() - KEEP
    stale = list(
        SubmissionToken.objects.select_for_update(skip_locked=True)
        .filter(created_at__lt=cutoff)
        .values_list("pk", flat=True)[:PURGE_BATCH]
    )
    if stale:
        SubmissionToken.objects.filter(pk__in=stale).delete()


def _claim(token: str, owner: str) -> SubmissionToken | None:
    """Insert the token; or return the earlier submission's row if it was already sent."""
    earlier = SubmissionToken.objects.filter(token=token).first()
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token, owner=owner)
    except IntegrityError:
        # A concurrent submission with this token committed first (PostgreSQL waited for it).
        return SubmissionToken.objects.filter(token=token).first() or SubmissionToken(
            token=token, owner=""
        )
    _purge()
    return None


def _repeat(request, earlier: SubmissionToken, owner: str):
    """The answer to a form sent again: the first submission's result, or a clear message."""
    if earlier.owner == owner and earlier.result_url:
        if getattr(request, "portal_account", None) is None:
            messages.info(request, _("The form had already been sent. This is what was saved."))
        return HttpResponseRedirect(earlier.result_url)
    portal = getattr(request, "portal_account", None) is not None
    return render(
        request,
        "core/already_sent.html",
        {
            "base_template": "portal/base.html" if portal else "base.html",
            "account": getattr(request, "portal_account", None),
        },
        status=ALREADY_SENT_STATUS,
    )


def _is_redirect(response) -> bool:
    return 300 <= response.status_code < 400 and response.has_header("Location")


def once_per_token(view):
    """Run a create view at most once per submission token (see the module's docstring).

    Put it below the login decorator (``staff_with_child_access``, ``portal_login_required``):
    it needs the user, and inside the request's transaction its block is a savepoint of it.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not _WELL_FORMED.fullmatch(token):
            return view(request, *args, **kwargs)
        owner = _owner(request)
        with transaction.atomic():
            earlier = _claim(token, owner)
            if earlier is not None:
                return _repeat(request, earlier, owner)
            response = view(request, *args, **kwargs)
            claimed = SubmissionToken.objects.filter(token=token)
            if _is_redirect(response):
                claimed.update(result_url=response["Location"][:2000])
            else:
                # Not done (the form is shown again with its errors): the token stays usable.
                claimed.delete()
            return response

    return wrapper
