"""Staff pages for the child's registers: participation profile, network and bisiddere, safety.

Every page gets the child from ``stemme.access`` (404 when not visible; access logged). Writes
go form → service; a service's ValidationError is shown on the form and nothing is saved.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.core.conflicts import edit_save
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.participation.forms.registers import (
    BisidderEndForm,
    BisidderForm,
    NetworkMemberForm,
    NetworkRemoveForm,
    ProfileForm,
    SafetyLiftForm,
    SafetyRestrictionForm,
)
from stemme.participation.models import Bisidder, NetworkMember, SafetyRestriction
from stemme.participation.selectors import registers as selectors
from stemme.participation.services import registers as services


def _error_message(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- Participation profile ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def profile(request, child_id):
    child = access.access_child_by_id(request.user, child_id, purpose="participation_profile")
    history = selectors.profile_history(child=child)
    current = history[0] if history else None
    form = ProfileForm(request.POST or None, profile=current)
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: services.profile_update(
                actor=request.user,
                child=child,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            ),
            success=_("The participation profile is saved."),
            done=lambda _profile: redirect("participation:profile", child_id=child.pk),
            back_url=reverse("participation:profile", kwargs={"child_id": child.pk}),
            subject=_("Participation profile of %(name)s") % {"name": child.full_name},
        )
        if saved is not None:
            return saved
    return render(
        request,
        "participation/profile.html",
        {"child": child, "profile": current, "history": history, "form": form},
    )


# --- Network and bisiddere ----------------------------------------------------------------------


def _network_page(request, child, *, member_form=None, bisidder_form=None, status=200):
    relations, _members = selectors.restriction_candidates(child=child)
    return render(
        request,
        "participation/network.html",
        {
            "child": child,
            "network": selectors.network_map(child=child),
            "bisiddere": selectors.bisiddere_for_child(child=child, include_ended=True),
            "member_form": member_form or NetworkMemberForm(relations=relations),
            "bisidder_form": bisidder_form or BisidderForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _network_url(child, anchor=""):
    url = reverse("participation:network", kwargs={"child_id": child.pk})
    return f"{url}#{anchor}" if anchor else url


@require_http_methods(["GET"])
@staff_with_child_access
def network(request, child_id):
    child = access.access_child_by_id(request.user, child_id, purpose="network")
    return _network_page(request, child)


@require_POST
@staff_with_child_access
@once_per_token
def network_add(request, child_id):
    child = access.access_child_by_id(request.user, child_id, purpose="network")
    relations, _members = selectors.restriction_candidates(child=child)
    form = NetworkMemberForm(request.POST, relations=relations)
    if form.is_valid():
        try:
            member = services.network_member_add(
                actor=request.user, child=child, **form.service_fields()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is added to the network.") % {"name": member.name}
            )
            return redirect(_network_url(child, "network-heading"))
    return _network_page(request, child, member_form=form)


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def network_edit(request, child_id, member_id):
    child = access.access_child_by_id(request.user, child_id, purpose="network")
    member = (
        NetworkMember.objects.select_related("person")
        .filter(pk=member_id, child=child, removed_on__isnull=True)
        .first()
    )
    if member is None:
        raise _refused(child, "network_member", member_id, "network")
    relations, _members = selectors.restriction_candidates(child=child)
    form = NetworkMemberForm(request.POST or None, relations=relations, member=member)
    form.fields["version"].required = True
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: services.network_member_update(
                actor=request.user,
                member=member,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            ),
            success=lambda updated: _("Saved: %(name)s.") % {"name": updated.name},
            done=lambda _updated: redirect(_network_url(child, "network-heading")),
            back_url=reverse(
                "participation:network_edit",
                kwargs={"child_id": child.pk, "member_id": member.pk},
            ),
            subject=member.name,
        )
        if saved is not None:
            return saved
    return render(
        request,
        "participation/network_edit.html",
        {"child": child, "member": member, "form": form},
    )


@require_POST
@staff_with_child_access
def network_remove(request, child_id, member_id):
    child = access.access_child_by_id(request.user, child_id, purpose="network")
    member = NetworkMember.objects.filter(pk=member_id, child=child).first()
    if member is None:
        raise _refused(child, "network_member", member_id, "network")
    form = NetworkRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect(_network_url(child))
    back = _network_url(child, "network-heading")
    saved = edit_save(
        request,
        form,
        lambda: services.network_member_remove(
            actor=request.user,
            member=member,
            expected_version=form.cleaned_data["version"],
        ),
        success=_("%(name)s is removed from the network.") % {"name": member.name},
        done=lambda _member: redirect(back),
        back_url=back,
        subject=_("Remove %(name)s from the network") % {"name": member.name},
        editable=False,
    )
    if saved is None:  # refused: the reasons as messages on the network page
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return saved or redirect(back)


@require_POST
@staff_with_child_access
def network_reviewed(request, child_id):
    """One click: the caseworker went through the whole network with the child today."""
    child = access.access_child_by_id(request.user, child_id, purpose="network")
    try:
        count = services.network_reviewed_with_child(actor=request.user, child=child)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _("The network is marked as reviewed with the child today (%(count)s people).")
            % {"count": count},
        )
    return redirect(_network_url(child, "network-heading"))


@require_POST
@staff_with_child_access
@once_per_token
def bisidder_add(request, child_id):
    child = access.access_child_by_id(request.user, child_id, purpose="network")
    form = BisidderForm(request.POST)
    if form.is_valid():
        try:
            bisidder = services.bisidder_add(actor=request.user, child=child, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is registered as bisidder.") % {"name": bisidder.name}
            )
            return redirect(_network_url(child, "bisidder-heading"))
    return _network_page(request, child, bisidder_form=form)


@require_POST
@staff_with_child_access
def bisidder_end(request, child_id, bisidder_id):
    child = access.access_child_by_id(request.user, child_id, purpose="network")
    bisidder = Bisidder.objects.filter(pk=bisidder_id, child=child).first()
    if bisidder is None:
        raise _refused(child, "bisidder", bisidder_id, "network")
    form = BisidderEndForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.bisidder_end(actor=request.user, bisidder=bisidder, reason=reason)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("%(name)s is no longer bisidder.") % {"name": bisidder.name})
    return redirect(_network_url(child, "bisidder-heading"))


# --- Safety restriction -------------------------------------------------------------------------


def _safety_url(child):
    return reverse("participation:safety", kwargs={"child_id": child.pk})


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def safety(request, child_id):
    child = access.access_child_by_id(request.user, child_id, purpose="safety_restriction")
    relations, members = selectors.restriction_candidates(child=child)
    form = SafetyRestrictionForm(request.POST or None, relations=relations, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_restriction_set(actor=request.user, child=child, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The safety restriction is set. Nothing is sent to the people it names."),
            )
            return redirect(_safety_url(child))
    restrictions = selectors.restrictions_for_child(child=child)
    return render(
        request,
        "participation/safety.html",
        {
            "child": child,
            "active": [r for r in restrictions if r.is_active],
            "lifted": [r for r in restrictions if not r.is_active],
            "form": form,
            "has_candidates": bool(relations or members),
        },
    )


def _refused(child, kind: str, nested_id, purpose: str):
    """Another child's (or no) record under this child's URL: refused and logged (issue 13)."""
    model = {
        "network_member": NetworkMember,
        "bisidder": Bisidder,
        "safety_restriction": SafetyRestriction,
    }[kind]
    return access.nested_refused(
        under=child,
        kind=kind,
        nested_id=nested_id,
        purpose=purpose,
        own=model.objects.filter(child=child),
    )


def _restriction(child, restriction_id) -> SafetyRestriction:
    restriction = (
        SafetyRestriction.objects.select_related("set_by", "lifted_by")
        .prefetch_related("persons", "network_members")
        .filter(pk=restriction_id, child=child)
        .first()
    )
    if restriction is None:
        raise _refused(child, "safety_restriction", restriction_id, "safety_restriction")
    return restriction


def _safety_edit_url(child, restriction):
    return reverse(
        "participation:safety_edit",
        kwargs={"child_id": child.pk, "restriction_id": restriction.pk},
    )


def _safety_edit_page(request, child, restriction, *, form=None, lift_form=None, status=200):
    relations, members = selectors.restriction_candidates(child=child)
    if form is None and restriction.is_active:
        form = SafetyRestrictionForm(relations=relations, members=members, restriction=restriction)
    return render(
        request,
        "participation/safety_edit.html",
        {
            "child": child,
            "restriction": restriction,
            "form": form,
            "lift_form": lift_form or SafetyLiftForm(initial={"version": restriction.version}),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def safety_edit(request, child_id, restriction_id):
    child = access.access_child_by_id(request.user, child_id, purpose="safety_restriction")
    restriction = _restriction(child, restriction_id)
    if request.method == "POST":
        relations, members = selectors.restriction_candidates(child=child)
        form = SafetyRestrictionForm(
            request.POST, relations=relations, members=members, restriction=restriction
        )
        saved = edit_save(
            request,
            form,
            lambda: services.safety_restriction_update(
                actor=request.user,
                restriction=restriction,
                expected_version=form.cleaned_data.get("version") or 0,
                **{k: v for k, v in form.cleaned_data.items() if k != "version"},
            ),
            success=_("The safety restriction is changed."),
            done=lambda _restriction: redirect(_safety_url(child)),
            back_url=_safety_edit_url(child, restriction),
            subject=_("Safety restriction"),
        )
        if saved is not None:
            return saved
        return _safety_edit_page(request, child, restriction, form=form)
    return _safety_edit_page(request, child, restriction)


@require_POST
@staff_with_child_access
def safety_lift(request, child_id, restriction_id):
    child = access.access_child_by_id(request.user, child_id, purpose="safety_restriction")
    restriction = _restriction(child, restriction_id)
    form = SafetyLiftForm(request.POST)
    saved = edit_save(
        request,
        form,
        lambda: services.safety_restriction_lift(
            actor=request.user,
            restriction=restriction,
            reason=form.cleaned_data["lift_reason"],
            expected_version=form.cleaned_data["version"] or 0,
        ),
        success=_("The safety restriction is lifted. Letters to the people it named go again."),
        done=lambda _restriction: redirect(_safety_url(child)),
        back_url=_safety_edit_url(child, restriction),
        subject=_("Lift the restriction"),
    )
    if saved is not None:
        return saved
    return _safety_edit_page(request, child, restriction, lift_form=form)
