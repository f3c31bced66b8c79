"""Access-matrix entries for the youth survey in Min sag: the child's own (a parent gets 404;
another child reaches only their own invitation). Answers saved as a draft are not events; a
sent response records one event without the child."""

from stemme.access.testing import ROLES, Entry, portal_page

CHILDREN = frozenset({"child", "other_child"})


def _wave(world):
    from stemme.survey.testing import wave_open_for

    return {"wave": wave_open_for(world)}


def _portal_write(data, *, writes: bool, kwargs=None) -> Entry:
    """A POST of the child's. ``writes`` False: it saves a draft, which records no event (the
    entry still "writes", so the fuzz tests post it as the child)."""
    return Entry(
        method="post",
        setup=_wave,
        kwargs=kwargs or {},
        data=data,
        writes=True,
        status={
            **dict.fromkeys(ROLES, 302),
            "child": 302,
            "other_child": 302,
            "parent": 404,
            "restricted_parent": 302,
        },
        sees=CHILDREN,
        writes_roles=CHILDREN if writes else frozenset(),
    )


ENTRIES = {
    "portal:survey": [
        portal_page(setup=_wave, other_child=200, shows_child=False),
        _portal_write({"answered_with": "adult"}, writes=False),
    ],
    "portal:survey_page": [
        portal_page(
            setup=_wave, kwargs={"section": "relation"}, other_child=200, shows_child=False
        ),
        _portal_write({"r1": "4", "go": "next"}, writes=False, kwargs={"section": "relation"}),
    ],
    "portal:survey_send": [_portal_write({}, writes=True)],
    # Where the municipality has no SMS gateway (the default), the page says so; removing a
    # number (an empty one) is always possible.
    "portal:sms": [
        portal_page(other_child=200, shows_child=False),
        _portal_write({"number": ""}, writes=False),
    ],
}
