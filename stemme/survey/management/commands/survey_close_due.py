"""Close the youth-survey rounds whose last day has passed (daily, with the digest timer in
deploy/systemd; idempotent). A closed round takes no more answers and shows its figures."""

from django.core.management.base import BaseCommand

from stemme.survey.services import waves_close_due


class Command(BaseCommand):
    help = "Close the youth-survey rounds whose last day has passed."

    def handle(self, *args, **options):
        closed = waves_close_due()
        self.stdout.write(f"{closed} round(s) closed.")
