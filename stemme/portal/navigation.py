"""Messages from children in the staff menu, and a child's alarm on every staff page
(stemme/core/navigation.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.core.navigation import MenuEntry
from stemme.portal.selectors import messages as portal_messages
from stemme.portal.selectors.alarms import alarm_banner


def messages_item(user) -> MenuEntry | None:
    """ "Messages from children" with the unread count (one query): a caseworker's own inbox;
    a team leader, rarely assigned to cases, gets the team's duty inbox."""
    if user.role == Role.TEAM_LEADER:
        url = reverse("portal_staff:duty_inbox")
        count = portal_messages.duty_inbox_count(user=user)
    elif user.role == Role.CASEWORKER:
        url = reverse("portal_staff:inbox")
        count = portal_messages.inbox_unread_count(user=user)
    else:
        return None
    label = _("Messages from children")
    return MenuEntry(f"{label} ({count})" if count else label, url, count, shows_alarm=True)


def staff_alarm_banner(user) -> dict:
    return alarm_banner(user)
