"""An imported event's data must be what the kind's typed fact function writes
(``stemme.deadlines.events.fact_data_errors``): the deadline engine and the case history read
it. A decision.made event with an unknown key, a missing key or a value of the wrong type is
refused with a Danish message at the event's place in the file, and nothing is written."""

import copy

import pytest
from django.utils import translation

from stemme.core.tests.fuzz_support import changed_tables, database_state
from stemme.interchange.services import ImportErrors, cases_import


def _decision_event(document: dict) -> tuple[str, dict]:
    """The path and the event of the first decision.made in a case of the document."""
    for child_index, child in enumerate(document["children"]):
        for case_index, case in enumerate(child["cases"]):
            for index, event in enumerate(case["events"]):
                if event["kind"] == "decision.made":
                    path = f"children[{child_index}].cases[{case_index}].events[{index}]"
                    return path, event
    raise AssertionError("the history has no decision.made event")


def _refused(payload) -> list[str]:
    before = database_state()
    with translation.override("da"), pytest.raises(ImportErrors) as caught:
        cases_import(payload=payload)
    assert changed_tables(before, database_state()) == {}, "a refused import wrote"
    return [str(issue) for issue in caught.value.issues]


def _unknown_key(data):
    data["vurdering"] = "god"


def _missing_key(data):
    del data["paragraph"]


def _wrong_type(data):
    data["neglect_or_abuse"] = "ja"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("breaker", "expected"),
    [
        (_unknown_key, "Ukendt felt «vurdering» i hændelsen decision.made"),
        (_missing_key, "Feltet «paragraph» mangler i hændelsen decision.made"),
        (
            _wrong_type,
            "Feltet «neglect_or_abuse» i hændelsen decision.made skal være sand/falsk",
        ),
    ],
)
def test_a_decision_event_of_the_wrong_shape_is_refused_whole(valid_document, breaker, expected):
    payload = copy.deepcopy(valid_document)
    path, event = _decision_event(payload)
    breaker(event["data"])

    errors = _refused(payload)

    assert errors == [f"{path}.data: {expected}"]


@pytest.mark.django_db
def test_the_checks_report_every_problem_of_an_event(valid_document):
    payload = copy.deepcopy(valid_document)
    path, event = _decision_event(payload)
    _unknown_key(event["data"])
    _missing_key(event["data"])

    errors = _refused(payload)

    assert errors == [
        f"{path}.data: Ukendt felt «vurdering» i hændelsen decision.made",
        f"{path}.data: Feltet «paragraph» mangler i hændelsen decision.made",
    ]


@pytest.mark.django_db
def test_a_valid_file_still_imports(valid_document):
    _path, event = _decision_event(valid_document)
    assert event["data"]["paragraph"]  # the history's decision, as the step service wrote it

    with translation.override("da"):
        result = cases_import(payload=valid_document)

    assert result.municipality_created
    assert result.counts["events"] > 0
