"""Writes about staff accounts and the organisation, one module per topic: ``organisation``
(a colleague's profile, the Min sag settings, the teams' duty phones; re-exported here),
``mfa`` (two-step login), ``enrolment`` (enrolment codes for it) and ``account_lock`` (the
per-account limit on wrong passwords)."""

from stemme.accounts.services.organisation import (
    ALARM_WORD_LENGTH,
    ALARM_WORDS_MAX,
    ANSWER_DAYS,
    DUTY_HOURS_MAX,
    ESCALATE_HOURS,
    INTRODUCTION_MAX,
    MAX_PHOTO_BYTES,
    MAX_PHOTO_PIXELS,
    MAX_PHOTO_SIDE,
    PHOTO_FORMATS,
    REACHABLE_MAX,
    photo_prepare,
    portal_settings_set,
    profile_update,
    team_duty_set,
)

__all__ = [
    "ALARM_WORDS_MAX",
    "ALARM_WORD_LENGTH",
    "ANSWER_DAYS",
    "DUTY_HOURS_MAX",
    "ESCALATE_HOURS",
    "INTRODUCTION_MAX",
    "MAX_PHOTO_BYTES",
    "MAX_PHOTO_PIXELS",
    "MAX_PHOTO_SIDE",
    "PHOTO_FORMATS",
    "REACHABLE_MAX",
    "photo_prepare",
    "portal_settings_set",
    "profile_update",
    "team_duty_set",
]
