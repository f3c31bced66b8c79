"""Reads about the child's voice (``voice``), the child's registers (``registers``) and the
safety restriction (``safety``). Import the submodule you need; the safety checks are
re-exported here because letters, meetings and the portal all ask them."""

from stemme.participation.selectors.safety import (  # noqa: F401
    RestrictedPeople,
    active_restrictions,
    current_profile,
    is_restricted,
    restricted_people,
)
