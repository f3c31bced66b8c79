"""The warning before the idle logout, on every staff page after both login steps."""

import time

from django import template
from django.conf import settings

from stemme.accounts.middleware import SEEN_AT

register = template.Library()

WARN_SECONDS = 120  # "You will be logged out in 2 minutes"


@register.inclusion_tag("accounts/_session_warning.html", takes_context=True)
def session_warning(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", bool)():
        return {"show": False}
    idle = settings.STEMME_SESSION_IDLE_SECONDS
    seen_at = request.session.get(SEEN_AT)
    elapsed = int(time.time()) - seen_at if isinstance(seen_at, int) else 0
    warn = min(WARN_SECONDS, idle // 2)
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "idle_seconds": idle,
        "idle_minutes": idle // 60,
        "remaining_seconds": max(idle - elapsed, 0),
        "warn_seconds": warn,
        "warn_minutes": max(warn // 60, 1),
    }
