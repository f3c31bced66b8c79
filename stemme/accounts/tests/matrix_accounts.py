"""Access-matrix entries for the staff profile and photo pages (collected by stemme/access)."""

from stemme.access.testing import ROLES, Entry

LOGGED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}


def _staff(world):
    return {"staff": world.assigned_caseworker}


ENTRIES = {
    # Every staff member edits their own profile; it is about them, not a child: no event.
    "accounts:profile": [
        Entry(status=LOGGED_IN),
        Entry(
            method="post",
            data={"phone": "33 12 34 56", "introduction": "Jeg hedder Tove.", "version": "1"},
            status={**dict.fromkeys(ROLES, 302)},
        ),
    ],
    # "Stay logged in" in the warning before the idle logout: touches the session, nothing else.
    "accounts:session_keepalive": [
        Entry(method="post", data={"next": "/"}, status=dict.fromkeys(ROLES, 302))
    ],
    # Without a photo there is nothing to show; another municipality's staff never see one.
    "accounts:photo": [
        Entry(
            kwargs={"user_id": "staff.pk"},
            setup=_staff,
            status={**dict.fromkeys(ROLES, 404), "anonymous": 302},
        )
    ],
}
