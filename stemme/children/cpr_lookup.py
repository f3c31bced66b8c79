"""Looking a person up in the CPR register: the seam, not the connection.

Stemme does not call the CPR register (CPR-kontoret's services need an agreement, a
certificate and a legal basis per lookup). What it has is the place where such a connection
plugs in: an adapter with one method, ``lookup(cpr) -> PersonFacts | None``, named by the
setting ``STEMME_CPR_LOOKUP`` (a dotted path to a class). The default, ``NoLookup``, knows
nobody, and then the person form simply has no "fetch" button. ``FakeLookup`` is for tests and
demonstrations. A real adapter is a class with the same method; the person form prefills the
name, the date of birth and the address from it, and the caseworker still saves by hand.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from stemme.children import cpr as cpr_numbers

DEFAULT = "stemme.children.cpr_lookup.NoLookup"


@dataclass(frozen=True)
class PersonFacts:
    """What a register lookup gives: enough to fill in the person form."""

    first_name: str
    last_name: str
    birth_date: dt.date
    address: str = ""


class CprLookup(Protocol):
    def lookup(self, cpr: str) -> PersonFacts | None:
        """The person with this (valid, normalised) CPR number, or None if unknown."""


class NoLookup:
    """No register is connected: nobody is found."""

    def lookup(self, cpr: str) -> PersonFacts | None:
        return None


class FakeLookup:
    """A register of made-up people, for tests and demonstrations."""

    PEOPLE = {
        "0101801234": PersonFacts("Mette", "Registersen", dt.date(1980, 1, 1), "Skolevej 1, 9000"),
        "0202792345": PersonFacts("Jens", "Registersen", dt.date(1979, 2, 2), "Skolevej 1, 9000"),
    }

    def lookup(self, cpr: str) -> PersonFacts | None:
        return self.PEOPLE.get(cpr)


def adapter() -> CprLookup:
    return import_string(getattr(settings, "STEMME_CPR_LOOKUP", DEFAULT) or DEFAULT)()


def is_configured() -> bool:
    """Whether a register is connected (the form then offers to fetch a person's details)."""
    return not isinstance(adapter(), NoLookup)


def lookup(raw: str) -> PersonFacts | None:
    """Look a CPR number up; a ValidationError (in Danish) if it is not a valid number."""
    return adapter().lookup(cpr_numbers.validate(raw))
