"""The youth survey's daily work (deploy/systemd/stemme-survey.timer; idempotent): close the
rounds whose last day has passed (no more answers; the figures can be shown), and queue the
content-free SMS that are due (a round's invitation, a reminder a week before it closes) for the
young people who gave a number in Min sag."""

from django.core.management.base import BaseCommand

from stemme.survey.services import survey_daily


class Command(BaseCommand):
    help = "Close the youth-survey rounds that have ended; queue the SMS that are due."

    def handle(self, *args, **options):
        closed, queued = survey_daily()
        self.stdout.write(f"{closed} round(s) closed, {queued} SMS queued.")
