"""Reads about continuity: a handover's checklist, "my story so far", the secondary caseworker,
and the leader's screen for a caseworker who leaves.

Every read here takes a fixed number of queries, whatever the number of children.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.accounts.models import Role, User
from stemme.cases.models import (
    AssignmentRole,
    Case,
    CaseworkerAssignment,
    Investigation,
    InvestigationKind,
    Measure,
    Paragraph,
    Stage,
)
from stemme.continuity.models import ChildStory, Handover

# A story recorded this long before the change counts as up to date for the handover.
STORY_FRESH_DAYS = 90
# "Caseworker changes in the last 24 months" on the child page.
CHANGES_WINDOW_DAYS = 730
# The leaving caseworker's screen keeps showing children handed over this recently.
LEAVING_WINDOW_DAYS = 90


class StepState:
    DONE = "done"
    EXPLAINED = "explained"  # not done, with a recorded reason
    PLANNED = "planned"  # the handover meeting has a date that has not come yet
    MISSING = "missing"


STEP_LABELS = {
    "told": _("The child was told in advance"),
    "letter": _("Letter introducing the new caseworker"),
    "meeting": _("Handover meeting with the child"),
    "story": _('"My story so far" is up to date'),
    "parents": _("Parents notified"),
    "providers": _("Providers notified"),
}


@dataclass(frozen=True)
class HandoverStep:
    key: str
    state: str
    on: dt.date | None = None
    reason: str = ""

    @property
    def label(self):
        return STEP_LABELS[self.key]

    @property
    def is_open(self) -> bool:
        return self.state in (StepState.MISSING, StepState.PLANNED)


@dataclass(frozen=True)
class HandoverStatus:
    steps: tuple[HandoverStep, ...]

    @property
    def complete(self) -> bool:
        """Every step done or explained (a meeting still to come is not done)."""
        return not any(step.is_open for step in self.steps)

    @property
    def open_steps(self) -> list[HandoverStep]:
        return [step for step in self.steps if step.is_open]

    @property
    def missing(self) -> list[HandoverStep]:
        return [step for step in self.steps if step.state == StepState.MISSING]

    def step(self, key: str) -> HandoverStep:
        return next(step for step in self.steps if step.key == key)


def _dated(key: str, on: dt.date | None, reason: str) -> HandoverStep:
    if on is not None:
        return HandoverStep(key, StepState.DONE, on=on)
    if reason.strip():
        return HandoverStep(key, StepState.EXPLAINED, reason=reason)
    return HandoverStep(key, StepState.MISSING)


def story_is_fresh(story: ChildStory | None, handover: Handover) -> bool:
    if story is None:
        return False
    recorded_on = timezone.localdate(story.recorded_at)
    return recorded_on >= handover.changes_on - dt.timedelta(days=STORY_FRESH_DAYS)


def handover_status(
    handover: Handover, *, story: ChildStory | None, today: dt.date | None = None
) -> HandoverStatus:
    """The checklist of one handover. ``story`` is the child's newest story version (or None);
    pass it from ``latest_stories`` so a list of handovers costs one query for all stories."""
    today = today or timezone.localdate()
    if handover.meeting_on is not None:
        meeting = HandoverStep(
            "meeting",
            StepState.DONE if handover.meeting_on <= today else StepState.PLANNED,
            on=handover.meeting_on,
        )
    else:
        meeting = _dated("meeting", None, handover.no_meeting_reason)
    if story_is_fresh(story, handover):
        story_step = HandoverStep("story", StepState.DONE, on=timezone.localdate(story.recorded_at))
    else:
        story_step = _dated("story", None, handover.no_story_reason)
    return HandoverStatus(
        steps=(
            _dated("told", handover.child_told_on, handover.child_not_told_reason),
            _dated("letter", handover.letter_sent_on, handover.no_letter_reason),
            meeting,
            story_step,
            _dated("parents", handover.parents_notified_on, handover.parents_not_notified_reason),
            _dated(
                "providers", handover.providers_notified_on, handover.providers_not_notified_reason
            ),
        )
    )


# --- "My story so far" ---------------------------------------------------------------------------


def latest_stories(*, child_ids) -> dict:
    """child id -> the newest ChildStory, for many children in one query."""
    newest = (
        ChildStory.objects.filter(child_id=OuterRef("child_id"))
        .order_by("-version")
        .values("version")[:1]
    )
    rows = ChildStory.objects.filter(child_id__in=list(child_ids), version=Subquery(newest))
    return {story.child_id: story for story in rows.select_related("recorded_by")}


def story_current(*, child) -> ChildStory | None:
    return (
        ChildStory.objects.filter(child=child)
        .select_related("recorded_by")
        .order_by("-version")
        .first()
    )


def story_versions(*, child) -> list[ChildStory]:
    return list(
        ChildStory.objects.filter(child=child).select_related("recorded_by").order_by("-version")
    )


# --- The case: handovers and the secondary caseworker --------------------------------------------


def handover_in_case(*, case: Case, handover_id) -> Handover | None:
    return (
        Handover.objects.filter(case=case, pk=handover_id)
        .select_related("from_caseworker", "to_caseworker", "case__child")
        .first()
    )


@dataclass
class HandoverWithStatus:
    handover: Handover
    status: HandoverStatus


def handovers_for_case(*, case: Case, limit: int = 10) -> list[HandoverWithStatus]:
    """The case's newest handovers with their checklists (2 queries)."""
    handovers = list(
        Handover.objects.filter(case=case)
        .select_related("from_caseworker", "to_caseworker")
        .order_by("-changes_on", "-created_at")[:limit]
    )
    if not handovers:
        return []
    story = story_current(child=case.child)
    return [HandoverWithStatus(h, handover_status(h, story=story)) for h in handovers]


def secondary_missing(case: Case) -> bool:
    """Does the case need a secondary caseworker it does not have?

    Required (when the municipality says so) while a børnefaglig undersøgelse runs or a
    placement (§ 46, § 47, § 67) is active.
    """
    if not case.is_open or not case.child.municipality.secondary_caseworker_required:
        return False
    has_secondary = CaseworkerAssignment.objects.filter(
        case=case, role=AssignmentRole.SECONDARY, ended_on__isnull=True
    )
    running_bfu = Investigation.objects.filter(
        case=case, kind=InvestigationKind.BFU, completed_on__isnull=True
    )
    placement = Measure.objects.filter(
        case=case, ended_on__isnull=True, decision__paragraph__in=Paragraph.placements()
    )
    flags = Case.objects.filter(pk=case.pk).values_list(
        Subquery(has_secondary.values("pk")[:1]),
        Subquery(running_bfu.values("pk")[:1]),
        Subquery(placement.values("pk")[:1]),
    )
    secondary, bfu, placed = flags.get()
    return secondary is None and (bfu is not None or placed is not None)


def secondary_candidates(*, case: Case) -> QuerySet[User]:
    """Caseworkers on the case's team who are not already on the case."""
    on_case = CaseworkerAssignment.objects.filter(case=case, ended_on__isnull=True).values(
        "caseworker_id"
    )
    return (
        User.objects.filter(role=Role.CASEWORKER, is_active=True, teams=case.team_id)
        .exclude(pk__in=on_case)
        .order_by("first_name", "last_name")
    )


def handover_candidates(*, case: Case, role: str) -> QuerySet[User]:
    """Who can take over ``role`` on the case: the team's caseworkers, except whoever holds it."""
    holder = CaseworkerAssignment.objects.filter(
        case=case, role=role, ended_on__isnull=True
    ).values("caseworker_id")
    return (
        User.objects.filter(role=Role.CASEWORKER, is_active=True, teams=case.team_id)
        .exclude(pk__in=holder)
        .order_by("first_name", "last_name")
    )


# --- The child: changes of caseworker ------------------------------------------------------------


def caseworker_changes(*, child, today: dt.date | None = None) -> int:
    """How many times the child got a new primary caseworker in the last 24 months (1 query).

    Counted from the assignment history across the child's cases, in time order: each primary
    assignment whose caseworker differs from the one before is a change.
    """
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=CHANGES_WINDOW_DAYS)
    assignments = CaseworkerAssignment.objects.filter(
        case__child=child, role=AssignmentRole.PRIMARY
    ).order_by("started_on", "pk")
    changes = 0
    previous = None
    for caseworker_id, started_on in assignments.values_list("caseworker_id", "started_on"):
        if previous is not None and caseworker_id != previous and started_on >= since:
            changes += 1
        previous = caseworker_id
    return changes


# --- The leader's screen: a caseworker leaves ----------------------------------------------------


def leader_teams(leader) -> list:
    if leader.role != Role.TEAM_LEADER or leader.municipality_id is None:
        return []
    return list(leader.teams.all())


def caseworkers_for_leader(*, leader) -> list[User]:
    """The caseworkers on the leader's teams with their caseloads on those teams (2 queries)."""
    teams = leader_teams(leader)
    current = (
        Q(assignments__ended_on__isnull=True)
        & ~Q(assignments__case__stage=Stage.CLOSED)
        & Q(assignments__case__team__in=teams)
    )
    return list(
        User.objects.filter(
            role=Role.CASEWORKER, municipality_id=leader.municipality_id, teams__in=teams
        )
        .distinct()
        .annotate(
            primary_cases=Count(
                "assignments",
                filter=current & Q(assignments__role=AssignmentRole.PRIMARY),
                distinct=True,
            ),
            secondary_cases=Count(
                "assignments",
                filter=current & Q(assignments__role=AssignmentRole.SECONDARY),
                distinct=True,
            ),
        )
        .order_by("first_name", "last_name")
    )


@dataclass
class LeaverRow:
    """One child on the leaving caseworker's caseload, handed over or not."""

    case: Case
    role: str
    handover: Handover | None = None
    status: HandoverStatus | None = None
    candidates: list = field(default_factory=list)

    @property
    def child(self):
        return self.case.child

    @property
    def handed_over(self) -> bool:
        return self.handover is not None

    @property
    def role_label(self):
        return AssignmentRole(self.role).label

    @property
    def key(self) -> str:
        return f"{self.case.pk}-{self.role}"


@dataclass
class LeaverCaseload:
    caseworker: User
    rows: list[LeaverRow]
    elsewhere: int  # children on teams the leader does not lead

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def handed_over(self) -> int:
        return sum(1 for row in self.rows if row.handed_over)

    @property
    def without_new_caseworker(self) -> int:
        return self.total - self.handed_over

    @property
    def complete(self) -> int:
        return sum(1 for row in self.rows if row.status is not None and row.status.complete)

    @property
    def children(self) -> list:
        seen = {}
        for row in self.rows:
            seen.setdefault(row.child.pk, row.child)
        return list(seen.values())


def leaver_caseworker(*, leader, user_id) -> User:
    """The caseworker on one of the leader's teams, or 404."""
    teams = leader_teams(leader)
    caseworker = (
        User.objects.filter(
            pk=user_id,
            role=Role.CASEWORKER,
            municipality_id=leader.municipality_id,
            teams__in=teams,
        )
        .distinct()
        .first()
    )
    if caseworker is None:
        raise Http404
    return caseworker


def leaver_caseload(*, leader, caseworker: User, today: dt.date | None = None) -> LeaverCaseload:
    """Every child on ``caseworker``'s caseload on the leader's teams, with the handover status.

    Rows: the caseworker's current assignments on open cases (no new caseworker yet), and the
    cases the caseworker handed over in the last 90 days (new caseworker chosen). A fixed number
    of queries for any number of children.
    """
    today = today or timezone.localdate()
    teams = leader_teams(leader)
    team_ids = {team.pk for team in teams}
    current = list(
        CaseworkerAssignment.objects.filter(
            caseworker=caseworker, ended_on__isnull=True, case__team__in=team_ids
        )
        .exclude(case__stage=Stage.CLOSED)
        .select_related("case__child", "case__team")
    )
    held = {(a.case_id, a.role) for a in current}
    rows = [LeaverRow(case=a.case, role=a.role) for a in current]
    handovers = (
        Handover.objects.filter(
            from_caseworker=caseworker,
            case__team__in=team_ids,
            changes_on__gte=today - dt.timedelta(days=LEAVING_WINDOW_DAYS),
        )
        .exclude(case__stage=Stage.CLOSED)
        .select_related("case__child", "case__team", "to_caseworker")
        .order_by("-changes_on", "-created_at")
    )
    for handover in handovers:
        key = (handover.case_id, handover.role)
        if key in held:
            continue  # the caseworker holds it again, or this is an older handover
        held.add(key)
        rows.append(LeaverRow(case=handover.case, role=handover.role, handover=handover))
    stories = latest_stories(child_ids={row.case.child_id for row in rows})
    for row in rows:
        if row.handover is not None:
            row.status = handover_status(
                row.handover, story=stories.get(row.case.child_id), today=today
            )
    if any(not row.handed_over for row in rows):
        members = list(
            User.objects.filter(role=Role.CASEWORKER, is_active=True, teams__in=team_ids)
            .exclude(pk=caseworker.pk)
            .distinct()
            .prefetch_related("teams")
            .order_by("first_name", "last_name")
        )
        for row in rows:
            if not row.handed_over:
                row.candidates = [
                    m for m in members if any(t.pk == row.case.team_id for t in m.teams.all())
                ]
    rows.sort(key=lambda row: (row.handed_over, row.child.first_name, row.child.last_name))
    elsewhere = (
        CaseworkerAssignment.objects.filter(caseworker=caseworker, ended_on__isnull=True)
        .exclude(case__stage=Stage.CLOSED)
        .exclude(case__team__in=team_ids)
        .count()
    )
    return LeaverCaseload(caseworker=caseworker, rows=rows, elsewhere=elsewhere)
