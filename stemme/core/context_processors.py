"""Template context every page needs: the navigation for the user's role, from what the apps
registered (stemme/core/navigation.py)."""

from stemme.core import navigation as frame


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    # Before the second step of the login: no menu and no counts (MFARequiredMiddleware guards
    # the pages; this only keeps the menu quiet). Without OTPMiddleware there is no check.
    if not getattr(user, "is_verified", lambda: True)():
        return {"nav_items": []}
    items = frame.menu_for(user)
    # A child's alarm (urgent or possibly serious) shows on every page of the people who must
    # know until one of them acknowledges it; the messages item turns red with it.
    alarms = frame.alarm_banner_for(user)
    # The longest matching prefix is the current item (/boern/soeg/ is "Search", not "My children").
    matching = [item.url for item in items if request.path.startswith(item.url)]
    current = max(matching, key=len, default=None)
    return {
        "nav_items": [
            {
                "label": item.label,
                "url": item.url,
                "current": item.url == current,
                "count": item.count,
                "alarm": bool(alarms["count"]) and item.shows_alarm,
            }
            for item in items
        ],
        "alarm_banner": alarms,
    }
