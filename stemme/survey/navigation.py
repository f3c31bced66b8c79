"""The youth survey in the staff menu (stemme/core/navigation.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.core.navigation import MenuEntry


def survey_item(user) -> MenuEntry | None:
    if user.role in (Role.TEAM_LEADER, Role.ADMINISTRATOR):
        return MenuEntry(_("Youth survey"), reverse("survey:waves"))
    return None
