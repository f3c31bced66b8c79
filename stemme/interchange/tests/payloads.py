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


# --- Format version 2: the records around the case --------------------------------------------

PLAN_ID = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"
MEETING_ID = "3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b"
NEXT_MEETING_ID = "4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c"
HANDOVER_ID = "5a6b7c8d-9e0f-4a1b-8c3d-4e5f6a7b8c9d"
GOAL_ID = "6b7c8d9e-0f1a-4b2c-9d4e-5f6a7b8c9d0e"
RATING_ID = "7c8d9e0f-1a2b-4c3d-8e5f-6a7b8c9d0e1f"
LETTER_ID = "8d9e0f1a-2b3c-4d4e-9f6a-7b8c9d0e1f2a"
BLOCKED_LETTER_ID = "9e0f1a2b-3c4d-4e5f-8a7b-8c9d0e1f2a3b"
MESSAGE_ID = "0f1a2b3c-4d5e-4f6a-9b8c-9d0e1f2a3b4c"
STATEMENT_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
FEEDBACK_ID = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"
WISH_ID = "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f"


def valid_v2_payload() -> dict:
    """The valid file as format version 2, with one of each version-2 record: a restricted
    father, the network and a bisidder, a held meeting whose topic for next time is on the
    next meeting's agenda, a handover, a rated goal, letters (one blocked) and a message."""
    payload = valid_payload()
    payload["version"] = 2
    child = payload["children"][0]
    child["relations"] = [
        {"key": "mor", "first_name": "Mona", "last_name": "Importsen", "relation": "mother"},
        {"key": "far", "first_name": "Fie", "last_name": "Farlig", "relation": "father"},
    ]
    child["network"] = [
        {
            "key": "n1",
            "person": "mor",
            "name": "Mona Importsen",
            "relation": "Mor",
            "sphere": "private",
            "contact_form": "physical",
            "importance": 3,
            "child_wants_involved": "yes",
            "last_reviewed_on": "2026-02-02",
            "recorded_by": "imp_cw",
        },
        {
            "key": "n2",
            "name": "Svend Skummel",
            "relation": "Ven af far",
            "sphere": "private",
            "contact_form": "virtual",
            "importance": 1,
            "child_wants_involved": "no",
            "last_reviewed_on": "2026-02-02",
        },
    ]
    child["bisiddere"] = [
        {
            "key": "b1",
            "name": "Bodil Bisidder",
            "birth_date": "1980-05-05",
            "relation": "Moster",
            "chosen_on": "2026-02-02",
        }
    ]
    child["safety_restrictions"] = [
        {
            "key": "s1",
            "kind": "parent_abuse",
            "reason": "Mistanke om vold fra far.",
            "persons": ["far"],
            "network_members": ["n2"],
            "set_on": "2026-02-03",
            "set_by": "imp_cw",
        }
    ]
    child["participation_profiles"] = [
        {"version": 1, "communication": "Tegner", "written_at": "2026-02-02T10:00:00+01:00"},
        {"version": 2, "communication": "Tegner og skriver"},
    ]
    child["stories"] = [{"version": 1, "text": "Jeg bor hos mor.", "made_with_child": True}]
    child["statements"] = [
        {
            "id": STATEMENT_ID,
            "words": "Jeg vil tale om skolen.",
            "mode": "portal",
            "stated_on": "2026-02-04",
            "informs_ref": f"portal_message:{MESSAGE_ID}",
        }
    ]
    child["letters"] = [
        {
            "id": BLOCKED_LETTER_ID,
            "kind": "other",
            "recipient_kind": "person",
            "person": "far",
            "recipient_name": "Fie Farlig",
            "subject": "Om Ella",
            "body": "…",
            "channel": "letter",
            "status": "blocked",
            "written_at": "2026-02-04T12:00:00+01:00",
        }
    ]
    child["events"] += [
        {
            "kind": "safety_restriction.set",
            "ref": "safety:s1",
            "occurred_at": "2026-02-03T10:00:00+01:00",
            "actor": "imp_cw",
            "data": {"restriction_kind": "parent_abuse"},
        },
        {
            "kind": "network.changed",
            "ref": "network:n1",
            "occurred_at": "2026-02-02T10:00:00+01:00",
            "actor": "imp_cw",
            "data": {"action": "added"},
        },
        {
            "kind": "letter.blocked",
            "ref": f"letter:{BLOCKED_LETTER_ID}",
            "occurred_at": "2026-02-04T12:00:00+01:00",
            "data": {},
        },
    ]
    case = child["cases"][0]
    case["records"]["plans"] = [
        {"id": PLAN_ID, "kind": "barnets_plan", "made_on": "2026-02-05", "summary": "Skole."}
    ]
    case["meetings"] = [
        {
            "id": MEETING_ID,
            "kind": "network",
            "status": "held",
            "purpose_for_child": "Vi taler om skolen.",
            "starts_at": "2026-02-10T14:00:00+01:00",
            "place": "Skolen",
            "child_chose_place_time": True,
            "held_on": "2026-02-10",
            "summary_for_child": "Du får hjælp i skolen.",
            "summary_delivered_on": "2026-02-11",
            "summary_delivered_how": "conversation",
            "child_understood": "yes",
            "planned_at": "2026-02-06T09:00:00+01:00",
            "created_by": "imp_cw",
            "participants": [
                {"kind": "child", "name": "Ella", "role_for_child": "Dig", "position": 1},
                {
                    "kind": "person",
                    "name": "Mona Importsen",
                    "role_for_child": "Din mor",
                    "person": "mor",
                    "position": 2,
                },
                {
                    "kind": "network",
                    "name": "Mona Importsen",
                    "role_for_child": "Din mor",
                    "network_member": "n1",
                    "position": 3,
                },
                {
                    "kind": "bisidder",
                    "name": "Bodil Bisidder",
                    "role_for_child": "Din bisidder",
                    "bisidder": "b1",
                    "position": 4,
                },
            ],
            "agenda_items": [{"text": "Min klasse", "from_child": True, "position": 1}],
            "next_time_topics": [{"text": "Fodbold", "used_in": NEXT_MEETING_ID}],
            "feedback": [{"id": FEEDBACK_ID, "smiley": 5, "given_at": "2026-02-10T16:00:00+01:00"}],
            "wishes": [
                {"id": WISH_ID, "kind": "bisidder", "bisidder": "b1", "handled_by": "imp_cw"}
            ],
        },
        {
            "id": NEXT_MEETING_ID,
            "kind": "follow_up",
            "purpose_for_child": "Vi følger op.",
            "starts_at": "2026-03-10T14:00:00+01:00",
            "place": "Skolen",
            "child_chose_place_time": False,
            "agenda_items": [
                {
                    "text": "Fodbold",
                    "from_child": True,
                    "position": 1,
                    "carried_from": MEETING_ID,
                    "topic": {"meeting": MEETING_ID, "index": 0},
                }
            ],
        },
    ]
    case["handovers"] = [
        {
            "id": HANDOVER_ID,
            "from_caseworker": "imp_cw",
            "to_caseworker": "imp_leader",
            "changes_on": "2026-02-20",
            "child_told_on": "2026-02-15",
            "no_letter_reason": "Ella ville hellere have et møde.",
        }
    ]
    case["plan_goals"] = [
        {
            "id": GOAL_ID,
            "plan": PLAN_ID,
            "words": "Jeg vil i skole hver dag",
            "added_at": "2026-02-05T10:00:00+01:00",
            "ratings": [{"id": RATING_ID, "rating": 4, "given_at": "2026-02-12T18:00:00+01:00"}],
        }
    ]
    case["letters"] = [
        {
            "id": LETTER_ID,
            "kind": "meeting_invitation",
            "recipient_kind": "network",
            "network_member": "n1",
            "recipient_name": "Mona Importsen",
            "subject": "Invitation",
            "body": "Kom til mødet.",
            "channel": "digital_post",
            "status": "sent",
            "related_ref": f"meeting:{MEETING_ID}",
        }
    ]
    case["portal_messages"] = [
        {
            "id": MESSAGE_ID,
            "kind": "free_text",
            "text": "Jeg vil tale om skolen.",
            "statement": STATEMENT_ID,
            "sent_at": "2026-02-04T19:00:00+01:00",
            "answer": "Det gør vi.",
            "answered_at": "2026-02-05T09:00:00+01:00",
            "answered_by": "imp_cw",
        }
    ]
    case["events"] += [
        {
            "kind": "meeting.planned",
            "ref": f"meeting:{MEETING_ID}",
            "occurred_at": "2026-02-06T09:00:00+01:00",
            "data": {"due_on": "2026-02-10", "kind": "network"},
        },
        {
            "kind": "meeting.held",
            "ref": f"meeting:{MEETING_ID}",
            "occurred_at": "2026-02-10T15:00:00+01:00",
            "data": {"held_on": "2026-02-10", "kind": "network"},
        },
        {
            "kind": "caseworker.changed",
            "ref": f"handover:{HANDOVER_ID}",
            "occurred_at": "2026-02-20T08:00:00+01:00",
            "data": {
                "from": "Ida Import",
                "to": "imp_leader",
                "role": "primary",
                "changes_on": "2026-02-20",
            },
        },
        {
            "kind": "plan.goal_added",
            "ref": f"goal:{GOAL_ID}",
            "occurred_at": "2026-02-05T10:00:00+01:00",
        },
        {
            "kind": "letter.sent",
            "ref": f"letter:{LETTER_ID}",
            "occurred_at": "2026-02-06T09:05:00+01:00",
        },
        {
            "kind": "portal.message_sent",
            "ref": f"portal_message:{MESSAGE_ID}",
            "occurred_at": "2026-02-04T19:00:00+01:00",
        },
    ]
    return payload
