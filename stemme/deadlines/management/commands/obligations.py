"""``manage.py obligations --child <id or CPR> [--at YYYY-MM-DD] --format json``

Prints the obligations the deadline engine derives for each of the child's cases, as of a date
(default now): rule id, legal basis, due, status, what met it. Computed from the events, not read
from the stored obligations, so it also answers "what did the law require on that date?".
"""

import datetime as dt
import json
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stemme.audit.models import Event
from stemme.cases.models import Case
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child
from stemme.deadlines.engine import derive_obligations
from stemme.deadlines.services import case_facts, rule_config_for


def _child(identifier: str) -> Child:
    try:
        return Child.objects.get(pk=uuid.UUID(identifier))
    except (ValueError, Child.DoesNotExist):
        pass
    number = cpr_numbers.normalise(identifier)
    matches = list(Child.objects.filter(cpr=number)[:2])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise CommandError("CPR-nummeret findes i flere kommuner; brug barnets id.")
    raise CommandError(f"Intet barn med id eller CPR-nummer {identifier!r}.")


class Command(BaseCommand):
    help = "Print the statutory obligations derived for a child's cases."

    def add_arguments(self, parser):
        parser.add_argument("--child", required=True, help="The child's id or CPR number.")
        parser.add_argument("--at", help="As of this date (YYYY-MM-DD, end of day); default now.")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        child = _child(options["child"])
        # Steps dated today happen at the end of today (cases.services.unit.occurred_at_for).
        as_of = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(23, 59, 59)))
        if options["at"]:
            try:
                day = dt.date.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError("--at skal være en dato som ÅÅÅÅ-MM-DD.") from exc
            as_of = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))
        config = rule_config_for(child.municipality_id)
        result = []
        for case in Case.objects.filter(child=child).select_related("child").order_by("opened_on"):
            events = Event.objects.filter(case=case).order_by("occurred_at", "pk")
            for item in derive_obligations(
                case_facts(case=case, events=events), as_of=as_of, config=config
            ):
                result.append(
                    {
                        "case": str(case.pk),
                        "rule_id": item.rule_id,
                        "legal_basis": item.legal_basis,
                        "verification": str(item.verification),
                        "trigger": item.trigger_ref,
                        "due": timezone.localtime(item.due_at).isoformat(),
                        "status": str(item.status),
                        "met_by": item.met_by_ref,
                        "met_at": timezone.localtime(item.met_at).isoformat()
                        if item.met_at
                        else None,
                        "met_late": item.met_late,
                        "waived_reason": item.waived_reason,
                    }
                )
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        for row in result:
            self.stdout.write(
                f"{row['due'][:16]}  {row['status']:<8} {row['rule_id']:<24} {row['legal_basis']}"
            )
