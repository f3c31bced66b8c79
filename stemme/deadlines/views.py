"""Min arbejdsliste: the caseworker's statutory obligations, most urgent first."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.accounts.models import Role
from stemme.audit import services as audit
from stemme.core.conflicts import edit_save
from stemme.core.navigation import worklist_panels_for
from stemme.deadlines import selectors, services
from stemme.deadlines.forms import HolidaySettingsForm, RuleOverrideForm, WorklistFilterForm
from stemme.deadlines.models import HolidaySettings


@require_GET
@staff_with_child_access
def worklist(request):
    """Min arbejdsliste / Teamets arbejdsliste: filtered, sorted and paged on the server."""
    user = request.user
    caseworkers = selectors.worklist_caseworkers(viewer=user)
    form = WorklistFilterForm(request.GET or None, caseworkers=caseworkers)
    result = selectors.worklist(
        cases=access.cases_visible_to(user),
        filters=form.filters(viewer=user),
        page_number=request.GET.get("side"),
    )
    shown = {o.child_id: o.child for o in result.page.object_list}
    audit.access_log_children(user=user, children=shown.values(), purpose="worklist")
    # The filters without the page number, for the page links.
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "deadlines/worklist.html",
        {
            "worklist": result,
            "filter_form": form,
            "filter_query": query.urlencode(),
            "is_filtered": any(value for key, value in request.GET.items() if key != "side"),
            "is_leader": user.role == Role.TEAM_LEADER,
            "panels": worklist_panels_for(user),
        },
    )


def _administrator_only(request):
    from django.core.exceptions import PermissionDenied

    if request.user.role != Role.ADMINISTRATOR or request.user.municipality_id is None:
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def rule_settings(request):
    """The municipality's deadline rules: durations, unverified rules on/off, holidays."""
    _administrator_only(request)
    municipality = request.user.municipality
    holidays = HolidaySettings.objects.filter(municipality=municipality).first()
    holiday_form = HolidaySettingsForm(
        request.POST if request.POST.get("form") == "holidays" else None,
        instance=holidays,
        initial={"version": holidays.version if holidays else 0},
    )
    override_form = RuleOverrideForm(
        request.POST if request.POST.get("form") == "rule" else None, prefix="rule"
    )
    which = request.POST.get("form") if request.method == "POST" else None
    if which in ("holidays", "rule"):
        form = holiday_form if which == "holidays" else override_form
        service = (
            services.holiday_settings_set if which == "holidays" else services.rule_override_set
        )

        def save():
            values = {**form.cleaned_data}
            return service(
                actor=request.user,
                municipality=municipality,
                expected_version=values.pop("version") or 0,
                **values,
            )

        saved = edit_save(
            request,
            form,
            save,
            success=(
                _("The holidays are saved. The deadlines are being recomputed.")
                if which == "holidays"
                else _("The rule is saved. The deadlines are being recomputed.")
            ),
            done=lambda _saved: redirect("deadlines:rules"),
            back_url=reverse("deadlines:rules"),
            subject=_("Deadline rules"),
        )
        if saved is not None:
            return saved
    return render(
        request,
        "deadlines/rule_settings.html",
        {
            "rows": selectors.rules_for_municipality(municipality=municipality),
            "holiday_form": holiday_form,
            "override_form": override_form,
            "failed_rule": override_form.data.get("rule-rule_id") if override_form.is_bound else "",
            "recompute_pending_since": selectors.recompute_pending_since(municipality=municipality),
        },
    )
