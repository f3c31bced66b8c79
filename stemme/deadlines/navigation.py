"""The worklist and the deadline rules in the staff menu (stemme/core/navigation.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.core.navigation import MenuEntry


def worklist_item(user) -> MenuEntry | None:
    if user.role == Role.CASEWORKER:
        return MenuEntry(_("My worklist"), reverse("deadlines:worklist"))
    if user.role == Role.TEAM_LEADER:
        return MenuEntry(_("The team's worklist"), reverse("deadlines:worklist"))
    return None


def rules_item(user) -> MenuEntry | None:
    if user.role == Role.ADMINISTRATOR:
        return MenuEntry(_("Deadline rules"), reverse("deadlines:rules"))
    return None
