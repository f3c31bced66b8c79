"""Staff administration for the municipality's administrator: the list of staff, a new staff
account, a colleague's page (details, two-step login, history), and changing, deactivating and
reactivating an account. The rules live in services/staff.py; everyone but the municipality's
administrator is refused (403), another municipality's staff are not found (404)."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemme.accounts import selectors
from stemme.accounts.forms import StaffDeactivateForm, StaffFilterForm, StaffForm
from stemme.accounts.models import Role, User
from stemme.accounts.services import staff as staff_services
from stemme.accounts.views.auth import ISSUED_CODE
from stemme.accounts.views.organisation import _administered_municipality
from stemme.core.conflicts import edit_save
from stemme.core.forms import apply_errors
from stemme.core.idempotency import once_per_token

NEW_LOGIN = "stemme_staff_new_login"  # a new account's initial password and code, shown once
_DETAILS = ("first_name", "last_name", "email", "role", "teams", "job_title")


def _member(request, user_id) -> User:
    member = selectors.staff_member(
        municipality=_administered_municipality(request), user_id=user_id
    )
    if member is None:
        raise Http404
    return member


def _show_once(request, login: staff_services.NewLogin) -> None:
    """The initial password and enrolment code, for the colleague's page to show once (kept in
    the server-side session, never in a URL)."""
    request.session[NEW_LOGIN] = {
        "user_id": login.user.pk,
        "password": login.password,
        "code": login.enrolment.code if login.enrolment else "",
        "expires_at": login.enrolment.expires_at.isoformat() if login.enrolment else "",
    }


def _taken_once(request, key: str, member: User) -> dict | None:
    shown = request.session.get(key)
    if not isinstance(shown, dict) or shown.get("user_id") != member.pk:
        return None
    del request.session[key]
    if shown.get("expires_at"):
        shown = {**shown, "expires_at": dt.datetime.fromisoformat(shown["expires_at"])}
    return shown


@require_GET
@login_required
def staff_list(request):
    """The municipality's staff: filters (role, team, active), search, sorting, pages."""
    municipality = _administered_municipality(request)
    teams = list(selectors.teams_of_municipality(municipality=municipality))
    form = StaffFilterForm(request.GET or None, teams=teams)
    paginator = Paginator(
        selectors.staff_list(municipality=municipality, **form.filters()),
        settings.STEMME_PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "accounts/staff_list.html",
        {
            "municipality": municipality,
            "filter_form": form,
            "page": page,
            "filter_query": query.urlencode(),
            "is_filtered": any(value for key, value in request.GET.items() if key != "side"),
        },
    )


def _details(form) -> dict:
    data = form.cleaned_data
    return {name: data[name] for name in _DETAILS}


@require_http_methods(["GET", "POST"])
@login_required
@once_per_token
def staff_create(request):
    """A new staff account; the initial password and the enrolment code are shown once on the
    new colleague's page."""
    municipality = _administered_municipality(request)
    form = StaffForm(
        request.POST or None,
        municipality=municipality,
        creating=True,
        initial={"role": Role.CASEWORKER},
    )
    if request.method == "POST" and form.is_valid():
        try:
            login = staff_services.staff_create(
                actor=request.user,
                municipality=municipality,
                username=form.cleaned_data["username"],
                **_details(form),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _show_once(request, login)
            messages.success(
                request, _("The account of %(name)s is created.") % {"name": login.user}
            )
            return redirect("accounts:staff_detail", user_id=login.user.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "member": None})


@require_GET
@login_required
def staff_detail(request, user_id):
    """A colleague's account: details, two-step login, what to do, and its history."""
    member = _member(request, user_id)
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "member": member,
            "new_login": _taken_once(request, NEW_LOGIN, member),
            "issued": _taken_once(request, ISSUED_CODE, member),
            "mfa": selectors.mfa_status(user=member),
            "pending_code": selectors.staff_with_pending_enrolment_code(
                municipality=member.municipality
            ).get(member.pk),
            "history": [
                (event, _change_lines(event)) for event in selectors.staff_history(user=member)
            ],
            "is_self": member.pk == request.user.pk,
        },
    )


def _change_lines(event) -> list[str]:
    """ "Role: Caseworker → Team leader" for each field a change event changed."""
    if event.kind != "organisation.staff_changed":
        return []
    before, after = event.data.get("before", {}), event.data.get("after", {})
    lines = []
    for name in event.data.get("changed", []):
        if name not in after:
            continue
        old, new = before.get(name), after.get(name)
        if name == "role":
            old, new = _role_label(old), _role_label(new)
        elif name == "teams":
            old, new = ", ".join(old or []) or "–", ", ".join(new or []) or "–"
        label = (
            _("Teams")
            if name == "teams"
            else str(User._meta.get_field(name).verbose_name).capitalize()
        )
        lines.append(f"{label}: {old or '–'} → {new or '–'}")
    return lines


def _role_label(value) -> str:
    return str(Role(value).label) if value in Role.values else str(value or "")


@require_http_methods(["GET", "POST"])
@login_required
def staff_edit(request, user_id):
    """Change a colleague's name, e-mail, role, teams and job title (a stale save gets the
    conflict page)."""
    member = _member(request, user_id)
    form = StaffForm(
        request.POST or None,
        municipality=member.municipality,
        creating=False,
        initial={
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "role": member.role,
            "teams": list(member.teams.all()),
            "job_title": member.job_title,
            "version": member.version,
        },
    )
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: staff_services.staff_update(
                actor=request.user,
                user=member,
                expected_version=form.cleaned_data["version"] or 0,
                **_details(form),
            ),
            success=_("The account of %(name)s is saved.") % {"name": member},
            done=lambda _user: redirect("accounts:staff_detail", user_id=member.pk),
            back_url=reverse("accounts:staff_edit", kwargs={"user_id": member.pk}),
            subject=str(member),
        )
        if saved is not None:
            return saved
    return render(request, "accounts/staff_form.html", {"form": form, "member": member})


@require_http_methods(["GET", "POST"])
@login_required
def staff_deactivate(request, user_id):
    """Deactivate a colleague's account (a leaver): the page says how many children they are
    still assigned to, and where their team leader hands them over."""
    member = _member(request, user_id)
    if not member.is_active:
        return redirect("accounts:staff_detail", user_id=member.pk)
    children = selectors.staff_children_assigned(user=member)
    form = StaffDeactivateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_services.staff_deactivate(actor=request.user, user=member, children=children)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The account of %(name)s is deactivated. Their sessions have ended.")
                % {"name": member},
            )
            return redirect("accounts:staff_detail", user_id=member.pk)
    return render(
        request,
        "accounts/staff_deactivate.html",
        {
            "form": form,
            "member": member,
            "children": children,
            "is_self": member.pk == request.user.pk,
            "leaver_screen": member.role == Role.CASEWORKER,
        },
    )


@require_POST
@login_required
def staff_password_reset(request, user_id):
    """A new initial password for a colleague who forgot theirs, shown once."""
    member = _member(request, user_id)
    try:
        login = staff_services.staff_password_reset(actor=request.user, user=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _show_once(request, login)
        messages.success(
            request,
            _("%(name)s has a new initial password. Their old password no longer works.")
            % {"name": member},
        )
    return redirect("accounts:staff_detail", user_id=member.pk)


@require_POST
@login_required
def staff_reactivate(request, user_id):
    """Reactivate a deactivated account, with a new initial password shown once."""
    member = _member(request, user_id)
    try:
        login = staff_services.staff_reactivate(actor=request.user, user=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _show_once(request, login)
        messages.success(request, _("The account of %(name)s is active again.") % {"name": member})
    return redirect("accounts:staff_detail", user_id=member.pk)
