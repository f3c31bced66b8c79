"""Queue today's overview of overdue duties and duties due today, once per person per day.

Run daily by a systemd timer or cron (docs/operations.md, "Notifications"); running it again the
same day sends nothing new. The e-mails leave through the worker.
"""

from django.core.management.base import BaseCommand

from stemme.notifications.services import digests_send


class Command(BaseCommand):
    help = "Queue today's overview of duties for everyone who wants it (once per person per day)."

    def handle(self, *args, **options):
        made = digests_send()
        self.stdout.write(f"{made} overview(s) queued.")
