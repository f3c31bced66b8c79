import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stemme.accounts import selectors, services
from stemme.accounts.forms import (
    PortalSettingsForm,
    ProfileForm,
    TeamDepartmentForm,
    TeamDutyForm,
)
from stemme.accounts.models import Role, User
from stemme.accounts.views.auth import ISSUED_CODE
from stemme.core.conflicts import edit_save


def _administered_municipality(request):
    """The administrator's own municipality; anyone else is refused (403)."""
    if request.user.role != Role.ADMINISTRATOR or request.user.municipality_id is None:
        raise PermissionDenied
    return request.user.municipality


def _administered_team(request, team_id):
    """A team of the administrator's own municipality (another's is not found: 404)."""
    municipality = _administered_municipality(request)
    team = selectors.team_of_municipality(municipality=municipality, team_id=team_id)
    if team is None:
        raise Http404
    return team


@require_GET
@login_required
def organisation(request):
    """The administrator's view of the municipality: teams (with their duty phones), staff and
    the Min sag settings, never child data."""
    municipality = _administered_municipality(request)
    # A new enrolment code, shown once: taken out of the session as it is shown.
    issued = request.session.pop(ISSUED_CODE, None)
    if issued is not None:
        issued = {**issued, "expires_at": dt.datetime.fromisoformat(issued["expires_at"])}
    return render(
        request,
        "accounts/organisation.html",
        {
            "municipality": municipality,
            "teams": selectors.teams_of_municipality(municipality=municipality),
            "staff": selectors.staff_of_municipality(municipality=municipality),
            "with_authenticator": selectors.staff_with_authenticator_ids(municipality=municipality),
            "pending_codes": selectors.staff_with_pending_enrolment_code(municipality=municipality),
            "account_locks": selectors.account_locks_recent(municipality=municipality),
            "issued": issued,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    """A staff member's own phone, photo and introduction: what a child sees in the letter
    that introduces a new caseworker."""
    user = request.user
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "phone": user.phone,
            "reachable": user.reachable,
            "introduction": user.introduction,
            "version": user.version,
        },
    )
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: services.profile_update(
                actor=user,
                user=user,
                phone=form.cleaned_data["phone"],
                reachable=form.cleaned_data["reachable"],
                introduction=form.cleaned_data["introduction"],
                photo=form.cleaned_data["photo"],
                remove_photo=form.cleaned_data["remove_photo"],
                expected_version=form.cleaned_data["version"] or 0,
            ),
            success=_("Your profile is saved."),
            done=lambda _user: redirect("accounts:profile"),
            back_url=reverse("accounts:profile"),
        )
        if saved is not None:
            return saved
    return render(request, "accounts/profile.html", {"form": form, "member": user})


@require_http_methods(["GET", "POST"])
@login_required
def organisation_portal(request):
    """The municipality's Min sag settings: escalation to the duty inbox, answer time."""
    municipality = _administered_municipality(request)
    form = PortalSettingsForm(
        request.POST or None,
        initial={
            "escalate_after_hours": municipality.portal_escalate_after_hours,
            "answer_within_days": municipality.portal_answer_within_days,
            "alarm_words": municipality.portal_alarm_words,
            "version": municipality.version,
        },
    )
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: services.portal_settings_set(
                actor=request.user,
                municipality=municipality,
                escalate_after_hours=form.cleaned_data["escalate_after_hours"],
                answer_within_days=form.cleaned_data["answer_within_days"],
                alarm_words=form.cleaned_data["alarm_words"],
                expected_version=form.cleaned_data["version"] or 0,
            ),
            success=_("The settings for Min sag are saved."),
            done=lambda _municipality: redirect("accounts:organisation"),
            back_url=reverse("accounts:organisation_portal"),
            subject=municipality.name,
        )
        if saved is not None:
            return saved
    return render(
        request,
        "accounts/organisation_portal.html",
        {"form": form, "municipality": municipality},
    )


@require_http_methods(["GET", "POST"])
@login_required
def team_duty(request, team_id):
    """A team's duty phone and hours, shown to children when their caseworker is away."""
    team = _administered_team(request, team_id)
    form = TeamDutyForm(
        request.POST or None,
        initial={
            "duty_phone": team.duty_phone,
            "duty_hours": team.duty_hours,
            "duty_opens": team.duty_opens,
            "duty_closes": team.duty_closes,
            "version": team.version,
        },
    )
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: services.team_duty_set(
                actor=request.user,
                team=team,
                duty_phone=form.cleaned_data["duty_phone"],
                duty_hours=form.cleaned_data["duty_hours"],
                duty_opens=form.cleaned_data["duty_opens"],
                duty_closes=form.cleaned_data["duty_closes"],
                expected_version=form.cleaned_data["version"] or 0,
            ),
            success=_("The duty phone of %(team)s is saved.") % {"team": team.name},
            done=lambda _team: redirect("accounts:organisation"),
            back_url=reverse("accounts:team_duty", kwargs={"team_id": team.pk}),
            subject=team.name,
        )
        if saved is not None:
            return saved
    return render(request, "accounts/team_duty.html", {"form": form, "team": team})


@require_http_methods(["GET", "POST"])
@login_required
def team_department(request, team_id):
    """The department (afdeling) a team belongs to: a scope of the leadership figures."""
    team = _administered_team(request, team_id)
    form = TeamDepartmentForm(
        request.POST or None,
        initial={
            "department": team.department.name if team.department_id else "",
            "version": team.version,
        },
    )
    if request.method == "POST":
        saved = edit_save(
            request,
            form,
            lambda: services.team_department_set(
                actor=request.user,
                team=team,
                department=form.cleaned_data["department"],
                expected_version=form.cleaned_data["version"] or 0,
            ),
            success=_("The department of %(team)s is saved.") % {"team": team.name},
            done=lambda _team: redirect("accounts:organisation"),
            back_url=reverse("accounts:team_department", kwargs={"team_id": team.pk}),
            subject=team.name,
        )
        if saved is not None:
            return saved
    return render(
        request,
        "accounts/team_department.html",
        {
            "form": form,
            "team": team,
            "departments": selectors.departments_of_municipality(municipality=team.municipality),
        },
    )


@require_GET
@login_required
def photo(request, user_id):
    """A staff member's photo, for logged-in staff of the same municipality only."""
    member = (
        User.objects.filter(pk=user_id, municipality_id=request.user.municipality_id)
        .exclude(municipality__isnull=True)
        .only("pk", "photo")
        .first()
    )
    if member is None or not member.photo:
        raise Http404
    return photo_response(member)


def photo_response(member):
    """A staff member's stored photo (re-encoded JPEG on upload), never cached by the browser.
    Callers decide who may see it; a missing file is a 404."""
    if not member.photo:
        raise Http404
    try:
        handle = member.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response
