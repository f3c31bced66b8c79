"""``manage.py retention [--municipality CODE] [--today DATE] [--apply --user USERNAME]``

Without ``--apply`` (the default) a dry run: every child with what would happen and why — kept
(and the reason), due for deletion, or due but blocked (by what). Only opaque child ids are
printed, never names or CPR numbers, because job output ends up in logs.

``--apply`` deletes the due children of one municipality — or, if any of them is blocked,
nothing at all (stemme/privacy/retention.py explains the rules and the blockers).

``--hold CHILD_ID --reason TEXT --user USERNAME`` keeps a child for the archive;
``--lift HOLD_ID --reason TEXT --user USERNAME`` lifts such a hold.
"""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from stemme.accounts.models import Municipality, User
from stemme.children.models import Child
from stemme.privacy import services
from stemme.privacy.models import ArchiveHold
from stemme.privacy.retention import RetentionConfigError, retention_plan, schedules


def _uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise CommandError(f"{what} skal være et id (UUID), ikke {value!r}.") from exc


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Report (default) or apply the retention rules: which children's records may be deleted."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="Only this municipality (kommunekode).")
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run", action="store_true", help="Only report (the default; deletes nothing)."
        )
        mode.add_argument("--apply", action="store_true", help="Delete the due children.")
        mode.add_argument("--hold", metavar="CHILD_ID", help="Keep this child for the archive.")
        mode.add_argument("--lift", metavar="HOLD_ID", help="Lift this archive hold.")
        parser.add_argument("--reason", help="Why (for --hold and --lift).")
        parser.add_argument("--user", help="The responsible staff member (for every change).")

    def handle(self, *args, **options):
        translation.activate("da")
        try:
            configured = schedules()
        except RetentionConfigError as exc:
            raise CommandError(str(exc)) from exc
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today skal være en dato som ÅÅÅÅ-MM-DD.") from exc
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Ingen kommune med kommunekode {options['municipality']!r}.")
        if options["hold"] or options["lift"]:
            self._hold(options)
        elif options["apply"]:
            self._apply(options, municipality, today)
        else:
            self._report(configured, municipality, today)

    def _user(self, options) -> User:
        if not options["user"]:
            raise CommandError("Angiv --user BRUGERNAVN: den, der står for ændringen.")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Brugeren {options['user']!r} findes ikke.")
        return user

    def _hold(self, options) -> None:
        user = self._user(options)
        try:
            if options["hold"]:
                child = Child.objects.filter(pk=_uuid(options["hold"], "--hold")).first()
                if child is None:
                    raise CommandError("Intet barn med det id.")
                hold = services.archive_hold_set(
                    actor=user, child=child, reason=options["reason"] or ""
                )
                self.stdout.write(f"Barnet {child.pk} bevares (arkivhold {hold.pk}).")
            else:
                hold = ArchiveHold.objects.filter(pk=_uuid(options["lift"], "--lift")).first()
                if hold is None:
                    raise CommandError("Intet arkivhold med det id.")
                services.archive_hold_lift(actor=user, hold=hold, reason=options["reason"] or "")
                self.stdout.write(f"Arkivhold {hold.pk} er ophævet.")
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc

    def _apply(self, options, municipality, today) -> None:
        user = self._user(options)
        municipality = municipality or user.municipality
        if municipality is None:
            raise CommandError("Angiv --municipality KODE.")
        try:
            deleted = services.retention_apply(actor=user, municipality=municipality, today=today)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        except services.RetentionBlocked as exc:
            lines = [f"  {v.child_id}: {'; '.join(v.blockers)}" for v in exc.verdicts[:20]] + (
                [f"  … og {len(exc.verdicts) - 20} flere"] if len(exc.verdicts) > 20 else []
            )
            raise CommandError(
                "Sletningen er blokeret; intet er slettet. "
                f"{len(exc.verdicts)} børn har passeret slettefristen, men andre oplysninger "
                "henviser til dem. Hændelsesloggen og adgangsloggen er append-only og kan ikke "
                "slettes eller ændres af programmet; se docs/security.md (Opbevaring og "
                "sletning) for, hvordan de håndteres.\n" + "\n".join(lines)
            ) from exc
        for verdict in deleted:
            self.stdout.write(f"Slettet: {verdict.child_id} ({verdict.reason})")
        self.stdout.write(f"{len(deleted)} børn slettet i {municipality.name}.")

    def _report(self, configured, municipality, today) -> None:
        self.stdout.write(
            f"Opbevaring og sletning pr. {today:%d.%m.%Y} — prøvekørsel, intet slettes."
        )
        verdicts = retention_plan(today=today, municipality=municipality)
        names = dict(Municipality.objects.values_list("code", "name"))
        current = None
        totals = {"keep": 0, "due": 0, "blocked": 0}
        for verdict in verdicts:
            if verdict.municipality != current:
                current = verdict.municipality
                schedule = configured.get(current)
                rule = (
                    f"slettes {schedule.closed_case_years} år efter sidste sags lukning "
                    f"(godkendelse: {schedule.approval})"
                    if schedule
                    else "ingen slettefrist konfigureret: alt bevares"
                )
                self.stdout.write(f"\n{names.get(current, current)} ({current}): {rule}")
            if not verdict.due:
                status, totals["keep"] = "BEVARES", totals["keep"] + 1
                detail = verdict.reason
            elif verdict.blockers:
                status, totals["blocked"] = "BLOKERET", totals["blocked"] + 1
                detail = f"{verdict.reason} — blokeret af: {'; '.join(verdict.blockers)}"
            else:
                status, totals["due"] = "SLETTES", totals["due"] + 1
                detail = verdict.reason
            self.stdout.write(f"  {verdict.child_id}  {status:<8}  {detail}")
        self.stdout.write(
            f"\nI alt {len(verdicts)} børn: {totals['keep']} bevares, {totals['due']} ville blive "
            f"slettet med --apply, {totals['blocked']} har passeret fristen men er blokeret."
        )
        self.stdout.write(
            "Hændelsesloggen og adgangsloggen bevares altid (append-only); se docs/security.md."
        )
