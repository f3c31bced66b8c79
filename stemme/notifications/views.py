from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stemme.accounts.models import Role
from stemme.core.conflicts import edit_save
from stemme.notifications import selectors, services
from stemme.notifications.forms import PreferencesForm
from stemme.notifications.sms import sms_adapter

KINDS = ("urgent_message", "unread_message", "emergency_access", "handover", "digest")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request):
    """The user's own notification settings (a sub-page of My profile). About the user, not a
    child: no access log, no event."""
    user = request.user
    current = selectors.preference_for(user)
    sms_available = sms_adapter().available
    form = PreferencesForm(
        request.POST or None,
        user=user,
        sms_available=sms_available,
        initial={
            **{kind: current.wants(kind) for kind in KINDS},
            "sms_number": current.sms_number,
            "by_sms": current.by_sms,
            "version": current.version if current.pk else 0,
        },
    )
    if request.method == "POST":

        def save():
            data = form.cleaned_data
            return services.preferences_set(
                actor=user,
                user=user,
                **{kind: data.get(kind, current.wants(kind)) for kind in KINDS},
                sms_number=data.get("sms_number", current.sms_number),
                by_sms=data.get("by_sms", False),
                expected_version=data["version"],
            )

        response = edit_save(
            request,
            form,
            save,
            success=_("Your notification settings are saved."),
            done=lambda _saved: redirect("notifications:preferences"),
            back_url=reverse("notifications:preferences"),
            subject=_("Your notification settings"),
            # The user's own settings are not event-logged: the page must not say they are.
            context={"unlogged": True},
        )
        if response is not None:
            return response
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "has_email": bool(user.email),
            "no_duties": user.role == Role.ADMINISTRATOR,
        },
    )
