"""Reads of the case reviews (ledelsestilsyn): the pools a sample is drawn from, a month's
reviews, a review as its reader may see it, the findings aggregated, and a caseworker's open
actions for the worklist."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from stemme.access import selectors as access
from stemme.access.models import EmergencyAccess
from stemme.accounts.models import Role, User
from stemme.cases.models import AssignmentRole, CaseworkerAssignment, ChildWish, Decision, Stage
from stemme.deadlines.calendar import add_calendar_months
from stemme.deadlines.models import Obligation
from stemme.oversight import checklist
from stemme.oversight.models import (
    Answer,
    Review,
    ReviewAction,
    ReviewAnswer,
    ReviewStatus,
    SampleKind,
)
from stemme.oversight.selectors.concern import repeated_concern
from stemme.oversight.selectors.deadlines import Share


def _leader_open_cases(leader) -> QuerySet:
    return (
        access.cases_visible_to(leader)
        .filter(team__in=leader.teams.all())
        .exclude(stage=Stage.CLOSED)
    )


def sample_pool(*, leader, kind: str, month: dt.date) -> list[tuple]:
    """(case id, primary caseworker id, stage) of the cases a sample of ``kind`` may draw: the
    leader's own teams' open cases with a primary caseworker, not yet drawn this month, and —
    for a targeted sample — matching its criterion. One query."""
    cases = _leader_open_cases(leader).exclude(
        Exists(Review.objects.filter(case_id=OuterRef("pk"), month=month, first__isnull=True))
    )
    since = add_calendar_months(month, -3)
    now = timezone.now()
    if kind == SampleKind.OVERDUE:
        cases = cases.filter(
            Exists(
                Obligation.objects.filter(case_id=OuterRef("pk"), is_pending=True, due_at__lt=now)
            )
        )
    elif kind == SampleKind.EMERGENCY:
        cases = cases.filter(
            Exists(
                EmergencyAccess.objects.filter(
                    child_id=OuterRef("child_id"), granted_at__date__gte=since
                )
            )
        )
    elif kind == SampleKind.REPEATED_CONCERN:
        flagged = repeated_concern(scope=cases, today=timezone.localdate()).values("case__child_id")
        cases = cases.filter(child_id__in=flagged)
    elif kind == SampleKind.AGAINST_WISH:
        cases = cases.filter(
            Exists(
                Decision.objects.filter(
                    case_id=OuterRef("pk"), child_wish=ChildWish.AGAINST, decided_on__gte=since
                )
            )
        )
    return list(
        CaseworkerAssignment.objects.filter(
            case__in=cases.values("pk"), role=AssignmentRole.PRIMARY, ended_on__isnull=True
        )
        .order_by("case_id")
        .values_list("case_id", "caseworker_id", "case__stage")
    )


def reviews_for_month(*, leader, month: dt.date) -> list[Review]:
    """The leader's reviews of the month (their own and second reviews asked of them), with
    what each row shows. One query."""
    return list(
        Review.objects.filter(municipality_id=leader.municipality_id, month=month.replace(day=1))
        .filter(Q(reviewer=leader) | Q(first__reviewer=leader))
        .select_related("case__child", "case__team", "caseworker", "reviewer", "first")
        .annotate(open_actions=Count("actions", filter=Q(actions__done_at__isnull=True)))
        .order_by("status", "drawn_at", "pk")
    )


def second_reviewers(*, leader) -> list:
    """The other active team leaders of the municipality (who may do a second review)."""
    return list(
        User.objects.filter(
            municipality_id=leader.municipality_id, role=Role.TEAM_LEADER, is_active=True
        )
        .exclude(pk=leader.pk)
        .order_by("first_name", "last_name", "pk")
    )


def review_for(user, review_id) -> Review:
    """The review ``user`` may read: its reviewer, a leader who may see the case, or the
    caseworker it concerns (or who owns one of its actions) while they may see the case.
    Anything else is 404 (logged as refused), like a review that does not exist."""
    refused = access.AccessRefused(requested=f"review:{review_id}", purpose="oversight_review")
    try:
        review_id = uuid.UUID(str(review_id))
    except ValueError as error:
        raise refused from error
    visible = access.cases_visible_to(user)
    review = (
        Review.objects.filter(pk=review_id, municipality_id=user.municipality_id)
        .filter(Q(case__in=visible) | Q(reviewer_id=user.pk))
        .select_related("case__child", "case__team", "caseworker", "reviewer", "first")
        .first()
    )
    if review is None:
        raise refused
    if (
        user.role == Role.CASEWORKER
        and user.pk != review.caseworker_id
        and not review.actions.filter(owner_id=user.pk).exists()
    ):
        raise refused
    return review


@dataclass(frozen=True)
class ItemFinding:
    key: str
    question: str
    met: Share
    partly: int
    no: int


def _answers_counted(*, municipality_id: int, teams, period, theme: str = "") -> QuerySet:
    """The answers the findings count: reviews finished in the period on cases of ``teams``
    (of one theme, if given), first reviews only (a second review is for calibration, not a
    second count), "not relevant" left out."""
    answers = ReviewAnswer.objects.filter(
        review__municipality_id=municipality_id,
        review__case__team__in=teams,
        review__first__isnull=True,
        review__status=ReviewStatus.DONE,
        review__done_at__date__gte=period.start,
        review__done_at__date__lte=period.end,
    ).exclude(answer=Answer.NOT_RELEVANT)
    return answers.filter(review__theme=theme) if theme else answers


_ANSWER_COUNTS = {
    "yes": Count("pk", filter=Q(answer=Answer.YES)),
    "partly": Count("pk", filter=Q(answer=Answer.PARTLY)),
    "no": Count("pk", filter=Q(answer=Answer.NO)),
}


def findings(*, municipality_id: int, teams, period, theme: str = "") -> list[ItemFinding]:
    """Per checklist item (``_answers_counted``): how often it was met (yes of
    yes/partly/no, with its interval). One query."""
    rows = (
        _answers_counted(municipality_id=municipality_id, teams=teams, period=period, theme=theme)
        .values("item")
        .annotate(**_ANSWER_COUNTS)
        .order_by("item")
    )
    found = {row["item"]: row for row in rows}
    return [
        ItemFinding(
            key,
            str(item.question),
            Share(found[key]["yes"], found[key]["yes"] + found[key]["partly"] + found[key]["no"]),
            found[key]["partly"],
            found[key]["no"],
        )
        for key, item in checklist.ITEMS.items()
        if key in found
    ]


@dataclass(frozen=True)
class TeamFinding:
    name: str
    reviews: int
    met: Share
    no: int


def findings_by_team(*, municipality_id: int, teams, period, theme: str = "") -> list[TeamFinding]:
    """The same answers per team, all items together: reviews, items met (yes of
    yes/partly/no, with its interval) and answered "no". One query."""
    rows = (
        _answers_counted(municipality_id=municipality_id, teams=teams, period=period, theme=theme)
        .values("review__case__team__name", "review__case__team_id")
        .annotate(reviews=Count("review_id", distinct=True), **_ANSWER_COUNTS)
        .order_by("review__case__team__name", "review__case__team_id")
    )
    return [
        TeamFinding(
            row["review__case__team__name"],
            row["reviews"],
            Share(row["yes"], row["yes"] + row["partly"] + row["no"]),
            row["no"],
        )
        for row in rows
    ]


def review_themes(*, municipality_id: int, teams) -> list[str]:
    """The themes reviews on ``teams``' cases have been drawn under, for choosing a themed
    review's findings. One query."""
    return list(
        Review.objects.filter(municipality_id=municipality_id, case__team__in=teams)
        .exclude(theme="")
        .values_list("theme", flat=True)
        .distinct()
        .order_by("theme")
    )


@dataclass(frozen=True)
class Calibration:
    pairs: int
    agreed: int
    answered: int

    @property
    def share(self) -> Share:
        return Share(self.agreed, self.answered)


def calibration(*, municipality_id: int, teams) -> Calibration:
    """Where a case was reviewed twice: how often the two reviewers gave the same answer to
    the same item. Two queries."""
    seconds = Review.objects.filter(
        municipality_id=municipality_id,
        case__team__in=teams,
        first__isnull=False,
        status=ReviewStatus.DONE,
        first__status=ReviewStatus.DONE,
    )
    pairs = dict(seconds.values_list("pk", "first_id"))
    answers = {
        (row.review_id, row.item): row.answer
        for row in ReviewAnswer.objects.filter(review_id__in=[*pairs.keys(), *pairs.values()]).only(
            "review_id", "item", "answer"
        )
    }
    agreed = answered = 0
    for (review_id, item), answer in answers.items():
        if review_id in pairs and (pairs[review_id], item) in answers:
            answered += 1
            agreed += answers[(pairs[review_id], item)] == answer
    return Calibration(len(pairs), agreed, answered)


def review_actions_open(*, user) -> list[ReviewAction]:
    """The caseworker's actions from reviews, not yet done, soonest first (the worklist's panel).
    Only on cases they may still see. One query."""
    if user.role != Role.CASEWORKER:
        return []
    return list(
        ReviewAction.objects.filter(
            owner=user, done_at__isnull=True, review__case__in=access.cases_visible_to(user)
        )
        .select_related("review__case__child")
        .order_by("due_on", "pk")
    )


def review_action_for(user, action_id) -> ReviewAction:
    """An action from a review that ``user`` owns, on a case they may still see; else 404."""
    refused = access.AccessRefused(
        requested=f"review_action:{action_id}", purpose="oversight_review"
    )
    try:
        action_id = uuid.UUID(str(action_id))
    except ValueError as error:
        raise refused from error
    action = (
        ReviewAction.objects.filter(
            pk=action_id, owner=user, review__case__in=access.cases_visible_to(user)
        )
        .select_related("review__case__child")
        .first()
    )
    if action is None:
        raise refused
    return action
