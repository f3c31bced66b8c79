"""The view decorator that every page showing child data uses; and the pages for deputies
(stedfortrædere) and emergency access (nødadgang)."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemme.access import selectors, services
from stemme.access.forms import DeputyForm, EmergencyAccessForm, ReviewForm
from stemme.access.selectors import AccessRefused, can_see_child_data
from stemme.accounts.models import Role
from stemme.audit import services as audit
from stemme.core.forms import apply_errors

#: Methods that only read: run without a transaction (see ``staff_with_child_access``).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _log_refused_role(request, view, kwargs) -> None:
    """A user whose role sees no child data (an administrator) asked for a child-data page: one
    ``denied`` row (issue 13), with the id asked for — ``child:<id>``, ``meeting:<id>`` … — or
    the path of a page without one. Nothing was read, so nothing to roll back: written at once."""
    user = request.user
    if user.municipality_id is None:
        return  # the log is per municipality; a user outside one has no log to be in
    ids = [f"{name.removesuffix('_id')}:{value}" for name, value in kwargs.items()]
    audit.access_log_denied(
        user=user,
        requested="/".join(ids) or request.path,
        purpose=view.__name__,
    )


def staff_with_child_access(view):
    """Login required; the role must be one that sees child data; writes are atomic.

    A POST (or any other unsafe method) runs in one transaction, so what the request writes —
    the change, its events and its access-log rows — stands or falls together.

    A GET only reads, and runs without a transaction: on SQLite every transaction begins
    ``IMMEDIATE`` and would hold the database's single write lock for the whole request, so
    concurrent readers would queue behind each other and behind any slow writer (issue 13). The
    access-log rows the view logs are kept until it has returned and then written in one short
    transaction of their own (``audit.access_log_deferred``), before the page is returned: no
    page is shown without its log rows, and a view that logs and then refuses or fails leaves
    none.

    A role that sees no child data gets 403 and a ``denied`` row (``_log_refused_role``). A
    refused id (``AccessRefused``: the 404 of ``access_child_by_id``/``access_case_by_id``, of a
    meeting id, and of another child's nested id, ``selectors.nested_refused``) is logged
    *after* the atomic block: written inside it, the row would be rolled back with
    everything else the request did.
    """

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_see_child_data(request.user):
            _log_refused_role(request, view, kwargs)
            raise PermissionDenied
        try:
            if request.method in SAFE_METHODS:
                with audit.access_log_deferred():
                    return view(request, *args, **kwargs)
            with transaction.atomic():
                return view(request, *args, **kwargs)
        except AccessRefused as refused:
            audit.access_log_denied(
                user=request.user, requested=refused.requested, purpose=refused.purpose
            )
            raise

    return wrapper


# --- Pages: deputies (team leaders), emergency access (caseworkers and leaders) and its review ---


def _require_leader(user) -> None:
    if user.role != Role.TEAM_LEADER:
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def deputies(request):
    """The leader appoints deputies for caseworkers on their teams and sees who covers whom."""
    _require_leader(request.user)
    form = DeputyForm(request.POST or None, leader=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.deputy_appoint(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(deputy)s is deputy for %(covered)s from %(start)s to %(end)s.")
                % {
                    "deputy": grant.deputy.get_full_name(),
                    "covered": grant.covered.get_full_name(),
                    "start": date_format(grant.starts_on, "DATE_FORMAT"),
                    "end": date_format(grant.ends_on, "DATE_FORMAT"),
                },
            )
            return redirect("access:deputies")
    return render(
        request,
        "access/deputies.html",
        {
            "form": form,
            "deputies": selectors.deputies_for_leader(request.user),
            "today": timezone.localdate(),
        },
    )


@require_POST
@staff_with_child_access
def deputy_end(request, deputy_id):
    """End a deputy period now (or cancel one that has not started)."""
    _require_leader(request.user)
    grant = selectors.deputy_for_leader(request.user, deputy_id)
    if grant is None:
        raise Http404
    try:
        services.deputy_end(actor=request.user, grant=grant)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("%(deputy)s is no longer deputy for %(covered)s.")
            % {"deputy": grant.deputy.get_full_name(), "covered": grant.covered.get_full_name()},
        )
    return redirect("access:deputies")


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def emergency_request(request):
    """Break the glass: open a child outside one's own cases, with a reason (POST only, so the
    CPR number never appears in a URL)."""
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child, granted = services.emergency_access_grant(
                actor=request.user,
                cpr=form.cleaned_data["cpr"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if granted is None:
                messages.info(request, _("You already have access to this child."))
            return redirect("children:detail", child_id=child.pk)
    return render(
        request,
        "access/emergency_request.html",
        {"form": form, "hours": services.EMERGENCY_HOURS},
    )


@require_GET
@staff_with_child_access
def emergency_review(request):
    """The team leader's list of emergency access by their teams or to their teams' children."""
    _require_leader(request.user)
    uses = selectors.emergency_accesses_for_review(request.user)
    shown = {use.child_id: use.child for rows in uses.values() for use in rows}
    # The children's names are shown to the leader for the review: logged like any showing.
    audit.access_log_children(
        user=request.user, children=shown.values(), purpose="emergency_review"
    )
    return render(
        request,
        "access/emergency_review.html",
        {"uses": uses, "now": timezone.now()},
    )


@require_POST
@staff_with_child_access
def emergency_reviewed(request, access_id):
    """Mark one use as reviewed, with an optional note."""
    _require_leader(request.user)
    use = selectors.emergency_access_for_review(request.user, access_id)
    if use is None:
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.emergency_access_review(
                actor=request.user, access=use, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Marked as reviewed."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("access:emergency_review")
