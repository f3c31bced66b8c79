"""Portal pages for the child (and, limited, a parent). No staff login is used or honoured."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemme.accounts.views import photo_response
from stemme.core.forms import apply_errors
from stemme.portal import selectors, services
from stemme.portal.forms import ActivateForm, LoginForm
from stemme.portal.session import portal_login_required, session_account, session_end, session_start
from stemme.portal.views.common import portal_render


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@require_http_methods(["GET", "POST"])
def activate(request):
    form = ActivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.ip_throttled(_client_ip(request)):
            form.add_error(None, services.TOO_MANY_TRIES)
        else:
            try:
                account = services.portal_activate(
                    code=form.cleaned_data["code"],
                    secret=form.cleaned_data["secret"],
                    secret_again=form.cleaned_data["secret_again"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                response = redirect("portal:home")
                session_start(response, account)
                return response
    return render(request, "portal/activate.html", {"form": form})


@require_http_methods(["GET", "POST"])
def login(request):
    if request.method == "GET" and session_account(request) is not None:
        return redirect("portal:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.ip_throttled(_client_ip(request)):
            form.add_error(None, services.TOO_MANY_TRIES)
        else:
            try:
                account = services.portal_login(
                    login_id=form.cleaned_data["login_id"], secret=form.cleaned_data["secret"]
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                response = redirect("portal:home")
                session_start(response, account)
                return response
    return render(request, "portal/login.html", {"form": form})


@require_POST
@portal_login_required
def logout(request):
    services.portal_logout(account=request.portal_account)
    response = redirect("portal:login")
    session_end(response)
    return response


@require_GET
@portal_login_required
def home(request):
    return portal_render(
        request, "portal/home.html", selectors.portal_home(account=request.portal_account)
    )


@require_GET
@portal_login_required(not_found=True)
def caseworker_photo(request, user_id):
    """A photo of one of the child's own current caseworkers; anyone else's is 404."""
    member = selectors.caseworker_for_photo(child=request.portal_account.child, user_id=user_id)
    if member is None:
        raise Http404
    return photo_response(member)
