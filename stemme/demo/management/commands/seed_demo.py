"""``manage.py seed_demo``: fill the database with the fictional Stemmeby Kommune.

Only argument handling and output live here; building and writing are in stemme.demo.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from stemme.demo.plan import (
    DEMO_ENROLMENT_CODE,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_PORTAL_LOGINS,
    DEMO_PORTAL_PIN,
    MIN_CHILDREN,
)
from stemme.demo.services import DemoDataExists, demo_seed

MAX_CHILDREN = 200_000


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today skal være en dato som ÅÅÅÅ-MM-DD, ikke {value!r}.") from exc


class Command(BaseCommand):
    help = (
        "Create the demo municipality Stemmeby Kommune with staff, children, cases, the step "
        "records of their casework and its event history. Obligations are not derived."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children", type=int, default=200, help="How many children (default 200)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; the same seed gives the same data."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has a municipality.",
        )
        parser.add_argument(
            "--today",
            default=None,
            help="Pretend today is this date (YYYY-MM-DD); defaults to the real date.",
        )

    def handle(self, *args, **options) -> None:
        children: int = options["children"]
        if not MIN_CHILDREN <= children <= MAX_CHILDREN:
            raise CommandError(
                f"--children skal være mellem {MIN_CHILDREN} og {MAX_CHILDREN}, ikke {children}."
            )
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        try:
            result = demo_seed(
                children=children, seed=options["seed"], today=today, if_empty=options["if_empty"]
            )
        except DemoDataExists as exc:
            raise CommandError(
                f"Demodata kan ikke oprettes: {exc}. Brug en tom database eller --if-empty."
            ) from exc
        if not result.created:
            self.stdout.write("Databasen har allerede en kommune; demodata springes over.")
            self._print_logins()
            return

        counts = ", ".join(f"{name} {count}" for name, count in result.counts.items())
        total = result.plan_seconds + result.write_seconds + result.obligation_seconds
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata for Stemmeby Kommune oprettet på {total:.1f} s "
                f"(plan {result.plan_seconds:.1f} s, skrivning {result.write_seconds:.1f} s, "
                f"frister {result.obligation_seconds:.1f} s)."
            )
        )
        self.stdout.write(f"Rækker: {counts}.")
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(
            f"Demo-logins (adgangskode {DEMO_PASSWORD}; tilmeldingskode til totrinslogin ved "
            f"første login {DEMO_ENROLMENT_CODE}):"
        )
        for username, description in DEMO_LOGINS:
            self.stdout.write(f"  {username:<11} {description}")
        self.stdout.write(f"Min sag (http://127.0.0.1:8000/min-sag/, pinkode {DEMO_PORTAL_PIN}):")
        for login_id, description in DEMO_PORTAL_LOGINS:
            self.stdout.write(f"  {login_id:<11} {description}")
        self.stdout.write("Stemme: http://127.0.0.1:8000")
