"""Access-matrix entries for the leaders' pages (see stemme/access/tests/test_access_matrix.py).

The overview and the committee pack are counts: nobody sees the protected child there. The
drill-downs list the cases behind a number within the user's own scope: the case team (a deputy's
covered cases are not their own caseload). The case reviews are the team leader's; the review of
the protected child's case is also the assigned caseworker's to read, and its action theirs to
mark done. Another municipality's or team's caseworker gets nothing.
"""

import datetime as dt

from django.utils import timezone

from stemme.access.testing import ROLES, STAFF_CHILD_LIST, Entry

NOBODY = frozenset()
LEADER = frozenset({"team_leader"})
CASEWORKER = frozenset({"assigned_caseworker"})


def _leader_only(ok: int) -> dict:
    return {**dict.fromkeys(ROLES, 403), "anonymous": 302, "team_leader": ok}


def _snapshot(world):
    from stemme.dashboards.selectors import Period
    from stemme.oversight import services
    from stemme.oversight.selectors.scope import figures_scope

    today = timezone.localdate()
    snapshot = services.snapshot_make(
        actor=world.leader,
        scope=figures_scope(world.leader).cases,
        team=None,
        period=Period(start=today - dt.timedelta(days=90), end=today),
        title="Udvalget",
        comment="",
    )
    return {"snapshot": snapshot}


def _export(world):
    from stemme.oversight import services

    snapshot = _snapshot(world)["snapshot"]
    export = services.pack_export_request(actor=world.leader, snapshot=snapshot)
    services.pack_export_render(export_id=str(export.pk))
    return {"export": export}


def _review(world):
    from stemme.oversight import services
    from stemme.oversight.models import SampleKind

    review = services.sample_draw(
        actor=world.leader, month=timezone.localdate(), kind=SampleKind.RANDOM
    )
    return {
        "review": next(r for r in review if r.case_id == world.case.pk),
        "other": world.other_leader,
    }


def _reviewed(world):
    from stemme.oversight import services

    review = _review(world)["review"]
    services.review_record(
        actor=world.leader,
        review=review,
        version=review.version,
        answers={"l1": ("yes", "")},
        summary="Fin sag.",
        actions=[("", "Opdater planen.", timezone.localdate() + dt.timedelta(days=14))],
    )
    return {"review": review, "action": review.actions.get()}


def _repeated_concern(world):
    from django.utils import timezone

    from stemme.cases.services import steps

    for days in (20, 40):
        steps.intake_register(
            actor=world.assigned_caseworker,
            child=world.child,
            kind="underretning",
            reporter_type="citizen",
            received_at=timezone.now() - dt.timedelta(days=days),
            content="Naboen er bekymret.",
        )
    return {}


DRILL = {**STAFF_CHILD_LIST}
# A review: its reviewer (the leader) and the caseworker it concerns; anyone else 404.
REVIEW = {
    "anonymous": 302,
    "other_municipality_caseworker": 404,
    "other_team_caseworker": 404,
    "assigned_caseworker": 200,
    "deputy": 404,
    "team_leader": 200,
    "administrator": 403,
}

ENTRIES = {
    "oversight:overview": [
        Entry(status=STAFF_CHILD_LIST, sees=NOBODY),
        Entry(data={"scope": "kommune"}, status=STAFF_CHILD_LIST, sees=NOBODY),
    ],
    # Each tile of the overview, as a page of its own (no HX-Request header) and for the whole
    # municipality: counts only.
    "oversight:overview_tile": [
        Entry(kwargs={"tile": tile}, data=data, status=STAFF_CHILD_LIST, sees=NOBODY)
        for tile in ("frister", "sagsstamme", "kontinuitet", "forloeb", "udvikling")
        for data in ({}, {"scope": "kommune"})
    ],
    "oversight:drill_deadlines": [
        Entry(
            kwargs={"rule": "alle", "criterion": "7-dage"},
            status=DRILL,
            shows_child=True,
            logs_access=True,
            sees=frozenset({"assigned_caseworker", "team_leader"}),
        )
    ],
    "oversight:drill_concern": [
        Entry(
            setup=_repeated_concern,
            status=DRILL,
            shows_child=True,
            logs_access=True,
            sees=frozenset({"assigned_caseworker", "team_leader"}),
        )
    ],
    "oversight:definition": [
        Entry(
            kwargs={"key": "deadlines-met-on-time"},
            status={**dict.fromkeys(ROLES, 200), "anonymous": 302},
            sees=NOBODY,
        )
    ],
    "oversight:committee": [
        Entry(status=_leader_only(200), sees=NOBODY),
        Entry(
            method="post",
            data={"title": "Udvalget", "scope": "teams", "start": "2026-01-01", "comment": ""},
            status=_leader_only(302),
            sees=NOBODY,
            writes_roles=LEADER,
        ),
    ],
    "oversight:committee_pack": [
        Entry(
            setup=_snapshot,
            kwargs={"snapshot_id": "snapshot.pk"},
            status=_leader_only(200),
            sees=NOBODY,
        )
    ],
    "oversight:committee_pdf": [
        Entry(
            method="post",
            setup=_snapshot,
            kwargs={"snapshot_id": "snapshot.pk"},
            status=_leader_only(302),
            sees=NOBODY,
            writes_roles=LEADER,
        )
    ],
    "oversight:committee_export": [
        Entry(
            setup=_export,
            kwargs={"export_id": "export.pk"},
            status=_leader_only(200),
            sees=NOBODY,
        )
    ],
    "oversight:committee_download": [
        Entry(
            method="post",
            setup=_export,
            kwargs={"export_id": "export.pk"},
            status=_leader_only(200),
            sees=NOBODY,
            writes_roles=LEADER,
        )
    ],
    "oversight:committee_csv": [
        Entry(
            setup=_snapshot,
            kwargs={"snapshot_id": "snapshot.pk", "table": "frister"},
            status=_leader_only(200),
            sees=NOBODY,
        )
    ],
    "oversight:targets": [
        Entry(
            status={
                **dict.fromkeys(ROLES, 403),
                "anonymous": 302,
                "team_leader": 200,
                "administrator": 200,
            },
            sees=NOBODY,
        ),
        Entry(
            method="post",
            data={
                "deadlines-met-on-time-green_from": 90,
                "deadlines-met-on-time-amber_from": 75,
                "handovers-told-green_from": 90,
                "handovers-told-amber_from": 75,
                "caseworker-changes-24m-green_from": 40,
                "caseworker-changes-24m-amber_from": 60,
                "review-findings-green_from": 85,
                "review-findings-amber_from": 70,
            },
            status={
                **dict.fromkeys(ROLES, 403),
                "anonymous": 302,
                "team_leader": 302,
                "administrator": 302,
            },
            sees=NOBODY,
            writes_roles=frozenset({"team_leader", "administrator"}),
        ),
    ],
    "oversight:reviews": [
        Entry(
            setup=_review,
            status=_leader_only(200),
            shows_child=True,
            logs_access=True,
            sees=LEADER,
        ),
        Entry(
            method="post",
            data={"month": "2026-01-01", "kind": "random", "theme": ""},
            status=_leader_only(302),
            sees=NOBODY,
            writes_roles=LEADER,
        ),
    ],
    "oversight:review": [
        Entry(
            setup=_reviewed,
            kwargs={"review_id": "review.pk"},
            status=REVIEW,
            shows_child=True,
            logs_access=True,
            sees=frozenset({"assigned_caseworker", "team_leader"}),
        ),
        Entry(
            method="post",
            setup=_review,
            kwargs={"review_id": "review.pk"},
            data={
                "version": "1",
                "answer_l1": "yes",
                "answer_l2": "yes",
                "answer_l3": "yes",
                "answer_l4": "yes",
                "answer_r1": "yes",
                "answer_r2": "yes",
                "answer_r3": "yes",
                "answer_r4": "yes",
                "answer_r5": "yes",
                "answer_r6": "yes",
                "answer_r7": "yes",
            },
            # The caseworker may read the review, not answer it (403); the reviewer's save
            # logs the child it shows again after the redirect.
            status={**REVIEW, "assigned_caseworker": 403, "team_leader": 302},
            logs_access=True,
            sees=LEADER,
            writes_roles=LEADER,
        ),
    ],
    "oversight:review_second": [
        Entry(
            method="post",
            setup=_review,
            kwargs={"review_id": "review.pk"},
            data={"reviewer": "other.pk"},
            status=_leader_only(302),
            sees=NOBODY,
            writes_roles=LEADER,
        )
    ],
    "oversight:review_action_done": [
        Entry(
            method="post",
            setup=_reviewed,
            kwargs={"action_id": "action.pk"},
            status={**REVIEW, "assigned_caseworker": 302, "team_leader": 404},
            logs_access=True,
            sees=NOBODY,
            writes_roles=CASEWORKER,
        )
    ],
}
