from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How the case's timeline names this app's events (stemme/audit/event_kinds.py).
EVENT_KINDS = {
    "documents.uploaded": _("Document uploaded"),
    "documents.scanned": _("Document virus scanned"),
    "documents.infected": _("Document infected: blocked"),
}


class DocumentsConfig(AppConfig):
    name = "stemme.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        # core and audit import no app, so the app registers its event kinds here.
        from stemme.audit.event_kinds import EVENT_KINDS as KNOWN_KINDS

        for kind, label in EVENT_KINDS.items():
            KNOWN_KINDS.setdefault(kind, label)
