"""Reads about children, for pages that already hold an access-checked queryset or child.

These selectors never decide *who* may see a child; that is ``stemme.access``. They shape data
for display in a fixed number of queries, whatever the number of children.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stemme.audit.selectors import events_for_child
from stemme.cases.models import Case, CaseworkerAssignment
from stemme.children import cpr as cpr_numbers
from stemme.children.models import Child, ChildRelation, Relation
from stemme.deadlines.selectors import next_deadlines

SEARCH_LIMIT = 50


def household_children(*, child: Child, current: bool = True) -> QuerySet:
    """The child's registered siblings and other children of the household, youngest last;
    only the current ones unless ``current`` is False."""
    links = ChildRelation.objects.filter(child=child, relation__in=Relation.household_children())
    if current:
        links = links.filter(ended_on__isnull=True)
    return links.select_related("person").order_by("-person__birth_date", "person__first_name")


def siblings_under(*, child: Child, age: int, on: dt.date) -> list[str]:
    """Refs ("person:<id>") of the household's children younger than ``age`` on ``on``, as
    the deadline engine names them (§ 21, stk. 2: siblings under 15). A relation that had
    ended by ``on`` does not count."""
    return [
        f"person:{link.person_id}"
        for link in household_children(child=child, current=False)
        if (link.ended_on is None or link.ended_on > on)
        and link.person.birth_date is not None
        and link.person.birth_date <= on
        and age_on(link.person.birth_date, on) < age
    ]


def age_on(birth_date: dt.date, today: dt.date) -> int:
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def _current_assignments() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=CaseworkerAssignment.objects.filter(ended_on__isnull=True)
        .select_related("caseworker")
        .order_by("role"),
        to_attr="current_assignments",
    )


def with_case_summary(children: QuerySet[Child]) -> QuerySet[Child]:
    """Prefetch each child's cases with their team and current caseworkers (3 queries in all)."""
    return children.prefetch_related(
        Prefetch(
            "cases",
            queryset=Case.objects.select_related("team")
            .prefetch_related(_current_assignments())
            .order_by("-opened_on"),
            to_attr="case_list",
        )
    )


@dataclass
class ChildRow:
    """One line of "Mine børn"."""

    child: Child
    age: int
    case: Case | None
    caseworkers: list = field(default_factory=list)
    next_deadline: dt.datetime | None = None  # the earliest pending obligation's due time
    deadline_overdue: bool = False


def child_rows(children: list[Child], *, today: dt.date) -> list[ChildRow]:
    """Shape children prefetched by ``with_case_summary`` into rows, current case first."""
    rows = []
    for child in children:
        cases = child.case_list
        current = next((c for c in cases if c.is_open), cases[0] if cases else None)
        caseworkers = []
        if current is not None:
            caseworkers = list(current.current_assignments)
        rows.append(
            ChildRow(
                child=child,
                age=age_on(child.birth_date, today),
                case=current,
                caseworkers=caseworkers,
            )
        )
    return rows


def add_next_deadlines(rows: list[ChildRow]) -> None:
    """Fill each row's next statutory deadline (one query for the whole page)."""

    due = next_deadlines(child_ids=[row.child.pk for row in rows])
    now = timezone.now()
    for row in rows:
        row.next_deadline = due.get(row.child.pk)
        row.deadline_overdue = row.next_deadline is not None and row.next_deadline < now


def child_search(*, children: QuerySet[Child], query: str) -> list[Child]:
    """Search within ``children`` (already limited by access) by CPR number or by name.

    Ten digits find one CPR number, six digits a date of birth (ddmmyy); otherwise every word must
    match the start of the first or last name, case-insensitively.
    """
    query = query.strip()
    if cpr_numbers.looks_like_cpr(query):
        digits = cpr_numbers.normalise(query)
        matches = (
            children.filter(cpr=digits)
            if len(digits) == 10
            else children.filter(cpr__startswith=digits)
        )
    else:
        matches = children
        for word in query.split():
            matches = matches.filter(
                Q(first_name__istartswith=word)
                | Q(last_name__istartswith=word)
                | Q(first_name__icontains=f" {word}")
                | Q(last_name__icontains=f" {word}")
            )
    return list(with_case_summary(matches.order_by("first_name", "last_name"))[:SEARCH_LIMIT])


@dataclass
class ChildOverview:
    child: Child
    age: int
    cases: list[Case]
    current_caseworkers: list[CaseworkerAssignment]
    former_caseworkers: list[CaseworkerAssignment]
    custody_holders: list[ChildRelation]
    network: list[ChildRelation]
    events: list
    timeline: Page
    custody: str = ""
    earlier_relations: int = 0


# Events on one page of the overview's timeline, newest first; older ones a page further on.
TIMELINE_PAGE_SIZE = 25


def child_overview(*, child: Child, today: dt.date, timeline_page=None) -> ChildOverview:
    """The child's overview; ``timeline_page`` is the timeline's page as asked for (the
    query's "side"; anything but a page number gives the first page, a number past the end
    the last)."""

    cases = list(
        Case.objects.filter(child=child)
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=CaseworkerAssignment.objects.select_related("caseworker").order_by(
                    "-started_on", "role"
                ),
                to_attr="all_assignments",
            )
        )
        .order_by("-opened_on")
    )
    assignments = [a for case in cases for a in case.all_assignments]
    every_relation = list(
        ChildRelation.objects.filter(child=child)
        .select_related("person")
        .order_by("-has_custody", "relation", "person__first_name")
    )
    relations = [r for r in every_relation if r.is_current]
    timeline = Paginator(events_for_child(child=child), TIMELINE_PAGE_SIZE).get_page(timeline_page)
    return ChildOverview(
        child=child,
        age=age_on(child.birth_date, today),
        cases=cases,
        current_caseworkers=[a for a in assignments if a.ended_on is None],
        former_caseworkers=[a for a in assignments if a.ended_on is not None],
        custody_holders=[r for r in relations if r.has_custody or r.is_parental],
        network=[r for r in relations if not (r.has_custody or r.is_parental)],
        events=list(timeline.object_list),
        timeline=timeline,
        custody=custody_words([r for r in relations if r.has_custody]),
        earlier_relations=len(every_relation) - len(relations),
    )


# --- The people around the child --------------------------------------------------------------


def custody_words(holders: list[ChildRelation]) -> str:
    """Who has custody, in Danish words: joint (two holders), sole (one) or none registered."""
    names = [holder.person.full_name for holder in holders]
    if len(names) >= 2:
        return _("Joint custody: %(first)s and %(second)s") % {
            "first": names[0],
            "second": names[1],
        }
    if names:
        return _("Sole custody: %(name)s") % {"name": names[0]}
    return _("No custody holder is registered.")


@dataclass
class PersonRow:
    link: ChildRelation
    age: int | None = None  # for a child of the household, and anyone with a birth date


@dataclass
class PeopleAround:
    custody: str
    custody_holders: list[ChildRelation]
    parents: list[PersonRow]  # parents and custody holders
    adults: list[PersonRow]  # other adults with a role
    children: list[PersonRow]  # siblings and other children of the household
    earlier: list[PersonRow]  # ended relations, latest first

    @property
    def current_count(self) -> int:
        return len(self.parents) + len(self.adults) + len(self.children)


def people_around(*, child: Child, today: dt.date) -> PeopleAround:
    """Everyone registered around the child, current and earlier (one query)."""
    links = list(
        ChildRelation.objects.filter(child=child)
        .select_related("person")
        .order_by("-has_custody", "relation", "person__first_name", "pk")
    )

    def row(link: ChildRelation) -> PersonRow:
        born = link.person.birth_date
        return PersonRow(link=link, age=age_on(born, today) if born and born <= today else None)

    current = [link for link in links if link.is_current]
    earlier = sorted(
        (link for link in links if not link.is_current),
        key=lambda link: (link.ended_on, link.pk),
        reverse=True,
    )
    holders = [link for link in current if link.has_custody]
    children = [link for link in current if link.is_household_child]
    parents = [
        link
        for link in current
        if not link.is_household_child and (link.has_custody or link.relation in Relation.parents())
    ]
    adults = [link for link in current if link not in children and link not in parents]
    children.sort(key=lambda link: link.person.birth_date or dt.date.min, reverse=True)
    return PeopleAround(
        custody=custody_words(holders),
        custody_holders=holders,
        parents=[row(link) for link in parents],
        adults=[row(link) for link in adults],
        children=[row(link) for link in children],
        earlier=[row(link) for link in earlier],
    )
