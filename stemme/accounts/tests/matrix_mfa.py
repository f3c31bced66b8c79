"""Access-matrix entries for the login's second step, the recovery codes, the staff member's
own login security and the administrator's reset of a colleague's two-step login.

The matrix logs everyone in through both steps, so the second-step pages send them on (302);
stemme/accounts/tests/test_mfa.py covers the sessions that have passed only the password.
"""

from stemme.access.testing import ROLES, Entry

ALL_REDIRECT = dict.fromkeys(ROLES, 302)
LOGGED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}


def _colleague(world):
    return {"colleague": world.same_team_caseworker}


def _far_colleague(world):
    return {"colleague": world.other_municipality_caseworker}


ENTRIES = {
    # Already verified: on to the start page. Anonymous: to the login.
    "accounts:mfa_verify": [Entry(status=ALL_REDIRECT)],
    "accounts:mfa_setup": [Entry(status=ALL_REDIRECT)],
    "accounts:mfa_enrol": [Entry(status=ALL_REDIRECT)],
    # No new codes waiting in the session: to the security page.
    "accounts:recovery_codes": [Entry(status=ALL_REDIRECT)],
    "accounts:security": [Entry(status=LOGGED_IN)],
    "accounts:password_change": [Entry(status=LOGGED_IN)],
    # Only the municipality's administrator resets a colleague's second factor (an event).
    "accounts:mfa_reset": [
        Entry(
            method="post",
            setup=_colleague,
            kwargs={"user_id": "colleague.pk"},
            status={**dict.fromkeys(ROLES, 403), "anonymous": 302, "administrator": 302},
            writes=True,
            sees=frozenset({"administrator"}),
        ),
        Entry(
            method="post",
            setup=_far_colleague,
            kwargs={"user_id": "colleague.pk"},
            status={**dict.fromkeys(ROLES, 403), "anonymous": 302, "administrator": 404},
        ),
    ],
    # Only the municipality's administrator issues a colleague an enrolment code (an event).
    "accounts:enrolment_code_issue": [
        Entry(
            method="post",
            setup=_colleague,
            kwargs={"user_id": "colleague.pk"},
            status={**dict.fromkeys(ROLES, 403), "anonymous": 302, "administrator": 302},
            writes=True,
            sees=frozenset({"administrator"}),
        ),
        Entry(
            method="post",
            setup=_far_colleague,
            kwargs={"user_id": "colleague.pk"},
            status={**dict.fromkeys(ROLES, 403), "anonymous": 302, "administrator": 404},
        ),
    ],
}
