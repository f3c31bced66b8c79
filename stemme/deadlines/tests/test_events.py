"""The typed fact functions (stemme/deadlines/events/): what they write is what the engine reads
and what the importer's check accepts; the step services use them, not bare kind strings."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemme.deadlines import events
from stemme.deadlines.engine import Status, derive_obligations
from stemme.deadlines.facts import FACT_KINDS, CaseFacts, Fact

ROOT = Path(__file__).resolve().parents[2]
AT = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
DAY = date(2024, 3, 1)


def _sample(annotation: str):
    """A value of the argument's declared type."""
    if "dt.date" in annotation:
        return DAY
    if annotation.startswith("bool"):
        return True
    if "Sequence" in annotation:
        return ["person:1", "person:2"]
    if "Mapping" in annotation:
        return {"reason": "age", "why": "For lille", "obtained_otherwise": "Observation"}
    return "x"


def _arguments(function, *, everything: bool) -> dict:
    """The function's required arguments, or all of them, with sample values."""
    arguments = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if everything or parameter.default is inspect.Parameter.empty:
            arguments[name] = _sample(str(parameter.annotation))
    return arguments


CASES = [
    pytest.param(kind, everything, id=f"{kind}-{'all' if everything else 'required'}")
    for kind in events.KINDS
    for everything in (False, True)
]


def test_every_engine_kind_has_its_function_and_its_fields():
    assert set(events.KINDS) >= FACT_KINDS
    assert set(events.FIELDS) == set(events.KINDS)
    for kind, function in events.KINDS.items():
        assert function.__doc__, kind
        for name, parameter in inspect.signature(function).parameters.items():
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (kind, name)


@pytest.mark.parametrize(("kind", "everything"), CASES)
def test_each_function_writes_a_fact_the_engine_reads_and_the_check_accepts(kind, everything):
    fact = events.KINDS[kind](**_arguments(events.KINDS[kind], everything=everything))
    assert isinstance(fact, events.FactData)
    assert fact.kind == kind
    parsed = Fact(kind=fact.kind, at=AT, ref="x:1", attrs=fact.data)
    assert dict(parsed.attrs).keys() == fact.data.keys()
    assert events.fact_data_errors(kind, fact.data) == []
    # JSON-ready: dates went in as dates and are stored as ISO strings.
    assert not any(isinstance(value, date) for value in fact.data.values())


def test_an_unknown_kind_is_not_checked():
    assert events.fact_data_errors("network.changed", {"anything": object()}) == []
    assert events.fact_data_errors("not.a.kind", {}) == []


def test_wrong_missing_and_extra_keys_are_named_in_danish():
    data = dict(events.decision_made(paragraph="32", plan_decided=True, **_decision()).data)
    data["x"] = 1
    data["plan_decided"] = "ja"
    data["explanation_due_on"] = "01.03.2024"
    del data["paragraph"]
    assert events.fact_data_errors("decision.made", data) == [
        "Ukendt felt «x» i hændelsen decision.made",
        "Feltet «paragraph» mangler i hændelsen decision.made",
        "Feltet «plan_decided» i hændelsen decision.made skal være sand/falsk eller tom",
        "Feltet «explanation_due_on» i hændelsen decision.made skal være "
        "en dato (ÅÅÅÅ-MM-DD) eller tom",
    ]
    assert events.fact_data_errors("rights.informed", {"topics": [1], "to_child": 1}) == [
        "Feltet «topics» i hændelsen rights.informed skal være en liste af tekster",
        "Feltet «to_child» i hændelsen rights.informed skal være sand/falsk",
        "Feltet «method» mangler i hændelsen rights.informed",
    ]
    assert events.fact_data_errors("case.closed", ["closed"]) == [
        "Data for hændelsen case.closed skal være et opslag"
    ]


def _decision(**overrides) -> dict:
    return {
        "neglect_or_abuse": False,
        "child_wish": "followed",
        **overrides,
    }


def test_optional_keys_are_left_out_and_omittable_keys_may_be_null():
    assert events.measure_started(decision="decision:1", placement=False).data == {
        "decision": "decision:1",
        "placement": False,
        "parallel_investigation_ends_on": None,
    }
    written = events.measure_started(
        decision="decision:1",
        placement=True,
        parallel_investigation_ends_on=DAY,
        parallel_investigation=None,
        summary="Aflastning",
    ).data
    assert written == {
        "decision": "decision:1",
        "placement": True,
        "parallel_investigation_ends_on": "2024-03-01",
        "parallel_investigation": None,
        "summary": "Aflastning",
    }
    assert events.bfu_completed(summary="Slut").data == {"summary": "Slut"}
    assert events.bfu_completed(child_view_exception=None).data == {"child_view_exception": None}
    assert events.caseworker_changed(
        from_caseworker=None, to_caseworker="Ny", role="primary", changes_on=DAY
    ).data == {"from": None, "to": "Ny", "role": "primary", "changes_on": "2024-03-01"}


_refs = st.lists(st.from_regex(r"\A(person|child):[0-9]{1,4}\Z"), max_size=3)
_text = st.text(max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    paragraph=st.sampled_from(["30", "31", "32", "46", "47", "67", "114", "120", "143"]),
    plan_decided=st.none() | st.booleans(),
    neglect_or_abuse=st.booleans(),
    siblings=_refs,
    summary=st.none() | _text,
    statements=st.lists(st.from_regex(r"\Astatement:[0-9]{1,4}\Z"), max_size=3),
    exception=st.none() | st.sampled_from(["age", "other"]),
    child_wish=st.sampled_from(["followed", "partly", "against", "no_wish"]),
    due=st.none() | st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    refused=st.none() | st.booleans(),
)
def test_decision_made_for_any_arguments(
    paragraph,
    plan_decided,
    neglect_or_abuse,
    siblings,
    summary,
    statements,
    exception,
    child_wish,
    due,
    refused,
):
    fact = events.decision_made(
        paragraph=paragraph,
        plan_decided=plan_decided,
        neglect_or_abuse=neglect_or_abuse,
        siblings_under_15=siblings,
        summary=summary,
        statements=statements,
        child_view_exception=exception,
        child_wish=child_wish,
        explanation_due_on=due,
        refused=refused,
    )
    assert events.fact_data_errors("decision.made", fact.data) == []
    data = fact.data
    assert data["against_child_wish"] is (child_wish == "against")
    assert data["explanation_due_on"] == (due.isoformat() if due else None)
    assert data["siblings_under_15"] == siblings
    assert ("summary" in data) is (summary is not None)
    assert ("refused" in data) is (refused is not None)
    # The engine takes it: a decision starts its duties without error.
    case = CaseFacts(
        case_ref="case:1",
        child_ref="child:1",
        child_birth_date=date(2012, 5, 1),
        awareness_date=None,
        facts=(Fact(kind=fact.kind, at=AT, ref="decision:1", attrs=data),),
    )
    obligations = derive_obligations(case, as_of=AT)
    assert all(isinstance(o.status, Status) for o in obligations)


# The services that record case facts: they go through the typed functions.
SERVICES = (
    "cases/services",
    "participation/services",
    "meetings/services.py",
    "meetings/services",
    "continuity/services.py",
    "continuity/services",
    "portal/services",
)
_LITERAL = re.compile(r"""["']([a-z_]+\.[a-z_]+)["']""")


def _service_sources():
    for name in SERVICES:
        path = ROOT / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from (p for p in path.rglob("*.py") if "tests" not in p.parts)


def test_services_do_not_write_a_typed_kind_as_a_bare_string():
    sources = list(_service_sources())
    assert any(path.name == "unit.py" for path in sources)
    bare = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        for literal in _LITERAL.findall(line)
        if literal in events.KINDS
    ]
    assert bare == [], "record these with fact=events.<kind>(...)"
