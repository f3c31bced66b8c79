"""A hand-written, valid file for a new municipality, to break in the validation tests."""

import copy
import json

CHILD_ID = "6f1c0d7e-2b7a-4c55-9a39-0d6c1d2e3f40"
OTHER_CHILD_ID = "7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d"
CASE_ID = "0b7d5c1e-3f2a-4c6b-9d8e-1a2b3c4d5e6f"
INTAKE_ID = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"

VALID = {
    "format": "stemme-cases",
    "version": 1,
    "municipality": {"name": "Importby Kommune", "code": "777"},
    "teams": [{"name": "Team Øst"}],
    "staff": [
        {
            "username": "imp_cw",
            "first_name": "Ida",
            "last_name": "Import",
            "role": "caseworker",
            "teams": ["Team Øst"],
            "email": "ida@example.com",
        },
        {"username": "imp_leader", "role": "team_leader", "teams": ["Team Øst"]},
    ],
    "children": [
        {
            "id": CHILD_ID,
            "cpr": "0103144123",
            "first_name": "Ella",
            "last_name": "Importsen",
            "birth_date": "2014-03-01",
            "gender": "girl",
            "relations": [
                {"first_name": "Mona", "last_name": "Importsen", "relation": "mother"},
            ],
            "events": [
                {
                    "kind": "child.created",
                    "occurred_at": "2026-02-01T09:00:00+01:00",
                    "actor": "imp_cw",
                    "data": {"name": "Ella Importsen"},
                }
            ],
            "cases": [
                {
                    "id": CASE_ID,
                    "team": "Team Øst",
                    "stage": "initial_conversations",
                    "opened_on": "2026-02-01",
                    "awareness_date": "2026-02-01",
                    "assignments": [
                        {"caseworker": "imp_cw", "role": "primary", "started_on": "2026-02-01"}
                    ],
                    "records": {
                        "intakes": [
                            {
                                "id": INTAKE_ID,
                                "kind": "underretning",
                                "reporter_type": "professional",
                                "received_at": "2026-02-01T09:00:00+01:00",
                                "content": "Bekymring fra skolen.",
                                "recorded_by": "imp_cw",
                            }
                        ]
                    },
                    "events": [
                        {
                            "kind": "underretning.received",
                            "ref": f"intake:{INTAKE_ID}",
                            "occurred_at": "2026-02-01T09:00:00+01:00",
                            "actor": "imp_cw",
                            "data": {
                                "reporter_type": "professional",
                                "abuse": False,
                                "child_has_measure": False,
                                "parent_suspected": False,
                            },
                        },
                        {
                            "kind": "case.opened",
                            "occurred_at": "2026-02-01T09:05:00+01:00",
                            "actor": "imp_cw",
                            "data": {"team": "Team Øst"},
                        },
                    ],
                }
            ],
        },
        {
            "id": OTHER_CHILD_ID,
            "cpr": "1507125234",
            "first_name": "Anton",
            "last_name": "Importsen",
        },
    ],
}


def valid_payload() -> dict:
    return copy.deepcopy(VALID)


def write_json(path, payload) -> str:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return str(path)
