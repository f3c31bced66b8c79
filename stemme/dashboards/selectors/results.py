"""What an indicator gives: the period it looks at, the survey's baseline, the counts; and
the limits the indicators count with."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from stemme.deadlines.calendar import add_calendar_months
from stemme.survey.disclosure import wilson

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
    def interval(self) -> tuple[float, float] | None:
        """The share's 95 % Wilson interval: with 8 meetings, 6 of 8 could as well be 41-93 %."""
        return wilson(self.numerator, self.denominator) if self.denominator else None

    @property
    def low_percent(self) -> int | None:
        return None if self.interval is None else round(self.interval[0] * 100)

    @property
    def high_percent(self) -> int | None:
        return None if self.interval is None else round(self.interval[1] * 100)

    @property
    def compared_with_baseline(self) -> str | None:
        """ "better" / "worse" than the survey figure when the share's interval excludes it,
        "same" when it includes it (the difference may be chance), None when not comparable."""
        if self.share is None or self.baseline is None or self.baseline.share is None:
            return None
        low, high = self.interval
        if low <= self.baseline.share <= high:
            return "same"
        above = low > self.baseline.share
        return "better" if above == self.higher_is_better else "worse"

    @property
    def survey_item(self) -> str | None:
        """The youth-survey item the baseline quotes ("000 I2" → "i2"), when it is one item."""
        if self.baseline is None:
            return None
        code = self.baseline.ref.removeprefix("000 ").lower()
        return code if code.isalnum() else None


# The survey figure two indicators share.
EXPLAINS_DECISIONS = Baseline(
    0.55,
    _("55 % say their caseworker explains why the decisions in their case are as they are."),
    "000 I4",
)
