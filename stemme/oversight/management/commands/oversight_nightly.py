"""The leaders' figures of the night (deploy/systemd/stemme-figures.timer; idempotent): every
team's overdue duties, duties due within 14 days, open cases and caseworkers, stored for the
history on the overview ("Udvikling"). ``--months N`` also counts the last day of each of the
N months before this one where it has no figures yet (a first installation's history), marked
as counted afterwards."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from stemme.oversight.selectors.deadlines import month_start
from stemme.oversight.services import team_days_record


class Command(BaseCommand):
    help = "Store every team's figures for today (and, with --months, past month ends)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=0,
            help="Also count the last day of each of the N months before this one (0-36).",
        )

    def handle(self, *args, months: int, **options):
        months = max(0, min(months, 36))
        today = timezone.localdate()
        past = [month_start(today, back) - dt.timedelta(1) for back in range(months - 1, -1, -1)]
        written = sum(team_days_record(day=day) for day in past)
        written += team_days_record()
        self.stdout.write(f"{written} team day(s) counted.")
