"""A caseworker leaving, in the team leader's menu (stemme/core/navigation.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.core.navigation import MenuEntry


def leavers_item(user) -> MenuEntry | None:
    if user.role == Role.TEAM_LEADER:
        return MenuEntry(_("A caseworker leaves"), reverse("continuity:leavers"))
    return None
