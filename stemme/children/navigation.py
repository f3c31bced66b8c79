"""The children lists and the search in the staff menu (stemme/core/navigation.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.core.navigation import MenuEntry


def children_item(user) -> MenuEntry | None:
    if user.role == Role.CASEWORKER:
        return MenuEntry(_("My children"), reverse("children:list"))
    if user.role == Role.TEAM_LEADER:
        return MenuEntry(_("The team's children"), reverse("children:list"))
    return None


def search_item(user) -> MenuEntry | None:
    if user.role in (Role.CASEWORKER, Role.TEAM_LEADER):
        return MenuEntry(_("Search"), reverse("children:search"))
    return None
