"""Access-matrix entries for the involvement page (see stemme/access/tests/test_access_matrix.py).

Everyone who sees child data gets the page for their own scope (a caseworker elsewhere sees an
empty or other list, 200); an administrator gets 403. The protected child's case is made old
enough to appear on the list of children without contact, so its name must appear, and be
logged, for the assigned caseworker and the team leader only.
"""

import datetime as dt

from django.utils import timezone

from stemme.access.testing import CASE_TEAM, STAFF_CHILD_LIST, Entry


def _case_open_for_a_year(world):
    from stemme.cases.models import Case, CaseworkerAssignment

    opened = timezone.localdate() - dt.timedelta(days=365)
    Case.objects.filter(pk=world.case.pk).update(opened_on=opened)
    CaseworkerAssignment.objects.filter(case=world.case).update(started_on=opened)
    return {}


ENTRIES = {
    "dashboards:involvement": [
        # A caseworker's indicators are their own cases: not a deputy's covered ones.
        Entry(
            status=STAFF_CHILD_LIST,
            shows_child=True,
            logs_access=True,
            setup=_case_open_for_a_year,
            sees=CASE_TEAM,
        ),
        Entry(
            data={"start": "2025-01-01", "end": "2025-12-31"},
            status=STAFF_CHILD_LIST,
            setup=_case_open_for_a_year,
        ),
    ],
}
