"""Access-matrix entries for the leaders' pages of the youth survey.

Team leaders and administrators of the municipality get them; caseworkers 403; another
municipality's round is 404 (only the other municipality's caseworker is in the matrix: 403
before the round is looked up). No page shows a child or logs a child's access: the figures are
aggregated and suppressed."""

from stemme.access.testing import ROLES, Entry

LEADERS = frozenset({"team_leader", "administrator"})
NOBODY = frozenset()


def _status(ok: int) -> dict:
    return {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "team_leader": ok,
        "administrator": ok,
    }


def _open_wave(world):
    from stemme.survey.testing import wave_open_for

    return {"wave": wave_open_for(world)}


def _closed_wave_with_answers(world):
    from stemme.survey import services
    from stemme.survey.testing import answer_and_send, wave_open_for

    wave = wave_open_for(world)
    answer_and_send(world.child, wave, {"r1": 5})
    return {"wave": services.wave_close(actor=world.administrator, wave=wave)}


def _wave_entry(method="get", ok=200, setup=_closed_wave_with_answers, data=None, writes=False):
    return Entry(
        method=method,
        setup=setup,
        kwargs={"wave_id": "wave.pk"},
        data=data or {},
        status=_status(ok),
        sees=NOBODY,
        writes_roles=LEADERS if writes else NOBODY,
    )


def _own_item(world):
    from stemme.survey import services

    instrument = services.item_add(
        actor=world.administrator,
        dimension="information",
        scale="fits",
        text_younger="Jeg får svar, når jeg skriver.",
        text_older="Jeg får svar, når jeg skriver til min rådgiver.",
    )
    return {"item": instrument.items.get(code="k1")}


ENTRIES = {
    "survey:questions": [
        Entry(status=_status(200), sees=NOBODY),
        Entry(
            method="post",
            data={
                "dimension": "influence",
                "scale": "yes_no",
                "text_younger": "Må du vælge, hvem der kommer?",
                "text_older": "Må du vælge, hvem der kommer med til møderne?",
            },
            status=_status(302),
            sees=NOBODY,
            writes_roles=LEADERS,
        ),
    ],
    "survey:question_remove": [
        Entry(
            method="post",
            setup=_own_item,
            kwargs={"item_id": "item.pk"},
            status=_status(302),
            sees=NOBODY,
            writes_roles=LEADERS,
        )
    ],
    "survey:waves": [
        Entry(status=_status(200), sees=NOBODY),
        Entry(
            method="post",
            data={
                "title": "Runde",
                "opens_on": "2099-01-01",
                "closes_on": "2099-01-20",
                "min_age": "12",
                "max_age": "17",
            },
            status=_status(302),
            sees=NOBODY,
            writes_roles=LEADERS,
        ),
    ],
    "survey:wave": [_wave_entry(), _wave_entry(setup=_open_wave)],
    "survey:wave_close": [_wave_entry("post", 302, _open_wave, writes=True)],
    # One answer: too few for any figure, so no CSV (404) even for those who may see it.
    "survey:wave_csv": [
        Entry(
            setup=_closed_wave_with_answers,
            kwargs={"wave_id": "wave.pk"},
            status={**_status(404)},
            sees=NOBODY,
        )
    ],
    "survey:wave_pdf": [
        Entry(
            setup=_closed_wave_with_answers,
            kwargs={"wave_id": "wave.pk"},
            status={**_status(404)},
            sees=NOBODY,
        )
    ],
    "survey:wave_paper": [
        _wave_entry(setup=_open_wave),
        # The upload's POST (a file) is fuzzed from stemme/core/tests/fuzz_targets.py (EXTRA).
    ],
    "survey:action_add": [
        _wave_entry(
            "post",
            302,
            data={
                "finding": "Kun 4 af 10 ved, hvad der skal tales om på møderne.",
                "action": "Dagsorden sendes i Min sag senest to dage før.",
                "text_for_children": "Du får dagsordenen i Min sag to dage før mødet.",
            },
            writes=True,
        )
    ],
}
