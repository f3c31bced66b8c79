"""The search in the journal notes, in the staff menu (stemme/core/navigation.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.core.navigation import MenuEntry


def search_item(user) -> MenuEntry | None:
    if user.role in (Role.CASEWORKER, Role.TEAM_LEADER):
        return MenuEntry(_("Journal search"), reverse("journal:search"))
    return None
