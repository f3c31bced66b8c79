"""Calendar arithmetic for statutory deadlines, in the units the law uses.

Pure Python (no Django). Every function here means exactly one thing:

* **hours** (``add_hours``) are elapsed clock hours. They run through nights, weekends,
  holidays and daylight-saving changes, so the arithmetic is done in UTC.
* **calendar days / months / years** work on local dates in Europe/Copenhagen. A month
  that lacks the start day is clamped to its last day (31 Oct + 4 months = 28/29 Feb).
  The law does not state a roll-over convention; clamping is the usual reading and is
  recorded as unverified in the research notes.
* **working days** ("hverdage"/"arbejdsdage") are Monday to Friday minus Danish public
  holidays. Which extra closing days count (5 June, 24 Dec, 31 Dec) is a municipal
  choice, so it is configurable through ``HolidayOptions``; by default they are treated
  as closed because most municipal offices are.

A deadline that falls on a date is due at the end of that day (``end_of_day``).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = [
    "COPENHAGEN",
    "DEFAULT_HOLIDAY_OPTIONS",
    "HolidayOptions",
    "add_calendar_days",
    "add_calendar_months",
    "add_hours",
    "add_working_days",
    "add_years",
    "danish_holidays",
    "easter_sunday",
    "end_of_day",
    "is_working_day",
    "local_date",
    "require_aware",
    "start_of_day",
]

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

# Store bededag stopped being a public holiday from 2024 (abolished by an act of 2023).
_LAST_STORE_BEDEDAG_YEAR = 2023


@dataclass(frozen=True)
class HolidayOptions:
    """Days that are not public holidays by law but on which municipal offices usually close.

    All default to closed. A municipality that keeps its offices open on one of them can
    switch it off, which makes that day count as a working day.
    """

    grundlovsdag: bool = True  # 5 June
    juleaftensdag: bool = True  # 24 December
    nytaarsaftensdag: bool = True  # 31 December


DEFAULT_HOLIDAY_OPTIONS = HolidayOptions()


def require_aware(value: datetime, name: str = "datetime") -> None:
    """Raise ValueError for a naive datetime: local wall-clock time alone is ambiguous."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")


def add_hours(start: datetime, hours: int) -> datetime:
    """``hours`` elapsed clock hours after ``start``, returned in Europe/Copenhagen time.

    Done in UTC so that a daylight-saving change inside the interval does not shift the
    result: 24 hours after 2026-03-28 12:00 CET is 2026-03-29 13:00 CEST.
    """
    require_aware(start, "start")
    return (start.astimezone(UTC) + timedelta(hours=hours)).astimezone(COPENHAGEN)


def add_calendar_days(start: date, days: int) -> date:
    """The date ``days`` calendar days after ``start`` (negative goes back)."""
    return start + timedelta(days=days)


def add_calendar_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's last day.

    Negative ``months`` go back (needed for "6 months before the 18th birthday").
    """
    year_offset, month_index = divmod(start.month - 1 + months, 12)
    year = start.year + year_offset
    month = month_index + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def add_years(start: date, years: int) -> date:
    """The same date ``years`` later; 29 February becomes 28 February in non-leap years.

    Used for birthdays. Whether Danish law ages a 29-February child on 28 February or
    1 March in non-leap years is unverified; 28 February is the earlier, safer reading
    for deadlines that fall on or after a birthday.
    """
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 2, 28)


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=512)
def _holidays(year: int, options: HolidayOptions) -> frozenset[date]:
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1),  # nytårsdag
        easter - timedelta(days=3),  # skærtorsdag
        easter - timedelta(days=2),  # langfredag
        easter,  # påskedag
        easter + timedelta(days=1),  # 2. påskedag
        easter + timedelta(days=39),  # Kristi himmelfartsdag
        easter + timedelta(days=49),  # pinsedag
        easter + timedelta(days=50),  # 2. pinsedag
        date(year, 12, 25),  # juledag
        date(year, 12, 26),  # 2. juledag
    }
    if year <= _LAST_STORE_BEDEDAG_YEAR:
        days.add(easter + timedelta(days=26))  # store bededag: 4th Friday after Easter
    if options.grundlovsdag:
        days.add(date(year, 6, 5))
    if options.juleaftensdag:
        days.add(date(year, 12, 24))
    if options.nytaarsaftensdag:
        days.add(date(year, 12, 31))
    return frozenset(days)


def danish_holidays(year: int, *, options: HolidayOptions = DEFAULT_HOLIDAY_OPTIONS) -> set[date]:
    """Danish public holidays in ``year`` plus the closing days switched on in ``options``.

    Computed once per (year, options) and cached; a fresh set is returned so callers
    cannot corrupt the cache.
    """
    return set(_holidays(year, options))


def is_working_day(d: date, options: HolidayOptions = DEFAULT_HOLIDAY_OPTIONS) -> bool:
    """Monday to Friday and not a holiday under ``options``."""
    return d.weekday() < 5 and d not in _holidays(d.year, options)


def add_working_days(
    start: date, n: int, options: HolidayOptions = DEFAULT_HOLIDAY_OPTIONS
) -> date:
    """The ``n``-th working day after ``start``; ``start`` itself never counts.

    ``n == 0`` returns ``start`` unchanged (even if it is not a working day).
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    current = start
    remaining = n
    one_day = timedelta(days=1)
    while remaining:
        current += one_day
        if is_working_day(current, options):
            remaining -= 1
    return current


def local_date(moment: datetime) -> date:
    """The Copenhagen calendar date of an aware datetime."""
    require_aware(moment, "moment")
    return moment.astimezone(COPENHAGEN).date()


def start_of_day(d: date) -> datetime:
    """00:00:00 Europe/Copenhagen on ``d`` (DST changes happen at 02:00/03:00, never at 0)."""
    return datetime.combine(d, time.min, tzinfo=COPENHAGEN)


def end_of_day(d: date) -> datetime:
    """23:59:59 Europe/Copenhagen on ``d``: the moment a date-based deadline expires."""
    return datetime.combine(d, time(23, 59, 59), tzinfo=COPENHAGEN)
