"""Access-matrix entries for the child's voice (rights, the child's own words)."""

from stemme.access.testing import child_page

ENTRIES = {
    "participation:rights": [
        child_page(),
        child_page(
            method="post",
            data={
                "topics": ["involvement", "party_status"],
                "method": "conversation",
                "given_on": "2026-02-01",
                "to_child": "on",
            },
            writes=True,
        ),
    ],
    "participation:rights_letter": [
        child_page(method="post", data={"channel": "digital_post"}, writes=True)
    ],
    "participation:statement_add": [
        child_page(kwargs={"case_id": "case.pk"}),
        child_page(
            method="post",
            kwargs={"case_id": "case.pk"},
            data={"words": "Jeg vil bo hjemme", "mode": "direct", "stated_on": "2026-02-01"},
            writes=True,
        ),
    ],
}
