"""Writes about staff accounts and the organisation, one module per topic: ``organisation``
(a colleague's profile, the Min sag settings, the teams' duty phones and departments;
re-exported here), ``mfa`` (two-step login), ``enrolment`` (enrolment codes for it),
``account_lock`` (the per-account limit on wrong passwords) and ``staff`` (the administrator's
staff accounts; the one create-or-update path, ``staff_provision``, for a future single
sign-on)."""

from stemme.accounts.services.organisation import (
    ALARM_WORD_LENGTH,
    ALARM_WORDS_MAX,
    ANSWER_DAYS,
    DEPARTMENT_NAME_MAX,
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
    team_department_set,
    team_duty_set,
)

__all__ = [
    "ALARM_WORDS_MAX",
    "ALARM_WORD_LENGTH",
    "ANSWER_DAYS",
    "DEPARTMENT_NAME_MAX",
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
    "team_department_set",
    "team_duty_set",
]
