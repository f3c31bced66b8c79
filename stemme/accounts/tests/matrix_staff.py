"""Access-matrix entries for staff administration: the staff list, a new account, a colleague's
page, changing, deactivating and reactivating an account. Only the municipality's administrator
gets them (403 for everyone else); another municipality's staff member is not found (404). A
change is an ``organisation.staff_*`` event; no child's data is shown (a leaver's children are a
number)."""

from stemme.access.testing import ROLES, Entry

ADMIN_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "administrator": 200}
ADMIN_WRITES = {**ADMIN_ONLY, "administrator": 302}  # a saved form redirects
FAR = {**ADMIN_ONLY, "administrator": 404}
ADMIN = frozenset({"administrator"})


def _team(world):
    return {"team": world.team}


def _colleague(world):
    return {"colleague": world.same_team_caseworker, "team": world.team}


def _leaver(world):
    return {"colleague": world.assigned_caseworker}


def _far_colleague(world):
    return {"colleague": world.other_municipality_caseworker}


def _deactivated(world):
    from stemme.accounts.services.staff import staff_deactivate

    staff_deactivate(actor=world.administrator, user=world.same_team_caseworker)
    return {"colleague": world.same_team_caseworker}


COLLEAGUE = {"user_id": "colleague.pk"}

ENTRIES = {
    "accounts:staff_list": [
        Entry(status=ADMIN_ONLY),
        Entry(
            data={"q": "kar", "role": "caseworker", "active": "all", "sort": "role"},
            status=ADMIN_ONLY,
        ),
    ],
    "accounts:staff_create": [
        Entry(status=ADMIN_ONLY),
        Entry(
            method="post",
            setup=_team,
            data={
                "first_name": "Mette",
                "last_name": "Ny",
                "username": "mette.ny",
                "email": "mette@testby.dk",
                "role": "caseworker",
                "teams": "team.pk",
                "job_title": "Socialrådgiver",
            },
            status=ADMIN_WRITES,
            writes=True,
            sees=ADMIN,
        ),
    ],
    "accounts:staff_detail": [
        Entry(setup=_colleague, kwargs=COLLEAGUE, status=ADMIN_ONLY),
        Entry(setup=_far_colleague, kwargs=COLLEAGUE, status=FAR),
    ],
    "accounts:staff_edit": [
        Entry(setup=_colleague, kwargs=COLLEAGUE, status=ADMIN_ONLY),
        Entry(
            method="post",
            setup=_colleague,
            kwargs=COLLEAGUE,
            data={
                "first_name": "Karl",
                "last_name": "Kollega",
                "email": "karl@testby.dk",
                "role": "caseworker",
                "teams": "team.pk",
                "job_title": "Familierådgiver",
                "version": "1",
            },
            status=ADMIN_WRITES,
            writes=True,
            sees=ADMIN,
        ),
        Entry(setup=_far_colleague, kwargs=COLLEAGUE, status=FAR),
    ],
    "accounts:staff_deactivate": [
        # The leaver's page: how many children they still have (a number, no names).
        Entry(setup=_leaver, kwargs=COLLEAGUE, status=ADMIN_ONLY),
        Entry(
            method="post",
            setup=_colleague,
            kwargs=COLLEAGUE,
            data={"confirm": "on"},
            status=ADMIN_WRITES,
            writes=True,
            sees=ADMIN,
        ),
        Entry(
            method="post",
            setup=_far_colleague,
            kwargs=COLLEAGUE,
            data={"confirm": "on"},
            status=FAR,
        ),
    ],
    "accounts:staff_password_reset": [
        Entry(
            method="post",
            setup=_colleague,
            kwargs=COLLEAGUE,
            status=ADMIN_WRITES,
            writes=True,
            sees=ADMIN,
        ),
        Entry(method="post", setup=_far_colleague, kwargs=COLLEAGUE, status=FAR),
    ],
    "accounts:staff_reactivate": [
        Entry(
            method="post",
            setup=_deactivated,
            kwargs=COLLEAGUE,
            status=ADMIN_WRITES,
            writes=True,
            sees=ADMIN,
        ),
        Entry(method="post", setup=_far_colleague, kwargs=COLLEAGUE, status=FAR),
    ],
}
