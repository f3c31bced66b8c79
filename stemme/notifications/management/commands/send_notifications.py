"""Queue the notifications that are due by time or were made without a notice: children's
messages left unread past the escalation time, emergency access to review, handovers.

Run every few minutes by a systemd timer or cron (docs/operations.md, "Notifications"); what was
told once is never told again. The e-mails leave through the worker.
"""

from django.core.management.base import BaseCommand

from stemme.notifications.services import notifications_sweep


class Command(BaseCommand):
    help = "Queue due notifications (unread messages, emergency access, handovers)."

    def handle(self, *args, **options):
        made = notifications_sweep()
        self.stdout.write(f"{made} notification(s) queued.")
