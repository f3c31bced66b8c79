"""Template context every page needs: the navigation for the user's role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Role


def _messages_item(user):
    """ "Messages from children" with the unread count (one query): a caseworker's own inbox;
    a team leader, rarely assigned to cases, gets the team's duty inbox."""
    from stemme.portal.selectors import messages as portal_messages

    label = _("Messages from children")
    if user.role == Role.TEAM_LEADER:
        url = reverse("portal_staff:duty_inbox")
        count = portal_messages.duty_inbox_count(user=user)
    else:
        url = reverse("portal_staff:inbox")
        count = portal_messages.inbox_unread_count(user=user)
    return (f"{label} ({count})" if count else label, url, count)


def _emergency_item(user):
    """The leader's review of emergency access (nødadgang), with the unreviewed count (one
    query)."""
    from stemme.access.selectors import emergency_unreviewed_count

    label = _("Emergency access")
    count = emergency_unreviewed_count(user)
    return (f"{label} ({count})" if count else label, reverse("access:emergency_review"), count)


def _alarm_banner(user):
    from stemme.portal.selectors.alarms import alarm_banner

    return alarm_banner(user)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    # Before the second step of the login: no menu and no counts (MFARequiredMiddleware guards
    # the pages; this only keeps the menu quiet). Without OTPMiddleware there is no check.
    if not getattr(user, "is_verified", lambda: True)():
        return {"nav_items": []}
    items = []
    if user.role == Role.CASEWORKER:
        items = [
            (_("My worklist"), reverse("deadlines:worklist")),
            (_("My children"), reverse("children:list")),
            (_("Search"), reverse("children:search")),
            (_("Involvement"), reverse("dashboards:involvement")),
            _messages_item(user),
        ]
    elif user.role == Role.TEAM_LEADER:
        items = [
            (_("The team's worklist"), reverse("deadlines:worklist")),
            (_("The team's children"), reverse("children:list")),
            (_("Search"), reverse("children:search")),
            (_("Involvement"), reverse("dashboards:involvement")),
            (_("A caseworker leaves"), reverse("continuity:leavers")),
            _messages_item(user),
            _emergency_item(user),
        ]
    elif user.role == Role.ADMINISTRATOR:
        items = [
            (_("Organisation"), reverse("accounts:organisation")),
            (_("Deadline rules"), reverse("deadlines:rules")),
        ]
    items = [item if len(item) == 3 else (*item, None) for item in items]
    # A child's alarm (urgent or possibly serious) shows on every page of the people who must
    # know until one of them acknowledges it; the messages item turns red with it.
    alarms = _alarm_banner(user)
    # The longest matching prefix is the current item (/boern/soeg/ is "Search", not "My children").
    matching = [url for _label, url, _count in items if request.path.startswith(url)]
    current = max(matching, key=len, default=None)
    messages_urls = {reverse("portal_staff:inbox"), reverse("portal_staff:duty_inbox")}
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "current": url == current,
                "count": count,
                "alarm": bool(alarms["count"]) and url in messages_urls,
            }
            for label, url, count in items
        ],
        "alarm_banner": alarms,
    }
