"""Staff login in two steps (password, then a code from an authenticator app or a recovery
code), the recovery codes, the password change and the lockout page.

The rules live in services_mfa and the middleware; these views only carry HTTP.
"""

import logging
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stemme.accounts import selectors
from stemme.accounts.forms import (
    EnrolmentCodeForm,
    LoginForm,
    MFASetupForm,
    MFAVerifyForm,
    RecoveryCodesRenewForm,
    RecoveryCodesSavedForm,
    StaffPasswordChangeForm,
)
from stemme.accounts.middleware import NEW_RECOVERY_CODES, session_started, session_touched
from stemme.accounts.models import Role, User
from stemme.accounts.services import account_lock, enrolment, mfa
from stemme.core.forms import apply_errors

logger = logging.getLogger(__name__)
AFTER_RECOVERY_CODES = "stemme_after_recovery_codes"
SETUP_DEVICE = "stemme_totp_setup_device"  # the authenticator being set up in this session
ENROLMENT = "stemme_enrolment_code"  # the enrolment code this session has typed (its id)
ISSUED_CODE = "stemme_issued_enrolment_code"  # shown once to the administrator who issued it
# The pages before the second step show no menu: every item would only lead back here.
NO_MENU = {"nav_items": []}


def _next_url(request) -> str:
    """Where the user was going, if it is a page of this site; else the start page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # A path only: redirect() would take "foo" for the name of a view and fail (a 500).
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _posted(request):
    """The POST data of a POST (even an empty one: an unticked box is an error), else None."""
    return request.POST if request.method == "POST" else None


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class LoginView(auth_views.LoginView):
    """The first step: username and password. django-axes counts the failures per username
    and address; services_lockout per username from any address."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Before the password is checked: during a lock even the right one is refused to a
        # browser without the user's device cookie (else the lock would be a guessing oracle).
        lock = account_lock.login_refused(
            username=request.POST.get("username", ""),
            device_user_ids=account_lock.device_cookie_user_ids(
                request.COOKIES.get(account_lock.DEVICE_COOKIE)
            ),
        )
        if lock is not None:
            return account_locked(request, lock)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        # A wrong password, not one axes refused unchecked (locked from this address).
        if form.has_error(NON_FIELD_ERRORS, "invalid_login") and not getattr(
            self.request, "axes_locked_out", False
        ):
            account_lock.login_failed(username=self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form):
        super().form_valid(form)
        session_started(self.request)
        return redirect(_with_next("accounts:mfa_verify", self.get_success_url()))


class LogoutView(auth_views.LogoutView):
    pass


@require_POST
@login_required
def session_keepalive(request):
    """ "Stay logged in" in the warning before the idle logout: counts as use of Stemme now and
    changes nothing else (the page's script asks with htmx's header and gets an empty answer;
    without the script the form goes back to the page)."""
    session_touched(request)
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(status=204)
    return redirect(_next_url(request))


def _qr_svg(url: str) -> str:
    """The otpauth:// address as an inline SVG QR code (no script, no style attribute)."""
    label = _("QR code for your authenticator app")
    svg = segno.make(url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", svgclass="qr-code", title=label
    )
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the label is escaped


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _fully_logged_in(request, response):
    """Both steps are done: remember this browser for the user (the device cookie that lets
    them in during a lock of their account), and tell them of locks they have not heard of."""
    account_lock.device_cookie_set(
        response,
        user=request.user,
        old_value=request.COOKIES.get(account_lock.DEVICE_COOKIE),
    )
    notice = account_lock.login_succeeded(user=request.user)
    if notice is not None:
        messages.warning(
            request,
            _(
                "There have been %(count)d failed attempts to log in to your account since "
                "%(since)s. If it was not you, contact your administrator."
            )
            % {
                "count": notice.attempts,
                "since": date_format(timezone.localtime(notice.since), "DATETIME_FORMAT"),
            },
        )
    return response


@require_http_methods(["GET", "POST"])
@login_required
def mfa_enrol(request):
    """Before an authenticator can be set up: the one-time enrolment code from an
    administrator. The password alone shows no key."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if selectors.has_authenticator(user=request.user):
        return redirect(_with_next("accounts:mfa_verify", next_url))
    if enrolment.enrolment_session_valid(
        user=request.user, enrolment_id=request.session.get(ENROLMENT)
    ):
        return redirect(_with_next("accounts:mfa_setup", next_url))
    form = EnrolmentCodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_id = enrolment.enrolment_code_redeem(
                user=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            request.session[ENROLMENT] = enrolment_id
            return redirect(_with_next("accounts:mfa_setup", next_url))
    return render(request, "accounts/mfa_enrol.html", {**NO_MENU, "form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
@login_required
def mfa_setup(request):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code;
    then the recovery codes."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if selectors.has_authenticator(user=request.user):
        return redirect(_with_next("accounts:mfa_verify", next_url))
    enrolment_id = request.session.get(ENROLMENT)
    if not enrolment.enrolment_session_valid(user=request.user, enrolment_id=enrolment_id):
        # No valid enrolment code typed in this session: no key is made or shown.
        return redirect(_with_next("accounts:mfa_enrol", next_url))
    device = mfa.totp_device_for_setup(
        user=request.user, enrolment_id=enrolment_id, device_id=request.session.get(SETUP_DEVICE)
    )
    request.session[SETUP_DEVICE] = device.pk
    form = MFASetupForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = mfa.totp_device_confirm(
                user=request.user,
                enrolment_id=enrolment_id,
                device_id=device.pk,
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            django_otp.login(request, device)
            request.session.cycle_key()  # a new session id for the now fully logged-in user
            del request.session[SETUP_DEVICE]
            request.session.pop(ENROLMENT, None)
            request.session[NEW_RECOVERY_CODES] = codes
            request.session[AFTER_RECOVERY_CODES] = next_url
            messages.success(request, _("Two-step login is set up."))
            return _fully_logged_in(request, redirect("accounts:recovery_codes"))
    secret = b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            **NO_MENU,
            "form": form,
            "next": next_url,
            "qr_svg": _qr_svg(device.config_url),
            "secret": _grouped(secret),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def mfa_verify(request):
    """The second step of every login: a code from the authenticator app or a recovery code."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if not selectors.has_authenticator(user=request.user):
        return redirect(_with_next("accounts:mfa_setup", next_url))
    form = MFAVerifyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            verified = mfa.mfa_verify(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            django_otp.login(request, verified.device)
            request.session.cycle_key()
            if verified.used_recovery_code:
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(count)d are left. If your phone is lost, "
                        "ask an administrator to reset your two-step login."
                    )
                    % {"count": verified.recovery_codes_left},
                )
            return _fully_logged_in(request, redirect(next_url))
    return render(request, "accounts/mfa_verify.html", {**NO_MENU, "form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
@login_required
def recovery_codes(request):
    """New recovery codes, shown once, until the user confirms they have saved them."""
    codes = request.session.get(NEW_RECOVERY_CODES)
    if not codes:
        return redirect("accounts:security")
    form = RecoveryCodesSavedForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        del request.session[NEW_RECOVERY_CODES]
        return redirect(request.session.pop(AFTER_RECOVERY_CODES, None) or "core:home")
    return render(
        request, "accounts/recovery_codes.html", {**NO_MENU, "form": form, "codes": codes}
    )


@require_http_methods(["GET", "POST"])
@login_required
def security(request):
    """The staff member's own login security: password, authenticator, recovery codes."""
    form = RecoveryCodesRenewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa.recovery_codes_renew(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            request.session[NEW_RECOVERY_CODES] = codes
            request.session[AFTER_RECOVERY_CODES] = reverse("accounts:security")
            return redirect("accounts:recovery_codes")
    return render(
        request,
        "accounts/security.html",
        {
            "form": form,
            "status": selectors.mfa_status(user=request.user),
            "idle_minutes": settings.STEMME_SESSION_IDLE_SECONDS // 60,
            "absolute_hours": settings.STEMME_SESSION_ABSOLUTE_SECONDS // 3600,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def password_change(request):
    """A new password. With an initial password from an administrator it comes first, before
    the second step (the middleware sends the user here), and then on to where they were going."""
    forced = request.user.must_change_password
    form = StaffPasswordChangeForm(request.user, _posted(request))
    if request.method == "POST" and form.is_valid():
        user = mfa.password_change(
            user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        # Keeps this session (and its second step); the user's other sessions end.
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is changed."))
        return redirect(_next_url(request) if forced else "accounts:security")
    context = {"form": form, "forced": forced}
    if forced:
        context.update(NO_MENU, next=_next_url(request))
    return render(request, "accounts/password_change.html", context)


def _administered_colleague(request, user_id) -> User:
    if request.user.role != Role.ADMINISTRATOR or request.user.municipality_id is None:
        raise PermissionDenied
    member = User.objects.filter(pk=user_id, municipality_id=request.user.municipality_id).first()
    if member is None:
        raise Http404
    return member


def _back(request, member: User):
    """Back to the organisation page, or to the colleague's staff page if the form was there."""
    staff_page = reverse("accounts:staff_detail", kwargs={"user_id": member.pk})
    return redirect(
        staff_page if request.POST.get("next") == staff_page else "accounts:organisation"
    )


def _show_code_once(request, issued) -> None:
    """The new enrolment code, for the organisation page to show once (kept in the
    server-side session, never in a URL)."""
    request.session[ISSUED_CODE] = {
        "user": str(issued.user),
        "user_id": issued.user.pk,
        "code": issued.code,
        "expires_at": issued.expires_at.isoformat(),
    }


@require_POST
@login_required
def mfa_reset(request, user_id):
    """An administrator resets a colleague's two-step login (a lost or new phone); a new
    enrolment code is issued with it."""
    member = _administered_colleague(request, user_id)
    try:
        issued = mfa.mfa_reset(actor=request.user, user=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _show_code_once(request, issued)
        messages.success(
            request,
            _(
                "Two-step login is reset for %(name)s. They set up their authenticator app again "
                "at their next login, with the enrolment code below."
            )
            % {"name": member},
        )
    return _back(request, member)


@require_POST
@login_required
def enrolment_code_issue(request, user_id):
    """An administrator issues a colleague a new enrolment code (for a first login, or when
    the old one expired or was used up)."""
    member = _administered_colleague(request, user_id)
    try:
        issued = enrolment.enrolment_code_issue(actor=request.user, user=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _show_code_once(request, issued)
    return _back(request, member)


def account_locked(request, lock):
    """A login refused because the username is locked for browsers without its device cookie
    (services_lockout). The page says no more about the username than axes' lockout page."""
    logger.warning("Login refused: the username is locked for unknown browsers")
    minutes = max(1, round((lock.until - timezone.now()).total_seconds() / 60))
    return render(
        request,
        "accounts/locked_out.html",
        {"account_lock": True, "minutes": minutes},
        status=429,
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login while the username is locked from this address. Axes
    keeps the failures that caused the lockout (AccessFailureLog); a refusal during it goes to
    the log here."""
    logger.warning("Login refused: the username is locked out from this address")
    return render(
        request,
        "accounts/locked_out.html",
        {
            "minutes": round(settings.AXES_COOLOFF_TIME * 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )
