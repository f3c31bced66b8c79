"""Process indicators for the child's involvement (issue 4, deliverable 9).

Each indicator is one function ``indicator(*, scope, period)``: ``scope`` is a queryset of cases
already limited by access (``stemme.access.selectors.cases_visible_to(user)``, perhaps narrowed to
a team or to the caseworker's own cases), ``period`` the dates it looks at. Every function runs
**one** query (an aggregate over ``Exists``/``Subquery`` annotations), whatever the number of
cases: no Python loop over cases, no query per case.

Where the youth survey has a matching figure, the indicator carries it as its ``baseline``
(VIVE 2020, "Udsatte unges inddragelse i sagsbehandlingen", about 2,300 young people aged 12-17;
see ../shared/research/seed004_000_001_spec.md §5.1). The survey asks the young people; these
indicators count what the caseworkers recorded. They are not the same measurement, so a baseline
is a reference point, not a target that proves involvement.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, Lower, Replace
from django.utils.translation import gettext_lazy as _

from stemme.access import selectors as access
from stemme.accounts.models import Role
from stemme.cases import models as cases
from stemme.children.models import Child
from stemme.deadlines.calendar import add_calendar_months, add_years
from stemme.deadlines.models import Obligation, ObligationStatus
from stemme.meetings.models import AgendaItem, Meeting, MeetingStatus, Understood
from stemme.participation.models import ChildStatement, Conversation, RightsInformation

# The survey, as quoted in every baseline.
SURVEY = _("VIVE 2020 youth survey, about 2,300 young people aged 12-17")
FOLLOW_UP_CONVERSATION_DAYS = 30
NO_CONTACT_MONTHS = 6
CASEWORKER_CHANGE_MONTHS = 24
RIGHTS_AGE = 10


# --- Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    @classmethod
    def last_months(cls, months: int = 12, *, today: dt.date) -> "Period":
        """The ``months`` months up to and including ``today``."""
        return cls(start=add_calendar_months(today, -months) + dt.timedelta(days=1), end=today)

    @property
    def dates(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)


@dataclass(frozen=True)
class Baseline:
    """A figure from the youth survey that the indicator moves.

    ``share`` is None when the survey gives a band ("60-75 %") rather than one figure.
    """

    share: float | None
    text: str
    ref: str
    source: str = SURVEY

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    note: str
    numerator: int
    denominator: int
    period: Period
    baseline: Baseline | None = None
    higher_is_better: bool = True
    # Indicator-specific extras: explanations on time; average caseworker changes per child.
    on_time: int | None = None
    average: float | None = None
    share: float | None = field(init=False)

    def __post_init__(self):
        share = self.numerator / self.denominator if self.denominator else None
        object.__setattr__(self, "share", share)

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def on_time_percent(self) -> int | None:
        if self.on_time is None or not self.denominator:
            return None
        return round(self.on_time / self.denominator * 100)

    @property
    def compared_with_baseline(self) -> str | None:
        """ "better" / "worse" / "same" than the survey figure, or None when not comparable."""
        if self.share is None or self.baseline is None or self.baseline.share is None:
            return None
        if self.percent == self.baseline.percent:
            return "same"
        above = self.share > self.baseline.share
        return "better" if above == self.higher_is_better else "worse"


# The survey figure two indicators share.
EXPLAINS_DECISIONS = Baseline(
    0.55,
    _("55 % say their caseworker explains why the decisions in their case are as they are."),
    "000 I4",
)


# --- Scope --------------------------------------------------------------------------------------


def scope_for(user, *, team=None) -> QuerySet:
    """The cases whose indicators ``user`` sees.

    A team leader: the cases on their teams (as ``cases_visible_to``), or one of those teams. A
    caseworker: the cases they are currently assigned to (their own children), even where the
    municipality lets them see the whole team. Anyone else: nothing.
    """
    visible = access.cases_visible_to(user)
    if user.role == Role.TEAM_LEADER:
        return visible.filter(team=team) if team is not None else visible
    if user.role == Role.CASEWORKER:
        own = visible.filter(assignments__caseworker_id=user.pk, assignments__ended_on__isnull=True)
        return cases.Case.objects.filter(pk__in=own.values("pk"))
    return cases.Case.objects.none()


def _ids(scope: QuerySet):
    return scope.values("pk")


def _open_at(day: dt.date) -> Q:
    """Cases opened by ``day`` and not closed by then."""
    not_closed = Q(closed_on__isnull=True) & ~Q(stage=cases.Stage.CLOSED)
    return Q(opened_on__lte=day) & (not_closed | Q(closed_on__gt=day))


def _normalised_ref(expression):
    """A ref in a form both databases agree on: lower case, without the UUID's dashes.

    SQLite stores a UUID as 32 hex digits, PostgreSQL casts it to text with dashes; refs are
    written ``decision:<uuid with dashes>``. Removing the dashes on both sides makes them match.
    """
    return Replace(Lower(expression), Value("-"), Value(""))


def _ref_of(prefix: str, outer_pk: str = "pk"):
    return Concat(
        Value(f"{prefix}:"),
        _normalised_ref(Cast(OuterRef(outer_pk), output_field=CharField())),
        output_field=CharField(),
    )


def _days_before(outer_date: str, days: int):
    return ExpressionWrapper(
        OuterRef(outer_date) - dt.timedelta(days=days), output_field=DateField()
    )


# --- Meetings -----------------------------------------------------------------------------------


def _held_meetings(scope, period) -> QuerySet:
    return Meeting.objects.filter(
        case__in=_ids(scope), status=MeetingStatus.HELD, held_on__range=period.dates
    )


def meetings_with_agenda_sent_before(*, scope, period) -> Indicator:
    """Held meetings whose agenda was sent to the child before the meeting began.

    Denominator: meetings in scope with status held and ``held_on`` in the period. Numerator:
    those with ``agenda_sent_at`` before ``starts_at``. An agenda sent after the start does not
    count. Moves the survey's 53 % who know beforehand what a meeting will be about (I2).
    """
    counts = _held_meetings(scope, period).aggregate(
        denominator=Count("pk"),
        numerator=Count(
            "pk", filter=Q(agenda_sent_at__isnull=False, agenda_sent_at__lt=F("starts_at"))
        ),
    )
    return Indicator(
        key="meetings_with_agenda_sent_before",
        label=_("Meetings where the child got the agenda beforehand"),
        note=_("Held meetings whose agenda was sent to the child before the meeting began."),
        period=period,
        baseline=Baseline(
            0.53,
            _("53 % know beforehand what will be discussed when they meet their caseworker."),
            "000 I2",
        ),
        **counts,
    )


def meetings_with_summary_delivered(*, scope, period) -> Indicator:
    """Held meetings after which the child was given "what we decided and why".

    Denominator: meetings in scope held in the period. Numerator: those with
    ``summary_delivered_on`` set (whenever it was delivered). Moves the survey's 42 % who talk
    with their caseworker after a meeting about how it went and what was decided (I3).
    """
    counts = _held_meetings(scope, period).aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Q(summary_delivered_on__isnull=False)),
    )
    return Indicator(
        key="meetings_with_summary_delivered",
        label=_("Meetings where the child got a summary afterwards"),
        note=_("Held meetings after which the child was told what was decided and why."),
        period=period,
        baseline=Baseline(
            0.42,
            _("42 % talk with their caseworker after a meeting about what was decided."),
            "000 I3",
        ),
        **counts,
    )


def meetings_with_child_agenda_items(*, scope, period) -> Indicator:
    """Held meetings whose agenda had at least one item from the child.

    Denominator: meetings in scope held in the period. Numerator: those with an ``AgendaItem``
    marked ``from_child``. Moves the survey's about 45 % who feel they have influence on what
    is discussed at meetings (F3).
    """
    child_item = AgendaItem.objects.filter(meeting_id=OuterRef("pk"), from_child=True)
    counts = _held_meetings(scope, period).aggregate(
        denominator=Count("pk"), numerator=Count("pk", filter=Exists(child_item))
    )
    return Indicator(
        key="meetings_with_child_agenda_items",
        label=_("Meetings with the child's own items on the agenda"),
        note=_("Held meetings where at least one agenda item came from the child."),
        period=period,
        baseline=Baseline(
            0.45,
            _("About 45 % feel they have influence on what is discussed at meetings."),
            "000 F3",
        ),
        **counts,
    )


def meetings_child_understood(*, scope, period) -> Indicator:
    """Summaries the child understood.

    Denominator: meetings in scope held in the period whose summary was delivered to the child.
    Numerator: those where the caseworker recorded that the child understood ("yes"; "partly"
    does not count). Moves the survey's 55 % who say their caseworker explains why the
    decisions in their case are as they are (I4).
    """
    counts = (
        _held_meetings(scope, period)
        .filter(summary_delivered_on__isnull=False)
        .aggregate(
            denominator=Count("pk"),
            numerator=Count("pk", filter=Q(child_understood=Understood.YES)),
        )
    )
    return Indicator(
        key="meetings_child_understood",
        label=_("Meeting summaries the child understood"),
        note=_(
            "Of the summaries given to the child, those the child understood (not just partly)."
        ),
        period=period,
        baseline=EXPLAINS_DECISIONS,
        **counts,
    )


# --- Decisions ----------------------------------------------------------------------------------


def _decisions_in(scope, period) -> QuerySet:
    """Decisions in the period, each marked with whether the child's view is recorded.

    The view is recorded when the decision has ``child_view`` text, or a ``ChildStatement`` of
    the child names the decision in ``informs_ref`` ("decision:<uuid>").
    """
    statement = (
        ChildStatement.objects.filter(child_id=OuterRef("case__child_id"))
        .annotate(normalised=_normalised_ref(F("informs_ref")))
        .filter(normalised=_ref_of("decision"))
    )
    return (
        cases.Decision.objects.filter(case__in=_ids(scope), decided_on__range=period.dates)
        .annotate(has_statement=Exists(statement))
        .annotate(
            has_view=ExpressionWrapper(
                Q(has_statement=True) | ~Q(child_view=""), output_field=BooleanField()
            )
        )
    )


def decisions_with_child_view(*, scope, period) -> Indicator:
    """Decisions with the child's view recorded.

    Denominator: decisions in scope decided in the period. Numerator: those with the child's
    view in ``child_view`` or in a linked statement (``informs_ref`` = the decision's ref). An
    exception under § 5, stk. 4 is not a view: it is counted in ``decisions_with_exception``.
    Moves the survey's about two thirds who say their caseworker asks their opinion before
    decisions are made (F6).
    """
    counts = _decisions_in(scope, period).aggregate(
        denominator=Count("pk"), numerator=Count("pk", filter=Q(has_view=True))
    )
    return Indicator(
        key="decisions_with_child_view",
        label=_("Decisions with the child's view"),
        note=_("Decisions where the child's own view is written down or linked as a statement."),
        period=period,
        baseline=Baseline(
            0.67,
            _("About two thirds say their caseworker asks their opinion before deciding."),
            "000 F6",
        ),
        **counts,
    )


def decisions_with_exception(*, scope, period) -> Indicator:
    """Decisions made without the child's view, with a § 5, stk. 4 exception instead.

    Denominator: decisions in scope decided in the period. Numerator: those without the child's
    view (no ``child_view``, no linked statement) that record why it could not be obtained
    (``child_view_exception``). Lawful, but should stay rare: a rising share means fewer
    children are asked (F6). No survey figure.
    """
    counts = _decisions_in(scope, period).aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Q(has_view=False) & ~Q(child_view_exception="")),
    )
    return Indicator(
        key="decisions_with_exception",
        label=_("Decisions made with an exception instead of the child's view"),
        note=_(
            "Decisions without the child's view where the reason is recorded (§ 5, stk. 4). "
            "Lawful, but it should be rare."
        ),
        period=period,
        higher_is_better=False,
        **counts,
    )


def explanations_delivered(*, scope, period) -> Indicator:
    """Decisions against the child's wish that were explained to the child.

    Denominator: decisions in scope decided in the period with ``child_wish`` = against (a
    partial match is not "against"). Numerator: those with ``explanation_delivered_on`` set,
    whenever it was delivered. ``on_time``: delivered on or before ``explanation_due_on`` (a
    decision without a due date cannot be on time). Moves the survey's 55 % who say their
    caseworker explains why the decisions in their case are as they are (I4).
    """
    counts = cases.Decision.objects.filter(
        case__in=_ids(scope), decided_on__range=period.dates, child_wish=cases.ChildWish.AGAINST
    ).aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Q(explanation_delivered_on__isnull=False)),
        on_time=Count(
            "pk",
            filter=Q(
                explanation_delivered_on__isnull=False,
                explanation_due_on__isnull=False,
                explanation_delivered_on__lte=F("explanation_due_on"),
            ),
        ),
    )
    return Indicator(
        key="explanations_delivered",
        label=_("Decisions against the child's wish explained to the child"),
        note=_("Decisions that went against the child's wish, and were explained to the child."),
        period=period,
        baseline=EXPLAINS_DECISIONS,
        **counts,
    )


# --- Rights -------------------------------------------------------------------------------------


def children_10_plus_informed_of_rights(*, scope, period) -> Indicator:
    """Children aged 10 or more told about their rights in their current case.

    Denominator: children who are 10 or older on the last day of the period and have a case in
    scope open on that day. Numerator: those with rights information given to the child
    (``RightsInformation.to_child``, any topic) on one of those open cases by the end of the
    period, or a ``party_status_informed`` milestone on one of them. Not limited to the period:
    what counts is that the child knows, whenever they were told. Moves the survey's 59 % who
    were told they have a right to be involved (P1).
    """
    end = period.end
    open_cases = _ids(scope.filter(_open_at(end)))
    rights = RightsInformation.objects.filter(
        child_id=OuterRef("pk"), case_id__in=open_cases, to_child=True, given_on__lte=end
    )
    party_status = cases.Milestone.objects.filter(
        case__child_id=OuterRef("pk"),
        case_id__in=open_cases,
        kind=cases.MilestoneKind.PARTY_STATUS_INFORMED,
        happened_on__lte=end,
    )
    counts = Child.objects.filter(
        pk__in=scope.filter(_open_at(end)).values("child_id"),
        birth_date__lte=add_years(end, -RIGHTS_AGE),
    ).aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Exists(rights) | Exists(party_status)),
    )
    return Indicator(
        key="children_10_plus_informed_of_rights",
        label=_("Children aged 10 or more told about their rights"),
        note=_(
            "Children aged 10 or more with an open case who were told about their rights "
            "in that case."
        ),
        period=period,
        baseline=Baseline(0.59, _("59 % were told they have a right to be involved."), "000 P1"),
        **counts,
    )


# --- Conversations ------------------------------------------------------------------------------


def conversations_alone_before_follow_up(*, scope, period) -> Indicator:
    """Follow-ups preceded by a conversation with the child alone.

    Denominator: follow-ups (§ 95) in scope held in the period. Numerator: those marked
    ``talked_with_child_alone``, or where the same case has a held ``Conversation`` with
    ``child_alone`` (or a conversation milestone with the child alone) within the 30 days up to
    and including the follow-up day. Supports the relationship figures of the survey (60-75 %
    trust their caseworker and feel listened to, R1-R4); a child who is heard alone can speak
    freely.
    """
    window = {
        "happened_on__lte": OuterRef("held_on"),
        "happened_on__gte": _days_before("held_on", FOLLOW_UP_CONVERSATION_DAYS),
    }
    conversation = Conversation.objects.filter(
        case_id=OuterRef("case_id"), held=True, child_alone=True, **window
    )
    milestone = cases.Milestone.objects.filter(
        case_id=OuterRef("case_id"),
        kind=cases.MilestoneKind.CONVERSATION,
        child_alone=True,
        **window,
    )
    counts = cases.FollowUp.objects.filter(
        case__in=_ids(scope), held_on__range=period.dates
    ).aggregate(
        denominator=Count("pk"),
        numerator=Count(
            "pk",
            filter=Q(talked_with_child_alone=True) | Exists(conversation) | Exists(milestone),
        ),
    )
    return Indicator(
        key="conversations_alone_before_follow_up",
        label=_("Follow-ups with a conversation with the child alone first"),
        note=_(
            "Follow-ups held in the period where the caseworker talked with the child alone "
            "in the 30 days before."
        ),
        period=period,
        baseline=Baseline(
            None,
            _("60-75 % trust their caseworker and feel listened to."),
            "000 R1-R4",
        ),
        **counts,
    )


def conversation_tasks_met_on_time(*, scope, period) -> Indicator:
    """Conversation tasks (the ``samtale-*`` rules) met on time.

    Denominator: obligations in scope of a ``samtale-*`` rule due in the period, except waived
    and lapsed ones. Numerator: those met and not late. A recorded reason for not talking
    (``conversation.omitted``) meets a task, as the rules say. No survey figure: the tasks exist
    to make the conversations behind the other indicators happen.
    """
    counts = (
        Obligation.objects.filter(
            case__in=_ids(scope), rule_id__startswith="samtale-", due_date__range=period.dates
        )
        .exclude(status__in=[ObligationStatus.WAIVED, ObligationStatus.LAPSED])
        .aggregate(
            denominator=Count("pk"),
            numerator=Count("pk", filter=Q(status=ObligationStatus.MET, met_late=False)),
        )
    )
    return Indicator(
        key="conversation_tasks_met_on_time",
        label=_("Conversation tasks done on time"),
        note=_(
            "Tasks to talk with the child (after a report, in an investigation, at the start "
            "of a measure, before a follow-up) due in the period and done by their deadline."
        ),
        period=period,
        **counts,
    )


# --- Continuity and contact ---------------------------------------------------------------------


def _primary_changes_per_child(scope, period):
    """Per child (``OuterRef("pk")``): the changes of primary caseworker in the 24 months.

    A change is a primary assignment on a case in scope that started in the 24 months up to
    the end of the period, when an earlier primary assignment on the same case (earlier start,
    or the same start and recorded before) belonged to someone else. So the first caseworker
    of a case is no change, and re-recording the same caseworker is no change either.
    """
    window_start = add_calendar_months(period.end, -CASEWORKER_CHANGE_MONTHS)
    primary = cases.AssignmentRole.PRIMARY
    earlier_other = (
        cases.CaseworkerAssignment.objects.filter(case_id=OuterRef("case_id"), role=primary)
        .filter(
            Q(started_on__lt=OuterRef("started_on"))
            | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk"))
        )
        .exclude(caseworker_id=OuterRef("caseworker_id"))
    )
    return (
        cases.CaseworkerAssignment.objects.filter(
            case_id__in=_ids(scope),
            case__child_id=OuterRef("pk"),
            role=primary,
            started_on__gt=window_start,
            started_on__lte=period.end,
        )
        .filter(Exists(earlier_other))
        .order_by()
        .values("case__child_id")
        .annotate(changes=Count("pk"))
        .values("changes")
    )


def caseworker_changes_per_child_24m(*, scope, period) -> Indicator:
    """Children who had a new primary caseworker in the last 24 months.

    Denominator: children with a case in scope open on the last day of the period. Numerator:
    those with at least one change of primary caseworker on their cases in scope in the 24
    months up to that day (see ``_primary_changes_per_child`` for what a change is; the first
    caseworker on a new case is not a change). ``average``: changes per child. Moves the
    survey's two thirds who had at least one change of caseworker in two years (C2); lower is
    better.
    """
    children = Child.objects.filter(
        pk__in=scope.filter(_open_at(period.end)).values("child_id")
    ).annotate(
        changes=Coalesce(
            Subquery(_primary_changes_per_child(scope, period), output_field=IntegerField()), 0
        )
    )
    counts = children.aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Q(changes__gte=1)),
        total=Sum("changes"),
    )
    total = counts.pop("total") or 0
    return Indicator(
        key="caseworker_changes_per_child_24m",
        label=_("Children with a new caseworker in the last 24 months"),
        note=_(
            "Children with an open case whose primary caseworker changed at least once in the "
            "24 months before the end of the period."
        ),
        period=period,
        baseline=Baseline(
            0.67,
            _("About two thirds had at least one change of caseworker in two years."),
            "000 C2",
        ),
        higher_is_better=False,
        average=total / counts["denominator"] if counts["denominator"] else None,
        **counts,
    )


def _contact_since(period) -> dt.date:
    """Contact counts when it happened after this day, up to the end of the period."""
    return add_calendar_months(period.end, -NO_CONTACT_MONTHS)


def _contacts(period) -> dict:
    """One ``Exists`` per kind of recorded contact with the child in the last 6 months."""
    since, end = _contact_since(period), period.end
    case = OuterRef("pk")
    return {
        "had_conversation": Exists(
            Conversation.objects.filter(
                case_id=case, held=True, happened_on__gt=since, happened_on__lte=end
            )
        ),
        "had_conversation_milestone": Exists(
            cases.Milestone.objects.filter(
                case_id=case,
                kind=cases.MilestoneKind.CONVERSATION,
                happened_on__gt=since,
                happened_on__lte=end,
            )
        ),
        "had_meeting": Exists(
            Meeting.objects.filter(
                case_id=case,
                status=MeetingStatus.HELD,
                child_attends=True,
                held_on__gt=since,
                held_on__lte=end,
            )
        ),
        "had_supervision_talk": Exists(
            cases.SupervisionVisit.objects.filter(
                case_id=case, talked_with_child=True, visited_on__gt=since, visited_on__lte=end
            )
        ),
        "had_follow_up_talk": Exists(
            cases.FollowUp.objects.filter(
                case_id=case, talked_with_child_alone=True, held_on__gt=since, held_on__lte=end
            )
        ),
    }


def _long_open_cases(scope, period) -> QuerySet:
    """Cases in scope open on the last day of the period, and open for 6 months by then."""
    return cases.Case.objects.filter(pk__in=_ids(scope)).filter(
        _open_at(period.end), opened_on__lte=_contact_since(period)
    )


def _no_contact_filter() -> Q:
    """None of the kinds of contact in ``_contacts`` happened."""
    return Q(
        had_conversation=False,
        had_conversation_milestone=False,
        had_meeting=False,
        had_supervision_talk=False,
        had_follow_up_talk=False,
    )


def children_without_contact_6m(*, scope, period) -> Indicator:
    """Open cases with no recorded contact with the child in the last 6 months.

    Denominator: cases in scope open on the last day of the period that had then been open for at
    least 6 months (a newer case is watched by its conversation tasks instead). Numerator: those
    with none of these in the 6 months up to that day: a held conversation, a conversation
    milestone, a held meeting the child took part in, a supervision visit with a conversation
    with the child, a follow-up with a conversation with the child alone. The survey also counts
    e-mails, calls and texts, which Stemme does not record, so this is an upper bound. Moves the
    survey's one in ten with no contact in six months (C1); lower is better. The children are
    listed by ``cases_without_contact_6m``.
    """
    counts = (
        _long_open_cases(scope, period)
        .annotate(**_contacts(period))
        .aggregate(denominator=Count("pk"), numerator=Count("pk", filter=_no_contact_filter()))
    )
    return Indicator(
        key="children_without_contact_6m",
        label=_("Children without contact in the last 6 months"),
        note=_(
            "Cases open for at least 6 months with no recorded conversation, meeting with the "
            "child or supervision visit with a conversation in the last 6 months."
        ),
        period=period,
        baseline=Baseline(
            0.10,
            _("About one in ten had no contact with their caseworker in six months."),
            "000 C1",
        ),
        higher_is_better=False,
        **counts,
    )


def cases_without_contact_6m(*, scope, period) -> QuerySet:
    """The cases counted in ``children_without_contact_6m``, for a leader's follow-up list.

    Ordered by the child's name, with the child, the current primary caseworker's name and the
    date of the last recorded contact of each kind before the end of the period (``last_*``,
    None when never), in one query.
    """
    end = period.end
    case = OuterRef("pk")

    def latest(queryset, date_field):
        return Subquery(
            queryset.filter(**{f"{date_field}__lte": end})
            .order_by(f"-{date_field}")
            .values(date_field)[:1],
            output_field=DateField(),
        )

    primary = cases.CaseworkerAssignment.objects.filter(
        case_id=case, role=cases.AssignmentRole.PRIMARY, ended_on__isnull=True
    ).select_related("caseworker")
    return (
        _long_open_cases(scope, period)
        .annotate(**_contacts(period))
        .filter(_no_contact_filter())
        .select_related("child", "team")
        .annotate(
            last_conversation=latest(
                Conversation.objects.filter(case_id=case, held=True), "happened_on"
            ),
            last_milestone=latest(
                cases.Milestone.objects.filter(case_id=case, kind=cases.MilestoneKind.CONVERSATION),
                "happened_on",
            ),
            last_meeting=latest(
                Meeting.objects.filter(case_id=case, status=MeetingStatus.HELD, child_attends=True),
                "held_on",
            ),
            last_supervision=latest(
                cases.SupervisionVisit.objects.filter(case_id=case, talked_with_child=True),
                "visited_on",
            ),
            last_follow_up=latest(
                cases.FollowUp.objects.filter(case_id=case, talked_with_child_alone=True),
                "held_on",
            ),
            caseworker_first_name=Subquery(primary.values("caseworker__first_name")[:1]),
            caseworker_last_name=Subquery(primary.values("caseworker__last_name")[:1]),
        )
        .order_by("child__first_name", "child__last_name", "pk")
    )


def last_contact(case) -> dt.date | None:
    """The latest of the ``last_*`` dates ``cases_without_contact_6m`` annotates."""
    dates = [
        case.last_conversation,
        case.last_milestone,
        case.last_meeting,
        case.last_supervision,
        case.last_follow_up,
    ]
    return max((d for d in dates if d is not None), default=None)


# --- All of them --------------------------------------------------------------------------------

INDICATORS = (
    meetings_with_agenda_sent_before,
    meetings_with_summary_delivered,
    meetings_with_child_agenda_items,
    meetings_child_understood,
    decisions_with_child_view,
    decisions_with_exception,
    explanations_delivered,
    children_10_plus_informed_of_rights,
    conversations_alone_before_follow_up,
    conversation_tasks_met_on_time,
    caseworker_changes_per_child_24m,
    children_without_contact_6m,
)


def involvement_indicators(*, scope, period) -> list[Indicator]:
    """Every indicator, in the page's order: one query each."""
    return [indicator(scope=scope, period=period) for indicator in INDICATORS]
