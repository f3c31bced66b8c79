"""The figures of a closed round, as VIVE reports them, with disclosure control.

Per item: top-2 / partly / bottom-2 / don't know (yes / no / don't know for rights; categories
for the counts), the item's share among its base (top-2 among those with an opinion, "yes"
among yes/no), its 95 % Wilson interval, and the national figure: a share is called better or
worse than the national one only when its interval excludes it. Filtered denominators: H1-H3
only where H0 = yes, F5 only where F4 is "badly" (the answers were only asked then).
Dimension scores: each respondent's mean on the dimension's "fits" items (reversed where the
statement is negative), 0-100, averaged with a 95 % interval. Subgroups: the coarse strata.

Disclosure control (``settings.STEMME_SURVEY_MIN_CELL``, at least 3): no figure from fewer
answers than that; cells that could be worked out from a shown total are hidden too
(``disclosure.suppressed``); a team too small to show is rolled up to the municipality. Only a
closed round has figures, so nothing can be worked out by looking before and after one more
answer. One query reads the round's answers with their strata; the rest is arithmetic.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from stemme.survey import scales
from stemme.survey.disclosure import mean_interval, suppressed, total_hidden, wilson
from stemme.survey.models import (
    AgeBand,
    Answer,
    ChangesBucket,
    Comment,
    ContactBucket,
    Dimension,
    GenderStratum,
    Invitation,
    Item,
    MeasureType,
    Response,
    Wave,
)
from stemme.survey.selectors import wave_items

RESPONSE_RATE_TARGET = 0.30
MIN_CELL_FLOOR = 3

SUBGROUPS = (
    ("measure_type", _("Type of measure"), MeasureType),
    ("age_band", _("Age"), AgeBand),
    ("gender", _("Gender"), GenderStratum),
    ("changes", _("Changes of caseworker in 24 months"), ChangesBucket),
    ("contact", _("Recorded contact in 6 months"), ContactBucket),
)
SCORED = (Dimension.RELATION, Dimension.INFORMATION, Dimension.INFLUENCE, Dimension.PLAN)


def min_cell() -> int:
    """The threshold in force: the setting, never below 3."""
    return max(MIN_CELL_FLOOR, int(getattr(settings, "STEMME_SURVEY_MIN_CELL", 5)))


@dataclass
class Share:
    """A share with its interval, or hidden (``shown`` False: "For få svar")."""

    n: int
    count: int
    shown: bool
    low: float | None = None
    high: float | None = None

    @property
    def share(self) -> float | None:
        return self.count / self.n if self.shown and self.n else None

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)

    @property
    def low_percent(self) -> int | None:
        return None if self.low is None else round(self.low * 100)

    @property
    def high_percent(self) -> int | None:
        return None if self.high is None else round(self.high * 100)


def share_shown(count: int, n: int) -> Share:
    """A share with its interval, hidden below the minimum number of answers (for figures of
    the children's own answers outside the survey, e.g. the faces after meetings)."""
    return _share(count, n, n >= min_cell())


def _share(count: int, n: int, shown: bool) -> Share:
    if not shown or n == 0:
        return Share(n=n, count=count, shown=False)
    low, high = wilson(count, n)
    return Share(n=n, count=count, shown=True, low=low, high=high)


@dataclass
class Part:
    label: str
    percent: int | None


@dataclass
class ItemRow:
    item: Item
    text: str
    answers: int  # every answer, don't know included
    parts: list[Part]  # the distribution, as percentages of all answers
    share: Share
    national: float | None
    comparison: str | None  # "better" / "worse" / "higher" / "lower" / "same" / None
    base_note: str = ""

    @property
    def national_percent(self) -> int | None:
        return None if self.national is None else round(self.national * 100)


@dataclass
class Score:
    n: int
    shown: bool
    mean: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass
class GroupRow:
    label: str
    responses: int
    shown: bool
    scores: list[Score]


@dataclass
class SubgroupTable:
    key: str
    title: str
    groups: list[GroupRow]


@dataclass
class Report:
    wave: Wave
    min_cell: int
    team: object | None  # the team shown, None for the municipality
    rolled_up: bool  # the team asked for was too small: the municipality is shown
    invited: int
    responses: int
    shown: bool  # False when the scope has too few answers for any figure
    items: list[tuple[str, list[ItemRow]]] = field(default_factory=list)
    dimensions: list[tuple[str, Score]] = field(default_factory=list)
    subgroups: list[SubgroupTable] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.responses / self.invited if self.invited else None

    @property
    def rate_percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else round(rate * 100)

    @property
    def rate_target_percent(self) -> int:
        return round(RESPONSE_RATE_TARGET * 100)


@dataclass
class _Row:
    response_id: object
    strata: dict
    answers: dict  # item id -> value


def _rows(wave: Wave) -> dict:
    """{response id: _Row} for the round: one query over the answers, one over the responses
    (a response may have no answers: every question skipped)."""
    strata_names = Response.STRATA
    rows = {
        values["id"]: _Row(
            response_id=values["id"],
            strata={name: values[name] for name in strata_names},
            answers={},
        )
        for values in Response.objects.filter(wave=wave).values("id", *strata_names)
    }
    for response_id, item_id, value in Answer.objects.filter(response__wave=wave).values_list(
        "response_id", "item_id", "value"
    ):
        rows[response_id].answers[item_id] = value
    return rows


def _comparison(item: Item, share: Share) -> str | None:
    if not share.shown or item.national_share is None:
        return None
    if share.low <= item.national_share <= share.high:
        return "same"
    higher = share.low > item.national_share
    if item.higher_is_better is None:
        return "higher" if higher else "lower"
    return "better" if higher == item.higher_is_better else "worse"


def _parts(item: Item, counts: Counter, total: int) -> list[Part]:
    def percent(values) -> int | None:
        return round(sum(counts[v] for v in values) / total * 100) if total else None

    if item.scale == "fits":
        groups = [
            (_("Fits well or very well"), scales.TOP_2),
            (_("Fits partly"), scales.PARTLY),
            (_("Fits badly or very badly"), scales.BOTTOM_2),
            (_("Don't know"), (scales.DONT_KNOW,)),
        ]
        return [Part(str(label), percent(values)) for label, values in groups]
    return [Part(str(label), percent((value,))) for value, label in scales.CHOICES[item.scale]]


def _team_partition_hidden(rows: dict, threshold: int, counts_in=None) -> set:
    """The teams whose figures are hidden, with complementary suppression over the partition of
    the municipality into teams: counting responses (``counts_in`` None), or the responses that
    count in one figure (``counts_in(row)``: e.g. an item's base answers)."""
    counts: Counter = Counter()
    for row in rows.values():
        if counts_in is None or counts_in(row):
            counts[row.strata["team_id"]] += 1
    return suppressed(counts, threshold)


def _in_base(item: Item):
    base = scales.values(item.base_values)
    return lambda row: row.answers.get(item.pk) in base


def _item_rows(items, rows, threshold, team_hidden_for_item) -> list[ItemRow]:
    result = []
    for item in items:
        if item.scale == "open":
            continue
        values = [row.answers[item.pk] for row in rows if item.pk in row.answers]
        counts = Counter(values)
        base_values = scales.values(item.base_values)
        base = sum(counts[v] for v in base_values)
        hit = sum(counts[v] for v in scales.values(item.share_values))
        shown = base >= threshold and not team_hidden_for_item(item)
        share = _share(hit, base, shown)
        parts = _parts(item, counts, len(values)) if shown else []
        note = ""
        if item.shown_if:
            note = str(
                _("Only those who know what a plan is")
                if item.shown_if.startswith("h0")
                else _("Only those who feel they have little influence on decisions")
            )
        result.append(
            ItemRow(
                item=item,
                text=item.text_older,
                answers=len(values),
                parts=parts,
                share=share,
                national=item.national_share,
                comparison=_comparison(item, share),
                base_note=note,
            )
        )
    return result


def _dimension_values(items, rows) -> dict:
    """{dimension: {response id: score 0-100}} from each respondent's "fits" answers."""
    scored = [item for item in items if item.in_score and item.dimension in SCORED]
    result: dict = defaultdict(dict)
    for row in rows:
        per_dimension: dict = defaultdict(list)
        for item in scored:
            value = row.answers.get(item.pk)
            if value in (1, 2, 3, 4, 5):
                per_dimension[item.dimension].append(6 - value if item.reversed else value)
        for dimension, values in per_dimension.items():
            result[dimension][row.response_id] = (sum(values) / len(values) - 1) / 4 * 100
    return result


def _score(values: list[float], shown: bool) -> Score:
    if not shown or not values:
        return Score(n=len(values), shown=False)
    mean, low, high = mean_interval(values)
    return Score(n=len(values), shown=True, mean=mean, low=max(0, low), high=min(100, high))


def _subgroups(rows, scores, threshold) -> list[SubgroupTable]:
    tables = []
    for key, title, choices in SUBGROUPS:
        by_group: dict = defaultdict(list)
        for row in rows:
            by_group[row.strata[key]].append(row.response_id)
        responses = {value: len(by_group.get(value, [])) for value in choices.values}
        hidden_rows = suppressed(responses, threshold)
        # Per dimension, the cells whose n is too small, and their complements.
        hidden_cells = {}
        for dimension in SCORED:
            counts = {
                value: sum(1 for rid in by_group.get(value, []) if rid in scores[dimension])
                for value in choices.values
            }
            hidden_cells[dimension] = suppressed(counts, threshold) | hidden_rows
        groups = []
        for value, label in choices.choices:
            ids = by_group.get(value, [])
            groups.append(
                GroupRow(
                    label=str(label),
                    responses=len(ids),
                    shown=value not in hidden_rows and len(ids) >= threshold,
                    scores=[
                        _score(
                            [scores[d][rid] for rid in ids if rid in scores[d]],
                            value not in hidden_cells[d],
                        )
                        for d in SCORED
                    ],
                )
            )
        tables.append(SubgroupTable(key=key, title=str(title), groups=groups))
    return tables


def wave_report(*, wave: Wave, team=None) -> Report:
    """The figures of ``wave`` for the municipality, or for ``team`` when it has enough answers
    (else rolled up). A round still open has no figures, only its invitation count."""
    threshold = min_cell()
    all_rows = _rows(wave)
    rolled_up = False
    if team is not None and team.pk in _team_partition_hidden(all_rows, threshold):
        team, rolled_up = None, True
    rows = [r for r in all_rows.values() if team is None or r.strata["team_id"] == team.pk]
    invitations = Invitation.objects.filter(wave=wave)
    if team is not None:
        invitations = invitations.filter(team_id=team.pk)
    invited = invitations.count() if team is not None else wave.invited
    report = Report(
        wave=wave,
        min_cell=threshold,
        team=team,
        rolled_up=rolled_up,
        invited=invited,
        responses=len(rows),
        shown=wave.closed_at is not None and not total_hidden({"all": len(rows)}, threshold),
    )
    if not report.shown:
        return report
    items = list(wave_items(wave))

    def team_hidden_for_item(item) -> bool:
        if team is None:
            return False
        return team.pk in _team_partition_hidden(all_rows, threshold, _in_base(item))

    item_rows = _item_rows(items, rows, threshold, team_hidden_for_item)
    for dimension, label in Dimension.choices:
        in_dimension = [row for row in item_rows if row.item.dimension == dimension]
        if in_dimension:
            report.items.append((str(label), in_dimension))
    scores = _dimension_values(items, rows)
    hidden_scores = set()
    if team is not None:
        all_scores = _dimension_values(items, all_rows.values())
        for d in SCORED:
            in_score = all_scores[d]
            hidden = _team_partition_hidden(
                all_rows, threshold, lambda r, s=in_score: r.response_id in s
            )
            if team.pk in hidden:
                hidden_scores.add(d)
    report.dimensions = [
        (
            str(Dimension(d).label),
            _score(
                list(scores[d].values()),
                len(scores[d]) >= threshold and d not in hidden_scores,
            ),
        )
        for d in SCORED
    ]
    if team is None:
        # Subgroups and free text for the municipality only: a team's subgroup beside the
        # municipality's would give away the other teams' (free text has no strata at all).
        report.subgroups = _subgroups(rows, scores, threshold)
        report.comments = sorted(Comment.objects.filter(wave=wave).values_list("text", flat=True))
    return report


@dataclass
class TrendRow:
    item: Item
    shares: list[Share]


def trends(*, wave: Wave) -> tuple[list[Wave], list[TrendRow]]:
    """The municipality's closed rounds of the same questionnaire up to ``wave``, oldest first,
    and each item's share in them (hidden below the threshold)."""
    threshold = min_cell()
    waves = list(
        Wave.objects.filter(
            municipality_id=wave.municipality_id,
            instrument__key=wave.instrument.key,
            closed_at__isnull=False,
            opens_on__lte=wave.opens_on,
        ).order_by("opens_on")
    )
    items = [item for item in wave_items(wave) if item.share_values]
    codes_per_wave = []
    for each in waves:
        counts: dict = defaultdict(Counter)
        for code, value in Answer.objects.filter(response__wave=each).values_list(
            "item__code", "value"
        ):
            counts[code][value] += 1
        codes_per_wave.append(counts)
    rows = []
    for item in items:
        shares = []
        for counts in codes_per_wave:
            values = counts.get(item.code, Counter())
            base = sum(values[v] for v in scales.values(item.base_values))
            hit = sum(values[v] for v in scales.values(item.share_values))
            shares.append(_share(hit, base, base >= threshold))
        rows.append(TrendRow(item=item, shares=shares))
    return waves, rows


@dataclass
class Perceived:
    """What the young people said in the municipality's latest closed round with figures, per
    item (``shown`` False: there are closed rounds, but none with enough answers)."""

    wave: Wave | None
    team: object | None  # the team shown; None for the municipality (also after a roll-up)
    shares: dict = field(default_factory=dict)  # item code -> Share
    shown: bool = False


def perceived_latest(*, municipality_id, team=None) -> Perceived:
    """The item shares of the latest closed round with enough answers, for ``team`` when it can
    be shown (else the municipality), with the report's suppression: a team hidden beside the
    rest of the municipality, per round and per item, is not shown.

    Counted in the database (grouped by item, team and answer: a few thousand rows however many
    answered), so the leaders' involvement page does not read every answer."""
    threshold = min_cell()
    waves = list(
        Wave.objects.filter(municipality_id=municipality_id, closed_at__isnull=False)
        .annotate(answered=Count("responses"))
        .order_by("-opens_on", "-closed_at")
    )
    if not waves:
        return Perceived(wave=None, team=None)
    wave = next((w for w in waves if w.answered >= threshold), None)
    if wave is None:
        return Perceived(wave=waves[0], team=None, shown=False)
    per_team = Counter(
        dict(
            Response.objects.filter(wave=wave)
            .values("team_id")
            .annotate(n=Count("id"))
            .values_list("team_id", "n")
        )
    )
    if team is not None and (team.pk in suppressed(per_team, threshold) or not per_team[team.pk]):
        team = None
    counts: dict = defaultdict(Counter)  # item id -> Counter((team id, value) -> n)
    for item_id, team_id, value, n in (
        Answer.objects.filter(response__wave=wave)
        .values("item_id", "response__team_id", "value")
        .annotate(n=Count("id"))
        .values_list("item_id", "response__team_id", "value", "n")
    ):
        counts[item_id][(team_id, value)] += n
    shares = {}
    for item in wave_items(wave).exclude(share_values=""):
        base_values = scales.values(item.base_values)
        hit_values = scales.values(item.share_values)
        base_per_team: Counter = Counter()
        hit_per_team: Counter = Counter()
        for (team_id, value), n in counts[item.pk].items():
            if value in base_values:
                base_per_team[team_id] += n
            if value in hit_values:
                hit_per_team[team_id] += n
        if team is None:
            base, hit, hidden = sum(base_per_team.values()), sum(hit_per_team.values()), False
        else:
            base, hit = base_per_team[team.pk], hit_per_team[team.pk]
            hidden = team.pk in suppressed(base_per_team, threshold)
        shares[item.code] = _share(hit, base, base >= threshold and not hidden)
    return Perceived(wave=wave, team=team, shares=shares, shown=True)
