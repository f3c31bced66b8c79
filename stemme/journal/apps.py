from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How the case's timeline names this app's events (stemme/audit/event_kinds.py).
EVENT_KINDS = {
    "journal.note_written": _("Journal note written"),
    "journal.note_corrected": _("Journal note corrected"),
}


class JournalConfig(AppConfig):
    name = "stemme.journal"
    label = "journal"
    verbose_name = _("Journal")

    def ready(self):
        # The app's parts of the staff pages' frame (menu) and of the timeline: core and audit
        # import no app, so the app registers them here.
        from stemme.audit.event_kinds import EVENT_KINDS as KNOWN_KINDS
        from stemme.core import navigation
        from stemme.journal import navigation as menu

        for kind, label in EVENT_KINDS.items():
            KNOWN_KINDS.setdefault(kind, label)
        navigation.menu_item_register(order=35, item=menu.search_item)
