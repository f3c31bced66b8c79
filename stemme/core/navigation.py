"""The frame every staff page shares — the menu, the alarm banner, where "home" leads — filled by
the apps that own each part. ``core`` imports no app (import-linter keeps it so): each app
registers its parts in its ``AppConfig.ready()``, and the context processor and the home view
only ask this registry.

A menu item is a callable ``item(user) -> MenuEntry | None`` (None: not for this user), placed by
``order``; the first ``home`` callable that answers with a URL decides where "/" leads.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url: str
    count: int | None = None
    # The item turns red while a child's alarm is unacknowledged (the messages from children).
    shows_alarm: bool = False


@dataclass(frozen=True)
class _Registered:
    order: int
    item: Callable


_MENU: list[_Registered] = []
_HOME: list[_Registered] = []
_BANNER: list[Callable] = []
_WORKLIST_PANELS: list[Callable] = []


def menu_item_register(*, order: int, item: Callable) -> None:
    if all(registered.item is not item for registered in _MENU):
        _MENU.append(_Registered(order, item))
        _MENU.sort(key=lambda registered: registered.order)


def home_register(*, order: int, home: Callable) -> None:
    if all(registered.item is not home for registered in _HOME):
        _HOME.append(_Registered(order, home))
        _HOME.sort(key=lambda registered: registered.order)


def alarm_banner_register(banner: Callable) -> None:
    """``banner(user) -> {"count": int, ...}``: the alarm banner's content (one provider)."""
    if banner not in _BANNER:
        _BANNER.append(banner)


def worklist_panel_register(panel: Callable) -> None:
    """``panel(user) -> {"template": str, ...} | None``: a panel on the worklist page from
    another app (the actions from case reviews), shown above the deadlines."""
    if panel not in _WORKLIST_PANELS:
        _WORKLIST_PANELS.append(panel)


def worklist_panels_for(user) -> list[dict]:
    return [shown for panel in _WORKLIST_PANELS if (shown := panel(user))]


def menu_for(user) -> list[MenuEntry]:
    return [entry for registered in _MENU if (entry := registered.item(user)) is not None]


def home_for(user) -> str | None:
    for registered in _HOME:
        url = registered.item(user)
        if url:
            return url
    return None


def alarm_banner_for(user) -> dict:
    for banner in _BANNER:
        return banner(user)
    return {"count": 0}
