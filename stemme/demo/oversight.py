"""Leadership oversight in the demo: the municipality's targets, a committee pack counted for the
last quarter, a year of the nightly figures per team, and ledelsestilsyn as a team leader would
have it a month in — last month's sample reviewed (with findings turned into actions on the
caseworkers' worklists, and one case reviewed a second time by another leader for calibration)
and this month's sample drawn, to do.

Deterministic for a seed: the samples are drawn with a seeded generator, the answers follow the
same generator, leaning to "yes" as real reviews do, with "no" where a demo case lacks something.
"""

import datetime as dt
import random

from django.utils import timezone

from stemme.accounts.models import Municipality, Role, User
from stemme.cases.models import Case, IntakeKind, Stage
from stemme.cases.services import steps
from stemme.dashboards.selectors import Period
from stemme.oversight import checklist, services
from stemme.oversight.models import Answer, SampleKind
from stemme.oversight.selectors.deadlines import month_start
from stemme.oversight.selectors.scope import figures_scope, scope_label

HISTORY_MONTHS = 11  # past month ends: with this month, the overview's twelve
TARGETS = (
    ("deadlines-met-on-time", 90, 75),
    ("handovers-told", 90, 75),
    ("caseworker-changes-24m", 40, 60),
    ("review-findings", 85, 70),
)
FINDING_ACTIONS = {
    "r5": "Skriv barnets egne ord ind i vurderingen før næste afgørelse.",
    "r13": "Gennemgå målene i handleplanen sammen med barnet.",
    "r16": "Hold en samtale med barnet alene før næste opfølgningsmøde.",
    "l2": "Notér samtalen med barnet før afgørelsen, eller hvorfor den ikke blev holdt.",
    "r1": "Spørg barnet, hvordan det vil inddrages, og notér det i sagen.",
}
SUMMARIES = (
    "En grundig sag, hvor barnets perspektiv står tydeligt. Husk at følge op på målene.",
    "Sagen er godt oplyst. Barnets egne ord mangler flere steder.",
    "Fristerne er overholdt, men samtalen før opfølgningen er ikke noteret.",
)


def _answers(case, rng: random.Random) -> dict:
    answers = {}
    for group in checklist.groups_for(case.stage):
        for item in group.items:
            roll = rng.random()
            if roll < 0.68:
                answer = Answer.YES
            elif roll < 0.83:
                answer = Answer.PARTLY
            elif roll < 0.93:
                answer = Answer.NO
            else:
                answer = Answer.NOT_RELEVANT
            note = "Fremgår ikke af sagen." if answer == Answer.NO else ""
            answers[item.key] = (answer, note)
    return answers


REPEATED_REPORTS = (
    ("professional", "Skolen", "Barnet er igen kommet i skole uden madpakke og virker træt."),
    ("professional", "Sundhedsplejen", "Barnet har blå mærker på armene, som ingen kan forklare."),
)


def _repeated_concern_seed(*, leader, today: dt.date) -> int:
    """Two children on the leader's team, each with a report this year and no investigation,
    get two more reports: the repeated-concern alert has children to show."""
    since = today - dt.timedelta(days=300)
    candidates = (
        Case.objects.filter(
            team__in=leader.teams.all(),
            stage__in=(Stage.RECEIVED, Stage.INITIAL_CONVERSATIONS, Stage.SCREENING),
            intakes__kind=IntakeKind.UNDERRETNING,
            intakes__received_at__date__gte=since,
        )
        .exclude(child__cases__investigations__started_on__gte=since)
        .select_related("child")
        .distinct()
        .order_by("opened_on", "pk")[:2]
    )
    now = timezone.now()
    written = 0
    for case in candidates:
        caseworker = case.assignments.filter(ended_on__isnull=True).first()
        for weeks, (reporter, name, text) in zip((5, 1), REPEATED_REPORTS, strict=True):
            steps.intake_register(
                actor=caseworker.caseworker if caseworker else leader,
                child=case.child,
                kind=IntakeKind.UNDERRETNING,
                reporter_type=reporter,
                reporter_name=name,
                received_at=now - dt.timedelta(weeks=weeks),
                content=text,
            )
            written += 1
    return written


def demo_oversight_seed(*, municipality: Municipality, today: dt.date, seed: int) -> int:
    """Write the demo's targets, committee pack and case reviews; returns the reviews made."""
    rng = random.Random(seed * 104729 + 3)  # noqa: S311 - demo data, not secrets
    leader = User.objects.get(municipality=municipality, username="leder")
    other_leader = (
        User.objects.filter(municipality=municipality, role=Role.TEAM_LEADER)
        .exclude(pk=leader.pk)
        .order_by("username")
        .first()
    )
    _repeated_concern_seed(leader=leader, today=today)
    for indicator, green, amber in TARGETS:
        services.target_set(actor=leader, indicator=indicator, green_from=green, amber_from=amber)
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    drawn = services.sample_draw(actor=leader, month=last_month, kind=SampleKind.RANDOM, rng=rng)
    for index, review in enumerate(drawn):
        answers = _answers(review.case, rng)
        actions = [
            (key, FINDING_ACTIONS[key], today + dt.timedelta(days=14 + 7 * number))
            for number, key in enumerate(k for k, (a, _n) in answers.items() if a == Answer.NO)
            if key in FINDING_ACTIONS
        ][:2]
        services.review_record(
            actor=leader,
            review=review,
            version=review.version,
            answers=answers,
            summary=SUMMARIES[index % len(SUMMARIES)],
            actions=actions if review.caseworker_id else [],
        )
        review.refresh_from_db()
        if index == 0 and other_leader is not None:
            second = services.second_review_request(
                actor=leader, review=review, reviewer=other_leader
            )
            services.review_record(
                actor=other_leader,
                review=second,
                version=second.version,
                answers=_answers(review.case, random.Random(seed)),  # noqa: S311 - demo data
                summary="",
                actions=[],
            )
    this_month = services.sample_draw(
        actor=leader, month=today, kind=SampleKind.OVERDUE, theme="Overskredne frister", rng=rng
    )
    quarter = Period.last_months(3, today=today)
    scope = figures_scope(leader)
    services.snapshot_make(
        actor=leader,
        scope=scope.cases,
        team=leader.teams.first(),
        scope_label=scope_label(leader, scope),
        period=quarter,
        title="Børne- og Ungeudvalget: status på frister og inddragelse",
        comment=(
            "Fristen for den børnefaglige undersøgelse overholdes ikke godt nok. Vi har indført "
            "ugentlig gennemgang af de sager, der nærmer sig fristen, og følger tallet hver måned."
        ),
    )
    # A year of the nightly figures, counted afterwards for the past month ends (as a first
    # installation does with `oversight_nightly --months 11`), and tonight's.
    now = timezone.make_aware(dt.datetime.combine(today, timezone.localtime().time()))
    for back in range(HISTORY_MONTHS, 0, -1):
        services.team_days_record(
            day=month_start(today, back - 1) - dt.timedelta(days=1),
            now=now,
            municipality_id=municipality.pk,
        )
    services.team_days_record(now=now, municipality_id=municipality.pk)
    return len(drawn) + len(this_month)
