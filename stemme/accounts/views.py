from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stemme.accounts import selectors, services
from stemme.accounts.forms import LoginForm, ProfileForm
from stemme.accounts.models import Role, User
from stemme.core.forms import apply_errors


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def organisation(request):
    """The administrator's view of the municipality: teams and staff, never child data."""
    if request.user.role != Role.ADMINISTRATOR or request.user.municipality_id is None:
        raise PermissionDenied
    municipality = request.user.municipality
    return render(
        request,
        "accounts/organisation.html",
        {
            "municipality": municipality,
            "teams": selectors.teams_of_municipality(municipality=municipality),
            "staff": selectors.staff_of_municipality(municipality=municipality),
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
        initial={"phone": user.phone, "introduction": user.introduction},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                actor=user,
                user=user,
                phone=form.cleaned_data["phone"],
                introduction=form.cleaned_data["introduction"],
                photo=form.cleaned_data["photo"],
                remove_photo=form.cleaned_data["remove_photo"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "member": user})


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
