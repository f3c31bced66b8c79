"""Access-matrix entries for the child's registers (collected by stemme/access/tests)."""

import datetime as dt

from stemme.access.testing import child_page
from stemme.children import services as child_services
from stemme.participation.services import registers as services

MEMBER_POST = {
    "name": "Mormor Inge",
    "relation": "mormor",
    "sphere": "private",
    "importance": "3",
    "child_wants_involved": "yes",
    "contact_form": "physical",
    "consent_to_share": "on",
    "last_reviewed_on": "2026-01-10",
}


def _member(world):
    member = services.network_member_add(
        actor=world.assigned_caseworker,
        child=world.child,
        name="Træner Bo",
        relation="træner",
        sphere="professional",
        contact_form="physical",
        importance=2,
        child_wants_involved="yes",
    )
    return {"member": member}


def _bisidder(world):
    bisidder = services.bisidder_add(
        actor=world.assigned_caseworker,
        child=world.child,
        name="Sara Veninde",
        birth_date=dt.date(2000, 5, 1),
        relation="veninde",
    )
    return {"bisidder": bisidder}


def _parent(world):
    relation = child_services.person_link_to_child(
        actor=world.assigned_caseworker,
        child=world.child,
        first_name="Frank",
        last_name="Far",
        relation="father",
        has_custody=True,
    )
    return {"parent": relation.person}


def _restriction(world):
    parent = _parent(world)["parent"]
    restriction = services.safety_restriction_set(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="parent_abuse",
        reason="Mistanke om vold",
        persons=[parent],
    )
    return {"parent": parent, "restriction": restriction}


MEMBER = {"child_id": "child.pk", "member_id": "member.pk"}
BISIDDER = {"child_id": "child.pk", "bisidder_id": "bisidder.pk"}
RESTRICTION = {"child_id": "child.pk", "restriction_id": "restriction.pk"}

ENTRIES = {
    "participation:profile": [
        child_page(),
        child_page(
            method="post",
            data={"version": "0", "communication": "Tegner", "language": "Dansk"},
            writes=True,
        ),
    ],
    "participation:network": [child_page(setup=_member)],
    "participation:network_add": [child_page(method="post", data=MEMBER_POST, writes=True)],
    "participation:network_reviewed": [child_page(method="post", writes=True, setup=_member)],
    "participation:network_edit": [
        child_page(kwargs=MEMBER, setup=_member),
        child_page(
            method="post",
            kwargs=MEMBER,
            setup=_member,
            data={**MEMBER_POST, "version": "1"},
            writes=True,
        ),
    ],
    "participation:network_remove": [
        child_page(
            method="post",
            kwargs=MEMBER,
            setup=_member,
            data={"version": "1"},
            writes=True,
        )
    ],
    "participation:bisidder_add": [
        child_page(
            method="post",
            data={
                "name": "Sara Veninde",
                "birth_date": "2000-05-01",
                "relation": "veninde",
                "chosen_on": "2026-01-10",
            },
            writes=True,
        )
    ],
    "participation:bisidder_end": [
        child_page(method="post", kwargs=BISIDDER, setup=_bisidder, writes=True)
    ],
    "participation:safety": [
        child_page(setup=_restriction),
        child_page(
            method="post",
            setup=_parent,
            data={
                "kind": "parent_abuse",
                "reason": "Mistanke om vold",
                "persons": "parent.pk",
                "set_on": "2026-01-10",
            },
            writes=True,
        ),
    ],
    "participation:safety_edit": [
        child_page(kwargs=RESTRICTION, setup=_restriction),
        child_page(
            method="post",
            kwargs=RESTRICTION,
            setup=_restriction,
            data={
                "kind": "honour",
                "reason": "Æresrelateret",
                "persons": "parent.pk",
                "version": "restriction.version",
            },
            writes=True,
        ),
    ],
    "participation:safety_lift": [
        child_page(
            method="post",
            kwargs=RESTRICTION,
            setup=_restriction,
            data={"lift_reason": "Afklaret", "version": "restriction.version"},
            writes=True,
        )
    ],
}
