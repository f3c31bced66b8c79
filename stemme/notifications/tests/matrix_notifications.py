"""Access-matrix entries for the notification settings (collected by stemme/access)."""

from stemme.access.testing import ROLES, Entry

ENTRIES = {
    # Every staff member chooses their own notifications; about them, not a child: no event.
    "notifications:preferences": [
        Entry(status={**dict.fromkeys(ROLES, 200), "anonymous": 302}),
        Entry(
            method="post",
            data={"urgent_message": "on", "unread_message": "on", "digest": "on", "version": "0"},
            status={**dict.fromkeys(ROLES, 302), "anonymous": 302},
        ),
    ],
}
