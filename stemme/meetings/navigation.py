"""The week view in the staff menu (stemme/core/navigation.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.core.navigation import MenuEntry


def week_item(user) -> MenuEntry | None:
    if user.role == Role.CASEWORKER:
        return MenuEntry(_("My week"), reverse("meetings:week"))
    if user.role == Role.TEAM_LEADER:
        return MenuEntry(_("The team's week"), reverse("meetings:week"))
    return None
