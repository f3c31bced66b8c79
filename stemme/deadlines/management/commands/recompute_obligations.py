"""``manage.py recompute_obligations``: re-derive every case's obligations from its events.

Run nightly (open → overdue needs no recompute, but a changed rule or holiday setting does), and
after an import. Prints the time it took.
"""

import time

from django.core.management.base import BaseCommand

from stemme.accounts.models import Municipality
from stemme.deadlines.services import obligations_recompute_all


class Command(BaseCommand):
    help = "Recompute the statutory obligations of every case from its events."

    def handle(self, *args, **options):
        for municipality in Municipality.objects.order_by("name"):
            started = time.perf_counter()
            count = obligations_recompute_all(municipality=municipality)
            self.stdout.write(
                f"{municipality.name}: {count} forpligtelser på "
                f"{time.perf_counter() - started:.1f} s"
            )
