"""Whole case histories in tests/scenarios/*.json, with every expected obligation.

Each file holds the child's birth date, the kendskabsdato, the facts (ISO timestamps with
offsets), an ``as_of``, an optional ``config`` and the full expected obligation list in
engine order. The expectations were worked out by hand from the rules, not recorded
from the engine's output.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from stemme.deadlines.calendar import COPENHAGEN, HolidayOptions
from stemme.deadlines.engine import derive_obligations
from stemme.deadlines.facts import CaseFacts, Fact
from stemme.deadlines.rules import DEFAULT_CONFIG, RuleConfig, RuleOverride

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.json"))


def _config(raw: dict | None) -> RuleConfig:
    if not raw:
        return DEFAULT_CONFIG
    return RuleConfig(
        overrides={
            rule_id: RuleOverride(**override)
            for rule_id, override in raw.get("overrides", {}).items()
        },
        holidays=HolidayOptions(**raw.get("holidays", {})),
    )


def _load(path: Path) -> tuple[CaseFacts, datetime, RuleConfig, list[dict]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    awareness = data.get("awareness_date")
    case = CaseFacts(
        case_ref=data["case_ref"],
        child_ref=data["child_ref"],
        child_birth_date=date.fromisoformat(data["child_birth_date"]),
        awareness_date=date.fromisoformat(awareness) if awareness else None,
        facts=tuple(
            Fact(
                kind=raw["kind"],
                at=datetime.fromisoformat(raw["at"]),
                ref=raw["ref"],
                attrs=raw.get("attrs", {}),
            )
            for raw in data["facts"]
        ),
    )
    return (
        case,
        datetime.fromisoformat(data["as_of"]),
        _config(data.get("config")),
        data["expected"],
    )


def test_there_are_scenarios():
    assert len(SCENARIOS) >= 4


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path):
    case, as_of, config, expected = _load(path)
    obligations = derive_obligations(case, as_of=as_of, config=config)

    actual = [
        {
            "rule_id": o.rule_id,
            "trigger_ref": o.trigger_ref,
            "started_at": o.started_at,
            "due_at": o.due_at,
            "due_date": o.due_date,
            "status": o.status.value,
            "met_by_ref": o.met_by_ref,
            "met_late": o.met_late,
            "waived_reason": o.waived_reason,
        }
        for o in obligations
    ]
    wanted = []
    for item in expected:
        due_at = datetime.fromisoformat(item["due_at"])
        wanted.append(
            {
                "rule_id": item["rule_id"],
                "trigger_ref": item["trigger_ref"],
                "started_at": datetime.fromisoformat(item["started_at"]),
                "due_at": due_at,
                "due_date": due_at.astimezone(COPENHAGEN).date(),
                "status": item["status"],
                "met_by_ref": item["met_by_ref"],
                "met_late": item["met_late"],
                "waived_reason": item.get("waived_reason"),
            }
        )
    # Aware datetimes in different zones compare as instants, so ISO offsets in the JSON
    # are checked against the engine's Copenhagen times exactly.
    assert [(a["rule_id"], a["trigger_ref"]) for a in actual] == [
        (w["rule_id"], w["trigger_ref"]) for w in wanted
    ]
    for got, want in zip(actual, wanted, strict=True):
        assert got == want, f"{want['rule_id']} {want['trigger_ref']}"

    # The same history in reverse order gives the same answer.
    reversed_case = CaseFacts(
        case.case_ref,
        case.child_ref,
        case.child_birth_date,
        case.awareness_date,
        tuple(reversed(case.facts)),
    )
    assert derive_obligations(reversed_case, as_of=as_of, config=config) == obligations
