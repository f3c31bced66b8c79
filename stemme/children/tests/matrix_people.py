"""Access-matrix entries for the people around the child (collected by stemme/access/tests)."""

from stemme.access.testing import child_page
from stemme.children import services

PERSON_DATA = {
    "relation": "father",
    "first_name": "Frank",
    "last_name": "Far",
    "cpr": "010180-1234",
    "has_custody": "on",
    "phone": "12345678",
    "address": "Skolevej 1, 9000 Aalborg",
}


def _relation(world):
    link = services.person_add(
        actor=world.assigned_caseworker,
        child=world.child,
        first_name="Stine",
        last_name="Stedmor",
        relation="step_parent",
        phone="87654321",
    )
    return {"link": link}


RELATION = {"child_id": "child.pk", "relation_id": "link.pk"}

ENTRIES = {
    "children:people": [child_page(setup=_relation)],
    "children:person_add": [
        child_page(),
        child_page(method="post", data=PERSON_DATA, writes=True),
    ],
    "children:person_edit": [
        child_page(kwargs=RELATION, setup=_relation),
        child_page(
            method="post",
            kwargs=RELATION,
            setup=_relation,
            data={
                "relation": "foster_parent",
                "first_name": "Stine",
                "last_name": "Stedmor",
                "phone": "11223344",
                "version": "link.version",
            },
            writes=True,
        ),
    ],
    "children:person_end": [
        child_page(kwargs=RELATION, setup=_relation),
        child_page(
            method="post",
            kwargs=RELATION,
            setup=_relation,
            data={"ended_on": "2026-01-10", "end_reason": "Flyttet", "version": "link.version"},
            writes=True,
        ),
    ],
}
