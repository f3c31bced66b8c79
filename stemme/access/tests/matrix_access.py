"""Access-matrix entries for deputies and emergency access (collected by stemme/access/tests).

The deputy pages and the review of emergency access are the team leader's (others: 403). The
emergency-access form is for caseworkers and leaders; posting the protected child's CPR number
grants access to a caseworker who could not see the child (a write), sends those who already
may see it on without writing, and answers a caseworker of another municipality with a form
error (the refused attempt is still an event).
"""

import datetime as dt

from django.utils import timezone

from stemme.access.testing import ROLES, Entry

LEADER_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "team_leader": 200}
LEADER_WRITES = {**LEADER_ONLY, "team_leader": 302}
LEADER = frozenset({"team_leader"})
REASON = "Barnet har ringet og er bange; rådgiveren er syg og teamet er til møde."


def _deputy_pair(world):
    return {"away": world.assigned_caseworker, "stand_in": world.same_team_caseworker}


def _deputy(world):
    from stemme.access.services import deputy_appoint

    today = timezone.localdate()
    grant = deputy_appoint(
        actor=world.leader,
        deputy=world.same_team_caseworker,
        covered=world.assigned_caseworker,
        starts_on=today,
        ends_on=today + dt.timedelta(days=7),
        reason="Kursus",
    )
    return {"grant": grant}


def _emergency_use(world):
    """Emergency access to the protected child by a caseworker on the other team."""
    from conftest import make_user
    from stemme.access.services import emergency_access_grant
    from stemme.accounts.models import Role

    nina = make_user(world.municipality, Role.CASEWORKER, "noed", [world.other_team], "Nina", "Nød")
    _child, use = emergency_access_grant(actor=nina, cpr=world.child.cpr, reason=REASON)
    return {"use": use}


TODAY = timezone.localdate()

ENTRIES = {
    "access:deputies": [
        Entry(status=LEADER_ONLY),
        Entry(
            method="post",
            setup=_deputy_pair,
            data={
                "covered": "away.pk",
                "deputy": "stand_in.pk",
                "starts_on": TODAY.isoformat(),
                "ends_on": (TODAY + dt.timedelta(days=14)).isoformat(),
                "reason": "Ferie",
            },
            status=LEADER_WRITES,
            writes=True,
            sees=LEADER,
        ),
    ],
    "access:deputy_end": [
        Entry(
            method="post",
            setup=_deputy,
            kwargs={"deputy_id": "grant.pk"},
            status=LEADER_WRITES,
            writes=True,
            sees=LEADER,
        )
    ],
    "access:emergency_request": [
        Entry(status={**dict.fromkeys(ROLES, 200), "anonymous": 302, "administrator": 403}),
        Entry(
            method="post",
            data={"cpr": "child.cpr", "reason": REASON, "confirm": "on"},
            status={
                **dict.fromkeys(ROLES, 302),
                "other_municipality_caseworker": 200,
                "administrator": 403,
            },
            writes_roles=frozenset({"other_municipality_caseworker", "other_team_caseworker"}),
        ),
    ],
    "access:emergency_review": [
        Entry(
            setup=_emergency_use,
            status=LEADER_ONLY,
            shows_child=True,
            logs_access=True,
            sees=LEADER,
        )
    ],
    "access:emergency_reviewed": [
        Entry(
            method="post",
            setup=_emergency_use,
            kwargs={"access_id": "use.pk"},
            data={"note": "Talt med Nina; i orden."},
            status=LEADER_WRITES,
            writes=True,
            sees=LEADER,
        )
    ],
}
