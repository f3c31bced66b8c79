"""Reads for "who has looked at my case": the child's insight into the access log.

Datatilsynet's practice (2024) is that a data subject's right of access covers the log of who
has looked at their data. A child is told *when*, *why* and by *what kind of staff* (their own
caseworker, a leader, a caseworker of a unit) — not staff names, which the child does not need
and which would expose individual staff. Issue 6's right-of-access export reuses
``access_insight``.

The grouping happens in the database (one line per day, who, unit and purpose, with a count), so
a page of lines costs the same two queries (count and page) whatever the number of log rows.

Min sag's own reads are logged too (``portal_render``). A parent's read is a line "One of your
parents" — by relation, never which parent or their name, with no unit: a child who shares
Min sag with a parent would expect to see that the parent looked, as with staff. The child's own
reads are left out of the page: the child knows they looked, and a list that fills with "you
looked" would hide the adults. They stay in the access log and in the right-of-access export's
raw log (stemme/privacy/selectors.py).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Role, Team
from stemme.audit.models import AccessAction, AccessLog
from stemme.cases import models as cases_models
from stemme.children.models import AccountKind

# Who looked: a kind of staff, never a name.
WHO = {
    "yours": _("Your caseworker"),
    "leader": _("A leader"),
    "caseworker": _("A caseworker"),
    "municipality": _("Someone at the municipality"),
    "parent": _("One of your parents"),
}

# What they did, in plain words. Actions with their own words come first; then the purpose
# codes the staff pages log (stemme/*/views.py ``purpose=``; a test checks every code used in
# the code base is listed here). Anything else: "looked at your information".
ACTIONS = {
    AccessAction.EXPORT: ("export", _("Took a copy of your case")),
    AccessAction.PRINT: ("print", _("Printed papers about you")),
    AccessAction.REVEAL_CPR: ("cpr", _("Looked at your CPR number")),
    AccessAction.SEARCH: ("search", _("Searched for you")),
}
PURPOSES = {
    "case": (
        _("Looked at your case"),
        (
            "child_overview",
            "case_overview",
            "case_step",
            "intake_new",
            "right_of_access",
            "hearing",
        ),
    ),
    "list": (
        _("Saw your name on a list"),
        ("child_list", "worklist", "involvement", "week", "oversight_drill", "oversight_reviews"),
    ),
    "search": (_("Searched for you"), ("child_search", "intake_new_child")),
    "meeting": (
        _("Worked on a meeting with you"),
        (
            "meeting",
            "meetings",
            "meeting_plan",
            "meeting_prepare",
            "meeting_agenda",
            "meeting_after",
        ),
    ),
    "letters": (_("Looked at letters about you"), ("letters",)),
    "documents": (_("Opened a document about you"), ("document_download", "portal_document")),
    "rights": (_("Looked at your rights"), ("rights", "rights_letter")),
    "words": (_("Looked at what you have told us"), ("statement_add", "participation_profile")),
    "people": (
        _("Looked at the people around you"),
        ("network", "safety_restriction", "child_people"),
    ),
    "story": (_("Looked at your story"), ("child_story",)),
    "plan": (_("Looked at your plan"), ("plan_goals",)),
    "messages": (_("Read your messages"), ("portal_message", "portal_inbox")),
    "caseworker": (
        _("Looked at who is your caseworker"),
        ("handover", "secondary_caseworker", "caseworker_leaving"),
    ),
    "portal": (_("Looked at your login to My case"), ("portal_access",)),
    "export": (_("Took a copy of your case"), ("export_cases",)),
    "review": (_("A leader checked how your case is handled"), ("oversight_review",)),
    "check": (
        _("Checked that someone who looked at your case was allowed to"),
        ("emergency_review",),
    ),
}
# What a parent did in Min sag (any page): one plain phrase.
MY_CASE = ("my_case", _("Looked at your case in My case"))
OTHER = "other"
OTHER_LABEL = _("Looked at your information")

WHAT = {key: label for key, (label, _codes) in PURPOSES.items()}
WHAT.update(dict(ACTIONS.values()))
WHAT[MY_CASE[0]] = MY_CASE[1]
WHAT[OTHER] = OTHER_LABEL


def purpose_codes() -> set[str]:
    """Every purpose code that has its own plain words."""
    return {code for _label, codes in PURPOSES.values() for code in codes}


@dataclass(frozen=True)
class InsightLine:
    day: dt.date
    who: str  # plain words, e.g. "A leader"
    unit: str  # the team (or municipality) of whoever looked
    what: str  # plain words, e.g. "Looked at your case"
    times: int
    who_key: str  # stable keys for exports: see WHO and WHAT
    what_key: str


def _who(child_id):
    was_assigned = Exists(
        cases_models.CaseworkerAssignment.objects.filter(
            case__child_id=child_id, caseworker_id=OuterRef("user_id")
        )
    )
    return Case(
        When(portal_account__isnull=False, then=Value("parent")),
        When(was_assigned, then=Value("yours")),
        When(user__role=Role.TEAM_LEADER, then=Value("leader")),
        When(user__role=Role.ADMINISTRATOR, then=Value("municipality")),
        default=Value("caseworker"),
        output_field=CharField(),
    )


def _unit(child_id):
    """The user's team, the team of the child's own case first; else the municipality."""
    team = (
        Team.objects.filter(members=OuterRef("user_id"))
        .annotate(
            on_case=Exists(
                cases_models.Case.objects.filter(child_id=child_id, team_id=OuterRef("pk"))
            )
        )
        .order_by("-on_case", "name")
        .values("name")[:1]
    )
    return Coalesce(
        Subquery(team, output_field=CharField()),
        F("user__municipality__name"),
        Value(""),
        output_field=CharField(),
    )


def _what():
    whens = [When(portal_account__isnull=False, then=Value(MY_CASE[0]))]
    whens += [When(action=action, then=Value(key)) for action, (key, _label) in ACTIONS.items()]
    whens += [When(purpose__in=codes, then=Value(key)) for key, (_l, codes) in PURPOSES.items()]
    return Case(*whens, default=Value(OTHER), output_field=CharField())


def _line(row: dict) -> InsightLine:
    return InsightLine(
        day=row["day"],
        who=str(WHO[row["who"]]),
        unit=row["unit"],
        what=str(WHAT.get(row["what"], OTHER_LABEL)),
        times=row["times"],
        who_key=row["who"],
        what_key=row["what"],
    )


class AccessInsight:
    """The grouped lines, newest day first. Lazy: ``count()``/``len()`` and each slice run one
    query, so ``django.core.paginator.Paginator`` pages over it; iterating reads them all."""

    def __init__(self, rows):
        self._rows = rows

    def count(self) -> int:
        return self._rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_line(row) for row in self._rows[index]]
        return _line(self._rows[index])

    def __iter__(self):
        return (_line(row) for row in self._rows.iterator())


def access_insight(*, child, since: dt.date | None = None) -> AccessInsight:
    """Who has looked at ``child``'s data: one line per day (local time), kind of staff, unit
    and purpose, with how many times, newest first; from ``since`` (a date) if given.

    Used by the child's "who has looked at my case" page and meant for issue 6's
    right-of-access export (which can iterate it, or page it like the portal does). Staff
    names are never part of a line. The child's own reads in Min sag are not lines (see the
    module's docstring); a parent's are.
    """
    rows = AccessLog.objects.filter(child_id=child.pk).exclude(
        portal_account__kind=AccountKind.CHILD
    )
    if since is not None:
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
        rows = rows.filter(at__gte=start)
    grouped = (
        rows.annotate(
            day=TruncDate("at", tzinfo=timezone.get_current_timezone()),
            who=_who(child.pk),
            unit=_unit(child.pk),
            what=_what(),
        )
        .values("day", "who", "unit", "what")
        .annotate(times=Count("pk"))
        .order_by("-day", "who", "unit", "what")
    )
    return AccessInsight(grouped)


def looked_since(*, today: dt.date | None = None) -> dt.date:
    """The portal page shows the last 12 months."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)
