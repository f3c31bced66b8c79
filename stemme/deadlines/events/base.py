"""What every fact function returns, and the small helpers that build its data."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class FactData:
    """A fact's kind and the data stored with it (``Event.kind`` / ``Event.data``)."""

    kind: str
    data: dict


class _Omitted(enum.Enum):
    OMITTED = "omitted"


# Leave the key out (for keys whose value may be None when present).
OMITTED = _Omitted.OMITTED
Omittable = Literal[_Omitted.OMITTED]


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def put(data: dict, key: str, value: Any) -> None:
    """Set ``key`` unless ``value`` is None (an optional key left out)."""
    if value is not None:
        data[key] = value


def put_omittable(data: dict, key: str, value: Any) -> None:
    if value is not OMITTED:
        data[key] = value
