"""Portal pages for the child (and, limited, a parent). No staff login is used or honoured."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemme.accounts.lockout import client_ip
from stemme.accounts.views.organisation import photo_response
from stemme.core.forms import apply_errors
from stemme.portal import selectors, services
from stemme.portal.forms import ActivateForm, LoginForm
from stemme.portal.session import portal_login_required, session_account, session_end, session_start
from stemme.portal.views.common import portal_render


def _client_ip(request) -> str | None:
    """The real client's address, by the same rule as the staff lockout (trusted proxies)."""
    return client_ip(request)


@require_http_methods(["GET", "POST"])
def activate(request):
    form = ActivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = _client_ip(request)
        if services.client_throttled(client):
            form.add_error(None, services.TOO_MANY_TRIES)
        else:
            try:
                account = services.portal_activate(
                    code=form.cleaned_data["code"],
                    secret=form.cleaned_data["secret"],
                    secret_again=form.cleaned_data["secret_again"],
                    client=client,
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
        client = _client_ip(request)
        if services.client_throttled(client):
            form.add_error(None, services.TOO_MANY_TRIES)
        else:
            try:
                account = services.portal_login(
                    login_id=form.cleaned_data["login_id"],
                    secret=form.cleaned_data["secret"],
                    client=client,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                response = redirect("portal:home")
                session_start(response, account)
                return response
    return render(
        request,
        "portal/login.html",
        {"form": form, "logged_out": request.method == "GET" and LOGGED_OUT_FLAG in request.GET},
    )


# Where "Quick exit" goes: an ordinary news site, nothing that hints at the portal.
QUICK_EXIT_URL = "https://www.dr.dk/"
LOGGED_OUT_FLAG = "logget-ud"


@require_POST
@portal_login_required
def logout(request):
    services.portal_logout(account=request.portal_account)
    response = redirect(f"{reverse('portal:login')}?{LOGGED_OUT_FLAG}=1")
    session_end(response)
    return response


# Exempt from CSRF on purpose: quick exit must never fail for a frightened child (an expired
# token would show an error page instead of leaving), and all it can do is end a session.
@csrf_exempt
@require_POST
def quick_exit(request):
    """End the portal session on the server (every session of the account, so a copied cookie
    is worthless too), delete the cookie and leave for an ordinary site. Works without a
    session and without JS (a plain form post); portal.js posts it before replacing the page."""
    account = session_account(request)
    if account is not None:
        services.portal_logout(account=account)
    # A neutral page that moves on at once. Not a redirect: the CSP's form-action 'self' would
    # stop a form post that redirects to another site.
    response = render(request, "portal/quick_exit.html", {"exit_to": QUICK_EXIT_URL})
    session_end(response)
    add_never_cache_headers(response)
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
