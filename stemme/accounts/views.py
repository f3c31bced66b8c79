from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from stemme.accounts import selectors
from stemme.accounts.forms import LoginForm
from stemme.accounts.models import Role


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
