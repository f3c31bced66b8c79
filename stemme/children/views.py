"""Staff pages about children. Every child comes from ``stemme.access``; every page logs."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.accounts.models import Role
from stemme.audit import services as audit
from stemme.audit.models import AccessAction, AccessBasis
from stemme.cases.selectors import caseload_for_teams
from stemme.children import cpr as cpr_numbers
from stemme.children import selectors
from stemme.children.forms import CaseworkerFilterForm, ChildSearchForm, HouseholdChildForm
from stemme.children.services import household_child_add
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token
from stemme.deadlines.selectors import obligations_for_child


@require_GET
@staff_with_child_access
def child_list(request):
    """ "Mine børn" for a caseworker; the team's children, with caseloads, for a team leader."""
    user = request.user
    context = {}
    if user.role == Role.TEAM_LEADER:
        caseload = list(caseload_for_teams(teams=user.teams.all()))
        form = CaseworkerFilterForm(request.GET or None, caseworkers=caseload)
        children = access.children_visible_to(user)
        if form.is_valid() and form.cleaned_data["caseworker"]:
            children = children.filter(
                cases__assignments__caseworker_id=form.cleaned_data["caseworker"],
                cases__assignments__ended_on__isnull=True,
            ).distinct()
        context.update(caseload=caseload, filter_form=form)
    else:
        children = access.children_assigned_to(user)
        # "Children you are deputy for": the covered caseworkers' children, while the deputy
        # period runs (stemme/access). Logged with the basis the access rests on.
        deputy_rows = access.deputy_children_for(user)
        audit.access_log_children(
            user=user,
            children=[row.child for row in deputy_rows],
            purpose="child_list",
            basis=AccessBasis.DEPUTY,
        )
        context["deputy_rows"] = deputy_rows
    paginator = Paginator(
        selectors.with_case_summary(children.order_by("first_name", "last_name", "pk")),
        settings.STEMME_PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("side"))
    rows = selectors.child_rows(list(page.object_list), today=timezone.localdate())
    selectors.add_next_deadlines(rows)
    audit.access_log_children(user=user, children=[r.child for r in rows], purpose="child_list")
    context.update(page=page, rows=rows, is_leader=user.role == Role.TEAM_LEADER)
    return render(request, "children/child_list.html", context)


@require_GET
@staff_with_child_access
def child_detail(request, child_id):
    child = access.access_child_by_id(request.user, child_id, purpose="child_overview")
    overview = selectors.child_overview(child=child, today=timezone.localdate())
    obligations = obligations_for_child(child=child)
    return render(
        request,
        "children/child_detail.html",
        {"overview": overview, "child": child, "obligations": obligations},
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def child_household(request, child_id):
    """The child's siblings and the other children of the household, with their birth dates:
    a placement for neglect or abuse makes those under 15 due a BFU (§ 21, stk. 2)."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    child = access.access_child_by_id(request.user, child_id, purpose="child_overview")
    form = HouseholdChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household_child_add(actor=request.user, child=child, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved: %(step)s.") % {"step": _("Household")})
            return redirect("children:household", child_id=child.pk)
    return render(
        request,
        "children/household.html",
        {
            "child": child,
            "form": form,
            "household": selectors.household_children(child=child),
            "today": timezone.localdate(),
        },
    )


@require_POST
@staff_with_child_access
def child_reveal_cpr(request, child_id):
    """Show the full CPR number once, on purpose, and log that it was shown."""
    child = access.access_child_by_id(
        request.user, child_id, purpose="child_overview", action=AccessAction.REVEAL_CPR
    )
    context = {"child": child, "cpr_full": cpr_numbers.formatted(child.cpr)}
    if request.headers.get("HX-Request"):
        return render(request, "children/child_detail.html#cpr", context)
    overview = selectors.child_overview(child=child, today=timezone.localdate())
    return render(request, "children/child_detail.html", {**context, "overview": overview})


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def child_search(request):
    """Search by name or CPR. POST keeps CPR numbers out of URLs and server logs."""
    form = ChildSearchForm(request.POST or None)
    rows = None
    if request.method == "POST" and form.is_valid():
        query = form.cleaned_data["q"]
        found = selectors.child_search(
            children=access.children_visible_to(request.user), query=query
        )
        audit.access_log_search(
            user=request.user, criterion=query, children=found, purpose="child_search"
        )
        rows = selectors.child_rows(found, today=timezone.localdate())
        selectors.add_next_deadlines(rows)
    context = {"form": form, "rows": rows, "limit": selectors.SEARCH_LIMIT}
    if request.headers.get("HX-Request"):
        return render(request, "children/child_search.html#search", context)
    return render(request, "children/child_search.html", context)
