"""The answers each scale allows, as the young person sees them. 0 is always "don't know"."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DONT_KNOW = 0
OPEN_MAX_CHARS = 2000

CHOICES = {
    "fits": [
        (5, _("Fits very well")),
        (4, _("Fits well")),
        (3, _("Fits partly")),
        (2, _("Fits badly")),
        (1, _("Fits very badly")),
        (DONT_KNOW, _("Don't know")),
    ],
    "yes_no": [(1, _("Yes")), (2, _("No")), (DONT_KNOW, _("Don't know"))],
    "contacts": [
        (1, pgettext_lazy("survey contacts", "None")),
        (2, _("1-3 times")),
        (3, _("4 times or more")),
        (DONT_KNOW, _("Don't know")),
    ],
    "changes": [
        (1, _("None: I have had the same one")),
        (2, _("Once")),
        (3, _("Twice")),
        (4, _("3 times or more")),
        (DONT_KNOW, _("Don't know")),
    ],
    "open": [],
}

# How the report groups the "fits" scale, as VIVE reports it.
TOP_2 = (4, 5)
PARTLY = (3,)
BOTTOM_2 = (1, 2)


def allowed(scale: str) -> set[int]:
    return {value for value, _label in CHOICES[scale]}


def values(text: str) -> tuple[int, ...]:
    """``"4,5"`` → ``(4, 5)``; empty → ``()``."""
    return tuple(int(part) for part in text.split(",") if part)
