"""Access-matrix entries for the right-of-access pages (collected by stemme/access/tests)."""

from stemme.access.testing import Entry, child_page

CHILD = {"child_id": "child.pk"}
EXPORT_STATUS = {
    "anonymous": 302,
    "other_municipality_caseworker": 404,
    "other_team_caseworker": 404,
    "assigned_caseworker": 200,
    "team_leader": 200,
    "administrator": 403,
}

ENTRIES = {
    "privacy:right_of_access": [child_page()],
    "privacy:export": [
        # The JSON file holds the child's name. (The PDF is binary, which the matrix cannot
        # decode; test_right_of_access.py checks it for every role.)
        Entry(
            method="post",
            kwargs=CHILD,
            data={"format": "json"},
            status=EXPORT_STATUS,
            shows_child=True,
            logs_access=True,
        ),
        # A bad format: the page again with a message, still only for those who may see.
        Entry(
            method="post",
            kwargs=CHILD,
            data={"format": "xml"},
            status={**EXPORT_STATUS, "assigned_caseworker": 400, "team_leader": 400},
            shows_child=True,
            logs_access=True,
        ),
    ],
}
