"""Access-matrix entries for the drafts (collected by stemme/access/tests)."""

from types import SimpleNamespace

from django.urls import reverse

from stemme.access.testing import ROLES, Entry


def _story_page(world):
    return {"page": SimpleNamespace(path=reverse("continuity:story", args=[world.child.pk]))}


ENTRIES = {
    # The autosave of a long form: only for a page about a child the user may see (the refusal
    # logged like any other); it records no event (a draft is scratch paper). Without
    # JavaScript it goes back to the page.
    "drafts:autosave": [
        Entry(
            method="post",
            setup=_story_page,
            data={
                "_draft_page": "page.path",
                "_draft_form": "page.path",
                "text": "Min historie, kladde",
            },
            status={
                "anonymous": 302,
                "other_municipality_caseworker": 404,
                "other_team_caseworker": 404,
                "assigned_caseworker": 302,
                "team_leader": 302,
                "administrator": 403,
            },
            logs_access=True,
        )
    ],
    # "Delete the draft": the user's own drafts on a page; nothing about a child is read.
    "drafts:discard": [
        Entry(
            method="post",
            setup=_story_page,
            data={"_draft_page": "page.path"},
            status=dict.fromkeys(ROLES, 302),
        )
    ],
}
