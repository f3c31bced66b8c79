"""Small pure helpers of the builder: Faker's name pools, dates, ages and CPR numbers."""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from dataclasses import dataclass

from faker import Faker

from stemme.deadlines import events
from stemme.demo.plan.constants import TIME_ZONE
from stemme.demo.plan.records import ChildPlan


@dataclass(frozen=True, slots=True)
class NamePools:
    """Names drawn from Faker once; Faker is far too slow to call for every person."""

    female: list[str]
    male: list[str]
    last: list[str]
    streets: list[str]


def draw_pools(seed: int) -> NamePools:
    fake = Faker("da_DK")
    fake.seed_instance(seed)
    last: list[str] = []
    for _ in range(500):
        name = fake.last_name()
        # Danish double surnames ("Holm Jensen") give the small Faker list more variety.
        if fake.random.random() < 0.15:
            other = fake.last_name()
            if other != name:
                name = f"{name} {other}"
        last.append(name)
    return NamePools(
        female=[fake.first_name_female() for _ in range(300)],
        male=[fake.first_name_male() for _ in range(300)],
        last=last,
        streets=[fake.street_name() for _ in range(400)],
    )


def ascii_fold(text: str) -> str:
    """An e-mail-safe form of a Danish name (æ→ae, ø→oe, å→aa, accents dropped)."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "." for ch in text).strip(".")


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year - years, day=28)


def add_years(day: dt.date, years: int) -> dt.date:
    """A birthday ``years`` later; 29 February becomes 28 February (as the deadline engine)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (as the deadline engine)."""
    years, index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: dt.date, count: int) -> dt.date:
    """``count`` weekdays after ``day`` (public holidays are not skipped)."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years old on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_group(age: int) -> str:
    return "young" if age < 7 else "school" if age < 13 else "teen"


def possessive(name: str) -> str:
    return f"{name}'" if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def at_minute(day: dt.date, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=TIME_ZONE)


def cpr_mod11_sum(cpr: str) -> int:
    """The old modulus-11 check sum; a number "passes" when it is divisible by 11."""
    return sum(int(d) * w for d, w in zip(cpr, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1), strict=True))


def child_name(child: ChildPlan) -> str:
    return f"{child.first_name} {child.last_name}"


def monotone(path: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The path with every stage entered no earlier than the one before it."""
    result, latest = [], 0
    for stage, offset in path:
        latest = max(latest, offset)
        result.append((stage, latest))
    return result


def in_key_order(fact: events.FactData, *first: str) -> events.FactData:
    """``fact`` with the keys ``first`` (those present) first in its data, in that order.

    The same data; only the order of the keys, which the stored JSON text keeps, is the one the
    demo wrote before its events were typed, so a seed still gives byte-identical events.
    """
    data = {key: fact.data[key] for key in first if key in fact.data}
    data.update(fact.data)  # the other keys after them; the keys above keep their places
    return events.FactData(fact.kind, data)
