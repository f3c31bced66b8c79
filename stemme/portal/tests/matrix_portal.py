"""Access-matrix entries for the portal's own pages (login, activation, home, photos) and the
staff page that issues activation codes. Staff roles have no portal session: portal pages send
them to the portal login (or 404 for photos), whatever their staff login."""

from stemme.access.testing import ROLES, Entry, child_page, portal_page


def _account(world):
    from stemme.portal.testing import active_account

    return {"account": active_account(world)}


def _worker(world):
    return {"worker": world.assigned_caseworker}


ENTRIES = {
    "portal:home": [portal_page(parent=200, other_child=200)],
    "portal:activate": [Entry(status=dict.fromkeys(ROLES, 200))],
    # A valid portal session goes straight to the front page.
    "portal:login": [
        Entry(
            status={
                **dict.fromkeys(ROLES, 200),
                "child": 302,
                "other_child": 302,
                "parent": 302,
                "restricted_parent": 200,
            }
        )
    ],
    "portal:logout": [Entry(method="post", status=dict.fromkeys(ROLES, 302))],
    # Quick exit answers everyone with the neutral page that moves on (a session or not).
    "portal:quick_exit": [Entry(method="post", status=dict.fromkeys(ROLES, 200))],
    "portal:caseworker_photo": [
        Entry(
            setup=_worker,
            kwargs={"user_id": "worker.pk"},
            # The worker has no photo in the matrix world: 404 for everyone.
            status={**dict.fromkeys(ROLES, 404), "child": 404, "other_child": 404},
        )
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
    "portal_staff:account_action": [
        child_page(
            method="post",
            kwargs={"child_id": "child.pk", "account_id": "account.pk"},
            data={"action": "disable"},
            writes=True,
            setup=_account,
        )
    ],
}
