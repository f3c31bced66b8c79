"""Calendar units: clock hours across DST, calendar months with clamping, working days."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from stemme.deadlines.calendar import (
    COPENHAGEN,
    HolidayOptions,
    add_calendar_days,
    add_calendar_months,
    add_hours,
    add_working_days,
    add_years,
    danish_holidays,
    easter_sunday,
    end_of_day,
    is_working_day,
    local_date,
    start_of_day,
)

CPH = ZoneInfo("Europe/Copenhagen")
ALL_OPEN = HolidayOptions(grundlovsdag=False, juleaftensdag=False, nytaarsaftensdag=False)


# --- hours ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected", "expected_offset_hours"),
    [
        # Spring forward, 29 March 2026: 24 elapsed hours end at 13:00 CEST, not 12:00.
        (datetime(2026, 3, 28, 12, 0, tzinfo=CPH), 24, "2026-03-29 13:00", 2),
        # Fall back, 25 October 2026: 24 elapsed hours end at 11:00 CET.
        (datetime(2026, 10, 24, 12, 0, tzinfo=CPH), 24, "2026-10-25 11:00", 1),
        # Straddling the missing hour 02:00-03:00.
        (datetime(2026, 3, 29, 1, 30, tzinfo=CPH), 1, "2026-03-29 03:30", 2),
        # Inside the repeated hour: 02:30 CEST + 1 h = 02:30 CET (the second 02:30).
        (datetime(2026, 10, 25, 2, 30, tzinfo=CPH), 1, "2026-10-25 02:30", 1),
        # Ordinary winter day, across a weekend.
        (datetime(2026, 1, 2, 16, 30, tzinfo=CPH), 24, "2026-01-03 16:30", 1),
        (datetime(2026, 1, 2, 16, 30, tzinfo=CPH), 0, "2026-01-02 16:30", 1),
    ],
)
def test_add_hours_counts_elapsed_time(start, hours, expected, expected_offset_hours):
    result = add_hours(start, hours)
    assert result.strftime("%Y-%m-%d %H:%M") == expected
    assert result.utcoffset() == timedelta(hours=expected_offset_hours)
    assert result.tzinfo == COPENHAGEN
    assert result.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=hours)


def test_add_hours_accepts_utc_and_returns_copenhagen():
    result = add_hours(datetime(2026, 3, 28, 11, 0, tzinfo=UTC), 24)
    assert result == datetime(2026, 3, 29, 13, 0, tzinfo=CPH)
    assert result.tzinfo == COPENHAGEN


def test_add_hours_rejects_naive():
    with pytest.raises(ValueError, match="timezone-aware"):
        add_hours(datetime(2026, 1, 1, 12, 0), 24)  # noqa: DTZ001


# --- calendar days, months, years ------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 10, 31), 4, date(2027, 2, 28)),
        (date(2027, 10, 31), 4, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 5, 15), 3, date(2026, 8, 15)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 31), 13, date(2027, 2, 28)),
        (date(2026, 3, 31), 0, date(2026, 3, 31)),
        (date(2028, 5, 5), -6, date(2027, 11, 5)),
        (date(2026, 8, 31), -6, date(2026, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 1, 31), -13, date(2024, 12, 31)),
        (date(2030, 2, 28), -6, date(2029, 8, 28)),
    ],
)
def test_add_calendar_months_clamps_to_month_end(start, months, expected):
    assert add_calendar_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 2, 25), 7, date(2026, 3, 4)),
        (date(2028, 2, 25), 7, date(2028, 3, 3)),
        (date(2026, 12, 28), 7, date(2027, 1, 4)),
        (date(2026, 3, 4), -7, date(2026, 2, 25)),
    ],
)
def test_add_calendar_days(start, days, expected):
    assert add_calendar_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2010, 5, 5), 16, date(2026, 5, 5)),
        (date(2012, 2, 29), 1, date(2013, 2, 28)),
        (date(2012, 2, 29), 4, date(2016, 2, 29)),
        (date(2012, 2, 29), 10, date(2022, 2, 28)),
        (date(2012, 2, 29), 18, date(2030, 2, 28)),
        (date(2012, 2, 29), 16, date(2028, 2, 29)),
    ],
)
def test_add_years_moves_29_february_to_28_february(start, years, expected):
    assert add_years(start, years) == expected


# --- holidays ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2008, date(2008, 3, 23)),
        (2019, date(2019, 4, 21)),
        (2023, date(2023, 4, 9)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, expected):
    assert easter_sunday(year) == expected


def test_holidays_2026_default_options():
    assert danish_holidays(2026) == {
        date(2026, 1, 1),  # nytårsdag
        date(2026, 4, 2),  # skærtorsdag
        date(2026, 4, 3),  # langfredag
        date(2026, 4, 5),  # påskedag
        date(2026, 4, 6),  # 2. påskedag
        date(2026, 5, 14),  # Kristi himmelfartsdag
        date(2026, 5, 24),  # pinsedag
        date(2026, 5, 25),  # 2. pinsedag
        date(2026, 6, 5),  # grundlovsdag (option)
        date(2026, 12, 24),  # juleaftensdag (option)
        date(2026, 12, 25),  # juledag
        date(2026, 12, 26),  # 2. juledag
        date(2026, 12, 31),  # nytårsaftensdag (option)
    }


def test_holiday_options_remove_the_optional_days():
    days = danish_holidays(2026, options=ALL_OPEN)
    assert len(days) == 10
    assert {date(2026, 6, 5), date(2026, 12, 24), date(2026, 12, 31)}.isdisjoint(days)


def test_store_bededag_only_until_2023():
    assert date(2023, 5, 5) in danish_holidays(2023)  # Easter 9 April + 26 days, a Friday
    assert date(2024, 4, 26) not in danish_holidays(2024)
    assert is_working_day(date(2024, 4, 26))
    assert not is_working_day(date(2023, 5, 5))


def test_danish_holidays_returns_a_copy():
    days = danish_holidays(2026)
    days.add(date(2026, 7, 1))
    assert date(2026, 7, 1) not in danish_holidays(2026)


@pytest.mark.parametrize(
    ("day", "options", "expected"),
    [
        (date(2026, 1, 3), HolidayOptions(), False),  # Saturday
        (date(2026, 1, 4), HolidayOptions(), False),  # Sunday
        (date(2026, 1, 5), HolidayOptions(), True),  # Monday
        (date(2026, 4, 6), HolidayOptions(), False),  # 2. påskedag
        (date(2026, 6, 5), HolidayOptions(), False),  # grundlovsdag, closed by default
        (date(2026, 6, 5), HolidayOptions(grundlovsdag=False), True),
        (date(2026, 12, 24), HolidayOptions(), False),
        (date(2026, 12, 24), HolidayOptions(juleaftensdag=False), True),
        (date(2026, 12, 31), HolidayOptions(), False),
        (date(2026, 12, 31), HolidayOptions(nytaarsaftensdag=False), True),
    ],
)
def test_is_working_day(day, options, expected):
    assert is_working_day(day, options) is expected


# --- working days --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "options", "expected"),
    [
        # Easter 2026: Thu 2, Fri 3, Mon 6 April are holidays.
        (date(2026, 4, 1), 1, HolidayOptions(), date(2026, 4, 7)),
        (date(2026, 4, 1), 6, HolidayOptions(), date(2026, 4, 14)),
        (date(2026, 3, 30), 6, HolidayOptions(), date(2026, 4, 10)),
        # Christmas 2026: 24, 25, 31 Dec and 1 Jan closed by default.
        (date(2026, 12, 21), 6, HolidayOptions(), date(2027, 1, 4)),
        (date(2026, 12, 21), 6, ALL_OPEN, date(2026, 12, 30)),
        (date(2026, 12, 21), 6, HolidayOptions(nytaarsaftensdag=False), date(2026, 12, 31)),
        # Grundlovsdag, Friday 5 June 2026.
        (date(2026, 6, 4), 1, HolidayOptions(), date(2026, 6, 8)),
        (date(2026, 6, 4), 1, HolidayOptions(grundlovsdag=False), date(2026, 6, 5)),
        # Store bededag: a holiday in 2023, a working day in 2024.
        (date(2023, 5, 4), 1, HolidayOptions(), date(2023, 5, 8)),
        (date(2024, 4, 25), 1, HolidayOptions(), date(2024, 4, 26)),
        # Start on a weekend: the start never counts.
        (date(2026, 1, 3), 1, HolidayOptions(), date(2026, 1, 5)),
        (date(2026, 1, 3), 0, HolidayOptions(), date(2026, 1, 3)),
    ],
)
def test_add_working_days(start, n, options, expected):
    assert add_working_days(start, n, options) == expected


def test_add_working_days_rejects_negative():
    with pytest.raises(ValueError, match=">= 0"):
        add_working_days(date(2026, 1, 5), -1)


# --- day boundaries ------------------------------------------------------------------


def test_end_of_day_is_local_and_aware():
    assert end_of_day(date(2026, 1, 1)) == datetime(2026, 1, 1, 23, 59, 59, tzinfo=CPH)
    assert end_of_day(date(2026, 1, 1)).utcoffset() == timedelta(hours=1)
    assert end_of_day(date(2026, 3, 29)).utcoffset() == timedelta(hours=2)
    assert end_of_day(date(2026, 3, 29)).tzinfo == COPENHAGEN


def test_start_of_day_and_local_date():
    assert start_of_day(date(2026, 10, 25)) == datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    # 23:30 UTC on 31 Dec is already New Year's Day in Copenhagen.
    assert local_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 1)
