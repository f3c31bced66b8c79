"""Access-matrix entries for the continuity pages (collected by stemme/access/tests)."""

from django.utils import timezone

from stemme.access.testing import ROLES, Entry, case_team_only, child_page

TODAY = timezone.localdate().isoformat()

# Only a team leader of the caseworker's team uses the "caseworker leaves" screen; every other
# role that can log in gets 403 before anything is looked up (no probing of user ids).
LEADER_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "team_leader": 200}


def _leaver(world):
    return {"leaver": world.assigned_caseworker}


def _colleague(world):
    return {"colleague": world.same_team_caseworker}


def _handover(world):
    from stemme.continuity.services import handover_start

    handover = handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=timezone.localdate(),
        role="secondary",
    )
    return {"handover": handover}


def _handover_with_parent(world):
    from stemme.children.services import person_link_to_child

    person_link_to_child(
        actor=world.assigned_caseworker,
        child=world.child,
        first_name="Mona",
        last_name="Forælder",
        relation="mother",
        has_custody=True,
    )
    return _handover(world)


HANDOVER = {"case_id": "case.pk", "handover_id": "handover.pk"}

ENTRIES = {
    "continuity:leavers": [Entry(status=LEADER_ONLY)],
    "continuity:leaver": [
        Entry(kwargs={"user_id": "leaver.pk"}, setup=_leaver, status=LEADER_ONLY),
        # Without a new caseworker the form is refused and the page shown again: no write.
        Entry(
            method="post",
            kwargs={"user_id": "leaver.pk"},
            data={"case_id": "case.pk", "role": "primary", "changes_on": TODAY},
            setup=_leaver,
            status=LEADER_ONLY,
        ),
    ],
    # Changing the case's caseworkers is the case team's: a deputy gets 403.
    "continuity:handover_new": [
        case_team_only(child_page(kwargs={"case_id": "case.pk"})),
        case_team_only(
            child_page(
                method="post",
                kwargs={"case_id": "case.pk"},
                data={"to_caseworker": "colleague.pk", "changes_on": TODAY},
                setup=_colleague,
                writes=True,
            )
        ),
    ],
    "continuity:handover": [
        child_page(kwargs=HANDOVER, setup=_handover),
    ],
    # A deputy sees the checklist but cannot tick it off (the page again, with a message).
    "continuity:handover_step": [
        case_team_only(
            child_page(
                method="post",
                kwargs={**HANDOVER, "step": "told"},
                data={"told-version": "1", "told-child_told_on": TODAY},
                setup=_handover,
                writes=True,
            ),
            deputy=200,
        ),
    ],
    "continuity:handover_letter": [
        case_team_only(
            child_page(
                method="post",
                kwargs=HANDOVER,
                data={"version": "1", "channel": "letter", "text": "Kære Emma. Jeg er din nye."},
                setup=_handover,
                writes=True,
            ),
            deputy=200,
        ),
    ],
    "continuity:handover_parents": [
        case_team_only(
            child_page(
                method="post",
                kwargs=HANDOVER,
                data={"version": "1", "channel": "digital_post"},
                setup=_handover_with_parent,
                writes=True,
            ),
            deputy=200,
        ),
    ],
    "continuity:secondary": [
        case_team_only(child_page(kwargs={"case_id": "case.pk"})),
        case_team_only(
            child_page(
                method="post",
                kwargs={"case_id": "case.pk"},
                data={"caseworker": "colleague.pk"},
                setup=_colleague,
                writes=True,
            )
        ),
    ],
    "continuity:story": [
        child_page(),
        child_page(
            method="post",
            data={"text": "Jeg bor hos min mor og går i 5. klasse.", "version": "0"},
            writes=True,
        ),
    ],
}
