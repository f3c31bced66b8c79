"""The organisation in the administrator's menu, and "home" for everyone else
(stemme/core/navigation.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from stemme.accounts.models import Role
from stemme.core.navigation import MenuEntry


def organisation_item(user) -> MenuEntry | None:
    if user.role == Role.ADMINISTRATOR:
        return MenuEntry(_("Organisation"), reverse("accounts:organisation"))
    return None


def home_for_administration(user) -> str:
    return reverse("accounts:organisation")
