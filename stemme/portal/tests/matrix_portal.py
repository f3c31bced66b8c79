"""Access-matrix entries for the portal. Staff roles have no portal session: portal pages
send them to the portal login (or 404 for photos), whatever their staff login."""

from stemme.access.testing import ROLES, Entry, child_page


def _worker(world):
    return {"worker": world.assigned_caseworker}


ENTRIES = {
    "portal:home": [Entry(status=dict.fromkeys(ROLES, 302))],
    "portal:activate": [Entry(status=dict.fromkeys(ROLES, 200))],
    "portal:login": [Entry(status=dict.fromkeys(ROLES, 200))],
    "portal:logout": [Entry(method="post", status=dict.fromkeys(ROLES, 302))],
    "portal:caseworker_photo": [
        Entry(setup=_worker, kwargs={"user_id": "worker.pk"}, status=dict.fromkeys(ROLES, 404))
    ],
    "portal_staff:access": [
        child_page(),
        Entry(
            method="post",
            kwargs={"child_id": "child.pk"},
            data={"who": "child"},
            writes=True,
            # The letter with the one-time code is rendered at once (it cannot be shown again).
            status={
                "anonymous": 302,
                "other_municipality_caseworker": 404,
                "other_team_caseworker": 404,
                "assigned_caseworker": 200,
                "team_leader": 200,
                "administrator": 403,
            },
            shows_child=True,
            logs_access=True,
        ),
    ],
}
