"""The youth survey in the demo: last year's finished round (on paper and online, before this
year's), with answers generated to resemble VIVE's national figures, and team differences, so
a leader sees a real report — suppressed cells, a roll-up, intervals, trends — and the "I sagde –
vi gør" the children see in Min sag.

How an answer is drawn: each young person gets a latent "feels involved" score from their
strata (foster care above institution, 14-17 above 12-13, boys slightly above girls on relation
and information, frequent contact and few changes of caseworker above the rest, as VIVE found)
plus their team's effect and noise; each item's chance of a positive answer is the national
figure moved by that score on the logit scale. Skips (about 1 in 25) and "don't know" as young
people give them. Deterministic for a seed.
"""

import datetime as dt
import math
import random
import uuid

from django.db import transaction
from django.utils import timezone

from stemme.accounts.models import Municipality, Team, User
from stemme.survey import scales
from stemme.survey.models import (
    Action,
    Answer,
    AnsweredWith,
    Comment,
    Invitation,
    Response,
    Wave,
)
from stemme.survey.selectors import is_shown, strata_for
from stemme.survey.services import instrument_default_ensure

RESPONSE_RATE = 0.55
SKIP = 0.04
# Team effects on the logit scale: the demo's teams differ visibly, not wildly.
TEAM_EFFECTS = (0.45, -0.1, -0.45, 0.2, 0.0)
COMMENTS = (
    "At de lytter til det man siger og tror på at man taler sandt.",
    "Fortæl hvad der skal ske før mødet, ikke bagefter.",
    "Jeg fik en ny sagsbehandler uden at nogen sagde det til mig.",
    "Man skal have den samme sagsbehandler i længere tid.",
    "Flere møder hvor jeg selv er med og ikke kun de voksne.",
    "At man kan skrive til sin sagsbehandler og få svar samme uge.",
    "Forklar ordene. Jeg vidste ikke hvad en handleplan var.",
    "Min nye sagsbehandler er rigtig god, hun ringer tilbage.",
    "Møderne skal ikke være i skoletiden.",
    "Spørg mig før I bestemmer noget om min skole.",
)
ACTIONS = (
    (
        "Under halvdelen ved på forhånd, hvad der skal tales om på møderne.",
        "Fra 1. marts sendes dagsordenen til den unge i Min sag senest to dage før hvert "
        "møde, og den unge kan tilføje egne punkter.",
        "Du får dagsordenen i Min sag to dage før et møde. Du kan selv skrive punkter på.",
    ),
    (
        "Mange har fået en ny rådgiver uden at få det at vide i god tid.",
        "Ved skift af rådgiver holdes et overleveringsmøde, og den unge får besked senest en "
        "uge før. Teamlederne følger op hver måned.",
        "Hvis du får en ny rådgiver, får du besked en uge før, og I mødes sammen.",
    ),
)


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _logit(p: float) -> float:
    p = min(max(p, 0.02), 0.98)
    return math.log(p / (1 - p))


def _latent(strata: dict, team_effect: float, rng: random.Random) -> float:
    # Centred so that a municipality like the demo's lands near the national figures: its
    # children have more recorded contact and fewer changes than VIVE's sample.
    score = team_effect - 0.55 + rng.gauss(0, 0.8)
    score += {"foster_care": 0.35, "preventive": 0.15, "institution": -0.35}.get(
        strata["measure_type"], 0
    )
    score += 0.2 if strata["age_band"] == "14_17" else -0.2
    score += {"0": -0.5, "1-3": 0.0, "4+": 0.35}[strata["contact"]]
    score += {"0": 0.3, "1": 0.0, "2+": -0.35}[strata["changes"]]
    return score


def _fits(p_top: float, rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.03:
        return scales.DONT_KNOW
    roll = rng.random()
    if roll < p_top:
        return 5 if rng.random() < 0.45 else 4
    partly = (1 - p_top) * 0.55
    if roll < p_top + partly:
        return 3
    return 2 if rng.random() < 0.6 else 1


def _answers(items, strata: dict, latent: float, rng: random.Random) -> dict:
    answers: dict = {}
    gender_lift = 0.2 if strata["gender"] == "boy" else 0.0
    for item in items:
        if item.scale == "open" or not is_shown(item, answers):
            continue
        if rng.random() < SKIP:
            continue
        base = item.national_share if item.national_share is not None else 0.67
        lift = latent + (gender_lift if item.dimension in ("relation", "information") else 0)
        if item.scale == "fits":
            p = _logistic(_logit(base) + (-lift if item.reversed else lift))
            answers[item.code] = _fits(p, rng)
        elif item.scale == "yes_no":
            if rng.random() < (0.18 if item.dimension == "rights" else 0.05):
                answers[item.code] = scales.DONT_KNOW
            else:
                factor = 0.0 if item.higher_is_better is None else 0.7
                answers[item.code] = (
                    1 if rng.random() < _logistic(_logit(base) + lift * factor) else 2
                )
        elif item.code == "c1":
            answers[item.code] = {"0": 1, "1-3": 2, "4+": 3}[strata["contact"]]
        elif item.code == "c2":
            answers[item.code] = {"0": 1, "1": 2, "2+": rng.choice((3, 4))}[strata["changes"]]
    return answers


# The demo's finished rounds: (days before today it opened, a shift of every answer). The
# earlier round a little lower, so the trend shows the year's work.
ROUNDS = ((665, -0.25), (300, 0.0))


def demo_survey_seed(*, municipality: Municipality, today: dt.date, seed: int) -> int:
    """Write the finished rounds of the last two years; returns how many answered."""
    rng = random.Random(seed * 7919 + 17)  # noqa: S311 - demo data, not secrets
    return sum(
        _round_seed(
            municipality=municipality,
            opens_on=today - dt.timedelta(days=days),
            today=today,
            shift=shift,
            rng=rng,
            with_actions=index == len(ROUNDS) - 1,
        )
        for index, (days, shift) in enumerate(ROUNDS)
    )


def _round_seed(*, municipality, opens_on, today, shift, rng, with_actions) -> int:
    instrument = instrument_default_ensure()
    # The latest round includes the wellbeing core; the earlier one did not.
    with_wellbeing = with_actions
    items = [item for item in instrument.items.all() if with_wellbeing or not item.optional]
    leader = User.objects.filter(municipality=municipality, role="team_leader").first()
    teams = list(Team.objects.filter(municipality=municipality).order_by("name"))
    effects = {team.pk: TEAM_EFFECTS[index % len(TEAM_EFFECTS)] for index, team in enumerate(teams)}
    closes_on = opens_on + dt.timedelta(days=42)
    strata = strata_for(
        municipality_id=municipality.pk,
        teams=[],
        min_age=12,
        max_age=17,
        on=today,
        with_account=False,
    )
    with transaction.atomic():
        wave = Wave.objects.create(
            municipality=municipality,
            instrument=instrument,
            title=f"Ungeundersøgelsen {opens_on.year}",
            with_wellbeing=with_wellbeing,
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=leader,
            closed_at=timezone.make_aware(
                dt.datetime.combine(closes_on + dt.timedelta(days=1), dt.time(6, 30))
            ),
            invited=len(strata),
        )
        invitations, responses, answers, comments = [], [], [], []
        for child_id, row in sorted(strata.items(), key=lambda pair: str(pair[0])):
            answered = rng.random() < RESPONSE_RATE
            invitations.append(
                Invitation(
                    wave=wave,
                    child_id=child_id,
                    invited_on=opens_on,
                    answered_on=opens_on + dt.timedelta(days=rng.randrange(42))
                    if answered
                    else None,
                    **row,
                )
            )
            if not answered:
                continue
            response = Response(
                id=uuid.uuid4(),
                wave=wave,
                answered_with=rng.choice(
                    (AnsweredWith.ALONE, AnsweredWith.ALONE, AnsweredWith.ADULT, AnsweredWith.PAPER)
                ),
                **row,
            )
            responses.append(response)
            latent = _latent(row, effects.get(row["team_id"], 0.0), rng) + shift
            for code, value in _answers(items, row, latent, rng).items():
                item = next(i for i in items if i.code == code)
                answers.append(Answer(response=response, item=item, value=value))
            if rng.random() < 0.2:
                comments.append(Comment(wave=wave, text=rng.choice(COMMENTS)))
        Invitation.objects.bulk_create(invitations)
        # The answer side in another order than the invitations: nothing lines them up.
        rng.shuffle(responses)
        Response.objects.bulk_create(responses)
        Answer.objects.bulk_create(answers)
        Comment.objects.bulk_create(comments)
        for finding, action, for_children in ACTIONS if with_actions else ():
            Action.objects.create(
                wave=wave,
                finding=finding,
                action=action,
                text_for_children=for_children,
                created_by=leader,
            )
    return len(responses)
