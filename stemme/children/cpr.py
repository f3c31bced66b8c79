"""CPR numbers: validation, normalisation and masking.

A CPR number is ten digits, DDMMYY followed by a four-digit sequence whose first digit fixes the
century (CPR-kontoret's table). The modulus-11 check is not required: numbers without it have been
issued since 2007. Stemme stores the ten digits (so a search can find them) and shows
``ddmmyy-****`` unless a user explicitly reveals the number.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s-]")


def normalise(raw: str) -> str:
    """Strip spaces and the dash a person types (``010203-1234`` → ``0102031234``)."""
    return _SEPARATORS.sub("", raw or "")


def century(year_two_digits: int, seventh_digit: int) -> int:
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if year_two_digits <= 36 else 1900
    return 2000 if year_two_digits <= 57 else 1800


def birth_date(cpr: str) -> dt.date:
    """The birth date a (normalised, well-formed) CPR number encodes; ValueError if none."""
    day, month, year = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6])
    return dt.date(century(year, int(cpr[6])) + year, month, day)


def validate(raw: str) -> str:
    """Return the normalised CPR number or raise a ValidationError with a Danish message."""
    cpr = normalise(raw)
    if not re.fullmatch(r"[0-9]{10}", cpr):
        raise ValidationError(
            _("A CPR number has 10 digits, for example 010203-1234."), code="cpr_format"
        )
    try:
        birth_date(cpr)
    except ValueError as exc:
        raise ValidationError(
            _("The first six digits of a CPR number must be a real date (ddmmyy)."),
            code="cpr_date",
        ) from exc
    return cpr


def looks_like_cpr(raw: str) -> bool:
    cpr = normalise(raw)
    return bool(re.fullmatch(r"[0-9]{6}|[0-9]{10}", cpr))


def mask(cpr: str) -> str:
    return f"{cpr[:6]}-****" if cpr else ""


def formatted(cpr: str) -> str:
    return f"{cpr[:6]}-{cpr[6:]}" if cpr else ""
