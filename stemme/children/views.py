"""Staff pages about children. Every child comes from ``stemme.access``; every page logs."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemme.access import selectors as access
from stemme.access.views import staff_with_child_access
from stemme.accounts.models import Role
from stemme.audit import services as audit
from stemme.audit.models import AccessAction, AccessBasis
from stemme.cases.selectors import caseload_for_teams
from stemme.children import cpr as cpr_numbers
from stemme.children import cpr_lookup, selectors, services
from stemme.children.forms import (
    CaseworkerFilterForm,
    ChildSearchForm,
    HouseholdChildForm,
    PersonEditForm,
    PersonForm,
    RelationEndForm,
)
from stemme.children.models import ChildRelation, Relation
from stemme.core.conflicts import edit_save
from stemme.core.forms import apply_errors, tidy_choices
from stemme.core.idempotency import FIELD, once_per_token
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
    overview = selectors.child_overview(
        child=child, today=timezone.localdate(), timeline_page=request.GET.get("side")
    )
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
    child = access.access_child_by_id(request.user, child_id, purpose="child_overview")
    form = HouseholdChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_child_add(actor=request.user, child=child, **form.cleaned_data)
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


# --- The people around the child ----------------------------------------------------------------

# The access-log purpose of the pages below ("Looked at the people around you" in the insight).
PEOPLE_PURPOSE = "child_people"


def _people_url(child) -> str:
    return reverse("children:people", kwargs={"child_id": child.pk})


def _relation(child, relation_id, *, current: bool = True) -> ChildRelation:
    """One of the child's relations (only a current one unless ``current`` is False); another
    child's id is refused and logged (issue 13)."""
    links = ChildRelation.objects.select_related("person").filter(child=child)
    link = (links.filter(ended_on__isnull=True) if current else links).filter(pk=relation_id)
    found = link.first()
    if found is None:
        raise access.nested_refused(
            under=child,
            kind="child_relation",
            nested_id=relation_id,
            purpose=PEOPLE_PURPOSE,
            own=ChildRelation.objects.filter(child=child),
        )
    return found


@require_GET
@staff_with_child_access
def child_people(request, child_id):
    """Parents, custody holders, other adults and the household's children; current and
    earlier."""
    child = access.access_child_by_id(request.user, child_id, purpose=PEOPLE_PURPOSE)
    people = selectors.people_around(child=child, today=timezone.localdate())
    return render(request, "children/people.html", {"child": child, "people": people})


def _prefilled(request) -> PersonForm:
    """The add form again, with what the CPR register knows about the number filled in."""
    data = request.POST.dict()
    data.pop(FIELD, None)
    try:
        facts = cpr_lookup.lookup(data.get("cpr", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        facts = None
    else:
        if facts is None:
            messages.warning(request, _("No one with this CPR number was found in the register."))
    if facts is not None:
        data.update(
            first_name=facts.first_name,
            last_name=facts.last_name,
            birth_date=facts.birth_date.isoformat(),
            address=facts.address or data.get("address", ""),
        )
        messages.info(request, _("Filled in from the CPR register. Check the details and save."))
    return PersonForm(initial=data)


@require_http_methods(["GET", "POST"])
@staff_with_child_access
@once_per_token
def person_add(request, child_id):
    """Register a parent, a custody holder, another adult or a child of the household."""
    child = access.access_child_by_id(request.user, child_id, purpose=PEOPLE_PURPOSE)
    wanted = request.GET.get("relation")
    initial = {"relation": wanted} if wanted in Relation.values else {}
    form = PersonForm(request.POST or None, initial=initial)
    lookup_offered = cpr_lookup.is_configured()
    if request.method == "POST":
        if lookup_offered and "lookup" in request.POST:
            form = _prefilled(request)
        elif form.is_valid():
            try:
                link = services.person_add(actor=request.user, child=child, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is registered as %(relation)s.")
                    % {
                        "name": link.person.full_name,
                        "relation": link.get_relation_display().lower(),
                    },
                )
                return redirect(_people_url(child))
    tidy_choices(form)
    return render(
        request,
        "children/person_form.html",
        {"child": child, "form": form, "link": None, "lookup_offered": lookup_offered},
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def person_edit(request, child_id, relation_id):
    """Change a current relation and the person's details (versioned: no silent overwrite)."""
    child = access.access_child_by_id(request.user, child_id, purpose=PEOPLE_PURPOSE)
    link = _relation(child, relation_id)
    initial = {
        **{name: getattr(link.person, name) for name in services.PERSON_FIELDS if name != "cpr"},
        **{name: getattr(link, name) for name in services.RELATION_FIELDS},
        "version": link.version,
    }
    form = PersonEditForm(request.POST or None, initial=initial, saved_cpr=link.person.cpr)
    if request.method == "POST":
        # An empty CPR field keeps the saved number: a conflict page shows it kept, masked.
        keeps_cpr = form.is_valid() and not form.cleaned_data["cpr"]
        saved = edit_save(
            request,
            form,
            lambda: services.person_update(
                actor=request.user,
                link=link,
                expected_version=form.cleaned_data["version"],
                **{k: v for k, v in form.cleaned_data.items() if k != "version"},
            ),
            success=lambda updated: _("Saved: %(step)s.") % {"step": updated.person.full_name},
            done=lambda _updated: redirect(_people_url(child)),
            back_url=reverse(
                "children:person_edit", kwargs={"child_id": child.pk, "relation_id": link.pk}
            ),
            subject=link.person.full_name,
            mine={"cpr": link.person.cpr_masked} if keeps_cpr else None,
        )
        if saved is not None:
            return saved
    tidy_choices(form)
    return render(
        request,
        "children/person_form.html",
        {"child": child, "form": form, "link": link, "lookup_offered": False},
    )


@require_http_methods(["GET", "POST"])
@staff_with_child_access
def person_end(request, child_id, relation_id):
    """End a relation with a date and a reason; the row stays and shows as earlier."""
    child = access.access_child_by_id(request.user, child_id, purpose=PEOPLE_PURPOSE)
    link = _relation(child, relation_id, current=False)
    form = RelationEndForm(
        request.POST or None,
        initial={"version": link.version, "ended_on": timezone.localdate()},
    )
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: services.relation_end(
                actor=request.user,
                link=link,
                expected_version=form.cleaned_data["version"],
                ended_on=form.cleaned_data["ended_on"],
                end_reason=form.cleaned_data["end_reason"],
            ),
            success=lambda ended: (
                _("The relation to %(name)s has ended.") % {"name": ended.person.full_name}
            ),
            done=lambda _ended: redirect(_people_url(child)),
            back_url=_people_url(child),
            subject=_("End the relation to %(name)s") % {"name": link.person.full_name},
        )
        if saved is not None:
            return saved
    return render(request, "children/person_end.html", {"child": child, "form": form, "link": link})
