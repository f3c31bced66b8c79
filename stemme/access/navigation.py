"""Emergency access in the team leader's menu, and where "home" leads for staff who see
children (stemme/core/navigation.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from stemme.access.selectors import can_see_child_data, emergency_unreviewed_count
from stemme.accounts.models import Role
from stemme.core.navigation import MenuEntry


def emergency_item(user) -> MenuEntry | None:
    """The leader's review of emergency access (nødadgang), with the unreviewed count (one
    query)."""
    if user.role != Role.TEAM_LEADER:
        return None
    label = _("Emergency access")
    count = emergency_unreviewed_count(user)
    return MenuEntry(
        f"{label} ({count})" if count else label, reverse("access:emergency_review"), count
    )


def home_for_casework(user) -> str | None:
    """Staff who see children start at their worklist."""
    return reverse("deadlines:worklist") if can_see_child_data(user) else None
