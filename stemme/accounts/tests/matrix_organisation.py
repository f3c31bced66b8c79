"""Access-matrix entries for the administrator's organisation settings: the municipality's
Min sag settings and a team's duty phone and department. Only the municipality's administrator
gets them; a change is a municipality event (no child is involved, so no child's data is
shown)."""

from stemme.access.testing import ROLES, Entry

ADMIN_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "administrator": 200}
ADMIN_WRITES = {**ADMIN_ONLY, "administrator": 302}  # a saved form redirects


def _team(world):
    return {"team": world.team}


def _far_team(world):
    from stemme.accounts.models import Team

    return {"team": Team.objects.get(municipality=world.other_municipality)}


ENTRIES = {
    "accounts:organisation_portal": [
        Entry(status=ADMIN_ONLY),
        Entry(
            method="post",
            data={
                "escalate_after_hours": "12",
                "answer_within_days": "3",
                "alarm_words": "bange\nslå*",
                "version": "1",
            },
            status=ADMIN_WRITES,
            writes=True,
            sees=frozenset({"administrator"}),
        ),
    ],
    "accounts:team_duty": [
        Entry(setup=_team, kwargs={"team_id": "team.pk"}, status=ADMIN_ONLY),
        Entry(
            method="post",
            setup=_team,
            kwargs={"team_id": "team.pk"},
            data={
                "duty_phone": "33 12 34 00",
                "duty_hours": "Mandag-fredag 9-15",
                "duty_opens": "09:00",
                "duty_closes": "15:00",
                "version": "1",
            },
            status=ADMIN_WRITES,
            writes=True,
            sees=frozenset({"administrator"}),
        ),
        # Another municipality's team does not exist for this administrator.
        Entry(
            setup=_far_team,
            kwargs={"team_id": "team.pk"},
            status={**ADMIN_ONLY, "administrator": 404},
        ),
    ],
    "accounts:team_department": [
        Entry(setup=_team, kwargs={"team_id": "team.pk"}, status=ADMIN_ONLY),
        Entry(
            method="post",
            setup=_team,
            kwargs={"team_id": "team.pk"},
            data={"department": "Myndighed, børn og unge", "version": "1"},
            status=ADMIN_WRITES,
            writes=True,
            sees=frozenset({"administrator"}),
        ),
        Entry(
            setup=_far_team,
            kwargs={"team_id": "team.pk"},
            status={**ADMIN_ONLY, "administrator": 404},
        ),
    ],
}
