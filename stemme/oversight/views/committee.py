"""The committee pack: frozen snapshots as a page, a tagged PDF and a CSV per table; the
municipality's targets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemme.access.views import staff_with_child_access
from stemme.accounts.models import Role
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.oversight import csv_export, services
from stemme.oversight.forms import OverviewForm, SnapshotForm, TargetForm
from stemme.oversight.models import PackExport
from stemme.oversight.selectors import committee as committee_selectors
from stemme.oversight.selectors.scope import figures_scope, scope_label


def _leader(request) -> None:
    if request.user.role != Role.TEAM_LEADER or not request.user.municipality_id:
        raise PermissionDenied


def _snapshot(request, snapshot_id):
    _leader(request)
    snapshot = committee_selectors.snapshot_for(user=request.user, snapshot_id=snapshot_id)
    if snapshot is None:
        raise Http404
    return snapshot


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def committee(request):
    """The packs made so far, and a new one: the figures counted now and frozen."""
    _leader(request)
    today = timezone.localdate()
    scope_form = OverviewForm(request.POST or None, user=request.user, today=today)
    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and scope_form.is_valid() and form.is_valid():
        data = scope_form.cleaned_data
        scope = figures_scope(
            request.user, key=data["scope"], team=data["team"], department=data["department"]
        )
        teams = list(request.user.teams.all())
        # A pack for one team is that team's (its leaders see it); the whole municipality's,
        # a department's and several teams' are the municipality's.
        team = data["team"] or (
            teams[0] if scope.drills and len(teams) == 1 and not data["department"] else None
        )
        try:
            snapshot = services.snapshot_make(
                actor=request.user,
                scope=scope.cases,
                team=team,
                scope_label=scope_label(request.user, scope),
                period=data["period"],
                title=form.cleaned_data["title"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The committee pack is counted and frozen."))
            return redirect("oversight:committee_pack", snapshot.pk)
    return render(
        request,
        "oversight/committee.html",
        {
            "scope_form": scope_form,
            "form": form,
            "snapshots": committee_selectors.snapshots_for(user=request.user),
        },
    )


@require_GET
@staff_with_child_access
def committee_pack(request, snapshot_id):
    snapshot = _snapshot(request, snapshot_id)
    return render(
        request,
        "oversight/committee_pack.html",
        committee_selectors.pack_context(snapshot),
    )


@require_POST
@staff_with_child_access
def committee_pdf(request, snapshot_id):
    """Ask the worker for the pack as a tagged PDF (PDF/UA-1); then follow its progress."""
    snapshot = _snapshot(request, snapshot_id)
    export = services.pack_export_request(actor=request.user, snapshot=snapshot)
    return redirect("oversight:committee_export", export.pk)


def _export(request, export_id):
    _leader(request)
    export = committee_selectors.export_for(user=request.user, export_id=export_id)
    if export is None:
        raise Http404
    return export


@require_GET
@staff_with_child_access
def committee_export(request, export_id):
    """The PDF being made (a progress bar the page polls with htmx), then its download."""
    export = _export(request, export_id)
    return render(
        request,
        "oversight/committee_export.html",
        {"export": export, "expired": export.expires_at and export.expires_at <= timezone.now()},
    )


@require_POST
@staff_with_child_access
def committee_download(request, export_id):
    """The finished PDF (a POST: each download is recorded)."""
    export = _export(request, export_id)
    try:
        content = services.pack_export_download(
            actor=request.user, export=PackExport.objects.get(pk=export.pk)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("oversight:committee_export", export.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="udvalgspakke.pdf"'
    return response


@require_GET
@staff_with_child_access
def committee_csv(request, snapshot_id, table):
    snapshot = _snapshot(request, snapshot_id)
    found = next((t for t in snapshot.figures["tables"] if t["key"] == table), None)
    if found is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="udvalgspakke-{table}.csv"'
    csv_export.table_write(snapshot, found, response)
    return response


@require_http_methods(["GET", "POST"])
@login_required
def targets(request):
    """The municipality's red/amber/green targets (team leaders and administrators)."""
    user = request.user
    if user.role not in (Role.TEAM_LEADER, Role.ADMINISTRATOR) or not user.municipality_id:
        raise PermissionDenied
    current = committee_selectors.targets_for(municipality_id=user.municipality_id)
    forms = [
        (
            definition,
            TargetForm(
                request.POST or None,
                prefix=definition.key,
                higher_is_better=definition.higher_is_better,
                initial=current.get(definition.key)
                or (
                    {"green_from": 90, "amber_from": 75}
                    if definition.higher_is_better
                    else {"green_from": 40, "amber_from": 60}
                ),
            ),
        )
        for definition in committee_selectors.TARGETED
    ]
    if request.method == "POST" and all(form.is_valid() for _definition, form in forms):
        for definition, form in forms:
            services.target_set(
                actor=user,
                indicator=definition.key,
                green_from=form.cleaned_data["green_from"],
                amber_from=form.cleaned_data["amber_from"],
            )
        messages.success(request, _("The targets are saved. They apply to packs made from now on."))
        return redirect("oversight:targets")
    return render(request, "oversight/targets.html", {"forms": forms, "current": current})
