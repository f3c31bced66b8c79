"""``manage.py issue_enrolment_code <username>``: an enrolment code for two-step login from the
command line, for the first administrator of a new installation (nobody can issue one in the
browser yet). Only argument handling and output live here; the rules are in
stemme.accounts.services.enrolment."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from stemme.accounts.models import User
from stemme.accounts.services.enrolment import enrolment_code_issue_by_operator


class Command(BaseCommand):
    help = (
        "Issue a one-time enrolment code with which the user sets up their authenticator app. "
        "Any older code of the user stops working."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The staff user's username.")

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Der findes ingen bruger med brugernavnet {options['username']!r}.")
        issued = enrolment_code_issue_by_operator(user=user)
        expires = timezone.localtime(issued.expires_at).strftime("%d-%m-%Y kl. %H:%M")
        self.stdout.write(f"Tilmeldingskode til {user.username}: {issued.code}")
        self.stdout.write(
            f"Koden virker én gang, indtil {expires}. Ældre koder virker ikke længere."
        )
        self.stdout.write(
            "Giv koden til brugeren personligt eller i telefonen. Med den og sin adgangskode "
            "opsætter brugeren sin godkendelsesapp ved næste login."
        )
