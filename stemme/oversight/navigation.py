"""Leadership oversight in the page frame (stemme/core/navigation.py): the menu items, and the
panel of actions from case reviews on a caseworker's worklist."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.core.navigation import MenuEntry
from stemme.oversight.selectors.reviews import review_actions_open


def oversight_item(user) -> MenuEntry | None:
    if user.role in (Role.CASEWORKER, Role.TEAM_LEADER):
        label = _("Overview") if user.role == Role.TEAM_LEADER else _("My figures")
        return MenuEntry(label, reverse("oversight:overview"))
    return None


def review_item(user) -> MenuEntry | None:
    if user.role == Role.TEAM_LEADER:
        return MenuEntry(_("Case reviews"), reverse("oversight:reviews"))
    return None


def review_actions_panel(user) -> dict | None:
    """The caseworker's open actions from case reviews, on their worklist."""
    actions = review_actions_open(user=user)
    if not actions:
        return None
    return {
        "template": "oversight/_review_actions_panel.html",
        "actions": actions,
        "today": timezone.localdate(),
    }
