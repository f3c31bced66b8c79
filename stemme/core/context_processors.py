"""Template context every page needs: the navigation for the user's role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    if user.role == Role.CASEWORKER:
        items = [
            (_("My worklist"), reverse("deadlines:worklist")),
            (_("My children"), reverse("children:list")),
            (_("Search"), reverse("children:search")),
            (_("Involvement"), reverse("dashboards:involvement")),
        ]
    elif user.role == Role.TEAM_LEADER:
        items = [
            (_("The team's worklist"), reverse("deadlines:worklist")),
            (_("The team's children"), reverse("children:list")),
            (_("Search"), reverse("children:search")),
            (_("Involvement"), reverse("dashboards:involvement")),
            (_("A caseworker leaves"), reverse("continuity:leavers")),
        ]
    elif user.role == Role.ADMINISTRATOR:
        items = [
            (_("Organisation"), reverse("accounts:organisation")),
            (_("Deadline rules"), reverse("deadlines:rules")),
        ]
    # The longest matching prefix is the current item (/boern/soeg/ is "Search", not "My children").
    matching = [url for _label, url in items if request.path.startswith(url)]
    current = max(matching, key=len, default=None)
    return {
        "nav_items": [
            {"label": label, "url": url, "current": url == current} for label, url in items
        ]
    }
